"""Fixed-window rate limits in the shared cache (Redis).

If Redis is unreachable the limit fails open and logs (at once while the Redis circuit breaker
is open, engage/circuit.py): refusing every sign-up because the cache
is down would turn a Redis outage into a site outage. Login lockout does not rely on this (it is
django-axes, in the database), so the dangerous path stays closed.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache

from engage import circuit

if TYPE_CHECKING:
    from django.http import HttpRequest

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Ruling:
    allowed: bool
    retry_after: int  # seconds until the window resets


def hit(scope: str, key: str, *, limit: int, window: int) -> Ruling:
    """Count one attempt for `key` in `scope`; refuse once `limit` is passed within `window`."""
    now = int(time.time())
    window_start = now - now % window
    cache_key = f"rl:{scope}:{key}:{window_start}"
    if not circuit.redis.allows():
        return Ruling(True, 0)  # Redis known down: fail open at once (engage/circuit.py)
    try:
        count = 1 if cache.add(cache_key, 1, timeout=window + 5) else cache.incr(cache_key)
    except Exception:  # noqa: BLE001  any cache failure: fail open, loudly
        circuit.redis.failed()
        log.warning("rate limit %s unavailable (cache down); allowing", scope)
        return Ruling(True, 0)
    circuit.redis.succeeded()
    return Ruling(count <= limit, window_start + window - now)


def client_ip(request: HttpRequest) -> str:
    """The caller's address: X-Real-IP when BEHIND_PROXY says our nginx sets it, else the peer.

    Only trust the header when a proxy we run overwrites it; otherwise anyone could send one
    and pick a fresh rate-limit bucket per request.
    """
    return _address(request) or "unknown"


def address_for_audit(request: HttpRequest) -> str | None:
    """The same address for django-axes' logs; None (not a placeholder) when there is none,
    because the log column is an IP address type on PostgreSQL."""
    return _address(request) or None


def _address(request: HttpRequest) -> str:
    if settings.BEHIND_PROXY and request.META.get("HTTP_X_REAL_IP"):
        return request.META["HTTP_X_REAL_IP"].strip()
    return request.META.get("REMOTE_ADDR", "")
