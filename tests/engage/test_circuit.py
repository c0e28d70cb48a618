"""The Redis circuit breaker (engage/circuit.py) and the request paths behind it."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from engage import circuit, ratelimit
from engage.circuit import Circuit


def test_one_failure_opens_the_circuit_and_calls_are_skipped_until_a_trial():
    breaker = Circuit("test", reset_after=0.2)
    calls = []

    def boom():
        calls.append(1)
        raise OSError("down")

    assert breaker.call(boom, fallback="fallback") == "fallback"
    assert breaker.call(boom, fallback="fallback") == "fallback"
    assert len(calls) == 1  # the second was skipped: no time spent on a known-down Redis
    time.sleep(0.25)
    assert breaker.call(lambda: "up", fallback="fallback") == "up"  # the trial closes it
    assert not breaker.is_open


@contextmanager
def a_redis_that_hangs_up() -> Iterator[tuple[int, list[int]]]:
    """A loopback port where every connection is accepted, counted and closed unanswered (a
    Redis that is down): yields the port and the growing list of connections made to it."""
    listener = socket.create_server(("127.0.0.1", 0))
    connections: list[int] = []

    def accept() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:  # closed: the test is over
                return
            connections.append(1)
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1], connections
    finally:
        listener.shutdown(socket.SHUT_RDWR)  # wakes the blocked accept(); close() alone won't
        listener.close()
        thread.join(5)


@pytest.mark.django_db
def test_a_rate_limit_with_redis_known_down_fails_open_without_asking_it_again(
    settings, monkeypatch
):
    """Counted, not timed: after the first failure opens the circuit, no hit reaches Redis."""
    monkeypatch.setattr(circuit.redis, "reset_after", 3600.0)  # no trial within the test
    from django.core.cache import caches

    with a_redis_that_hangs_up() as (port, connections):
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{port}/0",
                "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
            }
        }
        caches._connections.__dict__.pop("default", None)
        try:
            first = ratelimit.hit("test", "k", limit=1, window=60)
            asked_once = len(connections)
            allowances = [ratelimit.hit("test", "k", limit=1, window=60) for _ in range(49)]
        finally:
            caches._connections.__dict__.pop("default", None)
            circuit.redis.reset()

    assert first.allowed and all(allowance.allowed for allowance in allowances)
    assert asked_once >= 1  # the first hit did try this Redis
    assert len(connections) == asked_once
