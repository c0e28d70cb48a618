"""WebSocket consumers of the foundation app. Push-only: writes are ordinary POSTs."""

from __future__ import annotations

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from engage import realtime
from engage.models import Neighbourhood

NOT_FOUND = 4404


class NeighbourhoodConsumer(AsyncJsonWebsocketConsumer):
    """`/ws/neighbourhoods/<slug>/`: public events of one neighbourhood."""

    async def connect(self) -> None:
        slug = self.scope["url_route"]["kwargs"]["slug"]
        self.neighbourhood = await database_sync_to_async(
            Neighbourhood.objects.filter(slug=slug).values("slug", "name").first
        )()
        if self.neighbourhood is None:
            await self.close(code=NOT_FOUND)
            return
        # Subscribe before saying hello, so nothing published in between is missed.
        self.group = realtime.neighbourhood_group(slug)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "stream.hello", "stream": "neighbourhood",
                              "neighbourhood": self.neighbourhood["name"]})

    async def disconnect(self, code: int) -> None:
        if getattr(self, "group", None):
            await self.channel_layer.group_discard(self.group, self.channel_name)

    async def receive_json(self, content, **kwargs) -> None:
        """Clients have nothing to say on a push-only socket; ignore rather than echo."""

    async def stream_event(self, message: dict) -> None:
        await self.send_json(message["event"])
