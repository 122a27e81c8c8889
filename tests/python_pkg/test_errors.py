"""One exception hierarchy, with the library's code and where; the classes pickle."""
import json
import pickle

import pytest

import alarmbridge
from alarmbridge import errors


@pytest.mark.parametrize("cls", [errors.ParseError, errors.ValidationError, errors.DeliveryError,
                                 errors.AwsError, errors.SignatureError])
def test_every_error_is_an_alarmbridge_error(cls):
    assert issubclass(cls, alarmbridge.AlarmBridgeError)
    assert issubclass(cls, Exception)


def test_parse_error_fields():
    with pytest.raises(alarmbridge.AlarmBridgeError) as e:
        alarmbridge.parse_event(b'{"Records": [1')
    assert type(e.value) is alarmbridge.ParseError
    assert e.value.code == "json_syntax"
    assert e.value.where == ""
    assert str(e.value).startswith("json_syntax")


def test_validation_error_for_a_message_with_nothing_to_show():
    with pytest.raises(alarmbridge.ValidationError) as e:
        alarmbridge.slack.check({"channel": "C1"})
    assert e.value.code == "no_text" and e.value.where == ""


def test_validation_error_names_the_first_broken_limit():
    with pytest.raises(alarmbridge.ValidationError) as e:
        alarmbridge.slack.check({"text": "t", "blocks": [alarmbridge.slack.header("x" * 151)]})
    assert e.value.where == "/blocks/0/text/text"
    assert "151" in str(e.value)


def test_where_points_into_the_input():
    with pytest.raises(alarmbridge.ParseError) as e:
        alarmbridge.slack.validate({"blocks": [{"type": "section", "text": 5}]})
    assert e.value.code == "wrong_type"
    assert e.value.where == "/blocks/0/text"


def test_aws_error_fields():
    with pytest.raises(alarmbridge.AwsError) as e:
        alarmbridge.aws.resolve_webhook_url({})
    assert e.value.code == "no_webhook_url"
    assert e.value.status == 0 and e.value.request_id == ""


def test_signature_error_fields(data):
    message = json.loads((data / "sns-signed" / "notification-with-subject.json").read_text())
    message["Message"] += " (changed)"
    tampered = json.dumps(message)
    alarmbridge.sns.verify((data / "sns-signed" / "notification-with-subject.json").read_bytes(),
                           cert_dir=str(data / "sns-signed"), as_of_message_timestamp=True)  # the original verifies
    with pytest.raises(alarmbridge.SignatureError) as e:
        alarmbridge.sns.verify(tampered, cert_dir=str(data / "sns-signed"), as_of_message_timestamp=True)
    assert e.value.code == "signature_mismatch"


def test_error_codes_table():
    assert alarmbridge.ERROR_CODES["json_syntax"] == 101
    assert alarmbridge.ERROR_CODES["no_webhook_url"] == 505


def test_errors_pickle_with_their_fields():
    e = errors.AwsError("aws_service_error: X", code="aws_service_error", status=400, request_id="r1", aws_code="X")
    back = pickle.loads(pickle.dumps(e))
    assert type(back) is errors.AwsError
    assert (back.code, back.status, back.request_id, back.aws_code, str(back)) == (
        "aws_service_error", 400, "r1", "X", "aws_service_error: X")
