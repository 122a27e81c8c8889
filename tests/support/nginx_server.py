#!/usr/bin/env python3
"""nginx on 127.0.0.1 over HTTPS (a test CA made on the spot), answering 200 "ok" to everything:
the fast, real server for the HTTP/2 test and the delivery benchmark.

    nginx_server.py [--http2]

Prints one JSON line when ready, {"port": N, "ca": "/path/ca.pem"}, then serves until its standard
input closes. Needs nginx and openssl (Debian: nginx-light openssl).
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from slack_server import make_certificates  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_nginx(folder: str, cert: str, key: str, port: int, http2: bool = False) -> subprocess.Popen:
    """One nginx process (no master, no workers to switch users), logs and temp files in folder."""
    conf = os.path.join(folder, "nginx.conf")
    with open(conf, "w") as f:
        f.write(f"""
worker_processes 1;
daemon off;
master_process off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 1024; }}
http {{
  access_log off;
  client_body_temp_path {folder}/body;
  proxy_temp_path {folder}/proxy;
  fastcgi_temp_path {folder}/fastcgi;
  uwsgi_temp_path {folder}/uwsgi;
  scgi_temp_path {folder}/scgi;
  keepalive_requests 10000000;
  client_body_buffer_size 64k;
  server {{
    listen 127.0.0.1:{port} ssl{" http2" if http2 else ""};
    ssl_certificate {cert};
    ssl_certificate_key {key};
    ssl_protocols TLSv1.2 TLSv1.3;
    location / {{ default_type text/plain; return 200 "ok"; }}
  }}
}}
""")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    proc = subprocess.Popen([nginx, "-c", conf, "-p", folder], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.05)
    proc.kill()
    log = os.path.join(folder, "error.log")
    raise RuntimeError("nginx did not start: " + (open(log).read() if os.path.exists(log) else "no log"))


def stop_on_signal(signum, _frame) -> None:
    raise SystemExit(128 + signum)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--http2", action="store_true")
    args = parser.parse_args()
    # SIGTERM or SIGHUP unwinds through the finally below like the end of standard input does.
    signal.signal(signal.SIGTERM, stop_on_signal)
    signal.signal(signal.SIGHUP, stop_on_signal)
    folder = tempfile.mkdtemp(prefix="alarmbridge-nginx-")
    proc = None
    try:
        ca, cert, key = make_certificates(folder)
        port = free_port()
        proc = start_nginx(folder, cert, key, port, args.http2)
        print(json.dumps({"port": port, "ca": ca}), flush=True)
        try:
            while sys.stdin.buffer.read(1):
                pass
        except (KeyboardInterrupt, OSError):
            pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # finish the clean-up once started
        if proc is not None and proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
