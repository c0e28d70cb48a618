"""The only place that names live streams and publishes events (design: docs/realtime.md).

Every public change is already a row, written in the same transaction as the change (the truth).
After commit, `publish` sends ONE message on ONE Redis pub/sub channel naming the streams it
belongs to. Each server process holds ONE subscription, the `Relay`, which hands the message to
the sockets that process holds for those streams through a local registry. So nothing at the
publisher grows with the number of followers, and no channel-layer message is sent per socket.
Sockets resume from the last event id they saw, from the database, so a dropped connection or a
Redis outage loses nothing: pushing is only an optimisation.
"""

from __future__ import annotations

import asyncio
import json
import logging
import random
import weakref
from collections import defaultdict
from typing import Protocol
from urllib.parse import urlparse

import redis
import redis.asyncio as aioredis
from django.conf import settings

from engage import circuit

log = logging.getLogger(__name__)
CHANNEL = "engage:live"
MODERATION_STREAM = "moderation"
CASEWORK_STREAM = "casework"  # the call handlers' queue: claims and counts, no case text
HEARTBEAT_SECONDS = 25
# Explicit Redis connection limits. redis-py 8's pools default to 100 connections and RAISE
# "Too many connections" past that instead of waiting (performance.md §0.4, §4.4). Sockets never
# touch Redis themselves (the relay's one subscription serves them all), so a reconnect storm adds
# no Redis connections; the publisher's pool is shared by the threads of one process and WAITS
# (up to PUBLISH_WAIT_SECONDS) for a free connection rather than failing a burst of publishes.
PUBLISH_MAX_CONNECTIONS = 16
PUBLISH_WAIT_SECONDS = 1.0
RELAY_MAX_CONNECTIONS = 2  # the subscription, plus one spare while a reconnect overlaps


def concern_stream(ref: str) -> str:
    return f"concern:{ref}"


def neighbourhood_stream(slug: str) -> str:
    return f"neighbourhood:{slug}"


def case_stream(reference: str) -> str:
    """A private case's stream: its reporter's and its staff's pages, nobody else's."""
    return f"case:{reference}"


def user_stream(user_id: int) -> str:
    return f"user:{user_id}"


def channel() -> str:
    """The one pub/sub channel. Pub/sub ignores Redis database numbers, so the channel is named
    after REDIS_URL's database: two deployments, test runs or benchmarks sharing one Redis
    server on different databases never hear each other's events."""
    return f"{CHANNEL}:{urlparse(settings.REDIS_URL).path.strip('/') or '0'}"


_client: redis.Redis | None = None


def _publisher() -> redis.Redis:
    global _client
    if _client is None:
        # Bounded, blocking pool and short timeouts: a burst waits for a connection instead of
        # failing, and a Redis outage costs the request milliseconds, not seconds.
        pool = redis.BlockingConnectionPool.from_url(
            settings.REDIS_URL,
            max_connections=PUBLISH_MAX_CONNECTIONS,
            timeout=PUBLISH_WAIT_SECONDS,
            socket_connect_timeout=0.5,
            socket_timeout=0.5,
        )
        _client = redis.Redis(connection_pool=pool)
    return _client


# An event's key naming, for streams where it has an id of its own, that id: {stream: id}. A
# concern's status change is one message to its concern stream (the ConcernEvent id) and to its
# neighbourhood's stream (the NeighbourhoodEvent id), not two.
POSITIONS = "stream_ids"


def publish(streams: list[str], event: dict) -> bool:
    """Push `event` (its "type" is `noun.verb`, its "id" the row id, and `POSITIONS` any other
    ids it has in some of `streams`) to open sockets of `streams`, once, after commit. Returns
    False if Redis is unreachable (at once while the Redis circuit is open): the push is then
    recorded in the outbox and sent by its sweep once Redis is back. Pages and the sockets'
    catch-up read the database anyway, so the event is late, never lost."""
    message = json.dumps({"streams": streams, "event": event})
    if circuit.redis.call(lambda: _send(message), fallback=False, errors=(redis.RedisError,)):
        return True
    log.warning("live publish of %s deferred to the outbox (Redis down)", event.get("type"))
    try:
        from engage import outbox  # here: the outbox imports models, realtime is imported early

        outbox.enqueue(LIVE_PUBLISH, {"message": message})
    except Exception:  # noqa: BLE001  the database too: sockets still catch up from it later
        log.exception("live publish of %s not recorded", event.get("type"))
    return False


LIVE_PUBLISH = "live.publish"


def _send(message: str) -> bool:
    _publisher().publish(channel(), message)
    return True


def publish_deferred(payload: dict) -> None:
    """The outbox handler of a deferred push: raises while Redis is still down (retried)."""
    _send(payload["message"])


class Listener(Protocol):
    def offer(self, event: dict, text: str) -> None: ...

    def resync(self) -> None: ...

    def heartbeat(self) -> None: ...


class Relay:
    """One per event loop (that is, per server process): one Redis subscription and the
    registry of local listeners by stream."""

    def __init__(self) -> None:
        self.listeners: dict[str, set[Listener]] = defaultdict(set)
        self.task: asyncio.Task | None = None
        self.beat: asyncio.Task | None = None
        self.ready = asyncio.Event()

    def add(self, stream: str, listener: Listener) -> None:
        self.listeners[stream].add(listener)
        loop = asyncio.get_running_loop()
        if self.task is None or self.task.done():
            self.task = loop.create_task(self._run())
            self.task.add_done_callback(_report_crash)
        if self.beat is None or self.beat.done():
            self.beat = loop.create_task(self._heartbeats())
            self.beat.add_done_callback(_report_crash)

    def discard(self, stream: str, listener: Listener) -> None:
        group = self.listeners.get(stream)
        if group is not None:
            group.discard(listener)
            if not group:
                del self.listeners[stream]

    def dispatch(self, raw: bytes | str) -> int:
        """Hand one published message to every local listener of its streams."""
        message = json.loads(raw)
        event = message["event"]
        positions = event.pop(POSITIONS, None)
        text = json.dumps(event)  # serialised once, whatever the number of sockets
        delivered = 0
        for stream in message["streams"]:
            copy, copy_text = event, text
            if positions and stream in positions:
                # Its id in a stream with its own rows (neighbourhood streams): once per stream.
                copy = {**event, "id": positions[stream]}
                copy_text = json.dumps(copy)
            for listener in tuple(self.listeners.get(stream, ())):
                try:
                    listener.offer(copy, copy_text)
                except Exception:  # one broken socket must not cost the others this event
                    log.exception("live offer to a listener failed")
                delivered += 1
        return delivered

    def _everyone(self) -> set[Listener]:
        return {listener for group in self.listeners.values() for listener in group}

    async def _run(self) -> None:
        backoff = 0.5
        while self.listeners:
            pool = aioredis.BlockingConnectionPool.from_url(
                settings.REDIS_URL,
                max_connections=RELAY_MAX_CONNECTIONS,
                timeout=5,
                socket_connect_timeout=2,
                health_check_interval=HEARTBEAT_SECONDS,
            )
            client = aioredis.Redis(connection_pool=pool)
            try:
                async with client.pubsub() as pubsub:
                    await pubsub.subscribe(channel())
                    self.ready.set()
                    # Sockets that registered before this subscription was live (at start, or
                    # during an outage) may have missed events: they catch up from their ids.
                    for listener in self._everyone():
                        listener.resync()
                    backoff = 0.5
                    await self._listen(pubsub)
            except (redis.RedisError, OSError):
                self.ready.clear()
                log.warning("live relay lost Redis; retrying in %.1fs", backoff)
                await asyncio.sleep(backoff + random.uniform(0, backoff))
                backoff = min(backoff * 2, 10)
            finally:
                try:
                    await client.aclose()
                    await pool.aclose()
                except (redis.RedisError, OSError):
                    pass  # closing a connection to a Redis that is gone may fail too

    async def _listen(self, pubsub: aioredis.client.PubSub) -> None:
        while self.listeners:
            message = await pubsub.get_message(
                ignore_subscribe_messages=True, timeout=HEARTBEAT_SECONDS
            )
            if message is not None and message["type"] == "message":
                self.dispatch(message["data"])

    async def _heartbeats(self) -> None:
        """Every HEARTBEAT_SECONDS, whether or not Redis is up: each listener sends a heartbeat
        if it has sent nothing lately, so a client can tell a quiet stream (or a Redis outage,
        which the socket rides out) from a dead connection. Per socket, not per process: a
        busy stream must not starve a quiet one of heartbeats."""
        while self.listeners:
            await asyncio.sleep(HEARTBEAT_SECONDS)
            for listener in self._everyone():
                listener.heartbeat()


def _report_crash(task: asyncio.Task) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("live relay stopped", exc_info=task.exception())


_relays: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Relay] = weakref.WeakKeyDictionary()


def relay() -> Relay:
    """This process's relay (one per running event loop)."""
    loop = asyncio.get_running_loop()
    if loop not in _relays:
        _relays[loop] = Relay()
    return _relays[loop]
