"""
alarmbridge's C++ core (use the alarmbridge package)
"""
from __future__ import annotations
import collections.abc
import enum
import typing
__all__: list[str] = ['ERROR_CODES', 'FormatOptions', 'ResolvedWebhookUrl', 'Severity', 'Style', 'Violation', 'WebhookUrlResolver', 'WebhookUrlSource', 'actions', 'button', 'context', 'default_ca_file', 'divider', 'fallback_text', 'fit', 'format_event_json', 'header', 'markdown', 'mrkdwn', 'normalize_message', 'parse_event', 'plain_text', 'resolve_webhook_url', 'section', 'truncate', 'validate', 'verify']
class Style(enum.Enum):
    """
    How an alarm reads in Slack.
    """
    BLUEPRINT: typing.ClassVar[Style]
    COMPACT: typing.ClassVar[Style]
    RICH: typing.ClassVar[Style]
    @classmethod
    def __new__(cls, value):
        ...
class FormatOptions:
    """
    How alarms are formatted (format::options).
    """
    channel: str | None
    icon_emoji: str | None
    icon_url: str | None
    locale: str
    runbook_url: str | None
    style: Style
    username: str | None
    def __init__(self, *, locale: str = 'en', style: Style = ..., mention_users: collections.abc.Sequence[str] = [], mention_groups: collections.abc.Sequence[str] = [], runbook_url: str | None = None, runbook_hosts: collections.abc.Sequence[str] = [], channel: str | None = None, username: str | None = None, icon_emoji: str | None = None, icon_url: str | None = None) -> None:
        ...
    @property
    def mention_groups(self) -> list[str]:
        ...
    @mention_groups.setter
    def mention_groups(self, arg0: collections.abc.Sequence[str]) -> None:
        ...
    @property
    def mention_users(self) -> list[str]:
        ...
    @mention_users.setter
    def mention_users(self, arg0: collections.abc.Sequence[str]) -> None:
        ...
    @property
    def runbook_hosts(self) -> list[str]:
        ...
    @runbook_hosts.setter
    def runbook_hosts(self, arg0: collections.abc.Sequence[str]) -> None:
        ...
class Severity(enum.Enum):
    """
    How bad a violation of Slack's limits is.
    """
    ERROR: typing.ClassVar[Severity]
    WARNING: typing.ClassVar[Severity]
    @classmethod
    def __new__(cls, value):
        ...
class Violation:
    """
    One breach of Slack's limits (slack::validate).
    """
    def __repr__(self) -> str:
        ...
    def describe(self) -> str:
        ...
    @property
    def actual(self) -> int | None:
        ...
    @property
    def code(self) -> str | None:
        ...
    @property
    def limit(self) -> int | None:
        ...
    @property
    def message(self) -> str:
        ...
    @property
    def path(self) -> str:
        ...
    @property
    def severity(self) -> Severity:
        ...
class _WebhookClient:
    """
    slack::webhook_client (wrapped by alarmbridge.slack.WebhookClient).
    """
    def __init__(self, url: str, *, timeout: typing.SupportsFloat | typing.SupportsIndex, max_attempts: typing.SupportsInt | typing.SupportsIndex, ca_file: str | None, allow_insecure_http: bool) -> None:
        ...
    def post(self, body: typing.Any) -> dict:
        ...
    def post_many(self, messages: collections.abc.Sequence[typing.Any]) -> list:
        ...
    @property
    def redacted_url(self) -> str:
        ...
class _BotClient:
    """
    slack::web_api_client (wrapped by alarmbridge.slack.BotClient).
    """
    def __init__(self, token: str, *, timeout: typing.SupportsFloat | typing.SupportsIndex, max_attempts: typing.SupportsInt | typing.SupportsIndex, ca_file: str | None, allow_insecure_http: bool, api_base: str, default_channel: str | None) -> None:
        ...
    def post(self, body: typing.Any) -> dict:
        ...
    def post_many(self, messages: collections.abc.Sequence[typing.Any]) -> list:
        ...
class WebhookUrlSource(enum.Enum):
    """
    Where a webhook URL is kept.
    """
    ENVIRONMENT: typing.ClassVar[WebhookUrlSource]
    KMS: typing.ClassVar[WebhookUrlSource]
    SECRETS_MANAGER: typing.ClassVar[WebhookUrlSource]
    SSM: typing.ClassVar[WebhookUrlSource]
    @classmethod
    def __new__(cls, value):
        ...
class ResolvedWebhookUrl:
    """
    A webhook URL and where it came from; repr() never shows the URL.
    """
    def __repr__(self) -> str:
        ...
    @property
    def channel(self) -> str:
        """
        slackChannel, or '' for the webhook's own channel
        """
    @property
    def redacted(self) -> str:
        """
        The URL as it may be printed.
        """
    @property
    def source(self) -> str:
        """
        'env:SLACK_WEBHOOK_URL', 'kms:<key ARN>', ...
        """
    @property
    def url(self) -> str:
        """
        The URL: a secret, never to be logged.
        """
class WebhookUrlResolver:
    """
    resolve_webhook_url, cached: resolved on first use, and once more after Slack answered no_service or invalid_token (a rotated secret).
    """
    def __init__(self, *, environ: collections.abc.Mapping[str, str] | None = None, source: WebhookUrlSource | None = None, name: str | None = None, kms_context: collections.abc.Mapping[str, str] = {}, region: str | None = None) -> None:
        ...
    def get(self) -> ResolvedWebhookUrl:
        """
        The cached URL, resolving it the first time (a failure is not cached).
        """
    def resolve_again_after(self, slack_error: str) -> bool:
        """
        After Slack refused the hook with no_service or invalid_token: the next get() resolves again (once); True when it will.
        """
class _AlarmHandler:
    """
    lambda::alarm_handler (used by alarmbridge.lambda_handler).
    """
    def __init__(self, environ: collections.abc.Mapping[str, str] | None = None) -> None:
        ...
    def handle(self, event: typing.Any, remaining_ms: typing.SupportsInt | typing.SupportsIndex) -> dict:
        """
        {'summary': dict, 'log_lines': [str], 'ok': bool, 'failure_message': str, 'code': str | None}
        """
    def init(self) -> None:
        """
        Resolves the webhook URL (cold start); raises AwsError.
        """
    @property
    def webhook_source(self) -> str:
        ...
def actions(elements: collections.abc.Sequence[typing.Any], *, block_id: str | None = None) -> typing.Any:
    ...
def button(text: str, *, url: str | None = None, action_id: str | None = None, value: str | None = None, style: str | None = None) -> typing.Any:
    ...
def context(elements: collections.abc.Sequence[typing.Any], *, block_id: str | None = None) -> typing.Any:
    ...
def default_ca_file() -> str:
    """
    The CA bundle libcurl uses by default (as it was built to find it), or '' when it names none.
    """
def divider(*, block_id: str | None = None) -> typing.Any:
    ...
def fallback_text(blocks: typing.Any) -> str:
    """
    Inert readable text for the blocks (the notification text).
    """
def fit(message: typing.Any) -> typing.Any:
    """
    The message made valid: {'messages': [first, continuations...], 'changes': [str]}.
    """
def format_event_json(raw: typing.Any, options: FormatOptions, max_input_bytes: typing.SupportsInt | typing.SupportsIndex = 6291456) -> list:
    """
    One Slack payload (JSON bytes) per record of the event; raises the first failed record's error.
    """
def header(text: typing.Any, *, block_id: str | None = None) -> typing.Any:
    ...
def markdown(text: str, *, block_id: str | None = None) -> typing.Any:
    ...
def mrkdwn(text: str) -> typing.Any:
    ...
def normalize_message(message: typing.Any) -> typing.Any:
    """
    The message as the library reads and writes it back.
    """
def parse_event(event: typing.Any, *, max_input_bytes: typing.SupportsInt | typing.SupportsIndex = 6291456, max_message_bytes: typing.SupportsInt | typing.SupportsIndex = 1048576, max_records: typing.SupportsInt | typing.SupportsIndex = 1000) -> dict:
    """
    The event (dict, str or bytes) as {'kind': str, 'records': [{'record', 'alarm', 'text', 'sns', 'error'}]}; raises ParseError when the input as a whole is unusable.
    """
def plain_text(text: str, emoji: bool | None = None) -> typing.Any:
    ...
def resolve_webhook_url(*, environ: collections.abc.Mapping[str, str] | None = None, source: WebhookUrlSource | None = None, name: str | None = None, kms_context: collections.abc.Mapping[str, str] = {}, region: str | None = None) -> ResolvedWebhookUrl:
    """
    Resolves the webhook URL now (environ: a mapping instead of the process environment). Raises AwsError (no_webhook_url, aws_service_error, ...); the URL is never in an error.
    """
def section(text: typing.Any = None, *, fields: collections.abc.Sequence[typing.Any] = [], accessory: typing.Any = None, block_id: str | None = None) -> typing.Any:
    ...
def truncate(text: str, max: typing.SupportsInt | typing.SupportsIndex) -> str:
    """
    At most max code points, never cutting a link or an entity.
    """
def validate(message: typing.Any) -> list[Violation]:
    """
    Every violation of Slack's limits, in order (empty when valid).
    """
def verify(body: typing.Any, *, cert_dir: str | None = None, at: typing.SupportsFloat | typing.SupportsIndex | None = None, as_of_message_timestamp: bool = False, max_age: typing.SupportsFloat | typing.SupportsIndex | None = 3600.0) -> dict:
    """
    Checks an SNS message's signature (certificates fetched over HTTPS and cached, or read from cert_dir); raises SignatureError (or ParseError) when it does not verify.
    """
ERROR_CODES: dict = {'json_syntax': 101, 'missing_field': 201, 'wrong_type': 202, 'bad_value': 203, 'too_large': 204, 'too_deep': 205, 'unrecognized_event': 206, 'no_text': 207, 'signature_mismatch': 301, 'cert_url_rejected': 302, 'cert_unavailable': 303, 'cert_invalid': 304, 'unsupported_signature_version': 305, 'stale_message': 306, 'subscribe_url_rejected': 307, 'http_transport': 401, 'http_status': 402, 'slack_rejected': 403, 'deadline_exceeded': 404, 'invalid_url': 405, 'tls_failed': 406, 'aws_no_credentials': 501, 'aws_no_region': 502, 'aws_service_error': 503, 'aws_bad_response': 504, 'no_webhook_url': 505}
__version__: str = '0.1.0'
