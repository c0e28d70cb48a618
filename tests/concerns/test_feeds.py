"""Atom feeds: per neighbourhood, per tag, and one concern's replies. Parsed as XML, so a feed
that is not well-formed fails here before any reader chokes on it."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from concerns.feeds import ITEMS
from concerns.services import reply_to_concern
from tests.conftest import NON_PUBLIC_STATES
from tests.factories import ConcernFactory, ReplyFactory, UserFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def neighbourhood_feed(place) -> str:
    return reverse("concerns:neighbourhood_feed", args=[place.slug])


def fetch(client, url: str) -> ET.Element:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)


def entries(feed: ET.Element) -> list[dict[str, str]]:
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "summary": entry.findtext(f"{ATOM}summary"),
            "link": entry.find(f"{ATOM}link").get("href"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
        }
        for entry in feed.findall(f"{ATOM}entry")
    ]


@pytest.fixture
def published_ago(neighbourhood, resident):
    """published_ago(5, title=...): a public concern in `neighbourhood`, published 5 hours ago.
    (`concern_by` sets published_at itself, so it cannot take one.)"""

    def make(hours: int, **extra):
        fields = {
            "neighbourhood": neighbourhood,
            "author": resident,
            "status": "published",
            "published_at": timezone.now() - timedelta(hours=hours),
            **extra,
        }
        return ConcernFactory(**fields)

    return make


# --- the neighbourhood feed ----------------------------------------------------------------------


def test_the_neighbourhood_feed_is_atom(client, neighbourhood):
    response = client.get(neighbourhood_feed(neighbourhood))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    assert feed.findtext(f"{ATOM}title") == "Concerns in Camden Town"


def test_the_neighbourhood_feed_lists_published_concerns_newest_first(client, published_ago):
    oldest = published_ago(30, title="Broken street light")
    newest = published_ago(1, title="Graffiti on the bridge")
    middle = published_ago(5, title="Bins left out")

    items = entries(fetch(client, neighbourhood_feed(newest.neighbourhood)))

    assert [item["title"] for item in items] == [
        f"{c.title} (Open)" for c in (newest, middle, oldest)
    ]
    assert items[0]["link"] == "http://testserver" + newest.get_absolute_url()


def test_each_entry_carries_the_cooked_html_not_the_markdown(client, concern_by):
    concern = concern_by(
        "published", body="Cars **race** past", body_html="<p>Cars <strong>race</strong> past</p>"
    )

    [item] = entries(fetch(client, neighbourhood_feed(concern.neighbourhood)))

    assert item["summary"] == "<p>Cars <strong>race</strong> past</p>"


def test_an_entry_names_the_author_only_if_they_chose_to_be_named(client, published_ago):
    named = published_ago(2, title="Named")
    published_ago(1, title="Not named", show_author_name=False)

    items = entries(fetch(client, neighbourhood_feed(named.neighbourhood)))

    assert [item["author"] for item in items] == ["A resident of Camden Town", "Priya"]


def test_a_title_with_markup_is_escaped_and_the_feed_stays_well_formed(client, concern_by):
    title = '<script>alert("x")</script> & <b>bold</b>'
    concern = concern_by("published", title=title)

    response = client.get(neighbourhood_feed(concern.neighbourhood))

    assert b"<script>" not in response.content and b"<b>" not in response.content
    assert b"&lt;script&gt;" in response.content
    [item] = entries(ET.fromstring(response.content))
    assert item["title"] == f"{title} (Open)"


def test_the_neighbourhood_feed_leaves_out_other_places_and_non_public_concerns(
    client, concern_by, other_neighbourhood
):
    shown = concern_by("published", title="Shown here")
    for state in NON_PUBLIC_STATES:
        concern_by(state, title=f"Not public: {state}")
    ConcernFactory(neighbourhood=other_neighbourhood, published=True, title="Somewhere else")

    items = entries(fetch(client, neighbourhood_feed(shown.neighbourhood)))

    assert [item["title"] for item in items] == ["Shown here (Open)"]


def test_resolved_and_closed_concerns_stay_in_the_feed_with_their_status(client, published_ago):
    published_ago(2, status="resolved", title="Sorted")
    concern = published_ago(1, status="closed", title="Done with")

    items = entries(fetch(client, neighbourhood_feed(concern.neighbourhood)))

    assert [item["title"] for item in items] == ["Done with (Closed)", "Sorted (Resolved)"]


def test_the_feed_holds_at_most_thirty_items_the_newest(client, published_ago):
    made = [
        published_ago(hours, title=f"Concern {hours:02d} hours old") for hours in range(ITEMS + 1)
    ]

    items = entries(fetch(client, neighbourhood_feed(made[0].neighbourhood)))

    assert ITEMS == 30 and len(items) == ITEMS
    assert f"{made[-1].title} (Open)" not in [item["title"] for item in items]


@pytest.mark.parametrize("kind", ["neighbourhood", "tag", "replies"])
def test_a_feeds_queries_do_not_grow_with_its_items(
    client, published_ago, neighbourhood, officer, kind
):
    anchor = published_ago(1)

    def add_item(hours: int) -> None:
        if kind == "replies":
            ReplyFactory(concern=anchor, author=officer)
        else:  # a concern by a different resident each time, as the author is in the entry
            published_ago(hours, author=UserFactory()).tags.add("potholes")

    url = {
        "neighbourhood": neighbourhood_feed(neighbourhood),
        "tag": reverse("concerns:tag_feed", args=["potholes"]),
        "replies": reverse("concerns:concern_feed", args=[anchor.ref]),
    }[kind]
    add_item(2)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for hours in range(3, 13):
        add_item(hours)

    with CaptureQueriesContext(connection) as many:
        response = client.get(url)

    assert len(entries(ET.fromstring(response.content))) >= 11
    assert len(many) == len(few)


def test_an_unknown_neighbourhood_has_no_feed(client):
    assert client.get("/neighbourhoods/atlantis/feed/").status_code == 404


# --- the tag feed --------------------------------------------------------------------------------


def test_the_tag_feed_lists_only_public_concerns_with_that_tag(client, concern_by):
    tagged = concern_by("published", title="Tagged")
    tagged.tags.add("potholes")
    concern_by("published", title="Untagged")
    hidden = concern_by("hidden", title="Tagged but hidden")
    hidden.tags.add("potholes")

    items = entries(fetch(client, reverse("concerns:tag_feed", args=["potholes"])))

    assert [item["title"] for item in items] == ["Tagged (Open)"]


def test_an_unknown_tag_has_no_feed(client, concern_by):
    concern_by("published").tags.add("potholes")

    assert client.get(reverse("concerns:tag_feed", args=["no-such-tag"])).status_code == 404


@pytest.mark.parametrize("state", NON_PUBLIC_STATES)
def test_a_tag_only_non_public_concerns_carry_has_no_feed(client, concern_by, state):
    concern_by(state).tags.add("names a neighbour")

    response = client.get(reverse("concerns:tag_feed", args=["names a neighbour"]))

    assert response.status_code == 404


def test_the_tag_feed_links_to_the_list_filtered_by_that_tag(client, concern_by):
    concern_by("published").tags.add("drugs & knives")

    feed = fetch(client, reverse("concerns:tag_feed", args=["drugs & knives"]))

    link = next(el for el in feed.findall(f"{ATOM}link") if el.get("rel") == "alternate")
    assert parse_qs(urlsplit(link.get("href")).query) == {"tag": ["drugs & knives"]}


# --- one concern's replies ----------------------------------------------------------------------


def test_the_replies_feed_lists_replies_newest_first_with_the_officers_badge(
    client, concern_by, officer
):
    concern = concern_by("published", title="Speeding on Camden Road")
    first = reply_to_concern(concern=concern, author=officer, body="We are **looking** at it.")
    second = ReplyFactory(
        concern=concern,
        author=officer,
        badge="PC Jane Smith, Other team",
        created_at=first.created_at + timedelta(minutes=5),
    )

    feed = fetch(client, reverse("concerns:concern_feed", args=[concern.ref]))
    items = entries(feed)

    assert feed.findtext(f"{ATOM}title") == "Replies to “Speeding on Camden Road”"
    assert first.badge == officer.officer.badge and "Jane Smith" in first.badge
    assert [item["title"] for item in items] == [
        f"Reply from {second.badge}",
        f"Reply from {first.badge}",
    ]
    assert items[1]["summary"] == first.body_html and "<strong>looking</strong>" in first.body_html
    assert items[1]["link"] == f"http://testserver{concern.get_absolute_url()}#reply-{first.pk}"


def test_a_concern_without_replies_has_an_empty_feed(client, concern_by):
    concern = concern_by("published")

    assert entries(fetch(client, reverse("concerns:concern_feed", args=[concern.ref]))) == []


def test_a_concern_that_is_hidden_after_replies_loses_its_feed(client, concern_by):
    concern = concern_by("hidden")
    ReplyFactory(concern=concern)

    assert client.get(reverse("concerns:concern_feed", args=[concern.ref])).status_code == 404


# --- entries other apps add (settings.NEIGHBOURHOOD_FEED_EXTRAS) -------------------------------

calls: list[str] = []


def extra_entries(neighbourhood) -> list[dict]:
    """A stand-in for another app's hook (permits.feeds.notice_entries is the real one)."""
    calls.append(neighbourhood.slug)
    return [
        {
            "title": "An extra <entry>",
            "link": f"/neighbourhoods/{neighbourhood.slug}/extra/#1",
            "updated": timezone.now() - timedelta(hours=3),
            "summary": "<p>Made &amp; escaped by its app.</p>",
        }
    ]


def test_the_neighbourhood_feed_adds_the_entries_its_hooks_give_in_date_order(
    client, published_ago, settings
):
    settings.NEIGHBOURHOOD_FEED_EXTRAS = ["tests.concerns.test_feeds.extra_entries"]
    calls.clear()
    older = published_ago(5, title="Older")
    published_ago(1, title="Newer")

    items = entries(fetch(client, neighbourhood_feed(older.neighbourhood)))

    assert calls == [older.neighbourhood.slug]
    assert [item["title"] for item in items] == ["Newer (Open)", "An extra <entry>", "Older (Open)"]
    extra = items[1]
    assert extra["link"] == f"http://testserver/neighbourhoods/{older.neighbourhood.slug}/extra/#1"
    assert extra["summary"] == "<p>Made &amp; escaped by its app.</p>"
    assert extra["author"] is None


def test_with_no_hooks_the_neighbourhood_feed_is_concerns_only_and_still_thirty_at_most(
    client, published_ago, settings
):
    settings.NEIGHBOURHOOD_FEED_EXTRAS = ["tests.concerns.test_feeds.extra_entries"]
    made = [published_ago(hours, title=f"Concern {hours}") for hours in range(ITEMS)]
    with_hook = entries(fetch(client, neighbourhood_feed(made[0].neighbourhood)))
    settings.NEIGHBOURHOOD_FEED_EXTRAS = []

    without = entries(fetch(client, neighbourhood_feed(made[0].neighbourhood)))

    assert len(with_hook) == len(without) == ITEMS
    assert "An extra <entry>" in [item["title"] for item in with_hook]
    assert [item["title"] for item in without] == [f"Concern {h} (Open)" for h in range(ITEMS)]
