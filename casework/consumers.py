"""The live stream of one private case: `/ws/cases/<reference>/`.

Its reporter hears what their page shows (`for_reporter` history rows); staff on the case (a
call handler, or an officer of the case's team, after two-factor) hear all of it. Anyone else
is closed with NOT_FOUND at connect, never FORBIDDEN, which would confirm the case exists.
Who may listen is decided again on every event, from the session store and the database: an
officer whose team lost the case, or anyone who signed out, is closed at the next event.
"""

from __future__ import annotations

import json
from typing import Any

from channels.db import database_sync_to_async
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import QuerySet
from django.template.loader import render_to_string

from casework import access
from casework.models import Case, CaseEvent
from casework.services import publishing
from engage import realtime
from engage.consumers import NOT_FOUND, StreamConsumer
from engage.handshake_reads import read_together
from engage.two_factor import passed_two_factor

STAFF = access.STAFF_ROLES
# What only staff read in a pushed event: the triage lane and who holds the claim.
STAFF_ONLY = ("grade", "claimed_by", "version")


def decide(case: Case | None, user: Any, session: Any) -> tuple[int, str, bool] | None:
    """(case id, reference, staff?) for someone who may listen, else None. Reads the
    database: off the event loop."""
    if case is None or user is None or not user.is_authenticated:
        return None
    roles = access.roles_on(case, user, verified=passed_two_factor(user, session))
    if not roles:
        return None
    return case.pk, case.reference, bool(roles & STAFF)


class CaseConsumer(StreamConsumer):
    stream_kind = "case"

    async def authorise(self) -> int | None:
        reference = self.scope["url_route"]["kwargs"]["reference"].upper()
        found = await read_together(None, self._load, (reference, self.scope))
        if found is None:
            return NOT_FOUND
        self.case_id, self.reference, self.staff = found
        return None

    @staticmethod
    def _load(items: list[tuple[str, dict]]) -> list[tuple[int, str, bool] | None]:
        reference, scope = items[0]
        case = Case.objects.filter(reference=reference).first()
        return [decide(case, scope.get("user"), scope.get("session"))]

    def stream_name(self) -> str:
        return realtime.case_stream(self.reference)

    def replay_key(self) -> tuple[int, bool]:
        return self.case_id, self.staff  # the reporter's rows are fewer than staff's

    def stream_rows(self) -> QuerySet[CaseEvent]:
        rows = CaseEvent.objects.filter(case_id=self.case_id).select_related(
            "case__claimed_by", "message", "actor"
        )
        return rows if self.staff else rows.filter(for_reporter=True)

    def payload(self, row: CaseEvent) -> dict:
        """The publisher's payload (casework.services.publishing), with the entry's HTML as
        this listener's page shows it; the reporter's copy leaves out what only staff read."""
        data = publishing.payload(row)
        data["status_label"] = row.case.get_status_display()
        data["html"] = render_to_string(
            "casework/_case_event.html", {"event": row, "case": row.case}
        )
        if not self.staff:
            for key in STAFF_ONLY:
                data.pop(key, None)
        return data

    async def may_receive(self, event: dict) -> bool:
        return await database_sync_to_async(self._shaped)(event) is not None

    async def catch_up(self) -> None:
        """A replay (at connect, or after the relay lost Redis) only for who may still see."""
        if not await database_sync_to_async(self._still_allowed)():
            await self.close(code=NOT_FOUND)
            return
        await super().catch_up()

    async def deliver(self, event: dict, text: str | None = None) -> None:
        if event["id"] <= self.last_sent:
            return
        if "html" not in event:  # live, from the publisher: checked and built here, per socket
            shaped = await database_sync_to_async(self._shaped)(event)
            if shaped is None:
                if not self.allowed:
                    await self.close(code=NOT_FOUND)
                return
            event, text = shaped, json.dumps(shaped)
        self.last_sent = event["id"]
        await self.send(text_data=text or json.dumps(event))

    allowed = True

    def _still_allowed(self) -> bool:
        """The session re-read from the store, the user and case from the database: the
        copies in the scope were loaded at connect."""
        key = self.scope["session"].session_key
        session = SessionStore(session_key=key) if key else None
        user = self.scope.get("user")
        decided = None
        if session is not None and user is not None and session.get(SESSION_KEY) == str(user.pk):
            now = get_user_model().objects.filter(pk=user.pk, is_active=True).first()
            case = Case.objects.filter(pk=self.case_id).first()
            decided = decide(case, now, session)
        self.allowed = decided is not None
        self.staff = bool(decided and decided[2])
        return self.allowed

    def _shaped(self, event: dict) -> dict | None:
        """The event as this listener receives it, or None: they may no longer listen, the
        event is not theirs to hear, or it is no row of this case (a stray id)."""
        if not self._still_allowed():
            return None
        row = self.stream_rows().filter(pk=int(event["id"])).first()
        return self.payload(row) if row is not None else None
