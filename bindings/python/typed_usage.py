"""Typed use of the alarmbridge package: bindings/python/check_stubs.sh runs mypy --strict on it, so
that the shipped stubs (alarmbridge/_core.pyi) and annotations describe the API as documented.
It is type-checked, not run."""

from __future__ import annotations

from typing import Any, Dict, List, Optional

import alarmbridge
from alarmbridge import slack
from alarmbridge.cloudwatch import Alarm, AlarmState


def names_in_alarm(event: Dict[str, Any]) -> List[str]:
    parsed: alarmbridge.Event = alarmbridge.parse_event(event)
    out: List[str] = []
    for record in parsed.records:
        alarm: Optional[Alarm] = record.alarm
        if alarm is not None and alarm.state.value is AlarmState.ALARM:
            trigger = alarm.trigger
            dims = {d.name: d.value for d in trigger.dimensions} if trigger else {}
            out.append(f"{alarm.alarm_name} {dims}")
    return out


def payloads(raw: bytes) -> List[bytes]:
    return alarmbridge.format_event_json(raw, locale="ko", style=alarmbridge.Style.COMPACT)


def messages(raw: bytes) -> List[Dict[str, Any]]:
    return alarmbridge.format_event(raw, runbook_url="https://wiki.example.com/{alarm_name}")


def post(url: str, raw: bytes) -> int:
    client = slack.WebhookClient(url, timeout=5)
    delivered = 0
    for body in payloads(raw):
        response: slack.WebhookResponse = client.send_dict(body)
        if response.delivered:
            delivered += 1
        elif response.slack_error is not None:
            print(response.status_code, response.slack_error)
    client.send(text="done", blocks=[slack.header("Done"), slack.section("all sent", fields=["a", "b"])])
    return delivered


def problems(message: Dict[str, Any]) -> List[str]:
    found: List[slack.Violation] = slack.validate(message)
    return [v.describe() for v in found if v.severity is slack.Severity.ERROR]


def errors() -> Optional[str]:
    try:
        alarmbridge.parse_event(b"{")
    except alarmbridge.ParseError as e:
        code: str = e.code
        where: str = e.where
        return code + where
    except alarmbridge.AwsError as e:
        status: int = e.status
        return str(status)
    return None


def webhook_url() -> str:
    resolved = alarmbridge.aws.resolve_webhook_url({"SLACK_WEBHOOK_URL": "https://hooks.slack.com/services/T/B/x"})
    source: str = resolved.source
    return source + resolved.redacted
