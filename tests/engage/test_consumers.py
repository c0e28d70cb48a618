"""The neighbourhood stream over a real Redis channel layer."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from engage import realtime
from engage.asgi import application
from tests.factories import NeighbourhoodFactory

pytestmark = pytest.mark.django_db(transaction=True)
ORIGIN = (b"origin", b"http://localhost")


def socket(path: str, origin: tuple[bytes, bytes] | None = ORIGIN) -> WebsocketCommunicator:
    headers = [origin] if origin else []
    return WebsocketCommunicator(application, path, headers=headers)


async def test_a_neighbourhood_socket_says_hello():
    await sync_to_async(NeighbourhoodFactory)(slug="camden-town", name="Camden Town")
    client = socket("/ws/neighbourhoods/camden-town/")

    connected, _ = await client.connect()

    assert connected
    assert await client.receive_json_from() == {
        "type": "stream.hello", "stream": "neighbourhood", "neighbourhood": "Camden Town"}
    await client.disconnect()


async def test_an_unknown_neighbourhood_is_refused():
    client = socket("/ws/neighbourhoods/atlantis/")

    connected, code = await client.connect()

    assert not connected and code == 4404


@pytest.mark.parametrize("origin", [None, b"https://evil.example", b"null",
                                    b"http://localhost.evil.example"])
async def test_a_socket_from_another_site_is_refused(origin):
    await sync_to_async(NeighbourhoodFactory)(slug="camden-town")
    client = socket("/ws/neighbourhoods/camden-town/", (b"origin", origin) if origin else None)

    connected, _ = await client.connect()

    assert not connected


async def test_a_published_event_reaches_an_open_socket_through_redis():
    await sync_to_async(NeighbourhoodFactory)(slug="camden-town")
    client = socket("/ws/neighbourhoods/camden-town/")
    await client.connect()
    await client.receive_json_from()

    delivered = await sync_to_async(realtime.publish_to_neighbourhood)(
        "camden-town", {"type": "concern.published", "ref": "C-7K2M9Q"})

    assert delivered
    assert await client.receive_json_from(timeout=5) == {
        "type": "concern.published", "ref": "C-7K2M9Q"}
    await client.disconnect()


async def test_an_event_for_another_neighbourhood_does_not_arrive():
    await sync_to_async(NeighbourhoodFactory)(slug="camden-town")
    client = socket("/ws/neighbourhoods/camden-town/")
    await client.connect()
    await client.receive_json_from()

    await sync_to_async(realtime.publish_to_neighbourhood)("holloway", {"type": "concern.published"})

    assert await client.receive_nothing(timeout=0.5)
    await client.disconnect()


def test_publishing_with_redis_down_reports_failure_instead_of_raising(settings):
    settings.CHANNEL_LAYERS = {"default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": ["redis://127.0.0.1:1/0"]}}}
    from channels.layers import channel_layers

    channel_layers.backends.clear()
    try:
        assert realtime.publish_to_neighbourhood("camden-town", {"type": "x.y"}) is False
    finally:
        channel_layers.backends.clear()
