"""A sync's new posts on the live streams of the neighbourhoods its team serves."""

from __future__ import annotations

from collections.abc import Callable

from engage.models import Neighbourhood, NeighbourhoodEvent
from engage.services import append_to_neighbourhood_streams, withdraw_from_neighbourhood_streams
from social import conf, live
from social.models import TeamFeed, TeamPost


def stream_team_posts(*, feed: TeamFeed, post_pks: list[int]) -> Callable[[], None]:
    """In the sync's transaction: the newest of the new posts (as many as a page shows), oldest
    first, become entries of every served neighbourhood's stream, so a page that was away gets
    them on resume, in order with concern events; a rolled-back sync leaves none. Returns what
    pushes them after commit."""
    slugs = dict(
        Neighbourhood.objects.filter(team_id=feed.team_id).order_by("pk").values_list("pk", "slug")
    )
    if not slugs:  # a team serving no neighbourhood yet: no stream to render posts for
        return live.prepare_publish([], slugs)
    newest = (
        TeamPost.objects.filter(pk__in=post_pks)
        .select_related("feed")
        .order_by("-post_id")[: conf.get("X_FEED_SHOWN")]
    )
    posts = [(post.pk, live.post_payload(post)) for post in reversed(newest)]
    entries = append_to_neighbourhood_streams(
        [
            NeighbourhoodEvent(
                neighbourhood_id=place, kind=live.TEAM_POSTED, source_id=pk, payload=payload
            )
            for place in slugs
            for pk, payload in posts
        ]
    )
    return live.prepare_publish(entries, slugs)


def unstream_team_posts(*, post_pks: list[int]) -> None:
    """Posts deleted on X leave the streams too: a replay never brings them back."""
    withdraw_from_neighbourhood_streams(kind=live.TEAM_POSTED, source_ids=post_pks)
