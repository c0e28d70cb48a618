"""System checks for the hand-over to the force's records system (reports.services.handover).

Deploy-tagged (`manage.py check --deploy`, which docs/deploy.md runs before every release):
the demo and the tests point the webhook at a loopback receiver with a short secret, and
runserver must still start for them.
"""

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

SECRET_MIN_LENGTH = 32
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


@register(Tags.security, deploy=True)
def check_records_webhook(
    *,
    app_configs: Sequence[AppConfig] | None = None,
    databases: Sequence[str] | None = None,
    **kwargs: Any,
) -> list[CheckMessage]:
    """A report's whole content goes to RECORDS_WEBHOOK_URL: over https only (a loopback
    receiver excepted), signed with a secret long enough not to be guessed."""
    url = str(settings.RECORDS_WEBHOOK_URL or "")
    if not url:
        return []  # no webhook: the daily CSV export is the route
    errors: list[CheckMessage] = []
    parts = urlsplit(url)
    if parts.scheme != "https" and (parts.hostname or "") not in LOOPBACK_HOSTS:
        errors.append(
            Error(
                "RECORDS_WEBHOOK_URL is not https, so reports would cross the network "
                "readable by anyone on the way.",
                hint="Set RECORDS_WEBHOOK_URL to the records system's https:// address.",
                id="reports.E001",
            )
        )
    if len(str(settings.RECORDS_WEBHOOK_SECRET or "")) < SECRET_MIN_LENGTH:
        errors.append(
            Error(
                f"RECORDS_WEBHOOK_SECRET is shorter than {SECRET_MIN_LENGTH} characters, so "
                "the signature on hand-overs could be guessed.",
                hint="Set it to a random value, e.g. "
                "python -c 'import secrets; print(secrets.token_urlsafe(48))', and give the "
                "same value to the records system.",
                id="reports.E002",
            )
        )
    return errors
