"""The adapter against the fake X over real HTTP: v2 shapes in, dataclasses and our errors out."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import requests

from social import twitter


def test_a_user_is_looked_up_by_username(fake_x):
    fake_x.add_account("MPSCamdenTown", name="Camden Town SNT")

    user = twitter.lookup_user("mpscamdentown")

    assert user == twitter.XUser(
        id=fake_x.account("MPSCamdenTown").id, username="MPSCamdenTown", name="Camden Town SNT"
    )
    request = fake_x.requests[-1]
    assert request.path == "/2/users/by/username/mpscamdentown"
    assert request.headers["authorization"] == "Bearer test-bearer"


def test_a_missing_user_is_unavailable_though_x_answers_200(fake_x):
    with pytest.raises(twitter.Unavailable, match="Could not find user"):
        twitter.lookup_user("NoSuchTeam")
    assert fake_x.requests[-1].status == 200


def test_a_suspended_user_is_unavailable_with_the_reason(fake_x):
    fake_x.add_account("MPSGone").suspended = True

    with pytest.raises(twitter.Unavailable, match="suspended"):
        twitter.lookup_user("MPSGone")


def test_a_timeline_page_asks_for_the_fields_and_excludes_replies_and_reposts(fake_x):
    account = fake_x.add_account("MPSCamdenTown")
    fake_x.add_post("MPSCamdenTown", "Out on patrol in #Camden with @MPSHolloway")

    page = twitter.timeline_page(account.id, since_id=5)

    params = fake_x.requests[-1].params
    assert params["exclude"] == "retweets,replies"
    assert params["since_id"] == "5" and params["max_results"] == "100"
    assert set(params["tweet.fields"].split(",")) >= {
        "created_at",
        "entities",
        "public_metrics",
        "attachments",
        "referenced_tweets",
    }
    assert params["expansions"] == "attachments.media_keys,author_id"
    assert "alt_text" in params["media.fields"]
    [post] = page.posts
    assert post.text == "Out on patrol in #Camden with @MPSHolloway"
    assert post.entities["hashtags"][0]["tag"] == "Camden"
    assert post.created_at.tzinfo is not None
    assert page.newest_id == page.oldest_id == post.id
    assert page.author.username == "MPSCamdenTown"


def test_reposts_are_asked_for_when_the_feed_includes_them(fake_x):
    account = fake_x.add_account("MPSCamdenTown")

    twitter.timeline_page(account.id, include_reposts=True)

    assert fake_x.requests[-1].params["exclude"] == "replies"


def test_media_come_with_their_alt_text(fake_x):
    account = fake_x.add_account("MPSCamdenTown")
    fake_x.add_post("MPSCamdenTown", "Bike marking today", media_alt="Officers marking a bike")

    [post] = twitter.timeline_page(account.id).posts

    assert [(m.type, m.alt_text) for m in post.media] == [("photo", "Officers marking a bike")]
    assert post.media[0].url.startswith("https://pbs.twimg.com/")


def test_an_empty_timeline_has_no_posts_and_no_cursor(fake_x):
    account = fake_x.add_account("MPSQuiet")

    page = twitter.timeline_page(account.id)

    assert page.posts == [] and page.newest_id is None and page.next_token is None


def test_pages_follow_next_token(fake_x):
    account = fake_x.add_account("MPSBusy")
    fake_x.add_posts("MPSBusy", 12)

    first = twitter.timeline_page(account.id, page_size=5)
    second = twitter.timeline_page(account.id, page_size=5, token=first.next_token)

    assert len(first.posts) == len(second.posts) == 5
    assert first.posts[-1].id > second.posts[0].id
    assert fake_x.requests[-1].params["pagination_token"] == first.next_token


def test_429_is_rate_limited_until_the_reset_header_in_one_request(fake_x):
    account = fake_x.add_account("MPSCamdenTown")
    fake_x.limit = 0

    with pytest.raises(twitter.RateLimited) as raised:
        twitter.timeline_page(account.id)

    assert fake_x.requests[-1].status == 429
    reset = fake_x.clock() // fake_x.window * fake_x.window + fake_x.window
    assert raised.value.until == datetime.fromtimestamp(reset, tz=UTC)
    assert len(fake_x.requests) == 1  # no tweepy wait-and-retry loop


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_server_errors_are_transient(fake_x, status):
    account = fake_x.add_account("MPSCamdenTown")
    fake_x.fail_next(1, status)

    with pytest.raises(twitter.Transient, match=str(status)):
        twitter.timeline_page(account.id)


def test_a_slow_answer_is_a_transient_timeout(fake_x, settings):
    account = fake_x.add_account("MPSCamdenTown")
    settings.X_TIMEOUT_SECONDS = 0.2
    fake_x.latency = (0.5, 0.5)

    with pytest.raises(twitter.Transient, match="Timeout"):
        twitter.timeline_page(account.id)


def test_a_refused_token_is_an_auth_problem(fake_x, settings):
    account = fake_x.add_account("MPSCamdenTown")
    settings.X_BEARER_TOKEN = "revoked"

    with pytest.raises(twitter.AuthRefused, match="401"):
        twitter.timeline_page(account.id)


def test_a_protected_timeline_is_unavailable(fake_x):
    account = fake_x.add_account("MPSPrivate", protected=True)

    with pytest.raises(twitter.Unavailable, match="Protected"):
        twitter.timeline_page(account.id)


def test_no_bearer_token_means_not_configured_and_no_request(fake_x, settings):
    settings.X_BEARER_TOKEN = ""

    with pytest.raises(twitter.NotConfigured):
        twitter.lookup_user("MPSCamdenTown")
    assert fake_x.requests == []


def test_a_post_is_created_with_the_teams_oauth_tokens(fake_x):
    fake_x.add_account("MPSCamdenTown", tokens=("camden-token", "camden-secret"))

    post_id = twitter.create_post(
        "Thanks for raising this.", access_token="camden-token", access_secret="camden-secret"
    )

    request = fake_x.requests[-1]
    assert (request.method, request.path) == ("POST", "/2/tweets")
    assert request.headers["authorization"].startswith("OAuth ")
    assert 'oauth_token="camden-token"' in request.headers["authorization"]
    assert str(post_id) == fake_x.posts[fake_x.account("MPSCamdenTown").id][0]["id"]


def test_posting_the_same_text_twice_is_rejected_as_a_duplicate(fake_x):
    fake_x.add_account("MPSCamdenTown", tokens=("camden-token", "camden-secret"))
    twitter.create_post("Same words", access_token="camden-token", access_secret="camden-secret")

    with pytest.raises(twitter.Rejected, match="duplicate"):
        twitter.create_post(
            "Same words", access_token="camden-token", access_secret="camden-secret"
        )


def test_the_proxy_settings_are_read_from_the_environment_once_when_the_client_is_made(monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.example:3128")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    session = requests.Session()

    twitter._environment_once(session, "https://api.twitter.com")

    assert session.proxies.get("https") == "http://proxy.example:3128"
    assert session.trust_env is False  # not walked again on every request
    monkeypatch.setenv("NO_PROXY", "api.twitter.com")
    twitter._environment_once(session, "https://api.twitter.com")
    assert session.proxies == {}
