"""Live streams of concerns: one concern, one neighbourhood, and the signed-in person's own."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.sessions.backends.db import SessionStore
from django.db.models import QuerySet

from concerns import selectors, services
from concerns.live import STREAM_KINDS, event_payload, neighbourhood_events, notification_payload
from concerns.models import Concern, ConcernEvent
from concerns.states import Capacity
from engage import realtime
from engage.consumers import FORBIDDEN, NOT_FOUND, StreamConsumer
from engage.handshake_reads import read_together
from engage.models import Neighbourhood, NeighbourhoodEvent
from engage.two_factor import passed_two_factor


class ConcernConsumer(StreamConsumer):
    """`/ws/concerns/<ref>/`: its state changes, officer replies and resident updates."""

    stream_kind = "concern"

    async def authorise(self) -> int | None:
        ref = self.scope["url_route"]["kwargs"]["ref"].upper()
        # Sockets of one concern connecting at once read the concern once; who each of them
        # is (and so what each may see) is still decided per socket.
        found = await read_together(("concern", ref), self._load_many, (ref, self.scope))
        if found is None:
            return NOT_FOUND  # never FORBIDDEN: it would confirm a hidden concern exists
        self.concern_id, self.ref, self.privileged = found
        return None

    @classmethod
    def _load_many(cls, items: list[tuple[str, dict]]) -> list[tuple[int, str, bool] | None]:
        concern = Concern.objects.select_related("neighbourhood").filter(ref=items[0][0]).first()
        return [cls._decide(concern, scope) for _, scope in items]

    @staticmethod
    def _decide(concern: Concern | None, scope: dict) -> tuple[int, str, bool] | None:
        if concern is None:
            return None
        user = scope.get("user")
        capacities = services.capacities(concern, user)
        if capacities - {Capacity.AUTHOR} and not passed_two_factor(user, scope.get("session")):
            # Staff powers only after two-factor, as over HTTP (read here, off the event loop).
            capacities -= {Capacity.MODERATOR, Capacity.TEAM}
        privileged = bool(capacities)
        if not concern.is_public and not privileged:
            return None
        return concern.pk, concern.ref, privileged

    def stream_name(self) -> str:
        return realtime.concern_stream(self.ref)

    def replay_key(self) -> int:
        return self.concern_id  # the same rows for everyone (visibility is checked per event)

    def stream_rows(self) -> QuerySet[Any]:
        return ConcernEvent.objects.filter(
            concern_id=self.concern_id, is_public=True, kind__in=STREAM_KINDS
        ).select_related("concern__neighbourhood", "reply", "update")

    payload = staticmethod(event_payload)

    def may_receive_now(self, event: dict) -> bool | None:
        """Once the concern stops being public it stops reaching the public, at once. What only
        the privileged may see is decided again per event (None: `may_receive`, off this loop),
        so signing out or losing a role ends it at the next event."""
        if event.get("visible", False):
            return True
        return None if self.privileged else False

    async def may_receive(self, event: dict) -> bool:
        allowed = self.may_receive_now(event)
        if allowed is None:
            self.privileged = await database_sync_to_async(self._still_privileged)()
            allowed = self.privileged
        return allowed

    def _still_privileged(self) -> bool:
        """The session re-read from the store and the user and concern from the database: the
        copies in the scope were loaded at connect."""
        key = self.scope["session"].session_key
        session = SessionStore(session_key=key) if key else None
        user = self.scope.get("user")
        if session is None or user is None or session.get(SESSION_KEY) != str(user.pk):
            return False
        now = get_user_model().objects.filter(pk=user.pk, is_active=True).first()
        if now is None:
            return False
        concern = Concern.objects.select_related("neighbourhood").filter(pk=self.concern_id).first()
        decided = self._decide(concern, {"user": now, "session": session})
        return bool(decided and decided[2])


class NeighbourhoodConsumer(StreamConsumer):
    """`/ws/neighbourhoods/<slug>/`: newly published concerns and status changes there, and the
    posts of its team, in the order of the neighbourhood's own stream (NeighbourhoodEvent)."""

    stream_kind = "neighbourhood"

    async def authorise(self) -> int | None:
        slug = self.scope["url_route"]["kwargs"]["slug"]
        self.place = await read_together(("neighbourhood", slug), _places, slug)
        return None if self.place else NOT_FOUND

    def stream_name(self) -> str:
        return realtime.neighbourhood_stream(self.place["slug"])

    def replay_key(self) -> int:
        return self.place["pk"]

    def stream_rows(self) -> QuerySet[Any]:
        return NeighbourhoodEvent.objects.filter(neighbourhood_id=self.place["pk"])

    def events_since(self, last_id: int, limit: int) -> list[dict]:
        entries = self.stream_rows().filter(pk__gt=last_id).order_by("pk")[:limit]
        return neighbourhood_events(list(entries))

    def may_receive_now(self, event: dict) -> bool:
        return event.get("visible", False)

    async def may_receive(self, event: dict) -> bool:
        return self.may_receive_now(event)


class MeConsumer(StreamConsumer):
    """`/ws/me/`: the signed-in person's notifications (the badge). Closes once they sign out."""

    stream_kind = "me"

    async def authorise(self) -> int | None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            return FORBIDDEN
        self.user_id = user.pk
        self.user = user
        return None

    def stream_name(self) -> str:
        return realtime.user_stream(self.user_id)

    id_field = "event_id"

    def stream_rows(self) -> QuerySet[Any]:
        """The same rows as the notifications page: a concern hidden since drops out, so a
        replay (`?last=0`) never names it."""
        return selectors.visible_notifications(self.user).select_related("event__concern")

    payload = staticmethod(notification_payload)

    async def may_receive(self, event: dict) -> bool:
        """The session is re-read from the store on every event (the copy in the scope was
        loaded at connect): signing out anywhere ends the stream."""
        if await database_sync_to_async(self._session_user_id)() != str(self.user_id):
            await self.close(code=FORBIDDEN)
            return False
        return True

    def _session_user_id(self) -> str | None:
        key = self.scope["session"].session_key
        return SessionStore(session_key=key).get(SESSION_KEY) if key else None


def _places(slugs: list[str]) -> list[dict | None]:
    place = Neighbourhood.objects.filter(slug=slugs[0]).values("pk", "slug", "name").first()
    return [dict(place) if place else None for _ in slugs]
