"""Fixtures for the concern tests: a Client per persona (the persona matrix), and what reached
the live channel on the real Redis."""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator

import pytest
import redis
from django.conf import settings
from django.test import Client

from engage import realtime
from tests.concerns.access import STAFF
from tests.conftest import signed_in

Published = list[tuple[list[str], dict]]


@pytest.fixture
def client_as(request) -> Callable[..., Client]:
    """client_as("officer") -> a Client for that persona; staff pass two-factor by default."""

    def make(persona: str, *, two_factor: bool | None = None) -> Client:
        if persona == "anonymous":
            return Client()
        user = request.getfixturevalue(persona)
        return signed_in(user, two_factor=persona in STAFF if two_factor is None else two_factor)

    return make


@pytest.fixture
def published_events() -> Iterator[Callable[[], Published]]:
    """published_events() -> every (streams, event) published on the live channel since the
    test began, in order, read from a real Redis subscription. A marker is published last and
    read back, so an event that was published is never missed for being slow to arrive."""
    subscriber = redis.Redis.from_url(settings.REDIS_URL).pubsub()
    subscriber.subscribe(realtime.channel())
    confirmed = subscriber.get_message(timeout=5)
    assert confirmed and confirmed["type"] == "subscribe"

    def read() -> Published:
        marker = {"type": "test.marker", "id": uuid.uuid4().hex}
        assert realtime.publish(["test:marker"], marker)
        heard: Published = []
        while True:
            message = subscriber.get_message(timeout=5)
            assert message is not None, f"the marker never came back; heard {heard}"
            if message["type"] != "message":
                continue
            data = json.loads(message["data"])
            if data["event"] == marker:
                return heard
            heard.append((data["streams"], data["event"]))

    yield read
    subscriber.close()
