#!/usr/bin/env python3
"""Side by side, in one run: the AWS blueprint's way (CPython json + dicts + % formatting) against
alarmbridge's C++ path (format::payloads: event bytes in, Slack payload bytes out), on the same
3 KB SNS Lambda event.

    python3 bench/compare_blueprint.py build/bench/format_bench [seconds]

Two Python formatters, both written the blueprint's way:
- same_message(): the message alarmbridge writes (header, colored bar, summary, fields, date token,
  reason, three buttons, every AWS string escaped). Checked equal, as JSON, to what the
  `alarmbridge format` command next to the benchmark prints for the event, so the ratio compares
  like with like;
- smaller_message(): a lighter Block Kit body (fewer fields, no escaping, no date token, no metric
  link), as a floor for what a Python function does per event.
No network: the webhook POST is part of neither.
"""
import datetime
import json
import pathlib
import re
import subprocess
import sys
import time
import urllib.parse

EVENT = pathlib.Path(__file__).resolve().parent.parent / "tests" / "data" / "events" / "alarmbridge-sns-metric-3kb.json"

REGIONS = {"Asia Pacific (Seoul)": "ap-northeast-2", "US East (N. Virginia)": "us-east-1", "US West (Oregon)": "us-west-2",
           "EU (Ireland)": "eu-west-1"}
STATISTICS = {"AVERAGE": "Average", "SUM": "Sum", "MINIMUM": "Minimum", "MAXIMUM": "Maximum", "SAMPLE_COUNT": "SampleCount"}
OPERATORS = {"GreaterThanThreshold": ">", "GreaterThanOrEqualToThreshold": "\u2265", "LessThanThreshold": "<",
             "LessThanOrEqualToThreshold": "\u2264"}
BANDS = {"GreaterThanUpperThreshold": "above the band", "LessThanLowerThreshold": "below the band"}
EMOJI = {"ALARM": ":red_circle:", "OK": ":large_green_circle:", "INSUFFICIENT_DATA": ":white_circle:"}
COLORS = {"ALARM": "danger", "OK": "good", "INSUFFICIENT_DATA": "#A0A0A0"}
URL = re.compile(r"https?://[^ \n\t)\"<>]+")
RUNBOOK_HOSTS = ()  # hosts a description link may point to for a Runbook button


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def period_text(seconds):
    for size, unit in ((86400, "d"), (3600, "h"), (60, "min")):
        if seconds > 0 and seconds % size == 0:
            return "%d %s" % (seconds // size, unit)
    return "%d s" % seconds


def jsurl(text):
    out = "'"
    for ch in text:
        if ch.isascii() and (ch.isalnum() or ch in "_-."):
            out += ch
        elif ch == "$":
            out += "!"
        else:
            out += "*%02x" % ord(ch) if ord(ch) < 0x100 else "**%04x" % ord(ch)
    return out


def same_message(raw):
    """The message alarmbridge writes for a metric or anomaly detection alarm, built the blueprint's way."""
    event = json.loads(raw)
    payloads = []
    for record in event["Records"]:
        message = json.loads(record["Sns"]["Message"])
        name, state, reason = message["AlarmName"], message["NewStateValue"], message.get("NewStateReason", "")
        trigger = message.get("Trigger", {})
        region = REGIONS.get(message.get("Region"), "")
        datapoints = "for %d of %d datapoints of %%s" % (trigger.get("DatapointsToAlarm", trigger["EvaluationPeriods"]),
                                                          trigger["EvaluationPeriods"])
        if "Metrics" in trigger:  # an anomaly detection band: the metric's stat against the band's expression
            stat = next(q["MetricStat"] for q in trigger["Metrics"] if "MetricStat" in q)
            band = next(q["Expression"] for q in trigger["Metrics"]
                        if q.get("Expression") and q["Id"] == trigger.get("ThresholdMetricId", q["Id"]))
            metric, dims = stat["Metric"], stat["Metric"].get("Dimensions", [])
            summary = "%s (%s) %s %s %s %s" % (metric["MetricName"], metric["Namespace"], stat["Stat"],
                                               BANDS.get(trigger["ComparisonOperator"], "outside the band"), band,
                                               datapoints % period_text(stat.get("Period", trigger["Period"])))
            graph = None  # alarmbridge links a graph for a single metric only
        else:
            stat = STATISTICS.get(trigger.get("Statistic"), trigger.get("Statistic", ""))
            threshold = "%.10g" % trigger["Threshold"]
            dims = trigger.get("Dimensions", [])
            summary = "%s (%s) %s %s %s %s" % (trigger["MetricName"], trigger["Namespace"], stat,
                                               OPERATORS[trigger["ComparisonOperator"]], threshold,
                                               datapoints % period_text(trigger["Period"]))
            graph = "~(metrics~(~(%s~%s%s))~region~%s~stat~%s~period~%d)" % (
                jsurl(trigger["Namespace"]), jsurl(trigger["MetricName"]),
                "".join("~%s~%s" % (jsurl(d["name"]), jsurl(d["value"])) for d in dims),
                jsurl(region), jsurl(stat), trigger["Period"])
        summary = escape(summary)
        headline = "%s %s: %s" % (EMOJI[state], state, escape(name))
        text = "%s - %s" % (headline, summary)
        changed = datetime.datetime.strptime(message["StateChangeTime"], "%Y-%m-%dT%H:%M:%S.%f%z")
        when = "<!date^%d^{date_short_pretty} {time}|%s>" % (int(changed.timestamp()), changed.strftime("%Y-%m-%d %H:%M UTC"))
        dimensions = "\n".join("%s = %s" % (escape(d["name"]), escape(d["value"])) for d in dims)
        console = "https://%s.console.aws.amazon.com/cloudwatch/home?region=%s#alarmsV2:alarm/%s" % (
            region, urllib.parse.quote(region, safe=""), urllib.parse.quote(name, safe=""))
        description = message.get("AlarmDescription") or ""
        buttons = [{"type": "button", "text": {"type": "plain_text", "text": "View alarm"}, "action_id": "view_alarm",
                    "url": console, "style": "primary"}]
        if graph:
            buttons.append({"type": "button", "text": {"type": "plain_text", "text": "View metric"},
                            "action_id": "view_metric", "url": console.split("#")[0] + "#metricsV2:graph=" + graph})
        runbook = URL.search(description)
        # alarmbridge takes a runbook link from the description only on a configured host
        # (format::options::runbook_hosts); like its default configuration, this one has none.
        if runbook and urllib.parse.urlsplit(runbook.group(0)).hostname in RUNBOOK_HOSTS:
            buttons.append({"type": "button", "text": {"type": "plain_text", "text": "Runbook"}, "action_id": "runbook",
                            "url": runbook.group(0).rstrip(".,;")})
        fields = [("State change", "%s \u2192 %s" % (message.get("OldStateValue", "?"), state)),
                  ("Alarm name", escape(name)), ("Time", when), ("Account", escape(message.get("AWSAccountId", "-"))),
                  ("Region", escape("%s (%s)" % (message.get("Region"), region))), ("Dimensions", dimensions)]
        payload = {
            "text": text,
            "blocks": [{"type": "header", "text": {"type": "plain_text", "text": headline, "emoji": True}}],
            "attachments": [{"color": COLORS[state], "fallback": text, "blocks": [
                {"type": "section", "text": {"type": "mrkdwn", "text": summary + ("\n_%s_" % escape(description) if description else "")},
                 "fields": [{"type": "mrkdwn", "text": "*%s*\n%s" % f} for f in fields]},
                {"type": "context", "elements": [{"type": "mrkdwn", "text": "*Reason*: " + escape(reason)}]},
                {"type": "actions", "elements": buttons}]}],
        }
        payloads.append(json.dumps(payload, ensure_ascii=False).encode("utf-8"))
    return payloads


def smaller_message(raw):
    """The blueprint extended to a lighter Block Kit body (header, four fields, reason, one button)."""
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


def python_rate(formatter, seconds):
    raw = EVENT.read_bytes()
    n, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        for _ in range(200):
            formatter(raw)
        n += 200
    return n / (time.perf_counter() - start)


def cxx_rate(binary, seconds):
    out = subprocess.run([binary, "--benchmark_filter=event_to_slack_body/0/0", f"--benchmark_min_time={seconds}",
                          "--benchmark_format=json"], check=True, capture_output=True, text=True).stdout
    return json.loads(out)["benchmarks"][0]["items_per_second"]


def check_same(binary):
    """The Python formatter writes what alarmbridge writes, or the comparison is not like with like."""
    cli = pathlib.Path(binary).resolve().parent.parent / "alarmbridge"
    ours = json.loads(subprocess.run([str(cli), "format", str(EVENT)], check=True, capture_output=True, text=True).stdout)
    theirs = [json.loads(p) for p in same_message(EVENT.read_bytes())]
    if ours != theirs:
        sys.exit("compare_blueprint.py: the Python formatter no longer writes alarmbridge's message:\n"
                 + json.dumps(ours, indent=1, ensure_ascii=False) + "\n" + json.dumps(theirs, indent=1, ensure_ascii=False))


def main():
    binary = sys.argv[1] if len(sys.argv) > 1 else "build/bench/format_bench"
    seconds = float(sys.argv[2]) if len(sys.argv) > 2 else 2.0
    check_same(binary)
    same = python_rate(same_message, seconds)
    cxx = cxx_rate(binary, seconds)
    smaller = python_rate(smaller_message, seconds)
    print(f"CPython, the same message (checked equal to ours):     {same:,.0f} events/s")
    print(f"CPython, a smaller Block Kit message:                  {smaller:,.0f} events/s")
    print(f"alarmbridge format::payloads (event bytes -> payload): {cxx:,.0f} events/s")
    print(f"ratio, same message: {cxx / same:.1f}x   against the smaller message: {cxx / smaller:.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
