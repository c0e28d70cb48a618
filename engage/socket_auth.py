"""The authentication middleware of stream sockets: Channels' stack, one hop fewer."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from channels.auth import AuthMiddleware
from channels.sessions import CookieMiddleware, SessionMiddleware
from django.contrib.auth.models import AnonymousUser


class _AuthMiddleware(AuthMiddleware):
    """Channels' AuthMiddleware, less its trip through the single database thread when there is
    no session to look up (no session cookie, the usual case for a member of the public): the
    answer is then the anonymous user whatever the database holds. A socket that has a session
    is looked up exactly as Channels does."""

    async def resolve_scope(self, scope: Any) -> None:
        if scope["session"].session_key is None:
            scope["user"]._wrapped = AnonymousUser()
        else:
            await super().resolve_scope(scope)


def auth_middleware_stack(inner: Callable) -> CookieMiddleware:
    """`channels.auth.AuthMiddlewareStack` with the middleware above."""
    return CookieMiddleware(SessionMiddleware(_AuthMiddleware(inner)))
