"""alarmbridge: CloudWatch alarms to Slack, correctly, fast and safely (the C++ library for Python).

    import alarmbridge
    event = alarmbridge.parse_event(lambda_event)                 # dict, str or bytes
    for record in event.records:
        if record.alarm: print(record.alarm.alarm_name, record.alarm.state.value)
    payloads = alarmbridge.format_event_json(raw_bytes)           # list[bytes], one per record

In Lambda, set the function's handler to ``alarmbridge.lambda_handler`` (the blueprint's environment).

Submodules mirror the C++ namespaces: alarmbridge.cloudwatch, .sns, .format, .slack, .aws.
docs/python.md has the whole of it.
"""

from __future__ import annotations

from . import aws, cloudwatch, format, slack, sns
from ._core import ERROR_CODES, __version__
from ._event import Event, EventInput, Record, parse_event
from ._lambda import lambda_handler
from .errors import AlarmBridgeError, AwsError, DeliveryError, ParseError, SignatureError, ValidationError
from .format import FormatOptions, Style, format_event, format_event_json
from .slack import BotClient, WebhookClient, WebhookResponse

__all__ = [
    "ERROR_CODES",
    "AlarmBridgeError",
    "AwsError",
    "BotClient",
    "DeliveryError",
    "Event",
    "EventInput",
    "FormatOptions",
    "ParseError",
    "Record",
    "SignatureError",
    "Style",
    "ValidationError",
    "WebhookClient",
    "WebhookResponse",
    "__version__",
    "aws",
    "cloudwatch",
    "format",
    "format_event",
    "format_event_json",
    "lambda_handler",
    "parse_event",
    "slack",
    "sns",
]
