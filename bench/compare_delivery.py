#!/usr/bin/env python3
"""Delivery speed, side by side in one run, against the same local HTTPS server (nginx answering
200 "ok" to every POST on 127.0.0.1, with a test CA made on the spot):

  - wrk -c1 (one kept-alive connection, as fast as a client can go) and alarmbridge's sequential
    webhook_client.post() with the same 3 KB body;
  - wrk -c16 and alarmbridge's post_many with 16 in flight;
  - bare libcurl multi with 16 handles configured once (no alarmbridge code): libcurl's floor;
  - the AWS blueprint's exact call, urllib.request.urlopen(req) per post (a new TLS context and
    the system CA bundle loaded for every post), with the test CA appended to that bundle.

    python3 bench/compare_delivery.py build/bench/delivery_bench [seconds]

Needs nginx, wrk and openssl (Debian: nginx-light wrk openssl). Prints posts/s and the ratios; it
asserts nothing (figures are for the note, not for CI to judge).
"""
import json
import os
import pathlib
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "support"))
from nginx_server import free_port, make_certificates, start_nginx  # noqa: E402  (as the tests do)

PATH = "/services/T00000000/B00000000/benchSecretXXXXXXXXXXXX"


def body(alarmbridge: str) -> bytes:
    """The rich Slack message of the 3 KB sample, as alarmbridge format makes it."""
    out = subprocess.run([alarmbridge, "format",
                          str(ROOT / "tests" / "data" / "events" / "alarmbridge-sns-metric-3kb.json")],
                         check=True, capture_output=True, text=True).stdout
    return json.dumps(json.loads(out)[0], ensure_ascii=False, separators=(",", ":")).encode()


def wrk(url: str, connections: int, seconds: float, folder: str, payload: bytes) -> float:
    script = os.path.join(folder, "post.lua")
    with open(os.path.join(folder, "body.json"), "wb") as f:
        f.write(payload)
    with open(script, "w") as f:
        f.write('local f = io.open("%s/body.json", "rb")\nwrk.method = "POST"\nwrk.body = f:read("*a")\n'
                'f:close()\nwrk.headers["Content-Type"] = "application/json; charset=utf-8"\n' % folder)
    threads = min(connections, 2)
    out = subprocess.run(["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "-s", script, url],
                         check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    raise RuntimeError("wrk printed no rate:\n" + out)


def ours(binary: str, name: str, seconds: float, env: dict) -> float:
    out = subprocess.run([binary, f"--benchmark_filter={name}", f"--benchmark_min_time={seconds}",
                          "--benchmark_format=json"], check=True, capture_output=True, text=True, env=env).stdout
    result = json.loads(out)["benchmarks"][0]
    if result.get("error_occurred"):
        raise RuntimeError(result.get("error_message"))
    if result.get("failed", 0):
        raise RuntimeError(f"{name}: {result['failed']} posts failed")
    return result["items_per_second"]


def blueprint_urlopen(url: str, payload: bytes, seconds: float, bundle: str) -> float:
    """The blueprint's call, verbatim: Request + urlopen(req), default TLS context every time."""
    os.environ["SSL_CERT_FILE"] = bundle  # the system bundle + the test CA: same work, verifiable
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        req = urllib.request.Request(url, payload)
        response = urllib.request.urlopen(req)
        response.read()
        n += 1
    return n / (time.perf_counter() - start)


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__)
        return 2
    binary = sys.argv[1]
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 5.0
    alarmbridge = str(pathlib.Path(binary).resolve().parent.parent / "alarmbridge")
    for tool in ("nginx", "wrk", "openssl"):
        if shutil.which(tool) is None and not os.path.exists("/usr/sbin/" + tool):
            print(f"compare_delivery: {tool} is not installed (apt-get install nginx-light wrk openssl)")
            return 2
    folder = tempfile.mkdtemp(prefix="alarmbridge-bench-")
    ca, cert, key = make_certificates(folder)
    port = free_port()
    url = f"https://127.0.0.1:{port}{PATH}"
    payload = body(alarmbridge)
    bundle = os.path.join(folder, "bundle.pem")
    with open(bundle, "wb") as out:
        system = ssl.get_default_verify_paths().cafile or "/etc/ssl/certs/ca-certificates.crt"
        if os.path.exists(system):
            out.write(open(system, "rb").read())
        out.write(open(ca, "rb").read())
    nginx = start_nginx(folder, cert, key, port)
    env = dict(os.environ, ALARMBRIDGE_BENCH_URL=url, ALARMBRIDGE_BENCH_CA=ca)
    try:
        w1 = wrk(url, 1, seconds, folder, payload)
        s1 = ours(binary, "post_sequential", seconds, env)
        w16 = wrk(url, 16, seconds, folder, payload)
        m16 = ours(binary, "post_many_in_flight", seconds, env)
        bare = ours(binary, "bare_libcurl_multi", seconds, env)
        bp = blueprint_urlopen(url, payload, min(seconds, 3.0), bundle)
        rows = [("wrk -c1 (keep-alive, HTTP/1.1)", w1), ("alarmbridge post(), sequential", s1),
                ("wrk -c16", w16), ("alarmbridge post_many, 16 in flight", m16),
                ("bare libcurl multi, 16 in flight", bare),
                ("blueprint urlopen(req) per post", bp)]
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        shutil.rmtree(folder, ignore_errors=True)
    print(f"HTTPS POST of the formatted 3 KB alarm ({len(payload)} B) to nginx on 127.0.0.1, {seconds:g} s each")
    for name, rate in rows:
        print(f"  {name:40s} {rate:10.0f} posts/s")
    print(f"  sequential post() / wrk -c1:       {s1 / w1:6.2f}  (target >= 0.85)")
    print(f"  sequential post() / urlopen(req):  {s1 / bp:6.1f}x (target >= 150x)")
    print(f"  post_many 16 / wrk -c16:           {m16 / w16:6.2f}  (target >= 0.70)")
    print(f"  bare libcurl multi / wrk -c16:     {bare / w16:6.2f}  (libcurl's own floor on this machine)")
    print(f"  post_many 16 / bare libcurl multi: {m16 / bare:6.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
