"""New team posts pushed to open neighbourhood pages, after commit, as `team.posted`.

The neighbourhood stream replays concern events (concerns.consumers builds it from
ConcernEvent ids), and a socket drops any event whose id is not above the last it sent. A team
post therefore goes out with an id just above the neighbourhood's newest concern event (the
integer part) and below the next one: it is delivered, and the next concern event still is.
live.js does not keep that id as its resume point. A page that was offline when a post arrived
shows it on reload (the posts are rows, read by the page); they are not replayed on reconnect:
see the note in docs (the stream's replay source is concerns').
"""

from __future__ import annotations

from django.template.loader import render_to_string

from engage import realtime
from engage.models import Neighbourhood
from social import conf
from social.models import TeamPost


def _stream_position(neighbourhood_id: int) -> int:
    from concerns.live import NEIGHBOURHOOD_KINDS  # the only coupling: where the stream stands
    from concerns.models import ConcernEvent

    return (ConcernEvent.objects.filter(concern__neighbourhood_id=neighbourhood_id,
                                        is_public=True, kind__in=NEIGHBOURHOOD_KINDS)
            .order_by("-pk").values_list("pk", flat=True).first() or 0)


def post_payload(post: TeamPost, position: int) -> dict:
    return {"type": "team.posted", "id": position + 1 - 1 / (post.pk + 2), "visible": True,
            "post_id": str(post.post_id), "url": post.url,
            "html": render_to_string("social/_post.html", {"post": post})}


def publish_team_posts(team_id: int, post_pks: list[int]) -> None:
    """After commit: the newest few new posts (as many as a page shows), oldest first, to
    every neighbourhood the team serves."""
    newest = (TeamPost.objects.filter(pk__in=post_pks).select_related("feed")
              .order_by("-post_id")[:conf.get("X_FEED_SHOWN")])
    posts = list(reversed(newest))
    for place in Neighbourhood.objects.filter(team_id=team_id).values("pk", "slug"):
        position = _stream_position(place["pk"])
        for post in posts:
            realtime.publish([realtime.neighbourhood_stream(place["slug"])],
                             post_payload(post, position))
