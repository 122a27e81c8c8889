#!/usr/bin/env python3
"""A Slack-like webhook and Web API server on 127.0.0.1, for the integration tests and the demo.

    slack_server.py [--tls] [--dir DIR]

Prints one JSON line when it is ready, {"port": N, "ca": "/path/ca.pem" or null}, then serves until
its standard input closes (the test that started it ended) or it gets SIGTERM. With --tls it makes
a test CA and a certificate for 127.0.0.1 and localhost with the openssl command, in DIR.

What it answers is scripted by the last segment of the request path, so one server serves every
test and a test picks its scenario with its URL (the rest of the path is free: a test puts a
unique prefix, or a canary secret, there). Counters are kept per whole path.

    ok                   200 ok
    invalid_payload      400 invalid_payload          (also: action_prohibited 403, channel_not_found
    no_service           404 no_service                404, channel_is_archived 410, user_not_found 404,
    no_text              400 no_text                   posting_to_general_channel_denied 403,
    invalid_token        403 invalid_token             made_up_reason 400)
    429-seconds          429 Retry-After: 1 the first time, then 200 ok
    429-date             429 Retry-After: <HTTP date 2 s ahead> the first time, then 200 ok
    429-always           429 Retry-After: 1, always
    429-long             429 Retry-After: 3600, always
    500-html             500 with an HTML page, always
    503-then-ok          503 the first time, then 200 ok
    reset-then-ok        the first time the connection is reset without an answer, then 200 ok
    slow                 waits 3 s, then 200 ok
    slow-ok-N            waits N seconds (at most 30), then 200 ok
    not-ok-body          200 with the body "accepted"
    truncated-ok         200, Content-Length: 40, the body "ok" and the connection closed (cut off)
    truncated-chunked    200, chunked, a chunk "ok" and the connection closed before the last chunk
    redirect             302 to /ok
    echo-secret          400 whose body repeats the request path (a server that leaks the URL)
    echo-request         400 whose body repeats the request target as sent and percent-decoded,
                         and the Authorization header (Basic user:password as libcurl sends it)
    huge-body            200, chunked, 64 KiB chunks until the client stops reading (at most 64 MiB)
    huge-headers         200 with 256 headers of 1 KiB each
    slow-headers         the status line and headers one byte per second (at most 60 bytes)
    api/chat.postMessage the Web API: the bearer token picks the answer: xoxb-ok-* {"ok":true,
                         "ts":..., "channel":...}; xoxb-ratelimited-* 429 + Retry-After: 1 then ok;
                         xoxb-internal-* ok:false internal_error then ok; otherwise ok:false with
                         the token's middle word as the error (xoxb-channel_not_found-1)

GET /_requests?path=P gives what was received on P (method, headers, body, proxied);
GET /_connections gives how many TCP connections were accepted so far.
A request whose target is an absolute URL (a proxy request) is answered the same way and recorded
with "proxied": true.
"""
import argparse
import email.utils
import http.server
import json
import os
import shutil
import signal
import socket
import ssl
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse

LOCK = threading.Lock()
COUNTS = {}
REQUESTS = {}
CONNECTIONS = [0]

FIXED = {
    "ok": (200, "ok"),
    "invalid_payload": (400, "invalid_payload"),
    "action_prohibited": (403, "action_prohibited"),
    "channel_not_found": (404, "channel_not_found"),
    "channel_is_archived": (410, "channel_is_archived"),
    "user_not_found": (404, "user_not_found"),
    "no_service": (404, "no_service"),
    "no_text": (400, "no_text"),
    "invalid_token": (403, "invalid_token"),
    "posting_to_general_channel_denied": (403, "posting_to_general_channel_denied"),
    "made_up_reason": (400, "made_up_reason"),
    "not-ok-body": (200, "accepted"),
}

HTML_500 = "<html><head><title>500 Internal Server Error</title></head><body><h1>Oops</h1></body></html>"


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "slack-like/1"

    def setup(self):
        with LOCK:
            CONNECTIONS[0] += 1
        super().setup()

    def log_message(self, *args):  # quiet
        pass

    def reply(self, status, body, content_type="text/plain", headers=()):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def reset(self):
        """Closes the connection with a TCP reset and no answer (and no TLS close_notify)."""
        self.close_connection = True
        sock = self.connection
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        self.rfile.close()  # it holds a reference that would keep the socket open
        sock.close()

    def cut_off(self, data):
        """Sends data (an answer's start) and closes the connection before the answer's end."""
        self.close_connection = True
        self.wfile.write(data)
        self.wfile.flush()
        try:
            self.connection.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def huge_body(self):
        """A 200 whose chunked body goes on until the client stops reading (or 64 MiB)."""
        self.close_connection = True
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        chunk = b"%x\r\n%s\r\n" % (65536, b"o" * 65536)
        try:
            for _ in range(1024):
                self.wfile.write(chunk)
            self.wfile.write(b"0\r\n\r\n")
        except OSError:
            pass  # the client gave up: the point

    def trickle(self, data):
        """Sends data one byte per second, until it is all sent or the client has gone."""
        self.close_connection = True
        try:
            for i in range(min(len(data), 60)):
                self.wfile.write(data[i:i + 1])
                self.wfile.flush()
                time.sleep(1)
        except OSError:
            pass

    def handle_any(self):
        target = self.path
        proxied = target.startswith("http://") or target.startswith("https://")
        parsed = urllib.parse.urlsplit(target)
        path = parsed.path
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""

        if path == "/_requests":
            wanted = urllib.parse.parse_qs(parsed.query).get("path", [""])[0]
            with LOCK:
                self.reply(200, json.dumps(REQUESTS.get(wanted, [])), "application/json")
            return
        if path == "/_connections":
            with LOCK:
                self.reply(200, json.dumps({"connections": CONNECTIONS[0]}), "application/json")
            return

        with LOCK:
            COUNTS[path] = COUNTS.get(path, 0) + 1
            n = COUNTS[path]
            REQUESTS.setdefault(path, []).append({
                "method": self.command,
                "headers": {k.lower(): v for k, v in self.headers.items()},
                "body": body.decode("utf-8", "replace"),
                "proxied": proxied,
            })
        scenario = path.rstrip("/").rsplit("/", 1)[-1]

        if path.endswith("/api/chat.postMessage"):
            return self.web_api(n)
        if scenario in FIXED:
            status, text = FIXED[scenario]
            return self.reply(status, text)
        if scenario == "429-seconds":
            return self.reply(429, "rate_limited", headers=[("Retry-After", "1")]) if n == 1 else self.reply(200, "ok")
        if scenario == "429-date":
            when = email.utils.formatdate(time.time() + 2, usegmt=True)
            return self.reply(429, "rate_limited", headers=[("Retry-After", when)]) if n == 1 else self.reply(200, "ok")
        if scenario == "429-always":
            return self.reply(429, "rate_limited", headers=[("Retry-After", "1")])
        if scenario == "429-long":
            return self.reply(429, "rate_limited", headers=[("Retry-After", "3600")])
        if scenario == "500-html":
            return self.reply(500, HTML_500, "text/html")
        if scenario == "503-then-ok":
            return self.reply(503, "<html>Service Unavailable</html>", "text/html") if n == 1 else self.reply(200, "ok")
        if scenario == "reset-then-ok":
            return self.reset() if n == 1 else self.reply(200, "ok")
        if scenario == "slow":
            time.sleep(3)
            return self.reply(200, "ok")
        if scenario.startswith("slow-ok-") and scenario[8:].isdigit():
            time.sleep(min(int(scenario[8:]), 30))
            return self.reply(200, "ok")
        if scenario == "truncated-ok":
            return self.cut_off(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 40\r\n\r\nok")
        if scenario == "truncated-chunked":
            return self.cut_off(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                                b"2\r\nok\r\n")
        if scenario == "huge-body":
            return self.huge_body()
        if scenario == "huge-headers":
            return self.reply(200, "ok", headers=[("X-Filler-%d" % i, "x" * 1024) for i in range(256)])
        if scenario == "slow-headers":
            return self.trickle(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok")
        if scenario == "redirect":
            return self.reply(302, "", headers=[("Location", "/ok")])
        if scenario == "echo-secret":
            return self.reply(400, "no such hook: " + target)
        if scenario == "echo-request":
            return self.reply(400, "no such hook: %s (decoded: %s; authorization: %s)"
                              % (target, urllib.parse.unquote(target), self.headers.get("Authorization")))
        return self.reply(404, "no_service")

    def web_api(self, n):
        token = (self.headers.get("Authorization") or "").removeprefix("Bearer ")
        ok = {"ok": True, "channel": "C0123456789", "ts": "1700000000.%06d" % n}
        if token.startswith("xoxb-ok-"):
            return self.reply(200, json.dumps(ok), "application/json")
        if token.startswith("xoxb-ratelimited-"):
            if n == 1:
                return self.reply(429, json.dumps({"ok": False, "error": "ratelimited"}), "application/json",
                                  headers=[("Retry-After", "1")])
            return self.reply(200, json.dumps(ok), "application/json")
        if token.startswith("xoxb-internal-"):
            if n == 1:
                return self.reply(200, json.dumps({"ok": False, "error": "internal_error"}), "application/json")
            return self.reply(200, json.dumps(ok), "application/json")
        parts = token.split("-")
        error = parts[1] if len(parts) > 2 else "invalid_auth"
        return self.reply(200, json.dumps({"ok": False, "error": error}), "application/json")

    do_POST = handle_any
    do_GET = handle_any
    do_PUT = handle_any


def make_certificates(folder):
    """A CA and a server certificate for 127.0.0.1 and localhost, signed by it."""
    def run(*args):
        subprocess.run(["openssl", *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ca_key, ca = os.path.join(folder, "ca.key"), os.path.join(folder, "ca.pem")
    key, csr, cert = (os.path.join(folder, n) for n in ("server.key", "server.csr", "server.pem"))
    ext = os.path.join(folder, "server.ext")
    run("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days", "2",
        "-subj", "/CN=alarmbridge test CA", "-keyout", ca_key, "-out", ca)
    run("req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-subj", "/CN=localhost",
        "-keyout", key, "-out", csr)
    with open(ext, "w") as f:
        f.write("subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n"
                "keyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n")
    run("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-days", "2",
        "-extfile", ext, "-out", cert)
    return ca, cert, key


class Server(http.server.ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128
    tls = None

    def handle_error(self, request, client_address):  # resets and refused handshakes are the point
        pass

    def get_request(self):
        sock, addr = super().get_request()
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)  # headers and body are two writes
        if self.tls is not None:
            sock = self.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, addr


def use_tls(server, folder):
    """Makes a test CA and a certificate for 127.0.0.1 in folder and serves TLS with them; returns
    the CA's path, for the client to trust."""
    ca, cert, key = make_certificates(folder)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    ctx.set_alpn_protocols(["http/1.1"])
    server.tls = ctx
    return ca


def serve_until_stdin_closes(server, ca, made_folder=None):
    """Prints the ready line {"port": N, "ca": ...}, serves until whoever started us closes our
    standard input (or sends SIGTERM), then removes made_folder and exits."""
    def stop(*_):
        if made_folder:
            shutil.rmtree(made_folder, ignore_errors=True)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(json.dumps({"port": server.server_address[1], "ca": ca}), flush=True)
    try:
        while sys.stdin.buffer.read(1):
            pass
    except (KeyboardInterrupt, OSError):
        pass
    stop()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--dir")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()

    server = Server(("127.0.0.1", args.port), Handler)
    ca = None
    made_folder = None  # a folder this server made for its certificates, removed when it stops
    if args.tls:
        folder = args.dir or tempfile.mkdtemp(prefix="alarmbridge-ca-")
        if not args.dir:
            made_folder = folder
        ca = use_tls(server, folder)
    serve_until_stdin_closes(server, ca, made_folder)


if __name__ == "__main__":
    main()
