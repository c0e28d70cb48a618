"""New team posts on the neighbourhood streams, as `team.posted`: what a socket receives, and
what pushes a sync's stream entries to open pages after commit.

A post is an entry of each served neighbourhood's stream (engage.models.NeighbourhoodEvent),
written in the sync's transaction by social.services.stream: it has an id of the stream's own,
so it is replayed on resume in order with concern events, and a page keeps it as its resume
point like any other event. Its payload is stored with the entry: a post's content is settled
when it is synced (a post deleted on X takes its entries with it).
"""

from __future__ import annotations

from collections.abc import Callable

from django.template.loader import render_to_string

from engage import realtime
from engage.models import NeighbourhoodEvent
from social.models import TeamPost

TEAM_POSTED = "team.posted"


def post_payload(post: TeamPost) -> dict:
    """The event without its id (the stream entry's id, added when it is sent or replayed)."""
    return {
        "type": TEAM_POSTED,
        "visible": True,
        "post_id": str(post.post_id),
        "url": post.url,
        "html": render_to_string("social/_post.html", {"post": post}),
    }


def prepare_publish(entries: list[NeighbourhoodEvent], slugs: dict[int, str]) -> Callable[[], None]:
    """Build the messages now, from entries just stored (`slugs`: their neighbourhoods'), and
    return what sends them after commit: one message per entry, read nothing after commit."""
    messages = [
        (
            [realtime.neighbourhood_stream(slugs[entry.neighbourhood_id])],
            {**entry.payload, "id": entry.pk},
        )
        for entry in entries
    ]

    def send() -> None:
        for streams, payload in messages:
            realtime.publish(streams, payload)

    return send
