"""The WebSocket Origin check: the CSRF control for sockets (issue 16, item 2).

Channels' `AllowedHostsOriginValidator` compares the host only, so another port or scheme of our
host, and `http://127.0.0.1:8102.evil.com`, passed. Here an Origin is accepted only when its
scheme, host and port are exactly those of `SITE_URL` or of an entry of
`WEBSOCKET_ALLOWED_ORIGINS`; a missing, `null` or malformed Origin is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from channels.security.websocket import WebsocketDenier
from django.conf import settings

if TYPE_CHECKING:
    from asgiref.typing import ASGI3Application, ASGIReceiveCallable, ASGISendCallable, Scope

DEFAULT_PORTS = {"http": 80, "https": 443}


def origin_of(url: str) -> tuple[str, str, int] | None:
    """(scheme, host, port) of an origin or site URL, or None if it is not a plain http(s)
    origin (user info, a bad port, another scheme)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # "8102.evil.com" as a port
        return None
    scheme = parts.scheme.lower()
    if scheme not in DEFAULT_PORTS or not parts.hostname or "@" in parts.netloc:
        return None
    return scheme, parts.hostname.lower(), port or DEFAULT_PORTS[scheme]


def allowed_origins() -> set[tuple[str, str, int]]:
    urls = [settings.SITE_URL, *getattr(settings, "WEBSOCKET_ALLOWED_ORIGINS", [])]
    return {origin for origin in map(origin_of, urls) if origin}


def origin_allowed(header: str | None) -> bool:
    if not header or header == "null":
        return False
    parts = urlsplit(header)
    if parts.path or parts.query or parts.fragment:
        return False  # an Origin is scheme://host[:port] and nothing more
    origin = origin_of(header)
    return origin is not None and origin in allowed_origins()


class ExactOriginValidator:
    """ASGI middleware: refuse the handshake unless the Origin is exactly one of ours."""

    def __init__(self, application: ASGI3Application) -> None:
        self.application = application

    async def __call__(
        self, scope: Scope, receive: ASGIReceiveCallable, send: ASGISendCallable
    ) -> None:
        if scope["type"] == "websocket":
            header = dict(scope.get("headers", ())).get(b"origin")
            if not origin_allowed(header.decode("latin-1") if header else None):
                return await WebsocketDenier()(scope, receive, send)
        return await self.application(scope, receive, send)
