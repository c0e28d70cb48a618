"""Celery's broker made unreachable for a test, for real: the app's broker URL points at a
port nobody listens on and its pooled connections are dropped, so a publish is refused by the
operating system as it would be with Redis stopped (no patched Celery or kombu)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from engage import embedded_redis
from engage.celery import app


@contextmanager
def broker_at_a_closed_port() -> Iterator[str]:
    saved = app.conf.broker_url
    closed = f"redis://127.0.0.1:{embedded_redis.free_port()}/0"
    app.conf.broker_url = closed
    app._after_fork()  # Celery's own reset of its connection and producer pools
    try:
        yield closed
    finally:
        app.conf.broker_url = saved
        app._after_fork()
