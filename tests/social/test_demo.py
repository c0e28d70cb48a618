"""The demo seeder: every demo team's page shows realistic posts with no X credentials, and
the demo feeds never ask X (their handles are illustrative)."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.test import Client

from engage.models import Neighbourhood
from social import services
from social.models import TeamFeed, TeamPost

pytestmark = pytest.mark.django_db


def seed() -> None:
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())


def test_demo_neighbourhood_pages_show_team_posts_without_x_credentials(settings):
    settings.X_BEARER_TOKEN = ""
    seed()

    place = Neighbourhood.objects.get(ward_code="E05013655")
    html = Client().get(place.get_absolute_url()).content.decode()

    assert "Latest from the team on X" in html and "not-configured" not in html
    assert 'rel="nofollow noopener">#' in html  # hashtags linked from entities
    assert "&amp; ask your garage" in html  # X's escaped text, escaped once, not twice
    assert TeamPost.objects.filter(feed__team=place.team).count() == 4


def test_seeding_twice_changes_nothing_and_demo_feeds_are_never_polled(settings, fake_x):
    seed()
    counts = (TeamFeed.objects.count(), TeamPost.objects.count())
    seed()

    assert (TeamFeed.objects.count(), TeamPost.objects.count()) == counts
    assert services.dispatch_due_feeds() == 0 and fake_x.requests == []
