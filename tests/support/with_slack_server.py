#!/usr/bin/env python3
"""Runs a command with a Slack-like webhook server on 127.0.0.1 (tests/support/slack_server.py):

    with_slack_server.py [--tls] SCENARIO -- COMMAND [ARGS...]

SLACK_WEBHOOK_URL is set to a webhook URL on that server answering as SCENARIO says ("ok",
"channel_not_found", ...), and SLACK_CA_FILE to the test CA with --tls. Exits with the command's
status. For ctest: the examples run against a real endpoint.
"""
import json
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
args = sys.argv[1:]
tls = "--tls" in args
args = [a for a in args if a != "--tls"]
scenario, command = args[0], args[args.index("--") + 1:]
server = subprocess.Popen([sys.executable, os.path.join(here, "slack_server.py")] + (["--tls"] if tls else []),
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
ready = json.loads(server.stdout.readline())
scheme = "https" if tls else "http"
env = dict(os.environ, SLACK_WEBHOOK_URL=f"{scheme}://127.0.0.1:{ready['port']}/services/T0EXAMPLE/B0EXAMPLE/exampleSecret1/{scenario}")
if ready["ca"]:
    env["SLACK_CA_FILE"] = ready["ca"]
try:
    status = subprocess.run(command, env=env, timeout=120).returncode
finally:
    server.stdin.close()
    server.wait(timeout=10)
sys.exit(status)
