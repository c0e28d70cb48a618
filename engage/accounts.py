"""Small account helpers shared by settings-named hooks (django-axes) and the views."""

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from engage.models import User, normalise_email


def lockout_username(request: HttpRequest, credentials: dict | None) -> str:
    """The account key failed logins are counted against: the normalised email.

    Without this, "Jane@x" and "jane@x" would be separate counters and the lockout could be
    side-stepped by changing case.
    """
    raw = (credentials or {}).get("username") or request.POST.get("username", "")
    return normalise_email(raw)


class RoleAwareBackend(ModelBackend):
    """Django's backend, loading the signed-in user with their roles in one query: every page
    asks "is this person staff?" (officer, moderator, call handler), and each unloaded role
    would otherwise be a query of its own."""

    def get_user(self, user_id: int) -> User | None:
        user = (
            User.objects.select_related(
                "officer__team", "moderator", "call_handler", "licensing_officer"
            )
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
