"""Times in words: never "0 minutes ago", "0 hours" or "529 seconds (0:08:49.428014)"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from engage.templatetags.engage_tags import ago, duration


@pytest.mark.parametrize(
    "seconds, words",
    [
        (5, "less than a minute"),
        (60, "1 minute"),
        (529.428014, "8 minutes"),
        (3600 + 300, "1 hour 5 minutes"),
        (2 * 86400 + 60, "2 days"),
        (7200, "2 hours"),
    ],
)
def test_a_duration_reads_in_at_most_two_whole_units(seconds, words):
    assert duration(timedelta(seconds=seconds)) == words


@pytest.mark.parametrize(
    "seconds, words",
    [
        (10, "just now"),
        (90, "1 minute ago"),
        (3 * 3600 + 1000, "3 hours ago"),
        (30 * 3600, "yesterday"),
        (5 * 86400, "5 days ago"),
    ],
)
def test_ago_says_just_now_rather_than_zero_minutes(seconds, words):
    assert ago(timezone.now() - timedelta(seconds=seconds)) == words
