#!/usr/bin/env python3
"""Writes the reproductions of the bugs issue 12 names into tests/data/regressions/, where
tests/unit/regressions_test.cpp runs them through every fuzz check (docs/fuzzing.md).
Inputs found by the fuzzers are saved there directly; this script makes only the constructed ones.

    python3 tests/fuzz/known_bug_inputs.py
"""
import json
import pathlib

OUT = pathlib.Path(__file__).resolve().parent.parent / "data" / "regressions"


def alarm(name: str) -> dict:
    """A CloudWatch alarm as SNS carries it, in ALARM, in us-east-1."""
    return {
        "AlarmName": name,
        "AlarmDescription": None,
        "AWSAccountId": "123456789012",
        "NewStateValue": "ALARM",
        "NewStateReason": "Threshold Crossed",
        "StateChangeTime": "2026-11-30T20:50:00.000+0000",
        "Region": "US East (N. Virginia)",
        "AlarmArn": "arn:aws:cloudwatch:us-east-1:123456789012:alarm:x",
        "OldStateValue": "OK",
        "Trigger": {"MetricName": "CPUUtilization", "Namespace": "AWS/EC2", "StatisticType": "Statistic",
                    "Statistic": "AVERAGE", "Unit": None, "Dimensions": [], "Period": 60,
                    "EvaluationPeriods": 1, "ComparisonOperator": "GreaterThanThreshold", "Threshold": 80.0,
                    "TreatMissingData": "missing", "EvaluateLowSampleCountPercentile": ""},
    }


def section_without_text(mrkdwn: str) -> dict:
    """A message whose only block holds already escaped mrkdwn, and no fallback text: fit() sets one."""
    return {"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": mrkdwn}}]}


FILES = {
    # json_reader: simdjson refuses the wide integer, nlohmann re-reads the document and dump()
    # recurses through 200 000 levels.
    "wide-integer-then-deep-arrays.json":
        "[123456789012345678901234567890," + "[" * 200_000 + "]" * 200_000 + "]",
    # slack::parse_message recurses through 300 000 levels under "metadata".
    "message-deep-metadata.json": '{"metadata":' + "[" * 300_000 + "]" * 300_000 + "}",
    # 300 000 empty records: memory out of proportion to the 900 KB input.
    "many-empty-records.json": '{"Records":[' + ",".join(["{}"] * 300_000) + "]}",
    # fit() sets the fallback text from the blocks and un-escapes what was escaped.
    "fit-fallback-unescapes-channel.json": json.dumps(section_without_text("deploy &lt;!channel&gt; now")),
    "fit-fallback-unescapes-link.json": json.dumps(section_without_text("see &lt;https://evil.example/x|the console&gt;")),
    # An alarm name that percent-encodes to a console URL longer than Slack's 3000 characters.
    "long-console-url.json": json.dumps(alarm("/" * 1100)),
    # A Retry-After date past 2262, where system_clock's nanoseconds overflow.
    "retry-after-year-2300.txt": "Fri, 01 Jan 2300 00:00:00 GMT",
}

if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for name, text in FILES.items():
        data = text.encode()
        assert len(data) < 1 << 20, name
        (OUT / name).write_bytes(data)
        print(f"{OUT / name}: {len(data)} bytes")
