"""Live events of concerns: one payload shape for publishing after commit and for replaying
from the database, so a socket cannot tell a replayed event from a live one."""

from __future__ import annotations

from typing import Callable

from django.template.loader import render_to_string

from concerns.models import ConcernEvent, EventKind, Notification, ReplyStatus
from concerns.selectors import timeline_item
from engage import realtime

STREAM_KINDS = (EventKind.STATUS, EventKind.PUBLISHED, EventKind.REPLY, EventKind.REPLY_EDITED,
                EventKind.UPDATE, EventKind.OUTCOME)
NEIGHBOURHOOD_KINDS = (EventKind.PUBLISHED, EventKind.STATUS)


def event_payload(event: ConcernEvent) -> dict:
    """What a socket receives. Content (the timeline item, the title) is included only while
    the concern is public; consumers still check visibility before every send."""
    concern = event.concern
    payload = {"type": event.kind, "id": event.pk, "ref": concern.ref,
               "status": concern.status, "status_label": concern.get_status_display(),
               "visible": concern.is_public}
    if concern.is_public:
        payload["title"] = concern.title
        payload["url"] = concern.get_absolute_url()
        if event.reply_id and event.reply.status != ReplyStatus.PUBLISHED:
            # A reply edited back into sign-off (or refused): its event stays in the stream for
            # resume ids, its text does not go out until a moderator publishes it.
            return payload
        payload["html"] = render_to_string("concerns/_timeline_item.html",
                                           {"item": timeline_item(event), "concern": concern})
    return payload


def notification_payload(notification: Notification) -> dict:
    return {"type": "notification.added", "id": notification.event_id,
            "message": notification.message, "url": notification.event.concern.get_absolute_url()}


def prepare_publish(event: ConcernEvent, recipients: list[int]) -> Callable[[], None]:
    """Build the messages now, inside the service's transaction (the concern as it will be
    committed, with no database read after commit), and return what sends them after commit:
    one message for the public streams, one for the recipients' badges."""
    concern = event.concern
    messages: list[tuple[list[str], dict]] = []
    if event.is_public:
        streams = [realtime.concern_stream(concern.ref)]
        if event.kind in NEIGHBOURHOOD_KINDS:
            streams.append(realtime.neighbourhood_stream(concern.neighbourhood.slug))
        messages.append((streams, event_payload(event)))
    if recipients:
        messages.append(([realtime.user_stream(pk) for pk in recipients],
                         {"type": "notification.added", "id": event.pk,
                          "url": concern.get_absolute_url()}))

    def send() -> None:
        for streams, payload in messages:
            realtime.publish(streams, payload)

    return send
