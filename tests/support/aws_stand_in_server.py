#!/usr/bin/env python3
"""A scripted stand-in for an AWS JSON 1.1 endpoint on 127.0.0.1, for the client's retry, skew and
error tests (moto plays the real service elsewhere).

    aws_stand_in_server.py

Prints {"port": N, "ca": null} when ready and serves until its standard input closes (the
slack_server.py convention). The first path segment picks the answer, so a test sets
AWS_ENDPOINT_URL=http://127.0.0.1:N/<scenario>; requests are counted per scenario and
GET /count/<scenario> answers the count.

    ok                 200, a KMS Decrypt answer (Plaintext = base64 of a Slack-like URL)
    throttle-then-ok   400 ThrottlingException the first time, then ok
    500-then-ok        500 the first time, then ok
    503-always         503, always
    drop-then-ok       the first time the connection is closed without an answer, then ok
    skew               400 InvalidSignatureException with the server's Date when X-Amz-Date is more
                       than 5 minutes off, else ok
    skew-always        400 InvalidSignatureException with a Date an hour ahead, always
    xml-signature      403, an XML SignatureDoesNotMatch page with a RequestId
    access-denied      400 com.amazon.coral.service#AccessDeniedException, x-amzn-RequestId
    header-code        400, code only in x-amzn-ErrorType ("ValidationException:http://..."), HTML body
    echo-secret        400 whose message repeats the Authorization and X-Amz-Security-Token headers
    hostile-code       400 with a __type of control characters, markup and 500 bytes
    not-json           200 with a body that is not JSON
Every request must carry Authorization, X-Amz-Date and X-Amz-Target, or it gets 400 MissingAuthenticationToken.
"""
import base64
import datetime
import email.utils
import http.server
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from slack_server import serve_until_stdin_closes  # noqa: E402

PLAINTEXT = "https://hooks.slack.com/services/T00000000/B00000000/standInPlaintextCanary"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    counts = {}
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def answer(self, status, body, headers=None, content_type="application/x-amz-json-1.1"):
        data = body.encode() if isinstance(body, str) else body
        self.send_response_only(status)  # without the automatic Date: a scenario may send its own
        headers = dict(headers or {})
        headers.setdefault("Date", self.date_time_string())
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for k, v in headers.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, code, message, headers=None):
        self.answer(status, json.dumps({"__type": code, "message": message}), headers)

    def ok(self):
        self.answer(200, json.dumps({
            "KeyId": "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab",
            "Plaintext": base64.b64encode(PLAINTEXT.encode()).decode(),
            "EncryptionAlgorithm": "SYMMETRIC_DEFAULT"}), {"x-amzn-RequestId": "req-ok-0001"})

    def do_GET(self):
        parts = self.path.strip("/").split("/")
        if len(parts) == 2 and parts[0] == "count":
            with self.lock:
                n = self.counts.get(parts[1], 0)
            return self.answer(200, str(n), content_type="text/plain")
        self.answer(404, "{}")

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        scenario = self.path.strip("/").split("/")[0]
        with self.lock:
            self.counts[scenario] = n = self.counts.get(scenario, 0) + 1
        if not (self.headers.get("Authorization") and self.headers.get("X-Amz-Date") and self.headers.get("X-Amz-Target")):
            return self.error(400, "MissingAuthenticationTokenException", "Missing Authentication Token")
        now = datetime.datetime.now(datetime.timezone.utc)
        date = email.utils.format_datetime(now, usegmt=True)
        if scenario == "ok":
            return self.ok()
        if scenario == "throttle-then-ok":
            return self.error(400, "ThrottlingException", "Rate exceeded") if n == 1 else self.ok()
        if scenario == "500-then-ok":
            return self.error(500, "KMSInternalException", "internal") if n == 1 else self.ok()
        if scenario == "503-always":
            return self.answer(503, "<html>Service Unavailable</html>", content_type="text/html")
        if scenario == "drop-then-ok":
            if n == 1:
                self.close_connection = True
                self.connection.shutdown(2)
                return
            return self.ok()
        if scenario == "skew":
            sent = datetime.datetime.strptime(self.headers["X-Amz-Date"], "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.timezone.utc)
            if abs((sent - now).total_seconds()) > 300:
                return self.error(400, "InvalidSignatureException", "Signature expired: is now earlier than", {"Date": date})
            return self.ok()
        if scenario == "skew-always":
            ahead = email.utils.format_datetime(now + datetime.timedelta(hours=1), usegmt=True)
            return self.error(400, "InvalidSignatureException", "Signature expired", {"Date": ahead})
        if scenario == "xml-signature":
            xml = ("<ErrorResponse><Error><Type>Sender</Type><Code>SignatureDoesNotMatch</Code>"
                   "<Message>The request signature we calculated does not match the signature you provided.</Message>"
                   "</Error><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ErrorResponse>")
            return self.answer(403, xml, content_type="text/xml")
        if scenario == "access-denied":
            return self.error(400, "com.amazon.coral.service#AccessDeniedException", "User is not authorized",
                              {"x-amzn-RequestId": "req-denied-0002"})
        if scenario == "header-code":
            return self.answer(400, "<html>Bad</html>",
                               {"x-amzn-ErrorType": "ValidationException:http://internal.amazon.com/coral/"},
                               content_type="text/html")
        if scenario == "echo-secret":
            return self.error(400, "ValidationException", "you sent %s and %s" % (
                self.headers.get("Authorization"), self.headers.get("X-Amz-Security-Token")))
        if scenario == "hostile-code":
            return self.error(400, "\x1b[31m<script>\nEvil\r\n" + "A" * 500, "\x00\x07bell\nline")
        if scenario == "not-json":
            return self.answer(200, "<html>hello</html>", content_type="text/html")
        self.error(404, "UnknownOperationException", "no such scenario")


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    serve_until_stdin_closes(server, None)


if __name__ == "__main__":
    main()
