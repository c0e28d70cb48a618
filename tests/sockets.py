"""Socket helpers for the live-update tests (tests/concerns, tests/moderation, tests/social):
a communicator on the real ASGI application, its hello, the next event, and a marker that
proves what did not arrive."""

from __future__ import annotations

import asyncio

from channels.testing import WebsocketCommunicator
from django.test import Client

from engage import realtime
from engage.asgi import application

ORIGIN = (b"origin", b"http://localhost")


def socket(path: str, *, client: Client | None = None, origin=ORIGIN) -> WebsocketCommunicator:
    headers = [origin] if origin else []
    if client is not None:
        headers.append((b"cookie", f"sessionid={client.cookies['sessionid'].value}".encode()))
    return WebsocketCommunicator(application, path, headers=headers)


async def hello(communicator: WebsocketCommunicator) -> dict:
    connected, code = await communicator.connect(timeout=5)
    assert connected, f"refused with {code}"
    message = await communicator.receive_json_from(timeout=5)
    assert message["type"] == "stream.hello"
    await asyncio.wait_for(realtime.relay().ready.wait(), 5)
    return message


async def next_event(communicator: WebsocketCommunicator, timeout: float = 5) -> dict:
    """The next event, skipping heartbeats, within `timeout` seconds overall."""
    async with asyncio.timeout(timeout):
        while True:
            message = await communicator.receive_json_from(timeout=timeout)
            if message["type"] != "stream.heartbeat":
                return message


async def frames_before_marker(communicator: WebsocketCommunicator, stream: str) -> list[str]:
    """Publish a marker event on `stream`, then the types of every frame the socket was sent
    before it: the relay delivers in publish order, so nothing published earlier comes after."""
    marker = {"type": "test.marker", "id": 10**9, "visible": True}
    await asyncio.to_thread(realtime.publish, [stream], marker)
    types = []
    while (frame := await communicator.receive_json_from(timeout=5)) != marker:
        types.append(frame["type"])
    return types
