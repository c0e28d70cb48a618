"""`/ws/moderation/`: the queue's stream (new, claimed, released, decided) for moderators,
within their scope. Checked on connect and before every push: signing out, or losing the
moderator role, closes the socket at the next event."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import QuerySet

from engage import realtime
from engage.consumers import FORBIDDEN, StreamConsumer
from engage.models import ModerationScope, Moderator
from engage.two_factor import passed_two_factor
from moderation.models import QueueEvent
from moderation.services.queue import event_payload


class ModerationConsumer(StreamConsumer):
    stream_kind = "moderation"

    async def authorise(self) -> int | None:
        user = self.scope.get("user")
        session = self.scope.get("session")
        if user is None or not user.is_authenticated or session is None:
            return FORBIDDEN
        self.user_id = user.pk
        if not await database_sync_to_async(passed_two_factor)(user, session):
            return FORBIDDEN  # staff powers only after two-factor, as over HTTP
        self.moderation_scope = await database_sync_to_async(self._scope)()
        return FORBIDDEN if self.moderation_scope is None else None

    def _scope(self) -> ModerationScope | None:
        """Where this moderator may act, read afresh (None: no longer an active moderator)."""
        moderator = Moderator.objects.filter(user_id=self.user_id, user__is_active=True).first()
        return None if moderator is None else moderator.scope

    def stream_name(self) -> str:
        return realtime.MODERATION_STREAM

    def stream_rows(self) -> QuerySet[Any]:
        return self.moderation_scope.filter(QueueEvent.objects.select_related("item", "actor"))

    @staticmethod
    def payload(row: QueueEvent) -> dict:
        return event_payload(row, row.item)

    async def may_receive(self, event: dict) -> bool:
        still = await database_sync_to_async(self._still_moderator)()
        if not still:
            await self.close(code=FORBIDDEN)
            return False
        return self.moderation_scope.covers(event.get("neighbourhood"))

    def _still_moderator(self) -> bool:
        key = self.scope["session"].session_key
        signed_in = SessionStore(session_key=key).get(SESSION_KEY) if key else None
        if signed_in != str(self.user_id):
            return False
        self.moderation_scope = self._scope()
        return self.moderation_scope is not None
