"""Formatting (alarmbridge::format): every record of an event as the Slack message people read.

``format_event_json`` is the fast path: the event's bytes in, one payload of JSON bytes per record
out, with no Python object built per field (what a handler posts as it is). ``format_event`` gives
the same payloads as dicts.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Mapping, Optional, Sequence, TypedDict, Union, Unpack

from . import _core
from ._core import FormatOptions, Style
from ._event import EventInput


class FormatKeywords(TypedDict, total=False):
    """The keywords of format_event and format_event_json: format::options (docs/formatting.md)."""

    locale: str  # "en" (default), "ko"
    style: Union[Style, str]  # Style.RICH (default), COMPACT, BLUEPRINT, or their names
    mention_users: Sequence[str]  # mentioned on ALARM only
    mention_groups: Sequence[str]
    runbook_url: Optional[str]  # "https://wiki.example.com/runbooks/{alarm_name}"
    runbook_hosts: Sequence[str]
    channel: Optional[str]  # legacy-webhook overrides
    username: Optional[str]
    icon_emoji: Optional[str]
    icon_url: Optional[str]


_DEFAULT_OPTIONS = FormatOptions()
#: parse_options::max_input_bytes: Lambda's synchronous payload limit.
MAX_INPUT_BYTES = 6 * 1024 * 1024


def _options(keywords: Mapping[str, Any]) -> FormatOptions:
    if not keywords:
        return _DEFAULT_OPTIONS  # the fast path's common case: no object built per call
    unknown = set(keywords) - set(FormatKeywords.__annotations__)
    if unknown:
        raise TypeError(f"unknown formatting option(s): {', '.join(sorted(unknown))}")
    style = keywords.get("style", Style.RICH)
    return FormatOptions(
        locale=keywords.get("locale", "en"),
        style=style if isinstance(style, Style) else Style[style.upper()],
        mention_users=list(keywords.get("mention_users", ())),
        mention_groups=list(keywords.get("mention_groups", ())),
        runbook_url=keywords.get("runbook_url"),
        runbook_hosts=list(keywords.get("runbook_hosts", ())),
        channel=keywords.get("channel"),
        username=keywords.get("username"),
        icon_emoji=keywords.get("icon_emoji"),
        icon_url=keywords.get("icon_url"),
    )


def format_event_json(
    raw: Union[bytes, bytearray, str], *, max_input_bytes: int = MAX_INPUT_BYTES, **options: Unpack[FormatKeywords]
) -> List[bytes]:
    """One Slack payload (compact JSON bytes) per record of the event (any shape parse_event takes).
    Raises ParseError for an unusable input, or the error of the first record that is not usable.
    Large events are formatted with the GIL released. ``options``: FormatKeywords."""
    if type(raw) is not bytes and not isinstance(raw, (bytes, bytearray, str)):
        raise TypeError("format_event_json takes the event's JSON as bytes or str; format_event takes a dict")
    payloads: List[bytes] = _core.format_event_json(raw, _options(options), max_input_bytes)
    return payloads


def format_event(event: EventInput, **options: Unpack[FormatKeywords]) -> List[Dict[str, Any]]:
    """format_event_json's payloads as dicts; the event may also be the dict Lambda hands over."""
    return [json.loads(p) for p in _core.format_event_json(event, _options(options), MAX_INPUT_BYTES)]


__all__ = ["FormatKeywords", "FormatOptions", "Style", "format_event", "format_event_json"]
