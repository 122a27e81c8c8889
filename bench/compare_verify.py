#!/usr/bin/env python3
"""SNS signature verification speed, side by side in one run, on one core, per CPU second:

  - alarmbridge's sns::verifier::verify of a real AWS-signed v2 message (SHA256withRSA, 2048-bit),
    its certificate cached (bench/verify_bench.cpp, also from the body's bytes and for v1);
  - OpenSSL alone in the same benchmark binary: EVP_PKEY_verify of a precomputed digest;
  - `openssl speed -seconds S rsa2048` (its verify/s): the floor the issue names;
  - Python `cryptography` verifying the same message the same way (string to sign built from the
    parsed body, base64 decoded, PKCS#1 v1.5 SHA-256 verify with the certificate's key loaded once).

    python3 bench/compare_verify.py build/bench/bench/verify_bench [seconds] [python-with-cryptography]

The third argument defaults to build/bench-venv/bin/python (python3 -m venv build/bench-venv &&
build/bench-venv/bin/pip install cryptography). Prints verifications/s and the ratios; it asserts
nothing (figures for the note, not for CI to judge).
"""
import json
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "sns-signed"
MESSAGE = DATA / "notification-signature-v2.json"
CERT = DATA / "SimpleNotificationService-7506a1e35b36ef5a444dd1a8e7cc3ed8.pem"

PYTHON_VERIFY = r"""
import base64, json, sys, time
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

body, cert, seconds = open(sys.argv[1], "rb").read(), open(sys.argv[2], "rb").read(), float(sys.argv[3])
key = x509.load_pem_x509_certificate(cert).public_key()
NOTIFICATION = ("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")

def verify(m):
    text = "".join(f"{k}\n{m[k]}\n" for k in NOTIFICATION if m.get(k) is not None).encode()
    key.verify(base64.b64decode(m["Signature"]), text, padding.PKCS1v15(), hashes.SHA256())

m = json.loads(body)
verify(m)  # raises if it does not verify
n, start = 0, time.process_time()
while True:
    for _ in range(200):
        verify(m)
    n += 200
    spent = time.process_time() - start
    if spent >= seconds:
        break
print(json.dumps({"per_second": n / spent}))
"""


def bench(binary: str, seconds: float) -> dict:
    out = subprocess.run([binary, "--benchmark_format=json", f"--benchmark_min_time={seconds}"],
                         check=True, capture_output=True, text=True).stdout
    return {b["name"]: b["items_per_second"] for b in json.loads(out)["benchmarks"]}


def openssl_speed(seconds: float) -> float:
    out = subprocess.run(["openssl", "speed", "-seconds", str(int(max(1, seconds))), "-mr", "rsa2048"],
                         check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        if line.startswith("+F2:"):  # +F2:index:bits:sign/s:verify/s
            return float(line.split(":")[4])
    raise RuntimeError("no rsa2048 line in openssl speed output")


def python_cryptography(python: str, seconds: float) -> float:
    out = subprocess.run([python, "-c", PYTHON_VERIFY, str(MESSAGE), str(CERT), str(seconds)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["per_second"]


def main() -> None:
    binary = sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "build" / "bench" / "bench" / "verify_bench")
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    python = sys.argv[3] if len(sys.argv) > 3 else str(ROOT / "build" / "bench-venv" / "bin" / "python")

    ours = bench(binary, seconds)
    speed = openssl_speed(seconds)
    py = python_cryptography(python, seconds)
    version = subprocess.run(["openssl", "version"], capture_output=True, text=True).stdout.strip()

    rows = [
        ("alarmbridge verify, v2, certificate cached", ours["verify_v2_cached"]),
        ("alarmbridge parse_message + verify, v2", ours["parse_and_verify_v2"]),
        ("alarmbridge verify, v1, certificate cached", ours["verify_v1_cached"]),
        ("OpenSSL EVP_PKEY_verify alone (same key)", ours["rsa2048_verify_floor"]),
        ("openssl speed rsa2048 (verify/s)", speed),
        ("Python cryptography, same message", py),
    ]
    print(f"one core, CPU time; {version}")
    print(f"{'path':<46} {'verifications/s':>16}")
    for name, value in rows:
        print(f"{name:<46} {value:>16,.0f}")
    v2 = ours["verify_v2_cached"]
    print(f"\nverify v2 / openssl speed rsa2048 verify: {v2 / speed:.0%} (issue: >= 80%)")
    print(f"verify v2 / OpenSSL alone in-process:     {v2 / ours['rsa2048_verify_floor']:.0%}")
    print(f"verify v2 / Python cryptography:          {v2 / py:.2f}x (issue: >= 3x)")


if __name__ == "__main__":
    main()
