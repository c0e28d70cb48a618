"""Small account helpers shared by settings-named hooks (django-axes) and the views."""

from django.http import HttpRequest

from engage.models import normalise_email


def lockout_username(request: HttpRequest, credentials: dict | None) -> str:
    """The account key failed logins are counted against: the normalised email.

    Without this, "Jane@x" and "jane@x" would be separate counters and the lockout could be
    side-stepped by changing case.
    """
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalise_email(raw)
