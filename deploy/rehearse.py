#!/usr/bin/env python3
"""A local rehearsal of the whole deployed chain, with no AWS account: alarm event -> the packaged
native function (alarmbridge-lambda.zip, unpacked, run by the Lambda Runtime Interface Emulator
with only the variables a deployment sets) -> the webhook URL decrypted by moto's KMS under the
function's encryption context -> the Slack message, received by the Slack-like server over HTTPS.

    <moto venv>/bin/python deploy/rehearse.py --build build/release [EVENT.json]

deploy/rehearse.sh builds what this needs and runs it. Everything listens on 127.0.0.1 only and
everything started is stopped (and the folder made removed) at the end, also on failure.
"""
import argparse
import json
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.request

from local_lambda import Emulator, start_server, stop_server, store_webhook_url, unpack

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SUPPORT = os.path.join(ROOT, "tests", "support")
FUNCTION = "alarm-to-slack"


def section(title):
    print(f"\n\033[1m== {title}\033[0m" if sys.stdout.isatty() else f"\n== {title}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build/release")
    ap.add_argument("event", nargs="?", default=os.path.join(ROOT, "tests/data/events/alarmbridge-sns-metric-seoul.json"))
    a = ap.parse_args()
    build = os.path.abspath(a.build)
    zip_path = os.path.join(build, "alarmbridge-lambda.zip")
    rie = os.path.join(build, "rie", "bin", "aws-lambda-rie")
    for need in (zip_path, rie):
        if not os.path.exists(need):
            sys.exit(f"rehearse.py: {need} is missing: run deploy/rehearse.sh")

    work = tempfile.mkdtemp(prefix="alarmbridge-rehearsal-")
    started = []
    emulator = None
    try:
        moto, _ = start_server(sys.executable, [os.path.join(SUPPORT, "moto_server.py"), "--dir", work])
        started.append(moto)
        with open(os.path.join(work, "moto-setup.json")) as f:
            setup = json.load(f)
        slack, slack_ready = start_server(sys.executable, [os.path.join(SUPPORT, "slack_server.py"), "--tls"])
        started.append(slack)
        ca = slack_ready["ca"]
        path = "/services/T0REHEARSE/B0REHEARSE/rehearsalSecret0000/ok"
        url = f"https://127.0.0.1:{slack_ready['port']}{path}"

        section("1. The webhook URL, encrypted as docs/deploy.md says (moto's KMS)")
        print(f"aws kms encrypt --key-id {setup['key_arn']} --encryption-context LambdaFunctionName={FUNCTION} ...")
        blob = store_webhook_url(sys.executable, setup, url, FUNCTION, "rehearsal")
        print(f"kmsEncryptedHookUrl = {blob[:24]}... ({len(blob)} characters)")

        section("2. The packaged function, under the Lambda emulator")
        task = unpack(zip_path, os.path.join(work, "task"))
        env = {"kmsEncryptedHookUrl": blob, "AWS_LAMBDA_FUNCTION_NAME": FUNCTION, "ALARMBRIDGE_CA_FILE": ca,
               "AWS_ENDPOINT_URL": f"http://127.0.0.1:{setup['port']}", "AWS_REGION": setup["region"],
               "AWS_ACCESS_KEY_ID": setup["access_key_id"], "AWS_SECRET_ACCESS_KEY": setup["secret_access_key"],
               "AWS_EC2_METADATA_DISABLED": "true"}
        emulator = Emulator(rie, [str(task / "bootstrap")], env, str(task), os.path.join(work, "rie.log"))
        print(f"{os.path.basename(zip_path)} unpacked; aws-lambda-rie --runtime-interface-emulator-address "
              f"127.0.0.1:{emulator.port} bootstrap, environment: {', '.join(sorted(env))} (nothing else)")

        section(f"3. The alarm event in: {os.path.relpath(a.event, ROOT)}")
        with open(a.event, "rb") as f:
            event = f.read()
        started_at = time.monotonic()
        answer = emulator.invoke(event).decode()
        took = time.monotonic() - started_at
        print(f"the function answered in {took * 1000:.0f} ms (cold start included):")
        print(json.dumps(json.loads(answer), indent=2, ensure_ascii=False))
        lines = [l for l in emulator.log().splitlines() if l.startswith("{")]
        print("its log lines:")
        for l in lines:
            print("  " + l)

        section("4. The Slack message out, as the Slack-like server received it")
        ctx = ssl.create_default_context(cafile=ca)
        with urllib.request.urlopen(f"https://127.0.0.1:{slack_ready['port']}/_requests?path={path}",
                                    context=ctx, timeout=10) as r:
            received = json.loads(r.read())
        if not received:
            sys.exit("FAILED: nothing reached the Slack-like server")
        cli = os.path.join(build, "alarmbridge")
        for i, got in enumerate(received):
            print(f"POST {path.rsplit('/', 2)[0]}/*** ({len(got['body'])} bytes)")
            if os.path.exists(cli):
                subprocess.run([cli, "preview", "--width", "78", "-"], input=got["body"].encode(), check=False)
            else:
                print(json.dumps(json.loads(got["body"]), indent=2, ensure_ascii=False))
        ok = json.loads(answer).get("failed", 1) == 0 and "rehearsalSecret0000" not in emulator.log()
        section("OK: alarm in, Slack message out" if ok else "FAILED")
        return 0 if ok else 1
    finally:
        if emulator is not None:
            emulator.stop()
        for p in reversed(started):
            stop_server(p)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
