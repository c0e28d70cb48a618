"""The base of every live stream socket. Push-only: writes are ordinary POSTs with CSRF.

A stream socket: authorises on connect; registers with this process's relay BEFORE reading the
database (so nothing published in between is missed); replays what the client missed since the
`last` id it sends (bounded: past `REPLAY_LIMIT` it tells the client to reload); then sends live
events in id order, skipping any it already sent, and checks on every event that this person may
still receive it.

Handshake reads go through `engage.handshake_reads.read_together`; the auth middleware of these
sockets is `engage.socket_auth`.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections import deque
from collections.abc import Callable, Coroutine, Hashable
from typing import Any
from urllib.parse import parse_qs

from channels.consumer import get_handler_name
from channels.exceptions import StopConsumer
from channels.generic.websocket import AsyncWebsocketConsumer
from channels.sessions import InstanceSessionWrapper
from django.db.models import QuerySet

from engage import bounds, realtime
from engage.handshake_reads import read_together

REPLAY_LIMIT = 500
RESYNC = "resync"
RESUME = "resume"
log = logging.getLogger(__name__)
FORBIDDEN = 4403
NOT_FOUND = 4404


class StreamConsumer(AsyncWebsocketConsumer):
    # No channel layer: events come from this process's relay, not from a per-socket
    # channel-layer receive loop (one Redis read per socket is what the relay avoids).
    channel_layer_alias = "engage-no-channel-layer"
    stream_kind = ""
    sent_at = 0.0  # event-loop time of the last frame sent (heartbeats fill silences)
    live_send = None  # the server's own send, once accepted (see `_unwrapped`)

    # --- what subclasses provide ---------------------------------------------------------
    async def authorise(self) -> int | None:
        """None to accept, or a close code (NOT_FOUND, FORBIDDEN)."""
        raise NotImplementedError

    def stream_name(self) -> str:
        raise NotImplementedError

    id_field = "pk"

    def stream_rows(self) -> QuerySet:
        """The rows behind this stream, as a QuerySet (their `id_field` is the event id)."""
        raise NotImplementedError

    def payload(self, row: Any) -> dict:
        """A row in exactly the shape the publisher sends."""
        raise NotImplementedError

    def replay_key(self) -> Hashable | None:
        """Sockets whose keys are equal have the same `stream_rows()` and share one read when
        they replay or ask for the position at the same time. None: this socket reads alone."""
        return None

    def events_since(self, last_id: int, limit: int) -> list[dict]:
        rows = self.stream_rows().filter(**{f"{self.id_field}__gt": last_id})
        return [self.payload(row) for row in rows.order_by(self.id_field)[:limit]]

    def position(self) -> int:
        """The newest event id now, for a socket that did not say where it was."""
        newest = self.stream_rows().order_by(f"-{self.id_field}")
        return newest.values_list(self.id_field, flat=True).first() or 0

    async def may_receive(self, event: dict) -> bool:
        raise NotImplementedError

    def may_receive_now(self, event: dict) -> bool | None:
        """The same check when it needs no I/O (True or False), else None, and `may_receive`
        runs in the socket's task. Streams whose check is pure answer here, and their live
        events are written straight from the relay's loop (see `offer`)."""
        return None

    # --- the protocol ----------------------------------------------------------------------
    async def dispatch(self, message: dict[str, Any]) -> None:
        """As Channels does, without its `aclose_old_connections()` thread hop before every
        handler (a trip through the single database thread per connect and disconnect): these
        handlers never touch the ORM from the event loop; their reads go through
        `read_together` or `database_sync_to_async`, which look after connections themselves."""
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def connect(self) -> None:
        refusal = await self.authorise()
        if refusal is not None:
            await self.close(code=refusal)
            return
        self.stream = self.stream_name()
        # Work for this socket's own task, in order: events that arrived while it was busy,
        # resyncs, heartbeats, and deliveries that had to wait. `busy` until the task is idle.
        self.pending: deque = deque()
        self.wake: asyncio.Future | None = None
        self.busy = True
        realtime.relay().add(self.stream, self)  # subscribe first, then read the snapshot
        self.last_sent = self._last_id()
        fresh = self.last_sent is None
        if fresh:  # a position to catch up from after an outage
            self.last_sent = await read_together(self._key("position"), _positions, self)
        await self.accept()
        self.live_send = _unwrapped(self.base_send)
        await self.send_json(
            {"type": "stream.hello", "stream": self.stream_kind, "last": self.last_sent}
        )
        if not fresh:  # a position read just now, after subscribing, has nothing to replay
            await self.catch_up()
        self.writer = asyncio.create_task(self._drain())

    async def websocket_disconnect(self, message: Any) -> None:
        """As Channels does, less the group bookkeeping (no channel layer) and the
        `aclose_old_connections()` thread hop (see `dispatch`)."""
        await self.disconnect(message["code"])
        raise StopConsumer()

    async def disconnect(self, code: int) -> None:
        if getattr(self, "stream", None):
            realtime.relay().discard(self.stream, self)
        if getattr(self, "writer", None):
            self.writer.cancel()

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """Nothing to say on a push-only socket; ignored, never echoed."""

    def _last_id(self) -> int | None:
        query = parse_qs(self.scope.get("query_string", b"").decode())
        value = (query.get("last") or [""])[0]
        return 0 if value == "0" else bounds.parse_id(value)

    def _key(self, what: str) -> Hashable | None:
        key = self.replay_key()
        return None if key is None else (what, type(self), key)

    async def catch_up(self) -> None:
        missed = await read_together(self._key("replay"), _replays, (self, self.last_sent))
        if len(missed) > REPLAY_LIMIT:
            await self.send_json({"type": "stream.reload"})
            self.last_sent = missed[-1][0]["id"]
            return
        for event, text in missed:
            await self.deliver(event, text)

    # Called by the relay (synchronously, in this loop).
    def offer(self, event: dict, text: str) -> None:
        """A live event. When this socket's task is idle and the permission check needs no I/O
        (`may_receive_now`), the delivery runs right here, in the relay's loop over its
        sockets, and usually (the transport is writable) completes without a task switch: a
        task wake-up per socket per event was most of what this path cost over the thin
        relay. Otherwise the socket's own task delivers, in order; a send that has to wait (a
        slow client) is finished by that task too, and the relay moves on."""
        if self.busy or self.pending:
            self._enqueue(event, text)
            return
        allowed = self.may_receive_now(event)
        if allowed is None:
            self._enqueue(event, text)
            return
        if event["id"] <= self.last_sent or not allowed:
            return
        self.last_sent = event["id"]
        self.sent_at = asyncio.get_running_loop().time()
        # Straight to the server's send: three coroutine layers and the session wrapper fewer.
        send: Any = self.live_send or self.base_send  # the server's own send coroutine
        sending = send({"type": "websocket.send", "text": text})
        try:
            waiting_on = sending.send(None)
        except StopIteration:
            return
        except Exception:  # this socket only (gone mid-send): the others still get theirs
            log.debug("live delivery to a socket failed", exc_info=True)
            return
        self.busy = True
        self._enqueue(RESUME, _finish(sending, waiting_on))

    def resync(self) -> None:
        self._enqueue(RESYNC, None)

    def heartbeat(self) -> None:
        """From the relay's ticker: only a socket that has been quiet for a while sends one."""
        if asyncio.get_running_loop().time() - self.sent_at >= realtime.HEARTBEAT_SECONDS / 2:
            self._enqueue({"type": "stream.heartbeat"}, None)

    def _enqueue(self, item: object, detail: Any) -> None:
        self.pending.append((item, detail))
        if self.wake is not None and not self.wake.done():
            self.wake.set_result(None)

    async def _drain(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            while self.pending:
                item, detail = self.pending.popleft()
                if item is RESYNC:
                    await self.catch_up()
                elif item is RESUME:
                    await detail  # a delivery started by `offer` that had to wait
                elif item["type"] == "stream.heartbeat":
                    await self.send_json(item)
                else:
                    await self.deliver(item, detail)
            self.busy = False
            self.wake = loop.create_future()
            await self.wake

    async def deliver(self, event: dict, text: str | None = None) -> None:
        if event["id"] <= self.last_sent:
            return  # already sent (replayed, or a duplicate after a resync)
        if not await self.may_receive(event):
            return
        self.last_sent = event["id"]
        await self.send(text_data=text or json.dumps(event))

    async def send_json(self, content: dict) -> None:
        await self.send(text_data=json.dumps(content))

    # AsyncWebsocketConsumer.send's own signature; the stubs type it as AsyncConsumer's.
    async def send(  # type: ignore[override]
        self,
        text_data: str | None = None,
        bytes_data: bytes | None = None,
        close: bool = False,
    ) -> None:
        self.sent_at = asyncio.get_running_loop().time()
        await super().send(text_data=text_data, bytes_data=bytes_data, close=close)


def _unwrapped(send: Callable) -> Callable:
    """The server's send under Channels' session wrapper. The wrapper only acts on HTTP
    responses (it saves the session and sets its cookie); for a WebSocket frame it reads the
    session's state through two lazy proxies and passes the frame on, which was a quarter of
    the CPU of a live delivery (py-spy, 1,000 followers)."""
    wrapper = getattr(send, "__self__", None)
    if isinstance(wrapper, InstanceSessionWrapper) and "websocket.send" not in (
        *wrapper.save_message_types,
        *wrapper.cookie_response_message_types,
    ):
        return wrapper.real_send
    return send


def _positions(sockets: list[StreamConsumer]) -> list[int]:
    """The newest event id for sockets of one stream (one query)."""
    return [sockets[0].position()] * len(sockets)


def _replays(items: list[tuple[StreamConsumer, int]]) -> list[list[tuple[dict, str]]]:
    """What each socket missed, as (event, its JSON): sockets of one stream (one replay key)
    share a read from the lowest of their ids, and each event is built and serialised once
    for all of them. The read stops at the bound (`REPLAY_LIMIT` + 1 events); sockets whose
    first events lie beyond where it stopped share the next read, from the lowest of theirs."""
    found: list = [None] * len(items)
    waiting = list(range(len(items)))
    while waiting:
        lowest = min(items[index][1] for index in waiting)
        shared = [
            (event, json.dumps(event))
            for event in items[waiting[0]][0].events_since(lowest, REPLAY_LIMIT + 1)
        ]
        to_the_end = len(shared) <= REPLAY_LIMIT
        later = []
        for index in waiting:
            after = items[index][1]
            mine = [pair for pair in shared if pair[0]["id"] > after][: REPLAY_LIMIT + 1]
            # Complete if the read reached the end of the stream, or holds this socket's
            # first REPLAY_LIMIT + 1 events (it is then told to reload).
            if to_the_end or len(mine) > REPLAY_LIMIT:
                found[index] = mine
            else:
                later.append(index)
        waiting = later
    return found


async def _finish(delivery: Coroutine, waiting_on: Any) -> None:
    """Drive a send that `offer` started outside this socket's task to its end, as a task
    would: wait for what it waits on (the transport becoming writable), then resume it."""
    try:
        while True:
            if waiting_on is None:
                await asyncio.sleep(0)  # a bare yield: it only asked to be rescheduled
            else:
                await asyncio.wait([waiting_on])
            waiting_on = delivery.send(None)
    except StopIteration:
        pass
    except Exception:
        log.debug("live delivery to a socket failed", exc_info=True)
    finally:
        delivery.close()
