"""The socket side of the relay without a server: eager writes, and sends that have to wait."""

from __future__ import annotations

import asyncio
import json
from collections import deque

from engage.consumers import StreamConsumer


class OpenStream(StreamConsumer):
    """A stream whose permission check needs no I/O: the relay may write to it directly."""

    def may_receive_now(self, event: dict) -> bool:
        return event.get("visible", True)

    async def may_receive(self, event: dict) -> bool:
        return self.may_receive_now(event)


def idle_socket(writable: asyncio.Event, sent: list[int]) -> OpenStream:
    socket = OpenStream()
    socket.last_sent = 0

    async def send(message: dict) -> None:
        await writable.wait()  # as uvicorn's send does while the client is not reading
        sent.append(json.loads(message["text"])["id"])

    socket.base_send = send
    socket.pending, socket.wake, socket.busy = deque(), None, True
    socket.writer = asyncio.create_task(socket._drain())
    return socket


def offer(socket: StreamConsumer, event_id: int, **extra) -> None:
    event = {"type": "reply.added", "id": event_id, **extra}
    socket.offer(event, json.dumps(event))


async def test_an_idle_socket_is_written_by_the_relay_itself_without_a_task_switch():
    writable, sent = asyncio.Event(), []
    writable.set()
    socket = idle_socket(writable, sent)
    await asyncio.sleep(0)  # its task drains nothing and goes idle

    offer(socket, 1)
    offer(socket, 1)  # a duplicate (say, after a resync) is never written twice
    offer(socket, 2, visible=False)  # nor is an event this person may not receive

    assert sent == [1] and socket.last_sent == 1
    socket.writer.cancel()


async def test_a_send_that_has_to_wait_is_finished_in_order_before_anything_newer():
    writable, sent = asyncio.Event(), []
    socket = idle_socket(writable, sent)
    await asyncio.sleep(0)

    offer(socket, 1)  # starts, then waits for the slow client
    offer(socket, 2)  # queued behind it
    offer(socket, 1)  # a duplicate, skipped when its turn comes
    await asyncio.sleep(0.05)
    assert sent == [] and socket.busy

    writable.set()
    await asyncio.sleep(0.05)
    assert sent == [1, 2] and not socket.busy
    offer(socket, 3)  # idle again: written at once
    assert sent == [1, 2, 3]
    socket.writer.cancel()
