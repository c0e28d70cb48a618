"""`/ws/contact-centre/`: the contact centre's queue, live, for call handlers after two-factor.

It carries what `casework.services.publishing` puts on `realtime.CASEWORK_STREAM`: the kind of
change, the case id, its status, lane and version, and who holds the claim; never what a case
says. The queue page marks rows "being assessed by ..." and offers "N new reports" from it.
Asked again on every event: signing out, or losing the role, closes the socket.
"""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import QuerySet

from casework.models import CaseEvent, Counter
from casework.services import publishing
from engage import permissions, realtime
from engage.consumers import NOT_FOUND, StreamConsumer
from engage.models import CallHandler
from engage.two_factor import passed_two_factor


class ContactCentreConsumer(StreamConsumer):
    stream_kind = "contact_centre"

    async def authorise(self) -> int | None:
        allowed = await database_sync_to_async(self._may_listen)()
        return None if allowed else NOT_FOUND  # the queue page is a 404 to anyone else too

    def _may_listen(self) -> bool:
        """A call handler who passed two-factor (reads the database: off the event loop)."""
        user, session = self.scope.get("user"), self.scope.get("session")
        if session is None or user is None or not permissions.is_call_handler(user):  # type: ignore[arg-type]
            return False
        self.user_id = user.pk
        return passed_two_factor(user, session)

    def stream_name(self) -> str:
        return realtime.CASEWORK_STREAM

    def replay_key(self) -> str:
        return "contact-centre"  # the same rows for every call handler

    def stream_rows(self) -> QuerySet[Any]:
        return CaseEvent.objects.filter(case__counter=Counter.REPORT).select_related(
            "case__claimed_by"
        )

    def payload(self, row: CaseEvent) -> dict:
        return publishing.payload(row)

    async def may_receive(self, event: dict) -> bool:
        if await database_sync_to_async(self._still_call_handler)():
            return True
        await self.close(code=NOT_FOUND)
        return False

    def _still_call_handler(self) -> bool:
        key = self.scope["session"].session_key
        signed_in = SessionStore(session_key=key).get(SESSION_KEY) if key else None
        return (
            signed_in == str(self.user_id)
            and CallHandler.objects.filter(user_id=self.user_id, user__is_active=True).exists()
        )
