"""Slack (alarmbridge::slack): Block Kit builders, validate and fit, and delivery.

``WebhookClient`` is shaped like ``slack_sdk.webhook.WebhookClient``::

    from alarmbridge.slack import WebhookClient, header, section
    client = WebhookClient(url, timeout=10)
    response = client.send(text="disk full", blocks=[header("Disk full"), section("*/var* is at 97%")])
    if not response.delivered: print(response.status_code, response.slack_error)

Posting happens with the GIL released; 429, 5xx and connection failures are retried (Retry-After
honoured) within ``timeout``; the URL and tokens never appear in a response, error or repr.
"""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Sequence, Union

from . import _core
from ._core import (
    Severity,
    Violation,
    actions,
    button,
    context,
    divider,
    fallback_text,
    header,
    markdown,
    mrkdwn,
    plain_text,
    section,
    truncate,
)
from ._ca import fallback_ca_file
from .errors import AlarmBridgeError, DeliveryError, ValidationError

Message = Union[Mapping[str, Any], str, bytes]


def validate(message: Message) -> List[Violation]:
    """Every violation of Slack's limits (empty when Slack would take the message)."""
    return _core.validate(message)


def check(message: Message) -> None:
    """Raises ValidationError for the first violation Slack would refuse the message for (``code``:
    "no_text", "too_deep", or "bad_value" for a broken limit; ``where``: its JSON pointer)."""
    for v in _core.validate(message):
        if v.severity is Severity.ERROR:
            raise ValidationError(v.describe(), code=v.code or "bad_value", where=v.path)


def fit(message: Message) -> List[Dict[str, Any]]:
    """The message made valid: the first message, then continuations past 50 blocks."""
    return list(fit_with_changes(message)["messages"])


def fit_with_changes(message: Message) -> Dict[str, Any]:
    """``{"messages": [...], "changes": ["/blocks/3/text/text: truncated from 3105 to 3000 characters", ...]}``."""
    return dict(_core.fit(message))


class WebhookResponse:
    """What happened to one message (slack_sdk's WebhookResponse, plus the delivery's details)."""

    __slots__ = ("status_code", "body", "headers", "delivered", "attempts", "slack_error", "reason", "elapsed_ms",
                 "maybe_posted", "ts", "channel", "error")

    def __init__(self, d: Dict[str, Any]) -> None:
        self.status_code: int = d["status_code"]
        self.body: Optional[str] = d["body"]  # None for post_many, and when there was no answer
        self.headers: Dict[str, str] = d["headers"]
        self.delivered: bool = d["delivered"]
        self.attempts: int = d["attempts"]
        self.slack_error: Optional[str] = d["slack_error"]
        self.reason: str = d["reason"]
        self.elapsed_ms: int = d["elapsed_ms"]
        self.maybe_posted: bool = d["maybe_posted"]
        self.ts: str = d["ts"]
        self.channel: str = d["channel"]
        self.error: Optional[AlarmBridgeError] = d["error"]
        if isinstance(self.error, DeliveryError):
            self.error.response = self

    def raise_for_error(self) -> "WebhookResponse":
        """Raises the DeliveryError (with ``.response``) unless the message was delivered."""
        if self.error is not None:
            raise self.error
        return self

    def __repr__(self) -> str:
        return (f"WebhookResponse(status_code={self.status_code}, delivered={self.delivered}, "
                f"attempts={self.attempts}, slack_error={self.slack_error!r})")


def _body(text: Optional[str], blocks: Optional[Sequence[Any]], attachments: Optional[Sequence[Any]],
          extra: Dict[str, Any]) -> Dict[str, Any]:
    body: Dict[str, Any] = {}
    if text is not None:
        body["text"] = text
    if blocks is not None:
        body["blocks"] = [b.to_dict() if hasattr(b, "to_dict") else b for b in blocks]
    if attachments is not None:
        body["attachments"] = [a.to_dict() if hasattr(a, "to_dict") else a for a in attachments]
    body.update({k: v for k, v in extra.items() if v is not None})
    return body


class WebhookClient:
    """An incoming-webhook client (slack::webhook_client). Reuse it: it keeps its connection alive.

    timeout: seconds one send may take, retries included. ca_file: PEM of trusted CAs (default:
    the system's). allow_insecure_http: plain http to a host that is not loopback (never in
    production). raise_on_error: send() raises DeliveryError instead of returning a failed response.
    """

    def __init__(self, url: str, timeout: float = 30, *, max_attempts: int = 4, ca_file: Optional[str] = None,
                 allow_insecure_http: bool = False, raise_on_error: bool = False) -> None:
        self._client = _core._WebhookClient(url, timeout=timeout, max_attempts=max_attempts,
                                            ca_file=ca_file or fallback_ca_file(),
                                            allow_insecure_http=allow_insecure_http)
        self.timeout = timeout
        self.raise_on_error = raise_on_error

    def send(self, *, text: Optional[str] = None, blocks: Optional[Sequence[Any]] = None,
             attachments: Optional[Sequence[Any]] = None, unfurl_links: Optional[bool] = None,
             unfurl_media: Optional[bool] = None, metadata: Optional[Dict[str, Any]] = None,
             **extra: Any) -> WebhookResponse:
        """Posts a message built from its parts (as slack_sdk's WebhookClient.send)."""
        return self.send_dict(_body(text, blocks, attachments,
                                    dict(extra, unfurl_links=unfurl_links, unfurl_media=unfurl_media, metadata=metadata)))

    def send_dict(self, body: Message) -> WebhookResponse:
        """Posts a message given whole (a dict, or its JSON)."""
        return self._done(WebhookResponse(self._client.post(body)))

    def post_many(self, messages: Sequence[Message]) -> List[WebhookResponse]:
        """Posts several messages at once, each with its own retries; one response each, in order."""
        return [self._done(WebhookResponse(d)) for d in self._client.post_many(list(messages))]

    def _done(self, response: WebhookResponse) -> WebhookResponse:
        return response.raise_for_error() if self.raise_on_error else response

    def __repr__(self) -> str:
        return f"WebhookClient({self._client.redacted_url!r})"


class BotClient:
    """chat.postMessage with a bot token (slack::web_api_client); ``response.ts`` threads replies."""

    def __init__(self, token: str, timeout: float = 30, *, default_channel: Optional[str] = None,
                 max_attempts: int = 4, ca_file: Optional[str] = None, allow_insecure_http: bool = False,
                 api_base: str = "https://slack.com/api/", raise_on_error: bool = False) -> None:
        self._client = _core._BotClient(token, timeout=timeout, max_attempts=max_attempts,
                                        ca_file=ca_file or fallback_ca_file(),
                                        allow_insecure_http=allow_insecure_http, api_base=api_base,
                                        default_channel=default_channel)
        self.raise_on_error = raise_on_error

    def chat_post_message(self, *, channel: Optional[str] = None, text: Optional[str] = None,
                          blocks: Optional[Sequence[Any]] = None, attachments: Optional[Sequence[Any]] = None,
                          thread_ts: Optional[str] = None, **extra: Any) -> WebhookResponse:
        body = _body(text, blocks, attachments, dict(extra, channel=channel, thread_ts=thread_ts))
        response = WebhookResponse(self._client.post(body))
        return response.raise_for_error() if self.raise_on_error else response

    def __repr__(self) -> str:
        return "BotClient(***)"


__all__ = [
    "BotClient", "Severity", "Violation", "WebhookClient", "WebhookResponse", "actions", "button", "check", "context",
    "divider", "fallback_text", "fit", "fit_with_changes", "header", "markdown", "mrkdwn", "plain_text", "section",
    "truncate", "validate",
]
