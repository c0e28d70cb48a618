"""Public pages: home, neighbourhood lookup and pages, notices, error pages."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import NeighbourhoodFactory, PostcodeAreaFactory, TeamPriorityFactory

pytestmark = pytest.mark.django_db
FIND = reverse("find_neighbourhood")


def test_the_home_page_offers_the_search_and_the_emergency_numbers(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert b"Find your neighbourhood" in response.content
    assert b"call 999" in response.content


def test_a_full_postcode_finds_its_sector_first(client, neighbourhood, other_neighbourhood):
    PostcodeAreaFactory(code="NW1 7", neighbourhood=neighbourhood)
    PostcodeAreaFactory(code="NW1", neighbourhood=other_neighbourhood)

    response = client.get(FIND, {"q": "nw17ab"})

    assert response.status_code == 302 and response.url == neighbourhood.get_absolute_url()


def test_a_district_shared_by_two_wards_lists_both(client, neighbourhood, other_neighbourhood):
    PostcodeAreaFactory(code="N7", neighbourhood=neighbourhood)
    PostcodeAreaFactory(code="N7", neighbourhood=other_neighbourhood)

    response = client.get(FIND, {"q": " n7 "})

    assert response.status_code == 200
    assert b"Camden Town" in response.content and b"Holloway" in response.content
    assert b"covers more than one neighbourhood" in response.content


def test_a_name_finds_a_neighbourhood_case_insensitively(client, neighbourhood):
    response = client.get(FIND, {"q": "camden"})

    assert response.status_code == 200 and b"Camden Town" in response.content


def test_a_ward_code_finds_its_neighbourhood_with_or_without_the_police_suffix(client):
    place = NeighbourhoodFactory(ward_code="E05013655", name="Camden Town")

    for query in ("E05013655", "e05013655N"):
        assert place.name.encode() in client.get(FIND, {"q": query}).content


def test_no_match_says_what_to_try_next(client, neighbourhood):
    response = client.get(FIND, {"q": "Atlantis"})

    assert response.status_code == 200
    assert b"We could not find a neighbourhood" in response.content
    assert b"first half of your postcode" in response.content


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("", b"Enter a neighbourhood name or a postcode"),
        ("x" * 61, b"Enter 60 characters or fewer"),
    ],
)
def test_a_bad_search_shows_an_error_summary(client, query, message):
    response = client.get(FIND, {"q": query})

    assert response.status_code == 400
    assert b"There is a problem" in response.content and message in response.content
    assert response.content.count(b"govuk-error-message") == 1


@pytest.mark.parametrize("hostile", ["' OR 1=1 --", "%", "_", "<script>alert(1)</script>"])
def test_hostile_searches_match_nothing_and_are_escaped(client, neighbourhood, hostile):
    response = client.get(FIND, {"q": hostile})

    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content
    assert b'href="/neighbourhoods/camden-town/"' not in response.content


def test_the_neighbourhood_page_shows_the_team_contacts_and_current_priorities(
    client, neighbourhood
):
    TeamPriorityFactory(team=neighbourhood.team, title="Drug dealing near the station")
    TeamPriorityFactory(team=neighbourhood.team, title="Old priority", is_current=False)

    response = client.get(neighbourhood.get_absolute_url())

    assert response.status_code == 200
    body = response.content.decode()
    assert neighbourhood.team.name in body and neighbourhood.team.email in body
    assert "Drug dealing near the station" in body and "Old priority" not in body
    assert f'data-live-stream="/ws/neighbourhoods/{neighbourhood.slug}/"' in body


def page_queries(client, url: str) -> int:
    cache.clear()  # counted as a first visit: cached figures would hide their query
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_neighbourhood_page_query_count_is_constant_as_priorities_grow(client, neighbourhood):
    url = neighbourhood.get_absolute_url()
    TeamPriorityFactory(team=neighbourhood.team)
    PostcodeAreaFactory(code="NW1", neighbourhood=neighbourhood)
    few = page_queries(client, url)
    TeamPriorityFactory.create_batch(10, team=neighbourhood.team)
    for code in ("NW5", "NW3", "N19"):
        PostcodeAreaFactory(code=code, neighbourhood=neighbourhood)

    # neighbourhood, priorities, postcode areas, open concerns, advice tags, advice,
    # accountability figures, the live stream's resume position, the team's X feed (social)
    assert page_queries(client, url) == few == 10  # 10th: its marches and events (permits)


def test_the_neighbourhood_list_query_count_is_constant_as_wards_grow(client):
    NeighbourhoodFactory()
    few = page_queries(client, FIND)
    NeighbourhoodFactory.create_batch(20)

    assert page_queries(client, FIND) == few == 1


def test_an_unknown_neighbourhood_is_a_styled_404(client):
    response = client.get("/neighbourhoods/atlantis/")

    assert response.status_code == 404
    assert b"Page not found" in response.content and b"govuk-template" in response.content


def test_the_500_page_renders_without_a_request_context(client):
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


@pytest.mark.parametrize("name", ["accessibility", "privacy"])
def test_the_notices_are_public(client, name):
    assert client.get(reverse(name)).status_code == 200


def test_every_page_sends_the_security_headers(client):
    response = client.get(reverse("home"))

    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_favicon_address_redirects_to_our_icon(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301 and response.url.endswith("images/favicon.svg")


def test_a_database_outage_is_a_503_that_says_try_again_not_a_500():
    from django.test import Client

    client = Client(raise_request_exception=False)
    broken = client.get("/_test/503/")
    other = client.get("/_test/500/")

    assert broken.status_code == 503 and broken["Retry-After"] == "10"
    assert b"try again" in broken.content
    assert other.status_code == 500
