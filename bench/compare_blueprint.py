#!/usr/bin/env python3
"""Side by side, in one run: the AWS blueprint's way (CPython json + dict building, here with a
Block Kit message of the same shape as ours) against alarmbridge's C++ path, on the same 3 KB event.

    python3 bench/compare_blueprint.py build/bench/format_bench [seconds]

Prints events/s for both and the ratio. No network: the webhook POST is not part of either.
"""
import json
import pathlib
import subprocess
import sys
import time

EVENT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "events" / "alarmbridge-sns-metric-3kb.json"


def blueprint_block_kit(raw: bytes) -> bytes:
    """What the blueprint does, extended to a Block Kit body like ours (header, fields, context, button)."""
    event = json.loads(raw)
    record = event["Records"][0]
    message = json.loads(record["Sns"]["Message"])
    name = message["AlarmName"]
    state = message["NewStateValue"]
    reason = message["NewStateReason"]
    trigger = message.get("Trigger", {})
    summary = "%s (%s) %s > %s" % (trigger.get("MetricName"), trigger.get("Namespace"), trigger.get("Statistic"), trigger.get("Threshold"))
    payload = {
        "text": "%s state is now %s: %s" % (name, state, reason),
        "blocks": [{"type": "header", "text": {"type": "plain_text", "text": ":red_circle: %s: %s" % (state, name)}}],
        "attachments": [{"color": "danger", "blocks": [
            {"type": "section", "text": {"type": "mrkdwn", "text": summary},
             "fields": [{"type": "mrkdwn", "text": "*State change*\n%s -> %s" % (message.get("OldStateValue"), state)},
                        {"type": "mrkdwn", "text": "*Alarm name*\n%s" % name},
                        {"type": "mrkdwn", "text": "*Account*\n%s" % message.get("AWSAccountId")},
                        {"type": "mrkdwn", "text": "*Region*\n%s" % message.get("Region")}]},
            {"type": "context", "elements": [{"type": "mrkdwn", "text": reason}]},
            {"type": "actions", "elements": [{"type": "button", "text": {"type": "plain_text", "text": "View alarm"},
                                              "url": "https://console.aws.amazon.com/cloudwatch/home#alarmsV2:alarm/" + name}]}]}],
    }
    return json.dumps(payload).encode("utf-8")


def python_rate(seconds: float) -> float:
    raw = EVENT.read_bytes()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(200):
            blueprint_block_kit(raw)
        n += 200
    return n / (time.perf_counter() - start)


def cxx_rate(binary: str, seconds: float) -> float:
    out = subprocess.run([binary, "--benchmark_filter=event_to_slack_body/0/0", f"--benchmark_min_time={seconds}",
                          "--benchmark_format=json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)["benchmarks"][0]["items_per_second"]


def main() -> int:
    binary = sys.argv[1] if len(sys.argv) > 1 else "build/bench/format_bench"
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    py = python_rate(seconds)
    cxx = cxx_rate(binary, seconds)
    print(f"CPython blueprint way (json + dicts, Block Kit body): {py:,.0f} events/s")
    print(f"alarmbridge parse_event + alarm_message + serialize:  {cxx:,.0f} events/s")
    print(f"ratio: {cxx / py:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
