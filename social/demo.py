"""Demo team posts, so neighbourhood pages show a realistic feed with no X credentials.

Runs inside `manage.py seed_demo` through settings.DEMO_SEEDERS. Each demo team gets a feed and
a few posts stored exactly as a sync stores them (X's escaped text and entities, cooked by
engage.text.render_x_post). The handles are illustrative (engage/demo/places_data.py), so the
feeds are paused: the dispatcher never asks X about them, even if credentials are set later.
The one exception: under `make run`, Camden Town's feed talks to the loopback fake X the
launcher started (engage/demo/fake_x.py), so officers can tick "Also post this on our X
account".
Idempotent: fixed post ids, found by (feed, post id).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from engage.demo import fake_x
from engage.demo.places_data import WARDS
from engage.models import Team
from engage.text import render_x_post
from social.models import FeedStatus, TeamFeed, TeamPost

DEMO_REASON = "Demo feed: the handle is illustrative and X is never asked about it."
POSTS = [
    (
        "Thanks to everyone who came to our street briefing on {ward} high street tonight. "
        "Next one is on the 14th, all welcome. #{tag}",
        2,
    ),
    (
        "Officers from @MPS{short} made two arrests for drug supply near the station this "
        "afternoon following reports from residents. Keep telling us: "
        "https://www.met.police.uk/ro/report/",
        20,
    ),
    (
        "Free bike marking outside the library on Saturday 10am-1pm. Bring your bike and proof of "
        "ownership. #BikeMarking #{tag}",
        50,
    ),
    (
        "Catalytic converter thefts are up across the area. Park in well-lit spots & ask your "
        "garage about marking kits. More advice: https://www.met.police.uk/cp/",
        96,
    ),
]
HASHTAG = re.compile(r"(?<!\w)#(\w+)")
MENTION = re.compile(r"(?<!\w)@(\w{1,15})")
LINK = re.compile(r"https://\S+")


def seed_steps() -> list[tuple[str, Callable[[], object]]]:
    return [
        (f"team posts for {ward.team.name}", lambda slug=ward.team.slug: _seed_team(slug))
        for ward in WARDS
        if ward.team.x_handle
    ]


def _seed_team(slug: str) -> None:
    team = Team.objects.get(slug=slug)
    live = settings.DEMO_FAKE_X and team.x_handle == fake_x.DEMO_HANDLE
    feed, _ = TeamFeed.objects.update_or_create(
        team=team,
        defaults={
            "username": team.x_handle,
            "status": FeedStatus.PENDING if live else FeedStatus.PAUSED,
            "status_reason": "" if live else DEMO_REASON,
        },
    )
    if live:  # `make run`'s loopback X: this team posts and syncs for real, with demo tokens
        feed.set_user_tokens(*fake_x.DEMO_TOKENS)
        feed.save()
    ward = team.name.removesuffix(" Safer Neighbourhood Team")
    short = re.sub(r"\W", "", ward)[:12]
    base = 1_900_000_000_000_000_000 + team.pk * 10_000
    for number, (template, hours_ago) in enumerate(POSTS):
        text, entities = _as_x_sends(template.format(ward=ward, tag=short, short=short))
        # X's ids grow with time: the newest post (the first listed) has the largest id.
        post_id = base + len(POSTS) - 1 - number
        TeamPost.objects.update_or_create(
            feed=feed,
            post_id=post_id,
            defaults={
                "text": text,
                "html": render_x_post(text, entities),
                "posted_at": timezone.now() - timedelta(hours=hours_ago),
                "metrics": {"like_count": 3 * number + 2, "retweet_count": number},
            },
        )
    newest = base + len(POSTS) - 1
    TeamFeed.objects.filter(pk=feed.pk).update(cursor=newest, last_synced_at=timezone.now())


def _as_x_sends(text: str) -> tuple[str, dict]:
    """X escapes & < > and reports links, hashtags and mentions as entities."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    entities: dict = {}
    urls = [
        {
            "start": m.start(),
            "end": m.end(),
            "url": m.group(),
            "expanded_url": m.group(),
            "display_url": m.group().removeprefix("https://")[:28],
        }
        for m in LINK.finditer(escaped)
    ]
    tags = [
        {"start": m.start(), "end": m.end(), "tag": m.group(1)} for m in HASHTAG.finditer(escaped)
    ]
    mentions = [
        {"start": m.start(), "end": m.end(), "username": m.group(1)}
        for m in MENTION.finditer(escaped)
    ]
    for name, items in (("urls", urls), ("hashtags", tags), ("mentions", mentions)):
        if items:
            entities[name] = items
    return escaped, entities
