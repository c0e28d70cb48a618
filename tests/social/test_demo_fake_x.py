"""The demo's loopback X (engage/demo/fake_x.py): `make run` starts it, and the Camden Town
team's replies really cross-post through it in X's wire format, read back from its timeline."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from concerns import services as concern_services
from engage.demo import fake_x
from social import demo, twitter
from social.models import TeamFeed
from social.services import crosspost

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def demo_x(tmp_path, settings):
    env = {k: v for k, v in os.environ.items() if k != "X_BEARER_TOKEN"}
    process = fake_x.start(ROOT, env, tmp_path)
    for name in ("X_API_BASE_URL", "X_BEARER_TOKEN", "X_CONSUMER_KEY", "X_CONSUMER_SECRET"):
        setattr(settings, name, env[name])
    settings.DEMO_FAKE_X = env["DEMO_FAKE_X"] == "true"
    yield env
    process.terminate()
    process.wait(10)


def test_real_x_credentials_start_no_fake(tmp_path):
    assert fake_x.start(ROOT, {"X_BEARER_TOKEN": "real"}, tmp_path) is None


def test_the_demo_team_cross_posts_a_reply_through_the_loopback_x(
    demo_x, neighbourhood, concern_by, officer
):
    neighbourhood.team.x_handle = fake_x.DEMO_HANDLE
    neighbourhood.team.save()
    demo._seed_team(neighbourhood.team.slug)
    assert crosspost.team_can_crosspost(neighbourhood.team_id)
    reply = concern_services.reply_to_concern(
        concern=concern_by("published"),
        author=officer,
        body="Extra patrols at the station tonight.",
    )

    row = crosspost.on_reply(reply=reply, crosspost=True)

    assert crosspost.deliver(crosspost_id=row.pk).outcome == "posted"
    user = twitter.lookup_user(fake_x.DEMO_HANDLE)
    posted = twitter.timeline_page(user.id, include_reposts=False, page_size=20).posts
    assert [p.id for p in posted] == [row.__class__.objects.get(pk=row.pk).x_post_id]
    assert "Extra patrols at the station tonight." in posted[0].text
    feed = TeamFeed.objects.get(team=neighbourhood.team)
    assert posted[0].id > feed.cursor  # the next sync picks the post up after the demo's own


def test_other_demo_teams_stay_paused_and_never_ask_x(demo_x, other_neighbourhood):
    demo._seed_team(other_neighbourhood.team.slug)

    feed = TeamFeed.objects.get(team=other_neighbourhood.team)
    assert feed.status == "paused" and not feed.can_post
