"""alarmbridge.lambda_handler: a drop-in for the AWS blueprint's handler (set the function's handler
to ``alarmbridge.lambda_handler``). It runs the library's Lambda handler core (lambda::alarm_handler),
the same as the native bootstrap: settings from the environment (ALARMBRIDGE_*, the webhook URL's
sources: SLACK_WEBHOOK_URL, kmsEncryptedHookUrl, ...), every record delivered before the
invocation's deadline, records already delivered by this process not sent again.
"""

from __future__ import annotations

import os
import threading
from typing import Any, Dict, Optional

from . import _core
from ._ca import fallback_ca_file
from .errors import DeliveryError

_handler: Optional[_core._AlarmHandler] = None
_lock = threading.Lock()

#: Used when the context has no get_remaining_time_in_millis (a local call).
DEFAULT_REMAINING_MS = 30_000


def _the_handler() -> _core._AlarmHandler:
    """One handler per process, made on the first invocation (its settings read then; a settings
    error raises, and the next invocation tries again)."""
    global _handler
    if _handler is None:
        ca_file = None if os.environ.get("ALARMBRIDGE_CA_FILE") else fallback_ca_file()
        # The process environment, plus the system's CA file when the wheel's libcurl would not find one.
        _handler = _core._AlarmHandler(dict(os.environ, ALARMBRIDGE_CA_FILE=ca_file) if ca_file else None)
    return _handler


def lambda_handler(event: Any, context: Any) -> Dict[str, Any]:
    """Handles one invocation: returns the summary ``{"delivered", "failed", "duplicates",
    "records": [...]}``, prints one JSON log line per record (no event body, no secret), and raises
    DeliveryError (message: which records failed and why; ``.response``: the summary) when any
    record failed, so that Lambda's retry or dead-letter queue sees it. Raises AwsError when the
    webhook URL cannot be resolved."""
    remaining = getattr(context, "get_remaining_time_in_millis", None)
    remaining_ms = int(remaining()) if callable(remaining) else DEFAULT_REMAINING_MS
    with _lock:
        handler = _the_handler()
        handler.init()
        outcome = handler.handle(event, remaining_ms)
    for line in outcome["log_lines"]:
        print(line, flush=True)
    summary: Dict[str, Any] = outcome["summary"]
    if not outcome["ok"]:
        raise DeliveryError(outcome["failure_message"], code=outcome["code"] or "", response=summary)
    return summary


def _reset_for_tests() -> None:
    """Forgets the process's handler (its settings, URL and memory of delivered messages)."""
    global _handler
    with _lock:
        _handler = None
