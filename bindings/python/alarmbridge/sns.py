"""SNS (alarmbridge::sns): the envelope of a record that came through SNS, and signature checks."""

from __future__ import annotations

from typing import Any, Dict, Mapping, Optional, Union

from . import _core
from ._model import Model


class SnsMessage(Model):
    """An SNS message as SNS sent it (the wire names are kept: ``to_dict()`` has ``MessageId``, ...)."""

    @property
    def type(self) -> str:
        return str(self._data["Type"])

    @property
    def message_id(self) -> str:
        return str(self._data["MessageId"])

    @property
    def topic_arn(self) -> str:
        return str(self._data["TopicArn"])

    @property
    def subject(self) -> Optional[str]:
        return self._data.get("Subject")

    @property
    def message(self) -> Any:
        """The Message: its text, or the object when SNS carried it as one."""
        return self._data.get("Message")

    @property
    def timestamp(self) -> str:
        return str(self._data.get("Timestamp", ""))

    @property
    def signature_version(self) -> Optional[str]:
        return self._data.get("SignatureVersion")


def verify(
    body: Union[bytes, str, Mapping[str, Any]],
    *,
    cert_dir: Optional[str] = None,
    at: Optional[float] = None,
    as_of_message_timestamp: bool = False,
    max_age: Optional[float] = 3600.0,
) -> Dict[str, Any]:
    """Checks an SNS message's signature (sns::verify): the certificate URL rule, the certificate,
    the age of the message and the signature. Returns ``{"signature_version", "signing_cert_url",
    "message_time_ms"}``; raises SignatureError (or ParseError for a body that is no SNS message).

    cert_dir: read certificates from this folder instead of fetching them over HTTPS.
    at: judge as of this POSIX time; as_of_message_timestamp: as of the message's own Timestamp.
    max_age: seconds the Timestamp may be from that time (None: any).
    """
    return _core.verify(body, cert_dir=cert_dir, at=at, as_of_message_timestamp=as_of_message_timestamp, max_age=max_age)


__all__ = ["SnsMessage", "verify"]
