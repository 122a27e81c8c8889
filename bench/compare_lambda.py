#!/usr/bin/env python3
"""The native function against the Lambda blueprint's Python handler, under the same emulator, in
one run: init duration, peak memory, warm invocations per second.

    python3 bench/compare_lambda.py --build BUILD --ric-venv VENV [--moto-venv DIR] [--invocations 200] [--colds 3]

BUILD: a build tree with alarmbridge-lambda.zip (`--target lambda-package`), the emulator in
BUILD/rie/bin (tests/support/rie.cmake) and moto's venv (tests/support/moto_venv.cmake) in
BUILD/moto-venv unless --moto-venv names it. VENV: a venv with awslambdaric and boto3 (PyPI), which runs the
blueprint (cloudwatch-alarm-to-slack-python: boto3's KMS decrypt at import, urllib's POST per
invocation) as `python -m awslambdaric blueprint.lambda_handler`.

Both sides: the AWS Lambda Runtime Interface Emulator on 127.0.0.1 with the same variables
(kmsEncryptedHookUrl encrypted by moto's KMS under LambdaFunctionName=alarm-to-slack,
AWS_ENDPOINT_URL at moto, the test CA of the Slack-like server), the same event
(tests/data/events/alarmbridge-sns-metric-seoul.json, a fresh MessageId per invocation), the
same HTTPS Slack-like server. Measured:
  init     the emulator's INIT REPORT durationMs of a fresh process (best of --colds): process
           start to the first /next, the KMS decrypt included
  first    the first invocation's latency seen by the caller (init + handling), best of --colds
  memory   the runtime process's peak RSS (VmHWM) after the warm invocations
  warm     --invocations invocations one after another, each posting one message: per second
Targets (issue 17): native init <= 1/10 and peak memory <= 1/3 of the Python handler's.
Exit 0 when both are met, 1 when not, 2 when a run failed. Stops everything it started.
"""
import argparse
import copy
import json
import pathlib
import shutil
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "deploy"))
from local_lambda import Emulator, start_server, stop_server, store_webhook_url, unpack  # noqa: E402
SUPPORT = ROOT / "tests" / "support"
EVENT = ROOT / "tests" / "data" / "events" / "alarmbridge-sns-metric-seoul.json"
FUNCTION = "alarm-to-slack"

# The blueprint (cloudwatch-alarm-to-slack-python), as AWS published it but for the logging of the
# whole event, which is left as it is (it is part of what the blueprint costs).
BLUEPRINT = '''
import boto3
import json
import logging
import os

from base64 import b64decode
from urllib.request import Request, urlopen
from urllib.error import URLError, HTTPError

ENCRYPTED_HOOK_URL = os.environ['kmsEncryptedHookUrl']
SLACK_CHANNEL = os.environ['slackChannel']

HOOK_URL = "https://" + boto3.client('kms').decrypt(
    CiphertextBlob=b64decode(ENCRYPTED_HOOK_URL),
    EncryptionContext={'LambdaFunctionName': os.environ['AWS_LAMBDA_FUNCTION_NAME']}
)['Plaintext'].decode('utf-8')

logger = logging.getLogger()
logger.setLevel(logging.INFO)


def lambda_handler(event, context):
    logger.info("Event: " + str(event))
    message = json.loads(event['Records'][0]['Sns']['Message'])
    logger.info("Message: " + str(message))

    alarm_name = message['AlarmName']
    new_state = message['NewStateValue']
    reason = message['NewStateReason']

    slack_message = {
        'channel': SLACK_CHANNEL,
        'text': "%s state is now %s: %s" % (alarm_name, new_state, reason)
    }

    req = Request(HOOK_URL, json.dumps(slack_message).encode('utf-8'))
    try:
        response = urlopen(req)
        response.read()
        logger.info("Message posted to %s", slack_message['channel'])
    except HTTPError as e:
        logger.error("Request failed: %d %s", e.code, e.reason)
    except URLError as e:
        logger.error("Server connection failed: %s", e.reason)
'''


def events(n, start=0):
    base = json.loads(EVENT.read_text())
    for i in range(start, start + n):
        e = copy.deepcopy(base)
        e["Records"][0]["Sns"]["MessageId"] = f"00000000-0000-4000-8000-{i:012d}"
        yield json.dumps(e).encode()


def measure(name, make, colds, invocations, check):
    inits, firsts = [], []
    for c in range(colds):
        emu = make(f"{name}-cold{c}")
        try:
            t = time.perf_counter()
            check(emu.invoke(next(events(1, start=10**9 + c))))
            firsts.append((time.perf_counter() - t) * 1000)
            inits.append(emu.init_ms())
            if c + 1 < colds:
                continue
            bodies = list(events(invocations))
            t = time.perf_counter()
            for b in bodies:
                check(emu.invoke(b))
            rate = invocations / (time.perf_counter() - t)
            rss = emu.peak_rss_kib()
        finally:
            emu.stop()
    return {"init_ms": min(inits), "first_ms": min(firsts), "peak_rss_kib": rss, "warm_per_s": rate}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", required=True)
    ap.add_argument("--ric-venv", required=True)
    ap.add_argument("--moto-venv", help="moto's venv (default: BUILD/moto-venv)")
    ap.add_argument("--invocations", type=int, default=200)
    ap.add_argument("--colds", type=int, default=3)
    a = ap.parse_args()
    build = pathlib.Path(a.build).resolve()
    rie = str(build / "rie" / "bin" / "aws-lambda-rie")
    moto_python = str(pathlib.Path(a.moto_venv or build / "moto-venv").resolve() / "bin" / "python")
    ric_python = str(pathlib.Path(a.ric_venv).resolve() / "bin" / "python")

    work = pathlib.Path(tempfile.mkdtemp(prefix="alarmbridge-bench-lambda-"))
    servers = []
    try:
        moto, _ = start_server(moto_python, [str(SUPPORT / "moto_server.py"), "--dir", str(work)])
        servers.append(moto)
        setup = json.loads((work / "moto-setup.json").read_text())
        slack, ready = start_server(sys.executable, [str(SUPPORT / "slack_server.py"), "--tls"])
        servers.append(slack)
        base = f"https://127.0.0.1:{ready['port']}/services/T0BENCH/B0BENCH"

        def encrypted(url):
            return store_webhook_url(moto_python, setup, url, FUNCTION, "bench-" + url.rsplit("/", 2)[1])

        common = {"AWS_LAMBDA_FUNCTION_NAME": FUNCTION, "slackChannel": "#alarms",
                  "AWS_ENDPOINT_URL": f"http://127.0.0.1:{setup['port']}", "AWS_REGION": setup["region"], "AWS_DEFAULT_REGION": setup["region"],
                  "AWS_ACCESS_KEY_ID": setup["access_key_id"], "AWS_SECRET_ACCESS_KEY": setup["secret_access_key"],
                  "AWS_EC2_METADATA_DISABLED": "true"}

        task = unpack(build / "alarmbridge-lambda.zip", work / "native")
        native_env = dict(common, kmsEncryptedHookUrl=encrypted(base + "/native/ok"), ALARMBRIDGE_CA_FILE=ready["ca"])

        py_task = work / "python"
        py_task.mkdir()
        (py_task / "blueprint.py").write_text(BLUEPRINT)
        python_env = dict(common, kmsEncryptedHookUrl=encrypted(base + "/python/ok"),
                          SSL_CERT_FILE=ready["ca"], LAMBDA_TASK_ROOT=str(py_task), PYTHONPATH=str(py_task))

        def native_check(body):
            if json.loads(body).get("delivered") != 1:
                raise RuntimeError(f"native: {body[:300]!r}")

        def python_check(body):
            if body.strip() not in (b"null", b""):
                raise RuntimeError(f"python: {body[:300]!r}")

        results = {
            "native": measure("native", lambda n: Emulator(rie, [str(task / "bootstrap")], native_env, str(task),
                                                           str(work / f"{n}.log")),
                              a.colds, a.invocations, native_check),
            "python": measure("python", lambda n: Emulator(rie, [ric_python, "-m", "awslambdaric", "blueprint.lambda_handler"],
                                                           python_env, str(py_task), str(work / f"{n}.log")),
                              a.colds, a.invocations, python_check),
        }
    except Exception as e:  # noqa: BLE001 - a failed run is reported, with exit status 2
        print(f"compare_lambda.py: a run failed: {e}", file=sys.stderr)
        return 2
    finally:
        for s in reversed(servers):
            stop_server(s)
        shutil.rmtree(work, ignore_errors=True)

    n, p = results["native"], results["python"]
    print(f"Under aws-lambda-rie, {a.invocations} warm invocations, best of {a.colds} cold starts; same moto KMS, same event, same HTTPS Slack-like server")
    print(f"{'':22}{'native':>12}{'python':>12}{'native/python':>16}")
    rows = [("init (ms)", "init_ms", "{:.1f}"), ("first invocation (ms)", "first_ms", "{:.1f}"),
            ("peak RSS (MiB)", "peak_rss_kib", "{:.1f}"), ("warm invocations/s", "warm_per_s", "{:.0f}")]
    for label, key, fmt in rows:
        nv, pv = n[key], p[key]
        if key == "peak_rss_kib":
            nv, pv = nv / 1024, pv / 1024
        print(f"{label:22}{fmt.format(nv):>12}{fmt.format(pv):>12}{nv / pv:>16.3f}")
    init_ok = n["init_ms"] <= p["init_ms"] / 10
    mem_ok = n["peak_rss_kib"] <= p["peak_rss_kib"] / 3
    print(f"targets: init <= 1/10: {'met' if init_ok else 'NOT met'}; peak memory <= 1/3: {'met' if mem_ok else 'NOT met'}")
    return 0 if init_ok and mem_ok else 1


if __name__ == "__main__":
    sys.exit(main())
