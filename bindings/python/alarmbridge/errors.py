"""The package's exceptions: one hierarchy, ``except AlarmBridgeError`` catches them all.

``code`` is the library's stable error code name (docs/errors.md), ``where`` a JSON pointer into
the input ("" for the whole of it). No message ever contains a webhook URL, token or key.
"""

from __future__ import annotations

from typing import Any, Dict, Optional, Tuple, Type


class AlarmBridgeError(Exception):
    """Any error of alarmbridge."""

    def __init__(self, message: str, *, code: str = "", where: str = "") -> None:
        super().__init__(message)
        self.code = code
        self.where = where

    def __reduce__(self) -> Any:  # pickles with its fields (multiprocessing, logging handlers)
        return (_rebuild, (type(self), self.args, self.__dict__))


def _rebuild(cls: Type[AlarmBridgeError], args: Tuple[Any, ...], state: Dict[str, Any]) -> AlarmBridgeError:
    exc = Exception.__new__(cls)
    Exception.__init__(exc, *args)
    exc.__dict__.update(state)
    return exc


class ParseError(AlarmBridgeError):
    """The input is not JSON, or not an event or message of a shape alarmbridge knows (1xx, 2xx)."""


class ValidationError(AlarmBridgeError):
    """A Slack message Slack would refuse (no_text, or a limit broken)."""


class DeliveryError(AlarmBridgeError):
    """A message was not delivered (4xx codes); ``response`` says what Slack answered, when known."""

    def __init__(self, message: str, *, code: str = "", where: str = "", response: Optional[Any] = None) -> None:
        super().__init__(message, code=code, where=where)
        self.response = response


class AwsError(AlarmBridgeError):
    """A call to AWS failed, or the webhook URL could not be had (5xx codes)."""

    def __init__(
        self,
        message: str,
        *,
        code: str = "",
        where: str = "",
        status: int = 0,
        request_id: str = "",
        aws_code: str = "",
    ) -> None:
        super().__init__(message, code=code, where=where)
        self.status = status
        self.request_id = request_id
        self.aws_code = aws_code


class SignatureError(AlarmBridgeError):
    """An SNS message whose signature does not verify (3xx codes)."""


__all__ = ["AlarmBridgeError", "ParseError", "ValidationError", "DeliveryError", "AwsError", "SignatureError"]
