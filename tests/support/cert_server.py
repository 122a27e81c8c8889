#!/usr/bin/env python3
"""An HTTPS server on 127.0.0.1 that serves certificate files, for the SNS verification tests.

    cert_server.py --files DIR

Prints one JSON line when ready, {"port": N, "ca": "/path/ca.pem"}, then serves until its standard
input closes or it gets SIGTERM. The TLS machinery (a test CA and a certificate for 127.0.0.1 made
with openssl, the threading server) is slack_server.py's, imported.

    GET /NAME         the file DIR/NAME (read at request time, so a test may add files later), or 404
    GET /slow/NAME    the same after 3 s (for timeouts)
    GET /?Action=ConfirmSubscription&TopicArn=T&Token=K
                      SNS's ConfirmSubscriptionResponse XML with SubscriptionArn T:<uuid>; the
                      token picks another answer: no-arn (no SubscriptionArn), other-topic (an
                      ARN of another topic)
    GET /_requests?path=P   {"count": n}: how many requests P had
"""
import argparse
import http.server
import json
import os
import sys
import tempfile
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from slack_server import Server, serve_until_stdin_closes, use_tls  # noqa: E402

LOCK = threading.Lock()
COUNTS = {}


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    files = "."

    def log_message(self, *args):  # quiet
        pass

    def reply(self, status, data, content_type="application/x-pem-file"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/_requests":
            path = urllib.parse.parse_qs(url.query).get("path", [""])[0]
            with LOCK:
                count = COUNTS.get(path, 0)
            return self.reply(200, json.dumps({"count": count}).encode(), "application/json")
        with LOCK:
            COUNTS[url.path] = COUNTS.get(url.path, 0) + 1
        if url.path == "/":
            return self.confirm(urllib.parse.parse_qs(url.query))
        name = url.path
        if name.startswith("/slow/"):
            time.sleep(3)
            name = name[len("/slow"):]
        name = name.lstrip("/")
        target = os.path.join(self.files, name)
        if "/" in name or name.startswith(".") or not os.path.isfile(target):
            return self.reply(404, b"not found", "text/plain")
        with open(target, "rb") as f:
            self.reply(200, f.read())

    def confirm(self, query):
        if query.get("Action") != ["ConfirmSubscription"]:
            return self.reply(400, b"<ErrorResponse/>", "text/xml")
        topic, token = query.get("TopicArn", [""])[0], query.get("Token", [""])[0]
        arn = {"no-arn": None, "other-topic": topic + "-other:1"}.get(token, topic + ":2bcfbf39-05c3-41de-beaa-fcfcc21c8f55")
        result = f"<SubscriptionArn>{arn}</SubscriptionArn>" if arn else ""
        xml = ('<ConfirmSubscriptionResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">'
               f"<ConfirmSubscriptionResult>{result}</ConfirmSubscriptionResult>"
               "<ResponseMetadata><RequestId>075ecce8-8dac-11e1-bf80-f781d96e9307</RequestId></ResponseMetadata>"
               "</ConfirmSubscriptionResponse>")
        self.reply(200, xml.encode(), "text/xml")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--files", required=True)
    args = parser.parse_args()
    Handler.files = args.files

    server = Server(("127.0.0.1", 0), Handler)
    folder = tempfile.mkdtemp(prefix="alarmbridge-cert-server-")
    serve_until_stdin_closes(server, use_tls(server, folder), made_folder=folder)


if __name__ == "__main__":
    main()
