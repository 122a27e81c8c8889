#!/usr/bin/env python3
"""Stand-ins for the AWS credential endpoints, on 127.0.0.1: the container credentials endpoint
(ECS, EKS, Lambda SnapStart) and EC2 instance metadata, IMDSv2 only.

    imds_server.py [--container-token TOKEN] [--expiration ISO8601]

Prints {"port": N, "ca": null} when ready and serves until its standard input closes (the
slack_server.py convention, whose serve loop it uses).

    GET /container/creds     needs "Authorization: TOKEN" when --container-token is given (else 401);
                             answers credentials whose AccessKeyId ends in the number of this answer
                             (ASIACONTAINER00001, 00002, ...) and Expiration --expiration
    GET /container/broken    500
    GET /container/garbage   200 with a body that is not JSON
    PUT /latest/api/token    needs X-aws-ec2-metadata-token-ttl-seconds; answers the session token
    GET /latest/meta-data/iam/security-credentials/       needs X-aws-ec2-metadata-token (else 401:
                             no IMDSv1); answers the role name "alarmbridge-role"
    GET /latest/meta-data/iam/security-credentials/alarmbridge-role   the role's credentials
                             (ASIAINSTANCE00001, ...), Code "Success"
"""
import argparse
import http.server
import json
import os
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from slack_server import serve_until_stdin_closes  # noqa: E402

IMDS_TOKEN = "imds-session-token-7f3a9c"
ROLE = "alarmbridge-role"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    counts = {}
    lock = threading.Lock()

    def log_message(self, *args):
        pass

    def count(self, key):
        with self.lock:
            self.counts[key] = self.counts.get(key, 0) + 1
            return self.counts[key]

    def answer(self, status, body, content_type="application/json"):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def creds(self, prefix, n, code=None):
        doc = {
            "AccessKeyId": "%s%05d" % (prefix, n),
            "SecretAccessKey": "standInSecretKey/%s/%d" % (prefix, n),
            "Token": "standInSessionToken+%s+%d" % (prefix, n),
            "Expiration": self.server.expiration,
        }
        if code:
            doc["Code"] = code
            doc["Type"] = "AWS-HMAC"
        return json.dumps(doc)

    def do_PUT(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.path != "/latest/api/token":
            return self.answer(404, "{}")
        if not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
            return self.answer(400, "missing ttl", "text/plain")
        self.answer(200, IMDS_TOKEN, "text/plain")

    def do_GET(self):
        if self.path == "/container/creds":
            if self.server.container_token and self.headers.get("Authorization") != self.server.container_token:
                return self.answer(401, '{"message":"unauthorized"}')
            return self.answer(200, self.creds("ASIACONTAINER", self.count("container")))
        if self.path == "/container/broken":
            return self.answer(500, '{"message":"internal"}')
        if self.path == "/container/garbage":
            return self.answer(200, "<html>not json</html>", "text/html")
        prefix = "/latest/meta-data/iam/security-credentials/"
        if self.path.startswith(prefix):
            if self.headers.get("X-aws-ec2-metadata-token") != IMDS_TOKEN:
                return self.answer(401, "", "text/plain")
            role = self.path[len(prefix):]
            if role == "":
                return self.answer(200, ROLE, "text/plain")
            if role == ROLE:
                return self.answer(200, self.creds("ASIAINSTANCE", self.count("imds"), "Success"))
        self.answer(404, "{}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--container-token", default="")
    parser.add_argument("--expiration", default="2030-01-01T00:00:00Z")
    args = parser.parse_args()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.container_token = args.container_token
    server.expiration = args.expiration
    serve_until_stdin_closes(server, None)


if __name__ == "__main__":
    main()
