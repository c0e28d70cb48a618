"""The fake X API on a loopback port, with tweepy pointed at it through settings, and feeds."""

from __future__ import annotations

import pytest

from tests.fakes.x_api import FakeX
from tests.social.factories import TeamFeedFactory

BEARER = "test-bearer"


@pytest.fixture
def fake_x(settings):
    """X, faked at the HTTP layer: the adapter's real tweepy client talks to it over TCP."""
    fake = FakeX(bearer=BEARER)
    settings.X_API_BASE_URL = fake.serve()
    settings.X_BEARER_TOKEN = BEARER
    settings.X_CONSUMER_KEY = "consumer-key"
    settings.X_CONSUMER_SECRET = "consumer-secret"
    settings.X_TIMEOUT_SECONDS = 2
    settings.X_REQUEST_BUDGET = 1200
    yield fake
    fake.stop()


@pytest.fixture
def feed(neighbourhood, fake_x):
    """The Camden Town team's feed, following @MPSCamdenTown on the fake X, never synced."""
    fake_x.add_account("MPSCamdenTown", tokens=("camden-token", "camden-secret"))
    return TeamFeedFactory(team=neighbourhood.team, username="MPSCamdenTown",
                           tokens=("camden-token", "camden-secret"))
