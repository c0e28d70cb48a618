"""F2, the framework as shipped: a bare Channels consumer per socket joining one group of a
channels_redis layer (`RedisPubSubChannelLayer` by default, `BENCH_LAYER=core` for the default
`RedisChannelLayer`), on uvicorn. The benchmark broadcasts with the layer's `group_send`.

    BENCH_REDIS_URL=redis://127.0.0.1:6379/10 BENCH_CHANNEL=bench:f2 \
        uvicorn bench.baselines.channels_bare:application --port 8103 --ws websockets-sansio
"""

from __future__ import annotations

import os

import django
from django.conf import settings

GROUP = "bench"
LAYERS = {
    "pubsub": "channels_redis.pubsub.RedisPubSubChannelLayer",
    "core": "channels_redis.core.RedisChannelLayer",
}
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10")
PREFIX = os.environ.get("BENCH_CHANNEL", "bench:f2")
LAYER = os.environ.get("BENCH_LAYER", "pubsub")


def layer_config(layer: str = LAYER, redis_url: str = REDIS_URL, prefix: str = PREFIX) -> dict:
    # max_connections raised as performance.md §4.4 found necessary for connect bursts.
    return {
        "BACKEND": LAYERS[layer],
        "CONFIG": {"hosts": [{"address": redis_url, "max_connections": 4096}], "prefix": prefix},
    }


if not settings.configured:
    settings.configure(
        SECRET_KEY="bench-only",
        INSTALLED_APPS=["channels"],
        DATABASES={},
        ALLOWED_HOSTS=["*"],
        CHANNEL_LAYERS={"default": layer_config()},
    )
    django.setup()

from channels.generic.websocket import AsyncWebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.urls import re_path  # noqa: E402


class Follower(AsyncWebsocketConsumer):
    groups = [GROUP]

    async def bench_event(self, event: dict) -> None:
        await self.send(text_data=event["text"])


application = ProtocolTypeRouter({"websocket": URLRouter([re_path(r"^.*$", Follower.as_asgi())])})
