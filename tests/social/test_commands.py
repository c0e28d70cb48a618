"""`manage.py sync_team_feeds`: syncs in-process with a progress bar, through the service."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from social.models import TeamPost


def test_sync_team_feeds_syncs_every_feed_with_a_progress_bar(feed, fake_x):
    fake_x.add_posts("MPSCamdenTown", 3)
    out, err = StringIO(), StringIO()

    call_command("sync_team_feeds", stdout=out, stderr=err)

    assert TeamPost.objects.count() == 3
    assert "3 new post(s); 1 ok." in out.getvalue()
    assert "X feeds" in err.getvalue() and "100%" in err.getvalue()


def test_a_second_run_inserts_nothing(feed, fake_x):
    fake_x.add_posts("MPSCamdenTown", 3)
    call_command("sync_team_feeds", stdout=StringIO(), stderr=StringIO())
    out = StringIO()

    call_command("sync_team_feeds", stdout=out, stderr=StringIO())

    assert "0 new post(s); 1 ok." in out.getvalue()


def test_without_x_credentials_the_command_says_so(feed, settings):
    settings.X_BEARER_TOKEN = ""

    with pytest.raises(CommandError, match="X_BEARER_TOKEN"):
        call_command("sync_team_feeds", stdout=StringIO(), stderr=StringIO())
