"""The X feed settings and their only defaults. engage/settings.py defines one only when the
environment sets it (its "X team feeds" block); everything reads them through `get`, so a
setting that is not defined falls back to the default here."""

from __future__ import annotations

from typing import Any

from django.conf import settings

DEFAULTS = {
    "X_BEARER_TOKEN": "",  # app-only token: reading timelines
    "X_CONSUMER_KEY": "",  # app key and secret: OAuth 1.0a posting with team tokens
    "X_CONSUMER_SECRET": "",
    "X_API_BASE_URL": "https://api.twitter.com",  # a loopback fake in tests and the benchmark
    "X_TIMEOUT_SECONDS": 10.0,
    # Requests per 15-minute window for the whole app: below X's published app limit for
    # GET /2/users/:id/tweets (10,000 now; 1,500 on legacy Pro), so a burst never reaches it.
    "X_REQUEST_BUDGET": 1200,
    "X_REQUEST_WINDOW_SECONDS": 900,
    "X_FEED_POLL_SECONDS": 900,  # how often each feed is polled
    "X_FEED_MAX_PER_TICK": 0,  # feeds enqueued per dispatcher run; 0: budget / 15
    "X_FEED_SPREAD_SECONDS": 50,  # enqueued tasks are spread over this many seconds
    "X_FEED_FIRST_SYNC_PAGES": 2,  # pages of 100 on a feed's first sync
    "X_FEED_POLL_PAGES": 3,  # pages of 100 after since_id on a poll
    "X_FEED_REFRESH_PAGES": 8,  # the daily full refresh (800 is X's reachable limit)
    # The lease: renewed before a request once half of it is gone, so it must outlast one
    # request (X_TIMEOUT_SECONDS) with room to spare; a killed sync holds its feed this long.
    "X_FEED_LEASE_SECONDS": 60,
    "X_FEED_MAX_RETRIES": 4,
    "X_FEED_RETRY_BASE_SECONDS": 30,
    "X_CROSSPOST_RETRY_BASE_SECONDS": 10,
    "X_FEED_SHOWN": 5,  # posts shown on a neighbourhood page
    "X_TOKEN_KEYS": [],  # Fernet keys, newest first; empty: derived from SECRET_KEY
}


def get(name: str) -> Any:
    return getattr(settings, name, DEFAULTS[name])


def configured() -> bool:
    """Reading needs the app bearer token; without it feeds show "not configured"."""
    return bool(get("X_BEARER_TOKEN"))
