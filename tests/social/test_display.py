"""The team's posts on the neighbourhood page (safe HTML from entities, media with alt text,
links to X), its states without X, and new posts pushed live to open neighbourhood pages."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.test import Client

from concerns import services as concern_services
from concerns.states import ConcernStatus as S
from social import services
from social.models import FeedStatus, TeamFeed
from tests.social.factories import TeamPostFactory
from tests.sockets import hello, next_event, socket


def page(neighbourhood) -> str:
    response = Client().get(neighbourhood.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_neighbourhood_page_shows_the_teams_posts_as_safe_html(neighbourhood, feed, fake_x):
    post = fake_x.add_post(
        "MPSCamdenTown",
        "Patrol with @MPSHolloway in #CamdenTown: "
        "https://met.police.uk/a <script>alert(1)</script> & more",
    )
    services.sync_team_feed(feed_id=feed.pk)

    html = page(neighbourhood)

    assert 'href="https://x.com/MPSHolloway" rel="nofollow noopener">@MPSHolloway</a>' in html
    assert 'href="https://x.com/hashtag/CamdenTown" rel="nofollow noopener">#CamdenTown</a>' in html
    assert 'href="https://met.police.uk/a" rel="nofollow noopener">met.police.uk/a</a>' in html
    assert (
        "<script>alert(1)" not in html
        and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
    )
    assert f'href="https://x.com/MPSCamdenTown/status/{post["id"]}"' in html


def test_media_are_shown_with_the_alt_text_x_gives(neighbourhood, feed, fake_x):
    fake_x.add_post("MPSCamdenTown", "Bike marking", media_alt="Two officers marking a bike")
    fake_x.add_post("MPSCamdenTown", "Street briefing", media_alt="")
    services.sync_team_feed(feed_id=feed.pk)

    html = page(neighbourhood)

    assert 'alt="Two officers marking a bike"' in html
    assert 'alt="An image from the team (X gives no description)"' in html
    assert "https://t.co/m" not in html  # the media link X appends is not shown as text


def test_without_x_credentials_the_feed_says_it_is_not_configured(neighbourhood, feed, settings):
    settings.X_BEARER_TOKEN = ""

    html = page(neighbourhood)

    assert 'data-feed-state="not-configured"' in html
    assert "connection to X is not set up" in html


def test_stored_posts_still_show_when_x_is_not_configured(neighbourhood, feed, settings):
    settings.X_BEARER_TOKEN = ""
    TeamPostFactory(feed=feed, text="From the demo", html="From the demo")

    html = page(neighbourhood)

    assert "From the demo" in html and "not-configured" not in html


def test_a_paused_feed_says_its_posts_cannot_be_shown(neighbourhood, feed):
    TeamFeed.objects.filter(pk=feed.pk).update(status=FeedStatus.PAUSED)

    assert 'data-feed-state="unavailable"' in page(neighbourhood)


def test_a_team_without_a_feed_shows_no_feed_section(neighbourhood):
    assert "Latest from the team on X" not in page(neighbourhood)


def test_only_the_newest_few_posts_are_shown(neighbourhood, feed, settings):
    settings.X_FEED_SHOWN = 2
    for n in range(4):
        TeamPostFactory(feed=feed, text=f"post {n}", html=f"post {n}")

    html = page(neighbourhood)

    assert "post 3" in html and "post 2" in html and "post 1" not in html


def test_the_feed_costs_the_same_queries_whatever_the_number_of_posts(
    neighbourhood, feed, django_assert_max_num_queries
):
    TeamPostFactory(feed=feed)
    client = Client()
    with django_assert_max_num_queries(100) as few:
        client.get(neighbourhood.get_absolute_url())
    for _ in range(4):
        TeamPostFactory(feed=feed)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(neighbourhood.get_absolute_url())


@pytest.mark.django_db(transaction=True)
async def test_a_new_team_post_reaches_an_open_neighbourhood_page_and_concerns_still_do(
    neighbourhood, feed, fake_x, concern_by, moderator
):
    listener = socket(f"/ws/neighbourhoods/{neighbourhood.slug}/")
    await hello(listener)
    await sync_to_async(fake_x.add_post)("MPSCamdenTown", "Drop-in surgery at the library")

    await sync_to_async(services.sync_team_feed)(feed_id=feed.pk)

    posted = await next_event(listener)
    assert posted["type"] == "team.posted" and posted["visible"] is True
    assert "Drop-in surgery at the library" in posted["html"]
    assert 'id="team-post-' in posted["html"]
    # The next concern event still gets through: the post's id did not jump ahead of it.
    concern = await sync_to_async(concern_by)("submitted")
    await sync_to_async(concern_services.transition_concern)(concern, S.PUBLISHED, actor=moderator)
    published = await next_event(listener)
    assert published["type"] == "concern.published" and published["id"] > posted["id"]
    await listener.disconnect()
