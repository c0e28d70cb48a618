"""The app-wide budget of X requests per window (settings.X_REQUEST_BUDGET per 15 minutes).

One counter per fixed window in Redis, shared by every worker. `reserve(n)` grants at most
what is left: INCRBY, then give back the excess with DECRBY, so concurrent callers can never be
granted more than the budget between them (the counter may overshoot for an instant, the grants
never do). The dispatcher reserves one request per feed it enqueues (that feed's first request);
a sync takes each further request (a user lookup, the next page, a retry) before making it.
"""

from __future__ import annotations

import time

from django.core.cache import cache

from social import conf


def window_start(now: float | None = None) -> int:
    length = int(conf.get("X_REQUEST_WINDOW_SECONDS"))
    now = time.time() if now is None else now
    return int(now // length * length)


def window_end(now: float | None = None) -> int:
    return window_start(now) + int(conf.get("X_REQUEST_WINDOW_SECONDS"))


def _key(start: int) -> str:
    return f"social:x-requests:{start}"


def reserve(wanted: int) -> int:
    """Up to `wanted` requests from this window's budget; returns how many were granted."""
    if wanted <= 0:
        return 0
    budget = int(conf.get("X_REQUEST_BUDGET"))
    key = _key(window_start())
    cache.add(key, 0, timeout=int(conf.get("X_REQUEST_WINDOW_SECONDS")) * 2)
    total = cache.incr(key, wanted)
    excess = min(wanted, max(0, total - budget))
    if excess:
        cache.decr(key, excess)
    return wanted - excess


def used() -> int:
    return int(cache.get(_key(window_start())) or 0)


def remaining() -> int:
    return max(0, int(conf.get("X_REQUEST_BUDGET")) - used())


def release(unused: int) -> None:
    """Give back reserved requests that were not made (a skipped sync)."""
    if unused > 0:
        key = _key(window_start())
        if cache.get(key) is not None:
            cache.decr(key, unused)
