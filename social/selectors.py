"""Reads shaped for pages: a team's feed as the neighbourhood page shows it, and feed health."""

from __future__ import annotations

from dataclasses import dataclass

from social import conf
from social.models import STOPPED, TeamFeed, TeamPost


@dataclass(frozen=True)
class TeamFeedBox:
    feed: TeamFeed | None
    posts: list[TeamPost]
    state: str  # "posts", "empty", "not_configured", "unavailable", "none"


def team_feed_box(team_id: int | None) -> TeamFeedBox:
    """The team's newest posts (two queries, whatever the number of posts) and what to say
    when there are none: X not configured, the account unavailable, or nothing posted yet."""
    feed = TeamFeed.objects.filter(team_id=team_id, enabled=True).first() if team_id else None
    if feed is None:
        return TeamFeedBox(None, [], "none")
    posts = list(
        TeamPost.objects.filter(feed=feed).order_by("-post_id")[: conf.get("X_FEED_SHOWN")]
    )
    for post in posts:
        post.feed = feed  # for post.url without a query each
    if posts:
        state = "posts"
    elif not conf.configured():
        state = "not_configured"
    elif feed.status in STOPPED:
        state = "unavailable"
    else:
        state = "empty"
    return TeamFeedBox(feed, posts, state)
