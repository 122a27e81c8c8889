"""Formatting (alarmbridge::format): every record of an event as the Slack message people read.

``format_event_json`` is the fast path: the event's bytes in, one payload of JSON bytes per record
out, with no Python object built per field (what a handler posts as it is). ``format_event`` gives
the same payloads as dicts.
"""

from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Sequence, Union

from . import _core
from ._core import FormatOptions, Style
from ._event import EventInput


def _options(
    locale: str,
    style: Union[Style, str],
    mention_users: Sequence[str],
    mention_groups: Sequence[str],
    runbook_url: Optional[str],
    runbook_hosts: Sequence[str],
    channel: Optional[str],
    username: Optional[str],
    icon_emoji: Optional[str],
    icon_url: Optional[str],
) -> FormatOptions:
    return FormatOptions(
        locale=locale,
        style=style if isinstance(style, Style) else Style[style.upper()],
        mention_users=list(mention_users),
        mention_groups=list(mention_groups),
        runbook_url=runbook_url,
        runbook_hosts=list(runbook_hosts),
        channel=channel,
        username=username,
        icon_emoji=icon_emoji,
        icon_url=icon_url,
    )


def format_event_json(
    raw: Union[bytes, bytearray, str],
    *,
    locale: str = "en",
    style: Union[Style, str] = Style.RICH,
    mention_users: Sequence[str] = (),
    mention_groups: Sequence[str] = (),
    runbook_url: Optional[str] = None,
    runbook_hosts: Sequence[str] = (),
    channel: Optional[str] = None,
    username: Optional[str] = None,
    icon_emoji: Optional[str] = None,
    icon_url: Optional[str] = None,
    max_input_bytes: int = 6 * 1024 * 1024,
) -> List[bytes]:
    """One Slack payload (compact JSON bytes) per record of the event (any shape parse_event takes).
    Raises ParseError for an unusable input, or the error of the first record that is not usable.
    Large events are formatted with the GIL released."""
    if not isinstance(raw, (bytes, bytearray, str)):
        raise TypeError("format_event_json takes the event's JSON as bytes or str; format_event takes a dict")
    opts = _options(locale, style, mention_users, mention_groups, runbook_url, runbook_hosts, channel, username,
                    icon_emoji, icon_url)
    return _core.format_event_json(raw, opts, max_input_bytes=max_input_bytes)


def format_event(
    event: EventInput,
    *,
    locale: str = "en",
    style: Union[Style, str] = Style.RICH,
    mention_users: Sequence[str] = (),
    mention_groups: Sequence[str] = (),
    runbook_url: Optional[str] = None,
    runbook_hosts: Sequence[str] = (),
    channel: Optional[str] = None,
    username: Optional[str] = None,
    icon_emoji: Optional[str] = None,
    icon_url: Optional[str] = None,
) -> List[Dict[str, Any]]:
    """format_event_json's payloads as dicts; the event may also be the dict Lambda hands over."""
    opts = _options(locale, style, mention_users, mention_groups, runbook_url, runbook_hosts, channel, username,
                    icon_emoji, icon_url)
    return [json.loads(p) for p in _core.format_event_json(event, opts)]


__all__ = ["FormatOptions", "Style", "format_event", "format_event_json"]
