#!/usr/bin/env python3
"""The Python package against Python, side by side in one run (issue 15).

    python bench/compare_python.py [seconds]      # with alarmbridge, orjson and boto3 installed

1. Formatting, one process, the same 3 KB SNS Lambda event: alarmbridge.format_event_json (bytes in,
   payload bytes out) against bench/compare_blueprint.py's same_message() - the blueprint's way
   (CPython json + dicts) of writing the very message alarmbridge writes, checked equal first - and
   against that same formatter with orjson in place of json.
2. Cold start: wall time of a fresh process that imports alarmbridge and handles one event
   (alarmbridge.lambda_handler posting to tests/support/slack_server.py on 127.0.0.1), against one
   that imports boto3 and creates a KMS client, as the blueprint's module does before its handler
   runs. Medians of alternating runs.
"""
import importlib.util
import json
import os
import pathlib
import statistics
import subprocess
import sys
import time
import types

import orjson

import alarmbridge

ROOT = pathlib.Path(__file__).resolve().parent.parent
spec = importlib.util.spec_from_file_location("compare_blueprint", ROOT / "bench" / "compare_blueprint.py")
blueprint = importlib.util.module_from_spec(spec)
spec.loader.exec_module(blueprint)
EVENT = blueprint.EVENT


class _Payload(bytes):
    """orjson.dumps gives bytes; same_message calls .encode("utf-8") on what dumps gives."""

    def encode(self, *_):
        return self


_orjson_as_json = types.SimpleNamespace(loads=orjson.loads,
                                        dumps=lambda obj, ensure_ascii=False: _Payload(orjson.dumps(obj)))
# same_message, unchanged, with orjson where it says json.
same_message_orjson = types.FunctionType(blueprint.same_message.__code__,
                                         dict(vars(blueprint), json=_orjson_as_json), "same_message_orjson")


def rate(formatter, raw, seconds):
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(200):
            formatter(raw)
        n += 200
    return n / (time.perf_counter() - start)


def check_same(raw):
    ours = [json.loads(p) for p in alarmbridge.format_event_json(raw)]
    for name, f in (("json", blueprint.same_message), ("orjson", same_message_orjson)):
        theirs = [json.loads(p) for p in f(raw)]
        if ours != theirs:
            sys.exit(f"compare_python.py: the Python formatter ({name}) does not write alarmbridge's message")


COLD_ALARMBRIDGE = """
import json, sys, alarmbridge
class C:
    def get_remaining_time_in_millis(self): return 10000
summary = alarmbridge.lambda_handler(json.loads(open(sys.argv[1], 'rb').read()), C())
assert summary['delivered'] == 1, summary
"""
COLD_BOTO3 = """
import boto3
boto3.client('kms')
"""


def wall(code, env, *args):
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, *args], check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def cold_start(runs):
    server = subprocess.Popen([sys.executable, str(ROOT / "tests" / "support" / "slack_server.py")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        port = json.loads(server.stdout.readline())["port"]
        env = dict(os.environ, SLACK_WEBHOOK_URL=f"http://127.0.0.1:{port}/bench/ok", AWS_REGION="us-east-1",
                   AWS_DEFAULT_REGION="us-east-1")
        ours, boto = [], []
        for _ in range(runs):  # alternating, so that both see the same machine
            ours.append(wall(COLD_ALARMBRIDGE, env, str(EVENT)))
            boto.append(wall(COLD_BOTO3, env))
        return statistics.median(ours), statistics.median(boto)
    finally:
        server.stdin.close()
        server.wait(timeout=10)
        server.stdout.close()


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    raw = EVENT.read_bytes()
    check_same(raw)
    ours = rate(alarmbridge.format_event_json, raw, seconds)
    py_json = rate(blueprint.same_message, raw, seconds)
    py_orjson = rate(same_message_orjson, raw, seconds)
    print(f"Python {sys.version.split()[0]}, alarmbridge {alarmbridge.__version__}, event {EVENT.name} ({len(raw)} bytes)")
    print(f"alarmbridge.format_event_json:                {ours:12,.0f} events/s")
    print(f"same message, CPython json (checked equal):   {py_json:12,.0f} events/s   ratio {ours / py_json:5.1f}x")
    print(f"same message, orjson (checked equal):         {py_orjson:12,.0f} events/s   ratio {ours / py_orjson:5.1f}x")
    ab, boto = cold_start(runs=7)
    print(f"cold start, import alarmbridge + handle one event (posted): {ab * 1000:7.1f} ms (median of 7)")
    print(f"cold start, import boto3 + create a KMS client:             {boto * 1000:7.1f} ms (median of 7)")
    print(f"ratio: {ab / boto:.2f} of boto3's wall time")
    return 0


if __name__ == "__main__":
    sys.exit(main())
