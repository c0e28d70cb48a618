"""The fake X API on a loopback port, with tweepy pointed at it through settings, and feeds."""

from __future__ import annotations

import time

import pytest

from engage.demo.x_api_fake import FakeX
from tests.social.factories import TeamFeedFactory

BEARER = "test-bearer"


@pytest.fixture
def fake_x(settings):
    """X, faked at the HTTP layer: the adapter's real tweepy client talks to it over TCP. Its
    15-minute rate-limit window stands still (a count could otherwise turn over between two
    requests of one test), and ends 7.5 to 22.5 minutes from now, never a moment away."""
    fake = FakeX(bearer=BEARER)
    moment = time.time() + fake.window / 2
    fake.clock = lambda: moment
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
    return TeamFeedFactory(
        team=neighbourhood.team, username="MPSCamdenTown", tokens=("camden-token", "camden-secret")
    )
