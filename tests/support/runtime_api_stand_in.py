#!/usr/bin/env python3
"""A scripted Lambda Runtime API (2018-06-01) on 127.0.0.1, for what the emulator does not do.

    runtime_api_stand_in.py --script '[{"payload": "{}"}, {"next": "drop"}, ...]'

Prints the ready line {"port": N, "ca": null} and serves until its standard input closes (as
slack_server.py). Each GET /2018-06-01/runtime/invocation/next takes the next step of the script:

    {"payload": "...", "id": "req-1", "deadline_ms": 1893456000000, "trace": "Root=1-...",
     "arn": "arn:aws:lambda:...", "delay": 0.5, "response_status": 202, "error_status": 202}
        an invocation (defaults: a fresh id, the deadline 60 s ahead, no trace); delay waits that
        many seconds first (a slow /next); response_status and error_status are what that
        invocation's /response and /error are answered (413, 500, ...)
    {"next": "drop"}       the connection is closed without an answer
    {"next": "no-id"}      200 with a payload and no Lambda-Runtime-Aws-Request-Id
    {"next": "bad-id", "id": "../x"}   200 with that request id
    {"next": 500}          (any number) that status, with Lambda's error JSON
When the script is done, /next answers 500 (so a runtime under test always ends).
POST /2018-06-01/runtime/init/error is answered 202 (or --init-error-status).
GET /_requests gives every request received: [{"method", "path", "headers", "body"}, ...].
"""
import argparse
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import http.server  # noqa: E402

from slack_server import Server, serve_until_stdin_closes  # noqa: E402

PREFIX = "/2018-06-01/runtime"


def make_handler(script, init_error_status):
    lock = threading.Lock()
    state = {"step": 0, "requests": [], "answers": {}}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def reply(self, status, body=b"", headers=()):
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def record(self, body):
            with lock:
                state["requests"].append({"method": self.command, "path": self.path,
                                          "headers": {k: v for k, v in self.headers.items()},
                                          "body": body.decode("utf-8", "replace")})

        def do_GET(self):
            if self.path == "/_requests":
                with lock:
                    body = json.dumps(state["requests"]).encode()
                return self.reply(200, body, [("Content-Type", "application/json")])
            self.record(b"")
            if self.path != PREFIX + "/invocation/next":
                return self.reply(404, b'{"errorType":"NotFound"}')
            with lock:
                n = state["step"]
                state["step"] += 1
            if n >= len(script):
                return self.reply(500, b'{"errorMessage":"the script is done","errorType":"Runtime.Done"}')
            step = script[n]
            kind = step.get("next", "invoke")
            if kind == "drop":
                self.close_connection = True
                self.connection.shutdown(2)
                return None
            if isinstance(kind, int):
                return self.reply(kind, b'{"errorMessage":"scripted","errorType":"Runtime.Scripted"}')
            time.sleep(float(step.get("delay", 0)))
            request_id = step.get("id", f"req-{n}")
            headers = [("Content-Type", "application/json"),
                       ("Lambda-Runtime-Deadline-Ms", str(step.get("deadline_ms", int(time.time() * 1000) + 60000))),
                       ("Lambda-Runtime-Invoked-Function-Arn",
                        step.get("arn", "arn:aws:lambda:us-east-1:123456789012:function:alarmbridge"))]
            if kind != "no-id":
                headers.append(("Lambda-Runtime-Aws-Request-Id", request_id))
            if "trace" in step:
                headers.append(("Lambda-Runtime-Trace-Id", step["trace"]))
            with lock:
                state["answers"][request_id] = step
            return self.reply(200, step.get("payload", "{}").encode(), headers)

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            self.record(body)
            if self.path == PREFIX + "/init/error":
                return self.reply(init_error_status, b'{"status":"OK"}')
            parts = self.path[len(PREFIX):].split("/")  # ["", "invocation", id, "response"|"error"]
            if len(parts) != 4 or parts[1] != "invocation" or parts[3] not in ("response", "error"):
                return self.reply(404, b'{"errorType":"NotFound"}')
            with lock:
                step = state["answers"].get(parts[2])
            if step is None:
                return self.reply(400, b'{"errorMessage":"unknown request id","errorType":"InvalidRequestID"}')
            status = int(step.get("response_status" if parts[3] == "response" else "error_status", 202))
            if status == 413:
                return self.reply(413, b'{"errorMessage":"Exceeded maximum allowed payload size",'
                                       b'"errorType":"RequestEntityTooLarge"}')
            return self.reply(status, b'{"status":"OK"}')

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--script", required=True, help="the /next steps, as JSON")
    parser.add_argument("--init-error-status", type=int, default=202)
    args = parser.parse_args()
    server = Server(("127.0.0.1", 0), make_handler(json.loads(args.script), args.init_error_status))
    serve_until_stdin_closes(server, None)


if __name__ == "__main__":
    main()
