"""The Redis circuit breaker (engage/circuit.py) and the request paths behind it."""

from __future__ import annotations

import time

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


@pytest.mark.django_db
def test_a_rate_limit_with_redis_known_down_fails_open_in_no_time(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": "redis://127.0.0.1:1/0",
                                   "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1}}}
    from django.core.cache import caches

    caches._connections.__dict__.pop("default", None)  # a cache on the unbound port 1
    try:
        started = time.perf_counter()
        verdicts = [ratelimit.hit("test", "k", limit=1, window=60) for _ in range(50)]
        elapsed = time.perf_counter() - started
    finally:
        caches._connections.__dict__.pop("default", None)
        circuit.redis.reset()

    assert all(verdict.allowed for verdict in verdicts)
    assert elapsed < 1.0
