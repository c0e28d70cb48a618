"""Settings for the Celery worker and beat processes the background tests start: the test
settings, pointed at the fake X the test serves, with short intervals from the environment."""

import os

from tests.settings import *  # noqa: F403

X_API_BASE_URL = os.environ["FAKE_X_URL"]
X_BEARER_TOKEN = "test-bearer"
X_FEED_POLL_SECONDS = int(os.environ.get("X_FEED_POLL_SECONDS", "3"))
X_FEED_LEASE_SECONDS = int(os.environ.get("X_FEED_LEASE_SECONDS", "600"))
X_FEED_SPREAD_SECONDS = 0
X_FEED_MAX_PER_TICK = 100
X_TIMEOUT_SECONDS = 10
