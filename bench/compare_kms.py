#!/usr/bin/env python3
"""The webhook URL from kmsEncryptedHookUrl, as a whole process, side by side in one run: alarmbridge
(`alarmbridge config`, here bench/config_main built from the same entry function) against a fresh
Python process doing the AWS Lambda blueprint's boto3 KMS decrypt, both against the same moto
server on 127.0.0.1 (tests/support/moto_server.py: it checks the SigV4 signatures, makes the key
and encrypts the URL under {"LambdaFunctionName": "alarm-to-slack"}, the URL without https://).

    python3 bench/compare_kms.py BUILD/bench/config_main VENV [runs]

VENV: a venv with moto[server] and boto3 (tests/support/moto_venv.cmake makes one; the ctest
fixture aws_moto_venv puts it at BUILD/moto-venv). Each side runs `runs` times (default 5),
alternating; the best wall time (spawn to exit) and the best peak RSS (GNU time's %M: see
run_once) of each are compared. Targets (issue 14): alarmbridge at most 1/10 of the wall time and 1/3 of
the peak RSS. Exit 0 when both are met, 1 when not, 2 when a run failed. Stops moto and removes
its folder on every path.
"""
import hashlib
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
MOTO_SERVER = HERE.parent / "tests" / "support" / "moto_server.py"
TIME = "/usr/bin/time"  # GNU time (Debian/Ubuntu package: time), for the peak RSS

# The blueprint's cold-start decrypt (cloudwatch-alarm-to-slack-python), verbatim but for the check.
BLUEPRINT = """
import boto3
import os
from base64 import b64decode
ENCRYPTED_HOOK_URL = os.environ['kmsEncryptedHookUrl']
HOOK_URL = "https://" + boto3.client('kms').decrypt(
    CiphertextBlob=b64decode(ENCRYPTED_HOOK_URL),
    EncryptionContext={'LambdaFunctionName': os.environ['AWS_LAMBDA_FUNCTION_NAME']}
)['Plaintext'].decode('utf-8')
import hashlib
print(hashlib.sha256(HOOK_URL.encode()).hexdigest())
"""


def run_once(argv, env, folder):
    """(wall seconds, peak RSS in KiB, stdout, stderr, exit status) of one whole process.

    The peak RSS is GNU time's %M: the process is forked by /usr/bin/time, not by this Python
    process, because a child spawned from here (vfork, posix_spawn) starts its ru_maxrss at this
    process's RSS, which would floor the small side's figure at Python's size. The wall time is
    measured here around the whole run (time's fork and wait are in both sides alike)."""
    rss_file = os.path.join(folder, "rss")
    start = time.perf_counter()
    proc = subprocess.run([TIME, "-f", "%M", "-o", rss_file, "--"] + argv, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, timeout=120)
    wall = time.perf_counter() - start
    with open(rss_file) as f:
        rss = int(f.read().split()[-1])
    os.remove(rss_file)
    return wall, rss, proc.stdout, proc.stderr, proc.returncode


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    config_main = str(pathlib.Path(sys.argv[1]).resolve())
    venv_python = str(pathlib.Path(sys.argv[2]) / "bin" / "python")
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    if not os.access(TIME, os.X_OK):
        sys.exit("compare_kms.py: needs GNU time at %s (apt-get install time)" % TIME)

    with tempfile.TemporaryDirectory(prefix="compare-kms-") as folder:
        # The server lives while its standard input is open; closing it stops moto (and the
        # server removes its setup file).
        server = subprocess.Popen([venv_python, str(MOTO_SERVER), "--dir", folder],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        try:
            ready = json.loads(server.stdout.readline() or "null")
            if not ready:
                sys.stderr.write("compare_kms.py: moto did not start\n")
                return 2
            setup = json.loads(pathlib.Path(folder, "moto-setup.json").read_text())
            env = {
                "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
                "HOME": folder,  # no shared credentials or config files
                "AWS_ENDPOINT_URL": "http://127.0.0.1:%d" % setup["port"],
                "AWS_REGION": setup["region"],
                "AWS_DEFAULT_REGION": setup["region"],
                "AWS_ACCESS_KEY_ID": setup["access_key_id"],
                "AWS_SECRET_ACCESS_KEY": setup["secret_access_key"],
                "AWS_EC2_METADATA_DISABLED": "true",
                "AWS_LAMBDA_FUNCTION_NAME": "alarm-to-slack",
                "kmsEncryptedHookUrl": setup["ciphertext"],
            }
            want = hashlib.sha256(setup["url"].encode()).hexdigest()
            sides = {
                "alarmbridge config": ([config_main], lambda out: json.loads(out)["webhook_url"]["source"]
                                       == "kms:" + setup["key_arn"]),
                "Python boto3 (blueprint)": ([venv_python, "-c", BLUEPRINT], lambda out: out.decode().strip() == want),
            }
            best = {name: [float("inf"), float("inf")] for name in sides}
            for _ in range(runs):
                for name, (argv, ok) in sides.items():
                    wall, rss, out, err, rc = run_once(argv, env, folder)
                    if rc != 0 or not ok(out):
                        sys.stderr.write("compare_kms.py: %s failed (exit %d): %s\n" % (name, rc, err.decode(errors="replace")[-2000:]))
                        return 2
                    best[name][0] = min(best[name][0], wall)
                    best[name][1] = min(best[name][1], rss)
        finally:
            server.stdin.close()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
            server.stdout.close()

    ours, theirs = best["alarmbridge config"], best["Python boto3 (blueprint)"]
    wall_ratio, rss_ratio = ours[0] / theirs[0], ours[1] / theirs[1]
    print("kmsEncryptedHookUrl -> webhook URL, one whole process against moto, best of %d" % runs)
    print("%-28s %12s %14s" % ("", "wall (ms)", "peak RSS (MiB)"))
    for name, (wall, rss) in best.items():
        print("%-28s %12.1f %14.1f" % (name, wall * 1000, rss / 1024))
    print("%-28s %12s %14s" % ("alarmbridge / Python", "%.3f (1/%.1f)" % (wall_ratio, 1 / wall_ratio),
                                "%.3f (1/%.1f)" % (rss_ratio, 1 / rss_ratio)))
    met = wall_ratio <= 0.1 and rss_ratio <= 1 / 3
    print("targets: wall <= 1/10 %s, peak RSS <= 1/3 %s" % ("met" if wall_ratio <= 0.1 else "MISSED",
                                                           "met" if rss_ratio <= 1 / 3 else "MISSED"))
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
