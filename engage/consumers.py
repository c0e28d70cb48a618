"""The base of every live stream socket. Push-only: writes are ordinary POSTs with CSRF.

A stream socket: authorises on connect; registers with this process's relay BEFORE reading the
database (so nothing published in between is missed); replays what the client missed since the
`last` id it sends (bounded: past `REPLAY_LIMIT` it tells the client to reload); then sends live
events in id order, skipping any it already sent, and checks on every event that this person may
still receive it.
"""

from __future__ import annotations

import asyncio
import json
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from engage import realtime

REPLAY_LIMIT = 500
FORBIDDEN = 4403
NOT_FOUND = 4404


class StreamConsumer(AsyncWebsocketConsumer):
    # No channel layer: events come from this process's relay, not from a per-socket
    # channel-layer receive loop (one Redis read per socket is what the relay avoids).
    channel_layer_alias = "engage-no-channel-layer"
    stream_kind = ""
    sent_at = 0.0  # event-loop time of the last frame sent (heartbeats fill silences)

    # --- what subclasses provide ---------------------------------------------------------
    async def authorise(self) -> int | None:
        """None to accept, or a close code (NOT_FOUND, FORBIDDEN)."""
        raise NotImplementedError

    def stream_name(self) -> str:
        raise NotImplementedError

    id_field = "pk"

    def stream_rows(self):
        """The rows behind this stream, as a QuerySet (their `id_field` is the event id)."""
        raise NotImplementedError

    def payload(self, row) -> dict:
        """A row in exactly the shape the publisher sends."""
        raise NotImplementedError

    def events_since(self, last_id: int, limit: int) -> list[dict]:
        rows = self.stream_rows().filter(**{f"{self.id_field}__gt": last_id})
        return [self.payload(row) for row in rows.order_by(self.id_field)[:limit]]

    def position(self) -> int:
        """The newest event id now, for a socket that did not say where it was."""
        newest = self.stream_rows().order_by(f"-{self.id_field}")
        return newest.values_list(self.id_field, flat=True).first() or 0

    async def may_receive(self, event: dict) -> bool:
        raise NotImplementedError

    # --- the protocol ----------------------------------------------------------------------
    async def connect(self) -> None:
        refusal = await self.authorise()
        if refusal is not None:
            await self.close(code=refusal)
            return
        self.stream = self.stream_name()
        self.queue: asyncio.Queue = asyncio.Queue()
        realtime.relay().add(self.stream, self)  # subscribe first, then read the snapshot
        self.last_sent = self._last_id()
        if self.last_sent is None:  # a position to catch up from after an outage
            self.last_sent = await database_sync_to_async(self.position)()
        await self.accept()
        await self.send_json({"type": "stream.hello", "stream": self.stream_kind,
                              "last": self.last_sent})
        await self.catch_up()
        self.writer = asyncio.create_task(self._drain())

    async def disconnect(self, code: int) -> None:
        if getattr(self, "stream", None):
            realtime.relay().discard(self.stream, self)
        if getattr(self, "writer", None):
            self.writer.cancel()

    async def receive(self, text_data=None, bytes_data=None) -> None:
        """Nothing to say on a push-only socket; ignored, never echoed."""

    def _last_id(self) -> int | None:
        query = parse_qs(self.scope.get("query_string", b"").decode())
        value = (query.get("last") or [""])[0]
        return int(value) if value.isdigit() else None

    async def catch_up(self) -> None:
        missed = await database_sync_to_async(self.events_since)(self.last_sent,
                                                                 REPLAY_LIMIT + 1)
        if len(missed) > REPLAY_LIMIT:
            await self.send_json({"type": "stream.reload"})
            self.last_sent = missed[-1]["id"]
            return
        for event in missed:
            await self.deliver(event)

    # Called by the relay (synchronously, in this loop).
    def offer(self, event: dict, text: str) -> None:
        self.queue.put_nowait((event, text))

    def resync(self) -> None:
        self.queue.put_nowait(("resync", None))

    def heartbeat(self) -> None:
        """From the relay's ticker: only a socket that has been quiet for a while sends one."""
        if asyncio.get_running_loop().time() - self.sent_at >= realtime.HEARTBEAT_SECONDS / 2:
            self.queue.put_nowait(({"type": "stream.heartbeat"}, None))

    async def _drain(self) -> None:
        while True:
            event, text = await self.queue.get()
            if event == "resync":
                await self.catch_up()
            elif event["type"] == "stream.heartbeat":
                await self.send_json(event)
            else:
                await self.deliver(event, text)

    async def deliver(self, event: dict, text: str | None = None) -> None:
        if event["id"] <= self.last_sent:
            return  # already sent (replayed, or a duplicate after a resync)
        if not await self.may_receive(event):
            return
        self.last_sent = event["id"]
        await self.send(text_data=text or json.dumps(event))

    async def send_json(self, content: dict) -> None:
        await self.send(text_data=json.dumps(content))

    async def send(self, text_data=None, bytes_data=None, close=False) -> None:
        self.sent_at = asyncio.get_running_loop().time()
        await super().send(text_data=text_data, bytes_data=bytes_data, close=close)
