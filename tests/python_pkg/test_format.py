"""Formatting: parity with the C++ golden files (tests/data/golden, written by the C++ tests)."""
import json

import pytest

import alarmbridge
from alarmbridge import Style

from conftest import DATA

CASES = [
    pytest.param(event.name, locale, style, id=f"{event.stem}.{locale}.{style}")
    for event in sorted((DATA / "events").glob("*.json"))
    for locale in ("en", "ko")
    for style in ("rich", "compact", "blueprint")
]


@pytest.mark.parametrize("event,locale,style", CASES)
def test_format_event_json_matches_the_golden_file(data, event, locale, style):
    raw = (data / "events" / event).read_bytes()
    golden = json.loads((data / "golden" / f"{event[:-5]}.{locale}.{style}.expected.json").read_text(encoding="utf-8"))
    errors = [g["error"] for g in golden if set(g) == {"error"}]
    if errors:
        with pytest.raises(alarmbridge.AlarmBridgeError) as e:
            alarmbridge.format_event_json(raw, locale=locale, style=style)
        assert e.value.code == errors[0]["code"]
        return
    payloads = alarmbridge.format_event_json(raw, locale=locale, style=Style[style.upper()])
    assert all(isinstance(p, bytes) for p in payloads)
    assert [json.loads(p) for p in payloads] == golden
    # format_event: the same messages as dicts, from the dict Lambda hands over
    assert alarmbridge.format_event(json.loads(raw), locale=locale, style=style) == golden


def test_options_reach_the_formatter(data):
    raw = (data / "events" / "alarmbridge-sns-metric-seoul.json").read_bytes()
    [payload] = alarmbridge.format_event(raw, runbook_url="https://wiki.example.com/runbooks/{alarm_name}",
                                         mention_users=["U012AB3CD"])
    buttons = [e for b in payload.get("blocks", []) + [b for a in payload.get("attachments", []) for b in a.get("blocks", [])]
               if b["type"] == "actions" for e in b["elements"]]
    assert any(b.get("url", "").startswith("https://wiki.example.com/runbooks/") for b in buttons)
    assert "<@U012AB3CD>" in json.dumps(payload)


def test_format_event_json_takes_bytes_not_dicts():
    with pytest.raises(TypeError):
        alarmbridge.format_event_json({"Records": []})


def test_unusable_input_raises_parse_error():
    with pytest.raises(alarmbridge.ParseError) as e:
        alarmbridge.format_event_json(b'{"hello": 1}')
    assert e.value.code == "unrecognized_event"
