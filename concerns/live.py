"""Live events of concerns: one payload shape for publishing after commit and for replaying
from the database, so a socket cannot tell a replayed event from a live one."""

from __future__ import annotations

from collections.abc import Callable

from django.template.loader import render_to_string

from concerns.models import ConcernEvent, EventKind, Notification, ReplyStatus
from concerns.selectors import timeline_item
from engage import realtime
from engage.models import NeighbourhoodEvent

STREAM_KINDS = (
    EventKind.STATUS,
    EventKind.PUBLISHED,
    EventKind.REPLY,
    EventKind.REPLY_EDITED,
    EventKind.UPDATE,
    EventKind.OUTCOME,
)
NEIGHBOURHOOD_KINDS = (EventKind.PUBLISHED, EventKind.STATUS)


def event_payload(event: ConcernEvent) -> dict:
    """What a socket receives. Content (the timeline item, the title) is included only while
    the concern is public; consumers still check visibility before every send."""
    concern = event.concern
    payload = {
        "type": event.kind,
        "id": event.pk,
        "ref": concern.ref,
        "status": concern.status,
        "status_label": concern.get_status_display(),
        "visible": concern.is_public,
    }
    if concern.is_public:
        payload["title"] = concern.title
        payload["url"] = concern.get_absolute_url()
        if event.reply_id and event.reply.status != ReplyStatus.PUBLISHED:
            # A reply edited back into sign-off (or refused): its event stays in the stream for
            # resume ids, its text does not go out until a moderator publishes it.
            return payload
        payload["html"] = render_to_string(
            "concerns/_timeline_item.html", {"item": timeline_item(event), "concern": concern}
        )
    return payload


def notification_payload(notification: Notification) -> dict:
    return {
        "type": "notification.added",
        "id": notification.event_id,
        "message": notification.message,
        "url": notification.event.concern.get_absolute_url(),
    }


def on_neighbourhood_stream(event: ConcernEvent) -> bool:
    """Whether the event is also an entry of its neighbourhood's stream."""
    return event.is_public and event.kind in NEIGHBOURHOOD_KINDS


def prepare_publish(
    event: ConcernEvent, recipients: list[int], *, entry: NeighbourhoodEvent | None = None
) -> Callable[[], None]:
    """Inside the service's transaction: build the messages (the concern as it will be
    committed, with no database read after commit) and return what sends them after commit:
    one message for the public streams, one for the recipients' badges. `entry`: the event's
    entry on its neighbourhood's stream, which the service stored (on_neighbourhood_stream)."""
    concern = event.concern
    messages: list[tuple[list[str], dict]] = []
    if on_neighbourhood_stream(event) != (entry is not None):
        # A neighbourhood page would miss it live, or be sent an id its stream does not hold.
        raise ValueError(
            f"{event.kind} event {event.pk}: its neighbourhood entry is "
            f"{'missing' if entry is None else 'not expected'}"
        )
    if event.is_public:
        streams = [realtime.concern_stream(concern.ref)]
        payload = event_payload(event)
        if entry is not None:
            neighbourhood = realtime.neighbourhood_stream(concern.neighbourhood.slug)
            streams.append(neighbourhood)
            payload[realtime.POSITIONS] = {neighbourhood: entry.pk}
        messages.append((streams, payload))
    if recipients:
        messages.append(
            (
                [realtime.user_stream(pk) for pk in recipients],
                {"type": "notification.added", "id": event.pk, "url": concern.get_absolute_url()},
            )
        )

    def send() -> None:
        for streams, payload in messages:
            realtime.publish(streams, payload)

    return send


def neighbourhood_events(entries: list[NeighbourhoodEvent]) -> list[dict]:
    """Entries of a neighbourhood stream as sockets receive them, in one more query for the
    concern events among them. An entry of another app carries its payload; a concern event
    is built as it stands now (visible only while its concern is public)."""
    ids = [entry.source_id for entry in entries if entry.kind in NEIGHBOURHOOD_KINDS]
    events = (
        (
            ConcernEvent.objects.select_related(
                "concern__neighbourhood", "reply", "update"
            ).in_bulk(ids)
        )
        if ids
        else {}
    )
    found = []
    for entry in entries:
        if entry.kind not in NEIGHBOURHOOD_KINDS:
            found.append({**entry.payload, "id": entry.pk})
        elif entry.source_id in events:
            found.append({**event_payload(events[entry.source_id]), "id": entry.pk})
        else:  # its concern was deleted: kept as a position, so the replay's count stays true
            found.append({"type": entry.kind, "id": entry.pk, "visible": False})
    return found
