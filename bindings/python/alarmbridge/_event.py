"""parse_event: what AWS hands a function, one record at a time (alarmbridge::parse_event)."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Optional, Union

from . import _core
from .cloudwatch import Alarm
from .errors import AlarmBridgeError
from .sns import SnsMessage

EventInput = Union[Mapping[str, Any], str, bytes, bytearray]


class Record:
    """One record: an alarm, a text message (an SNS message that is not an alarm), or its error."""

    __slots__ = ("index", "alarm", "text", "sns", "error")

    def __init__(self, data: Dict[str, Any]) -> None:
        self.index: int = data["record"]
        self.alarm: Optional[Alarm] = Alarm(data["alarm"]) if data["alarm"] is not None else None
        self.text: Optional[str] = data["text"]
        self.sns: Optional[SnsMessage] = SnsMessage(data["sns"]) if data["sns"] is not None else None
        self.error: Optional[AlarmBridgeError] = data["error"]

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self) -> Dict[str, Any]:
        """``{"record": i, "alarm": {...}}``, ``{"record": i, "text": ...}`` or
        ``{"record": i, "error": {"code", "where", "message"}}``, as ``alarmbridge parse`` prints."""
        out: Dict[str, Any] = {"record": self.index}
        if self.error is not None:
            out["error"] = {"code": self.error.code, "where": self.error.where, "message": str(self.error)}
        elif self.alarm is not None:
            out["alarm"] = self.alarm.to_dict()
        else:
            out["text"] = self.text
        if self.sns is not None:
            out["sns"] = self.sns.to_dict()
        return out

    def __repr__(self) -> str:
        what = f"alarm={self.alarm.alarm_name!r}" if self.alarm else f"error={self.error!r}" if self.error else "text"
        return f"Record({self.index}, {what})"


class Event:
    """An event read as a whole: its kind and one Record per record, none dropped."""

    __slots__ = ("kind", "records")

    def __init__(self, kind: str, records: List[Record]) -> None:
        self.kind = kind
        self.records = records

    @property
    def alarms(self) -> List[Alarm]:
        return [r.alarm for r in self.records if r.alarm is not None]

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def to_dict(self) -> Dict[str, Any]:
        return {"kind": self.kind, "records": [r.to_dict() for r in self.records]}

    def __repr__(self) -> str:
        return f"Event({self.kind!r}, {self.records!r})"


def parse_event(
    event: EventInput,
    *,
    max_input_bytes: int = 6 * 1024 * 1024,
    max_message_bytes: int = 1024 * 1024,
    max_records: int = 1000,
) -> Event:
    """Reads an SNS Lambda event, SNS HTTP body, EventBridge event, alarm Lambda-action payload or
    bare alarm, given as the dict Lambda hands over, or as JSON str or bytes. Raises ParseError when
    the input as a whole is unusable; a record that is not usable carries its own ``error``."""
    parsed = _core.parse_event(
        event, max_input_bytes=max_input_bytes, max_message_bytes=max_message_bytes, max_records=max_records
    )
    return Event(parsed["kind"], [Record(r) for r in parsed["records"]])
