"""AWS (alarmbridge::aws / slack::resolve_webhook_url): the webhook URL from where deployments
keep it. Unless a source is named, the first that is set wins: ``SLACK_WEBHOOK_URL``;
``kmsEncryptedHookUrl`` (the Lambda blueprint's, decrypted with the encryption context
``{"LambdaFunctionName": $AWS_LAMBDA_FUNCTION_NAME}``); ``ALARMBRIDGE_WEBHOOK_SECRET_ID``
(Secrets Manager); ``ALARMBRIDGE_WEBHOOK_PARAMETER`` (SSM). ``slackChannel`` is the channel override.
"""

from __future__ import annotations

from typing import Mapping, Optional

from . import _core
from ._core import ResolvedWebhookUrl, WebhookUrlResolver, WebhookUrlSource


def resolve_webhook_url(
    environ: Optional[Mapping[str, str]] = None,
    *,
    source: Optional[WebhookUrlSource] = None,
    name: Optional[str] = None,
    kms_context: Optional[Mapping[str, str]] = None,
    region: Optional[str] = None,
) -> ResolvedWebhookUrl:
    """Resolves the webhook URL now (network calls with the GIL released). ``environ``: the variables
    to read instead of the process environment (also the AWS clients' region and credentials).
    Raises AwsError (``code`` "no_webhook_url", "aws_service_error" with ``aws_code``, ``status``,
    ``request_id``, ...); the URL is never in an error, and ``repr()`` shows it redacted."""
    return _core.resolve_webhook_url(
        environ=dict(environ) if environ is not None else None,
        source=source,
        name=name,
        kms_context=dict(kms_context or {}),
        region=region,
    )


__all__ = ["ResolvedWebhookUrl", "WebhookUrlResolver", "WebhookUrlSource", "resolve_webhook_url"]
