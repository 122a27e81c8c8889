"""alarmbridge.lambda_handler end to end against the Slack-like server: the library's handler core
(lambda::alarm_handler) behind the blueprint's entry point."""
import copy
import json
import logging

import pytest

import alarmbridge
from alarmbridge import _lambda

from conftest import DATA

SECRET_PATH = "T0HOOK123/B0HOOK456/Zz8HandlerSecretValue"
SECRET_PARTS = ("Zz8HandlerSecretValue", "T0HOOK123", "B0HOOK456")


class Context:
    """What Lambda passes as context, as far as the handler reads it."""

    def __init__(self, remaining_ms=30_000):
        self.remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self):
        return self.remaining_ms


@pytest.fixture
def handler_env(monkeypatch, slack_server):
    """A fresh handler (per process in Lambda; per test here) whose webhook URL is on the server."""
    for name in ("kmsEncryptedHookUrl", "ALARMBRIDGE_WEBHOOK_SECRET_ID", "ALARMBRIDGE_WEBHOOK_PARAMETER", "slackChannel",
                 "ALARMBRIDGE_LOCALE", "ALARMBRIDGE_STYLE"):
        monkeypatch.delenv(name, raising=False)
    _lambda._reset_for_tests()

    def use(scenario):
        monkeypatch.setenv("SLACK_WEBHOOK_URL", slack_server.url(f"{SECRET_PATH}/{scenario}"))
        return f"{SECRET_PATH}/{scenario}"

    yield use
    _lambda._reset_for_tests()


def mixed_event():
    return json.loads((DATA / "events" / "alarmbridge-sns-mixed-records.json").read_text())


def event_with_a_bad_record():
    """Two records: an alarm, and one whose Message is an alarm missing its name."""
    event = mixed_event()
    good = event["Records"][0]
    bad = copy.deepcopy(good)
    bad["Sns"]["MessageId"] = "6a1c2f0e-0000-5000-8000-0000000000ff"
    message = json.loads(bad["Sns"]["Message"])
    del message["AlarmName"]
    bad["Sns"]["Message"] = json.dumps(message)
    event["Records"] = [good, bad]
    return event


def no_secret_in(*texts):
    for text in texts:
        for part in SECRET_PARTS:
            assert part not in text, f"secret {part!r} in {text[:200]!r}"


def test_every_record_delivered(handler_env, slack_server, capsys):
    path = handler_env("ok")
    event = mixed_event()
    summary = alarmbridge.lambda_handler(event, Context())
    assert (summary["delivered"], summary["failed"], summary["duplicates"]) == (4, 0, 0)
    assert [r["status"] for r in summary["records"]] == ["delivered"] * 4
    # What reached Slack is what format_event_json makes of the event, record by record.
    got = [json.loads(r["body"]) for r in slack_server.requests(path)]
    expected = [json.loads(p) for p in alarmbridge.format_event_json(json.dumps(event))]
    assert got == expected
    # One JSON log line per record, with no event body and no secret.
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["record"] for line in lines] == [0, 1, 2, 3]
    assert lines[0]["alarm_name"] == "gov-disk-full" and lines[0]["status"] == "delivered"
    no_secret_in(*(json.dumps(line) for line in lines), json.dumps(summary))
    assert all("Deployment finished" not in json.dumps(line) for line in lines)  # record 1's body


def test_a_failing_record_raises_and_a_retry_sends_nothing_twice(handler_env, slack_server, capsys, caplog):
    caplog.set_level(logging.DEBUG)
    path = handler_env("ok")
    event = event_with_a_bad_record()
    with pytest.raises(alarmbridge.DeliveryError) as first:
        alarmbridge.lambda_handler(event, Context())
    assert first.value.code == "missing_field"
    assert "1 of 2 records failed" in str(first.value)
    assert (first.value.response["delivered"], first.value.response["failed"]) == (1, 1)
    assert len(slack_server.requests(path)) == 1

    # Lambda retries the whole event: the delivered record is not sent again.
    with pytest.raises(alarmbridge.DeliveryError) as again:
        alarmbridge.lambda_handler(event, Context())
    assert (again.value.response["delivered"], again.value.response["duplicates"], again.value.response["failed"]) == (0, 1, 1)
    assert [r["status"] for r in again.value.response["records"]] == ["duplicate", "failed"]
    assert len(slack_server.requests(path)) == 1

    captured = capsys.readouterr()
    no_secret_in(captured.out, captured.err, caplog.text, str(first.value), repr(first.value), str(again.value),
                 json.dumps(first.value.response), json.dumps(again.value.response))


def test_slack_refusing_raises_with_slacks_reason_and_no_secret(handler_env, slack_server, capsys):
    handler_env("channel_is_archived")
    with pytest.raises(alarmbridge.DeliveryError) as e:
        alarmbridge.lambda_handler(mixed_event(), Context())
    assert e.value.code == "slack_rejected"
    assert "channel_is_archived" in str(e.value)
    assert e.value.response["failed"] == 4
    captured = capsys.readouterr()
    no_secret_in(captured.out, captured.err, str(e.value), json.dumps(e.value.response))


def test_a_server_that_echoes_the_url_leaks_nothing(handler_env, slack_server, capsys):
    handler_env("echo-secret")
    with pytest.raises(alarmbridge.DeliveryError) as e:
        alarmbridge.lambda_handler(mixed_event(), Context())
    captured = capsys.readouterr()
    no_secret_in(captured.out, captured.err, str(e.value), json.dumps(e.value.response))


def test_the_invocation_deadline_is_kept(handler_env, slack_server):
    """600 ms left, 500 kept back: a post to a server that answers after 3 s is not waited for."""
    handler_env("slow-ok-3")
    with pytest.raises(alarmbridge.DeliveryError) as e:
        alarmbridge.lambda_handler(mixed_event(), Context(remaining_ms=600))
    assert e.value.response["failed"] == 4
    codes = {r["error"]["code"] for r in e.value.response["records"]}
    assert codes <= {"deadline_exceeded", "http_transport"}


def test_no_webhook_url_is_an_aws_error(monkeypatch):
    for name in ("SLACK_WEBHOOK_URL", "kmsEncryptedHookUrl", "ALARMBRIDGE_WEBHOOK_SECRET_ID",
                 "ALARMBRIDGE_WEBHOOK_PARAMETER"):
        monkeypatch.delenv(name, raising=False)
    _lambda._reset_for_tests()
    try:
        with pytest.raises(alarmbridge.AwsError) as e:
            alarmbridge.lambda_handler(mixed_event(), Context())
        assert e.value.code == "no_webhook_url"
    finally:
        _lambda._reset_for_tests()


def test_a_bad_setting_names_the_variable(monkeypatch, handler_env):
    handler_env("ok")
    monkeypatch.setenv("ALARMBRIDGE_STYLE", "fancy")
    with pytest.raises(alarmbridge.AlarmBridgeError) as e:
        alarmbridge.lambda_handler(mixed_event(), Context())
    assert e.value.code == "bad_value" and "ALARMBRIDGE_STYLE" in str(e.value)
