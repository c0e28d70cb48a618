"""The public side of the permits counter: granted marches and events whose organisers agreed
appear on the neighbourhood page ({% neighbourhood_notices %}), on its events page
(notices:upcoming) and in its Atom feed (NEIGHBOURHOOD_FEED_EXTRAS), showing a PublicNotice's
fields and nothing else about the application."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from permits.models import PublicNotice
from permits.public_selectors import PAGE_SIZE, SHOWN_ON_NEIGHBOURHOOD
from permits.services.notices import publish_granted, withdraw_notice
from tests.factories import ConcernFactory, NeighbourhoodFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
ORGANISER = {
    "name": "Olive Organiser",
    "address": "9 Private Mews, London NW1 0AA",
    "phone": "07700 900456",
    "email": "olive.organiser@mail.example",
}
PRIVATE_ANSWERS = {
    "numbers": "About 4,321 people",
    "stewards": "Seventeen stewards on channel nine",
    "organiser": ORGANISER,
}
NEVER_PUBLIC = [
    "Olive Organiser",
    "Private Mews",
    "07700 900456",
    "olive.organiser@mail.example",
    "4,321",
    "channel nine",
]


def local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def granted(application_by):
    """granted(title, days=7, consent=True, type_slug="procession", where=None, **answers): a
    granted march (or event) `days` ahead in `where` (default the neighbourhood), published
    as a real grant does (publish_granted); returns (case, notice or None)."""

    def make(title: str, *, days=7, consent=True, type_slug="procession", where=None, **extra):
        starts = timezone.now().replace(second=0, microsecond=0) + timedelta(days=days)
        answers = {
            "title": title,
            "starts": local(starts),
            "ends": local(starts + timedelta(hours=3)),
            "assembly": "Camden Town Underground station",
            "place": "Camden Town Underground station",
            "route": "Camden High Street\nParkway\nRegent's Park",
            "closures": "Parkway closed 10:30 to 12:30",
            "publish_consent": "Yes" if consent else "No",
            **PRIVATE_ANSWERS,
            **extra,
        }
        case = application_by(
            **({"neighbourhood": where} if where else {}),
            type_slug=type_slug,
            status="granted",
            answers=answers,
            summary=f"Private summary of {title}",
            application__publish_consent=consent,
            application__starts_at=starts,
        )
        return case, publish_granted(case.application)

    return make


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def events_url(place) -> str:
    return reverse("notices:upcoming", kwargs={"slug": place.slug})


def feed(client, place) -> list[dict[str, str]]:
    response = client.get(reverse("concerns:neighbourhood_feed", args=[place.slug]))
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [
        {
            "title": entry.findtext(f"{ATOM}title"),
            "summary": entry.findtext(f"{ATOM}summary") or "",
            "link": entry.find(f"{ATOM}link").get("href"),
            "author": entry.findtext(f"{ATOM}author/{ATOM}name"),
        }
        for entry in root.findall(f"{ATOM}entry")
    ]


def public_views(client, place) -> list[str]:
    """The neighbourhood page, its events page and its feed, as text."""
    raw = client.get(reverse("concerns:neighbourhood_feed", args=[place.slug])).content
    return [page(client, place.get_absolute_url()), page(client, events_url(place)), raw.decode()]


# --- what is shown -----------------------------------------------------------------------------


def test_a_published_march_shows_what_when_where_route_and_closures_on_the_neighbourhood_page(
    client, granted, neighbourhood
):
    _, notice = granted("Camden walks for safer streets")

    body = page(client, neighbourhood.get_absolute_url())

    assert "Marches and events" in body
    assert "Camden walks for safer streets" in body
    assert timezone.localtime(notice.starts_at).strftime("%-d %B %Y") in body
    assert "Camden Town Underground station" in body
    assert "Camden High Street<br>Parkway<br>Regent&#x27;s Park" in body
    assert "Parkway closed 10:30 to 12:30" in body


def test_the_events_page_lists_the_same_fields(client, granted, neighbourhood):
    _, notice = granted("Camden walks for safer streets")

    body = page(client, events_url(neighbourhood))

    assert f'id="notice-{notice.pk}"' in body and "Camden walks for safer streets" in body
    assert "Parkway closed 10:30 to 12:30" in body and "Camden High Street" in body
    assert f"Marches and events in {neighbourhood.name}" in body


def test_the_feed_carries_the_notice_beside_the_concerns(client, granted, neighbourhood):
    ConcernFactory(published=True, neighbourhood=neighbourhood, title="Broken light")
    _, notice = granted("Camden walks for safer streets")

    entries = feed(client, neighbourhood)

    titles = [entry["title"] for entry in entries]
    assert "March or event: Camden walks for safer streets" in titles
    assert "Broken light (Open)" in titles
    [entry] = [e for e in entries if e["title"].startswith("March or event")]
    assert entry["link"] == f"http://testserver{events_url(neighbourhood)}#notice-{notice.pk}"
    assert "Parkway closed 10:30 to 12:30" in entry["summary"]
    assert "Camden Town Underground station" in entry["summary"]
    assert entry["author"] is None


def test_markup_in_a_notice_is_escaped_on_the_pages_and_the_feed_stays_well_formed(
    client, granted, neighbourhood
):
    granted('<script>alert("x")</script> & march')

    for text in public_views(client, neighbourhood):
        assert "<script>alert" not in text
    assert escape('<script>alert("x")</script> & march') in page(
        client, neighbourhood.get_absolute_url()
    )
    assert any("<script>" in entry["title"] for entry in feed(client, neighbourhood))


# --- what is never shown -----------------------------------------------------------------------


def test_nothing_else_about_the_application_is_ever_public(client, granted, neighbourhood):
    case, _ = granted("Camden walks for safer streets")

    for text in public_views(client, neighbourhood):
        assert "Camden walks for safer streets" in text
        for private in [*NEVER_PUBLIC, case.reference, case.reporter.email, "Private summary"]:
            assert private not in text, private
        assert case.reporter.display_name not in text


def test_a_withdrawn_notice_disappears_everywhere(client, granted, neighbourhood):
    case, _ = granted("Camden walks for safer streets")
    granted("Still on")

    withdraw_notice(case.application)

    for text in public_views(client, neighbourhood):
        assert "Camden walks for safer streets" not in text
        assert "Still on" in text


def test_a_granted_march_without_the_organisers_consent_never_appears(
    client, granted, neighbourhood
):
    _, notice = granted("Quiet march", consent=False)

    assert notice is None and not PublicNotice.objects.exists()
    for text in public_views(client, neighbourhood):
        assert "Quiet march" not in text


def test_an_application_of_a_type_that_is_not_publishable_never_appears(
    client, granted, neighbourhood
):
    _, notice = granted("Secret film shoot", type_slug="filming")

    assert notice is None and not PublicNotice.objects.exists()
    for text in public_views(client, neighbourhood):
        assert "Secret film shoot" not in text


def test_an_application_not_yet_granted_never_appears(client, application_by, neighbourhood):
    application_by(
        type_slug="procession",
        status="under_review",
        answers={"title": "Planned march", "publish_consent": "Yes"},
        application__publish_consent=True,
    )

    for text in public_views(client, neighbourhood):
        assert "Planned march" not in text


def test_a_march_that_is_over_or_in_another_neighbourhood_is_not_listed(
    client, granted, neighbourhood, resident
):
    _, over = granted("Last month's march")
    PublicNotice.objects.filter(pk=over.pk).update(
        starts_at=timezone.now() - timedelta(days=30), ends_at=timezone.now() - timedelta(days=30)
    )
    elsewhere = NeighbourhoodFactory()
    granted("Elsewhere march", where=elsewhere)

    for text in public_views(client, neighbourhood):
        assert "Last month" not in text and "Elsewhere march" not in text
    assert "Elsewhere march" in page(client, events_url(elsewhere))


# --- how many --------------------------------------------------------------------------------


def test_the_neighbourhood_page_shows_the_soonest_five_with_a_link_to_all(
    client, granted, neighbourhood
):
    for days in range(SHOWN_ON_NEIGHBOURHOOD, 0, -1):
        granted(f"March in {days} days", days=days)
    link = f'href="{events_url(neighbourhood)}"'

    assert link not in page(client, neighbourhood.get_absolute_url())
    granted("March in 30 days", days=30)
    body = page(client, neighbourhood.get_absolute_url())

    shown = [f"March in {days} days" for days in range(1, SHOWN_ON_NEIGHBOURHOOD + 1)]
    assert [body.index(title) for title in shown] == sorted(body.index(t) for t in shown)
    assert "March in 30 days" not in body and link in body


def test_the_events_page_pages_by_keyset_without_gaps_or_repeats(client, granted, neighbourhood):
    made = [granted(f"March {n}", days=1 + n % 9)[1] for n in range(PAGE_SIZE * 2 + 3)]
    seen, url = [], events_url(neighbourhood)
    while url:
        response = client.get(url)
        listed = response.context["page"]
        seen += [notice.pk for notice in listed.items]
        url = (
            f"{events_url(neighbourhood)}?after={listed.next_cursor}" if listed.next_cursor else ""
        )

    assert sorted(seen) == sorted(n.pk for n in made) and len(seen) == len(set(seen))


def test_a_tampered_cursor_shows_the_first_page_and_an_unknown_place_is_a_404(
    client, granted, neighbourhood
):
    granted("First march")

    assert "First march" in page(client, events_url(neighbourhood) + "?after=%00%ff!!")
    assert client.get("/neighbourhoods/atlantis/events/").status_code == 404


def count(client, url: str) -> int:
    client.get(url)  # warm per-process caches (content types)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_neighbourhood_page_query_count_stays_the_same_as_notices_grow(
    client, granted, neighbourhood
):
    granted("One march")
    few = count(client, neighbourhood.get_absolute_url())
    for days in range(2, 12):
        granted(f"March {days}", days=days)

    assert count(client, neighbourhood.get_absolute_url()) == few


@pytest.mark.parametrize("which", ["events", "feed"])
def test_the_events_page_and_feed_query_counts_stay_the_same_as_notices_grow(
    client, granted, neighbourhood, which
):
    url = {
        "events": events_url(neighbourhood),
        "feed": reverse("concerns:neighbourhood_feed", args=[neighbourhood.slug]),
    }[which]
    granted("One march")
    few = count(client, url)
    for days in range(2, 30):
        granted(f"March {days}", days=days)

    assert count(client, url) == few
