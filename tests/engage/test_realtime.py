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


class ReplayStream(OpenStream):
    """Replays ids 1-30 from a list instead of the database, noting where each read began."""

    def __init__(self, reads: list[int]) -> None:
        self.reads = reads

    def replay_key(self):
        return "same rows"

    def events_since(self, last_id: int, limit: int) -> list[dict]:
        self.reads.append(last_id)
        return [{"type": "reply.added", "id": pk} for pk in range(last_id + 1, 31)][:limit]


def replay(monkeypatch, limit: int, lasts: list[int]) -> tuple[list[int], list[list[int]]]:
    """Where the shared reads began, and the ids each socket (resuming from `lasts`) got."""
    from engage import consumers

    monkeypatch.setattr(consumers, "REPLAY_LIMIT", limit)
    reads: list[int] = []
    found = consumers._replays([(ReplayStream(reads), last) for last in lasts])
    assert all(text == json.dumps(event) for mine in found for event, text in mine)
    return reads, [[event["id"] for event, _ in mine] for mine in found]


def test_sockets_of_one_stream_replay_from_one_read_each_exactly_what_it_missed(monkeypatch):
    reads, got = replay(monkeypatch, 10, [24, 27, 30, 26])

    assert reads == [24]  # the lowest id, once, for all four
    assert got == [[25, 26, 27, 28, 29, 30], [28, 29, 30], [], [27, 28, 29, 30]]


def test_a_shared_replay_that_stops_at_the_bound_reads_on_for_the_sockets_beyond_it(monkeypatch):
    reads, got = replay(monkeypatch, 5, [0, 26, 28, 3])

    # From 0 the read stops at 6 (the bound + 1): enough for socket 0 (told to reload), not
    # for the others; from 3, enough for socket 3 (reload too); from 26 it reaches the end
    # and covers 26 and 28.
    assert reads == [0, 3, 26]
    assert got == [[1, 2, 3, 4, 5, 6], [27, 28, 29, 30], [29, 30], [4, 5, 6, 7, 8, 9]]


def test_live_frames_skip_the_session_wrapper_which_only_acts_on_http_responses():
    from channels.sessions import InstanceSessionWrapper

    from engage import consumers

    async def server_send(message):
        pass

    wrapper = InstanceSessionWrapper({"cookies": {}}, server_send)
    assert consumers._unwrapped(wrapper.send) is server_send
    assert consumers._unwrapped(server_send) is server_send  # no wrapper: as it is
