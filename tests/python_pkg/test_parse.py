"""parse_event: the inputs Lambda hands over, typed alarms, to_dict()."""
import json

import pytest

import alarmbridge
from alarmbridge.cloudwatch import AlarmKind, AlarmState


def test_dict_str_and_bytes_read_the_same(data):
    raw = (data / "events" / "alarmbridge-sns-mixed-records.json").read_bytes()
    from_bytes = alarmbridge.parse_event(raw)
    from_str = alarmbridge.parse_event(raw.decode())
    from_dict = alarmbridge.parse_event(json.loads(raw))
    assert from_bytes.to_dict() == from_str.to_dict() == from_dict.to_dict()
    assert from_bytes.kind == "sns_lambda_event"
    assert len(from_bytes) == 4


def test_typed_alarm_matches_the_event(data):
    raw = json.loads((data / "events" / "alarmbridge-sns-mixed-records.json").read_text())
    event = alarmbridge.parse_event(raw)
    record = event.records[0]
    sns_message = json.loads(raw["Records"][0]["Sns"]["Message"])
    alarm = record.alarm
    assert alarm.alarm_name == sns_message["AlarmName"]
    assert alarm.state.value is AlarmState(sns_message["NewStateValue"])
    assert alarm.state.reason == sns_message["NewStateReason"]
    assert alarm.previous_state.value is AlarmState(sns_message["OldStateValue"])
    assert alarm.kind is AlarmKind.METRIC
    dims = {d.name: d.value for d in alarm.trigger.dimensions}
    assert dims == {d["name"]: d["value"] for d in sns_message["Trigger"]["Dimensions"]}
    assert alarm.trigger.threshold == sns_message["Trigger"]["Threshold"]
    assert alarm.console_url.startswith("https://console.amazonaws-us-gov.com/cloudwatch/")
    assert record.sns.message_id == raw["Records"][0]["Sns"]["MessageId"]
    # to_dict is the model's JSON, and a copy
    d = alarm.to_dict()
    assert d["name"] == alarm.alarm_name and d["state"]["value"] == "ALARM"
    d["name"] = "changed"
    assert alarm.alarm_name == sns_message["AlarmName"]


def test_text_record(data):
    event = alarmbridge.parse_event((data / "events" / "alarmbridge-sns-mixed-records.json").read_bytes())
    text = event.records[1]
    assert text.alarm is None and text.error is None
    assert "Deployment finished" in text.text
    assert text.to_dict()["text"] == text.text


@pytest.mark.parametrize("path", sorted(p.name for p in (__import__("conftest").DATA / "events").glob("*.json")))
def test_every_corpus_event_parses(data, path):
    event = alarmbridge.parse_event((data / "events" / path).read_bytes())
    assert len(event.records) >= 1
    for r in event.records:
        assert (r.alarm is not None) + (r.text is not None) + (r.error is not None) == 1
        if r.alarm:
            assert r.alarm.alarm_name
            assert isinstance(r.alarm.state.value, AlarmState)


def test_a_bad_record_carries_its_error():
    event = {"Records": [{"EventSource": "aws:sns", "Sns": {"Type": "Notification", "MessageId": "m1",
                          "TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Timestamp": "2026-11-30T00:00:00.000Z",
                          "Message": "{\"AlarmName\": 5}"}}]}
    parsed = alarmbridge.parse_event(event)
    err = parsed.records[0].error
    assert isinstance(err, alarmbridge.ParseError)
    assert err.code in ("wrong_type", "missing_field")
    assert err.where.startswith("/Records/0/Sns/Message")
    assert parsed.records[0].to_dict()["error"]["code"] == err.code


def test_limits_apply():
    with pytest.raises(alarmbridge.ParseError) as e:
        alarmbridge.parse_event(b"[" * 2000 + b"]" * 2000)
    assert e.value.code == "too_deep"
    with pytest.raises(alarmbridge.ParseError) as e:
        alarmbridge.parse_event(b'{"x": "' + b"a" * 100 + b'"}', max_input_bytes=50)
    assert e.value.code == "too_large"
