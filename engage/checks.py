"""System checks for settings that would be dangerous in production."""

from typing import Any

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def check_laptop_defaults(
    app_configs: list[AppConfig] | None = None, **kwargs: Any
) -> list[Warning]:
    """Embedded defaults are right on a laptop and silently wrong in production."""
    warnings = []
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        warnings.append(
            Warning(
                "The database is SQLite.", hint="Set DATABASE_URL to PostgreSQL.", id="engage.W001"
            )
        )
    if settings.EMAIL_BACKEND.endswith(("console.EmailBackend", "locmem.EmailBackend")):
        warnings.append(
            Warning(
                "Emails (verification, password reset) are not being sent.",
                hint="Set EMAIL_URL, e.g. smtp+tls://user:pass@host:587.",
                id="engage.W002",
            )
        )
    if "://127.0.0.1" in settings.SITE_URL or "://localhost" in settings.SITE_URL:
        warnings.append(
            Warning(
                "SITE_URL points at this machine, so emailed links will not work.",
                hint="Set SITE_URL to the public https:// address.",
                id="engage.W003",
            )
        )
    if not settings.BEHIND_PROXY:
        warnings.append(
            Warning(
                "BEHIND_PROXY is off: behind nginx every visitor shares one "
                "address, so per-address limits would apply to everyone.",
                hint="Set BEHIND_PROXY=true when nginx sets X-Real-IP (docs/deploy.md).",
                id="engage.W004",
            )
        )
    if not settings.DIVERSION_REFERRAL_EMAILS.get("safeguarding"):
        warnings.append(
            Warning(
                "Safeguarding diversions are recorded but referred to nobody.",
                hint="Set SAFEGUARDING_REFERRAL_EMAIL to the safeguarding team's inbox.",
                id="engage.W005",
            )
        )
    return warnings
