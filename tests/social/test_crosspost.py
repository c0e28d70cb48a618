"""Sharing an officer's reply on X: screened, shortened with a link back, posted exactly once,
even when an attempt times out after X has made the post."""

from __future__ import annotations

import time

import pytest
from celery.contrib.testing.worker import start_worker

from concerns import services as concern_services
from engage.celery import app
from social.models import CrossPost, CrossPostStatus
from social.services import crosspost


@pytest.fixture
def reply_on(concern_by, officer):
    def make(body: str):
        concern = concern_by("published")
        return concern_services.reply_to_concern(concern=concern, author=officer, body=body)

    return make


def posts_on_x(fake_x) -> list[dict]:
    return fake_x.posts[fake_x.account("MPSCamdenTown").id]


def test_without_the_tick_nothing_is_queued(feed, reply_on):
    assert crosspost.on_reply(reply=reply_on("We will patrol tonight."), crosspost=False) is None
    assert CrossPost.objects.count() == 0


def test_a_reply_is_queued_with_a_link_back_to_it(feed, reply_on, settings):
    settings.SITE_URL = "https://engage.example"
    reply = reply_on("We will **patrol** the station tonight.")

    row = crosspost.on_reply(reply=reply, crosspost=True)

    link = f"https://engage.example{reply.concern.get_absolute_url()}#reply-{reply.pk}"
    assert row.status == CrossPostStatus.PENDING and row.link == link
    assert row.text == f"We will patrol the station tonight. {link}"


def test_a_reply_with_personal_data_is_held_and_never_posted(feed, reply_on, fake_x):
    row = crosspost.on_reply(reply=reply_on("Call me on 07700 900123 about it."), crosspost=True)

    assert row.status == CrossPostStatus.HELD and "phone" in row.detail.lower()
    assert crosspost.deliver(crosspost_id=row.pk).outcome == "skipped"
    assert fake_x.count("POST") == 0


def test_a_long_reply_is_cut_at_a_word_to_fit_with_the_link():
    link = "https://engage.example/concerns/ABC123/a-title/#reply-7"
    text = crosspost.compose("<p>" + "word " * 100 + "</p>", link)

    body = text.removesuffix(" " + link)
    assert len(body) + 1 + crosspost.URL_LENGTH <= 280
    assert body.endswith("word…") and text.endswith(link)


def test_a_team_without_posting_tokens_gets_no_crosspost(neighbourhood, reply_on, fake_x):
    from tests.social.factories import TeamFeedFactory

    TeamFeedFactory(team=neighbourhood.team, username="MPSCamdenTown")

    assert crosspost.on_reply(reply=reply_on("Thanks."), crosspost=True) is None
    assert not crosspost.team_can_crosspost(neighbourhood.team_id)


def test_a_crosspost_is_posted_once_and_its_id_kept(feed, reply_on, fake_x):
    row = crosspost.on_reply(reply=reply_on("We have closed the alley gate."), crosspost=True)

    assert crosspost.deliver(crosspost_id=row.pk).outcome == "posted"
    assert crosspost.deliver(crosspost_id=row.pk).outcome == "skipped"

    row.refresh_from_db()
    [post] = posts_on_x(fake_x)
    assert row.status == CrossPostStatus.POSTED and row.x_post_id == int(post["id"])
    assert fake_x.count("POST") == 1


def test_a_retry_after_a_timeout_finds_the_post_instead_of_posting_again(
    feed, reply_on, fake_x, settings
):
    row = crosspost.on_reply(reply=reply_on("Extra patrols on Friday."), crosspost=True)
    settings.X_TIMEOUT_SECONDS = 0.3
    fake_x.hang_after_post = 1  # X makes the post, then answers too late

    first = crosspost.deliver(crosspost_id=row.pk)
    fake_x.hang_after_post = 0
    second = crosspost.deliver(crosspost_id=row.pk)

    assert (first.outcome, first.retry, second.outcome) == ("retry", True, "posted")
    row.refresh_from_db()
    [post] = posts_on_x(fake_x)
    assert fake_x.count("POST") == 1
    assert row.x_post_id == int(post["id"]) and row.detail == "Found on the timeline"


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_retrying_after_a_timeout_makes_exactly_one_post(
    neighbourhood, officer, concern_by, fake_x, settings
):
    from tests.social.factories import TeamFeedFactory

    fake_x.add_account("MPSCamdenTown", tokens=("camden-token", "camden-secret"))
    TeamFeedFactory(
        team=neighbourhood.team, username="MPSCamdenTown", tokens=("camden-token", "camden-secret")
    )
    settings.X_TIMEOUT_SECONDS = 0.3
    settings.X_CROSSPOST_RETRY_BASE_SECONDS = 0.2
    fake_x.hang_after_post, fake_x.hangs_left = 1, 1  # the first post is made, answered late
    reply = concern_services.reply_to_concern(
        concern=concern_by("published"), author=officer, body="The gate is fixed."
    )

    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        row = crosspost.on_reply(reply=reply, crosspost=True)  # autocommit: enqueued now
        deadline = time.monotonic() + 20
        while row.status == CrossPostStatus.PENDING and time.monotonic() < deadline:
            time.sleep(0.1)
            row.refresh_from_db()

    assert row.status == CrossPostStatus.POSTED and row.attempts == 2
    assert fake_x.count("POST") == 1 and len(posts_on_x(fake_x)) == 1
    assert row.x_post_id == int(posts_on_x(fake_x)[0]["id"])


def test_the_reply_form_offers_the_tick_only_to_a_team_that_can_post(
    concern_by, officer, neighbourhood, fake_x
):
    from tests.conftest import signed_in
    from tests.social.factories import TeamFeedFactory

    concern = concern_by("published")
    client = signed_in(officer, two_factor=True)
    url = f"/concerns/{concern.ref}/reply/"
    assert "Also post this on our X account" not in client.get(url).content.decode()

    fake_x.add_account("MPSCamdenTown", tokens=("camden-token", "camden-secret"))
    TeamFeedFactory(
        team=neighbourhood.team, username="MPSCamdenTown", tokens=("camden-token", "camden-secret")
    )

    assert "Also post this on our X account" in client.get(url).content.decode()


def test_ticking_the_box_on_the_reply_form_queues_exactly_that_reply(feed, concern_by, officer):
    from tests.conftest import signed_in

    concern = concern_by("published")
    client = signed_in(officer, two_factor=True)
    url = f"/concerns/{concern.ref}/reply/"

    client.post(url, {"body": "Not for X."})
    client.post(url, {"body": "Patrols tonight.", "share_on_x": "on"})

    row = CrossPost.objects.get()
    assert row.reply.body == "Patrols tonight." and row.status == CrossPostStatus.PENDING


def test_a_test_overriding_the_screener_screens_crossposts_with_it(settings):
    assert crosspost.screening_problems("We will patrol tonight.") == ()

    settings.CONCERN_SCREENER = "tests.concerns.test_screening.hold_everything"

    assert crosspost.screening_problems("We will patrol tonight.") == (
        "Held by the test's screener",
    )
