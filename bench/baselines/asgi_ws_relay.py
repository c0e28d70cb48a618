"""F1, the thin relay (the main fan-out baseline): a raw ASGI WebSocket app on uvicorn that
relays one Redis pub/sub channel to every socket it holds.

One subscription per process; each message is written to each socket's ASGI `send`, in turn.
No framework, no routing, no permission check, no resume: what a Python fan-out costs at least.

    BENCH_REDIS_URL=redis://127.0.0.1:6379/10 BENCH_CHANNEL=bench:f1 \
        uvicorn bench.baselines.asgi_ws_relay:app --port 8102 --ws websockets-sansio
"""

from __future__ import annotations

import asyncio
import os

import redis.asyncio as aioredis

REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
CHANNEL = os.environ.get("BENCH_CHANNEL", "bench:f1")
sockets: set = set()
relay_task: asyncio.Task | None = None


async def relay() -> None:
    client = aioredis.Redis.from_url(REDIS_URL)
    async with client.pubsub() as pubsub:
        await pubsub.subscribe(CHANNEL)
        async for message in pubsub.listen():
            if message["type"] != "message":
                continue
            frame = {"type": "websocket.send", "text": message["data"].decode()}
            for send in tuple(sockets):
                try:
                    await send(frame)
                except Exception:  # a socket that went away mid-send; its handler cleans up
                    sockets.discard(send)


async def app(scope, receive, send) -> None:
    global relay_task
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    if scope["type"] != "websocket":
        await send({"type": "http.response.start", "status": 404, "headers": []})
        await send({"type": "http.response.body", "body": b""})
        return
    await receive()  # websocket.connect
    if relay_task is None:
        relay_task = asyncio.get_running_loop().create_task(relay())
    await send({"type": "websocket.accept"})
    sockets.add(send)
    try:
        while (await receive())["type"] != "websocket.disconnect":
            pass
    finally:
        sockets.discard(send)
