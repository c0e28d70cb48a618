"""The third-party data.police.uk client `police-api-client` (PyPI 1.2.2, unmodified), pointed
at a real server (pytest-django's live_server) by its base URL alone. It joins
`base_url + method`, so the base URL ends in "/"; it parses dates with exactly
%Y-%m-%dT%H:%M:%S, needs both hyphenated priority dates, turns population into an int and
boundary points into float pairs, and maps any HTTP error of locate-neighbourhood to None."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from police_api import APIError, PoliceAPI

from tests.api.test_police import (
    ARSENAL,
    CAMDEN_TOWN,
    CAMDEN_TOWN_STATION,
    EMIRATES_STADIUM,
    MANCHESTER,
    demo_ward,
    grant,
)
from tests.factories import OfficerFactory, TeamPriorityFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def api(live_server) -> PoliceAPI:
    return PoliceAPI(base_url=live_server.url + "/api/", timeout=10)


@pytest.fixture
def camden():
    """Camden Town with its real boundary, a team of two (one not yet verified), a current and
    a past priority, and one granted public march (and one whose organiser said no)."""
    place = demo_ward(CAMDEN_TOWN)
    OfficerFactory(team=place.team, name_on_badge="Jane Smith", rank="Sgt")
    OfficerFactory(team=place.team, name_on_badge="Not Verified", unverified=True)
    TeamPriorityFactory(team=place.team, title="Phone snatches", set_on=date(2026, 10, 8))
    TeamPriorityFactory(team=place.team, title="Drug dealing", set_on=date(2026, 9, 3))
    TeamPriorityFactory(team=place.team, title="Last year's priority", is_current=False)
    grant(place, "Camden walks for safer streets")
    grant(place, "A private march", consent=False)
    return place


def test_the_client_lists_our_force_and_reads_its_details(api, settings):
    [force] = api.get_forces()

    assert (force.id, force.name) == ("metropolitan", settings.FORCE_NAME)
    force = api.get_force("metropolitan")
    assert force.telephone == settings.FORCE_TELEPHONE and force.url == settings.FORCE_URL
    assert [m["type"] for m in force.engagement_methods] == ["website", "telephone"]
    assert force.senior_officers == []


def test_the_client_lists_the_forces_neighbourhoods_by_name(api, camden):
    demo_ward(ARSENAL)

    found = api.get_force("metropolitan").neighbourhoods

    assert [(n.id, n.name) for n in found] == [(ARSENAL, "Arsenal"), (CAMDEN_TOWN, "Camden Town")]


def test_the_client_reads_a_neighbourhood(api, camden, live_server):
    place = api.get_neighbourhood("metropolitan", CAMDEN_TOWN)

    assert place.name == "Camden Town"
    assert place.population == 0
    assert place.url_force == f"{live_server.url}/neighbourhoods/camden-town/"
    assert place.contact_details["email"] == "camdentown.snt@met-police.example"
    assert 51.53 < float(place.centre["latitude"]) < 51.55
    assert place.locations == []


def test_the_client_reads_the_real_boundary_as_float_pairs(api, camden):
    boundary = api.get_neighbourhood("metropolitan", CAMDEN_TOWN).boundary

    assert boundary == [(lat, lng) for lng, lat in camden.boundary["coordinates"][0]]


def test_the_client_reads_only_the_verified_officers(api, camden):
    officers = api.get_neighbourhood("metropolitan", CAMDEN_TOWN).officers

    assert [(o.name, o.rank, o.contact_details, o.bio) for o in officers] == [
        ("Jane Smith", "Sgt", {}, None)
    ]


def test_the_client_reads_the_current_priorities_newest_first_with_their_dates(api, camden):
    priorities = api.get_neighbourhood("metropolitan", CAMDEN_TOWN).priorities

    assert [p.issue_date for p in priorities] == [datetime(2026, 10, 8), datetime(2026, 9, 3)]
    assert "Phone snatches" in priorities[0].issue and priorities[0].action_date is None


def test_the_client_reads_the_granted_public_events_with_parsed_start_dates(api, camden):
    [event] = api.get_neighbourhood("metropolitan", CAMDEN_TOWN).events

    assert event.title == "Camden walks for safer streets"
    assert event.address == "Camden Town Underground station"
    assert isinstance(event.start_date, datetime) and event.start_date > datetime.now()
    assert event.contact_details == {}


def test_the_client_locates_a_point_in_camden_town(api, camden):
    demo_ward(ARSENAL)

    found = api.locate_neighbourhood(*CAMDEN_TOWN_STATION)

    assert found.id == CAMDEN_TOWN and found.force.id == "metropolitan"
    assert found.name == "Camden Town"  # the located neighbourhood loads like any other
    assert api.locate_neighbourhood(*EMIRATES_STADIUM).id == ARSENAL


def test_the_client_gets_none_for_a_point_outside_every_ward(api, camden):
    assert api.locate_neighbourhood(*MANCHESTER) is None


def test_the_client_sees_an_unknown_neighbourhood_as_a_404(api, camden):
    with pytest.raises(APIError) as raised:
        _ = api.get_neighbourhood("metropolitan", "E05999999").name  # a lazy load: the GET

    assert raised.value.response.status_code == 404
    assert "metropolitan/neighbourhoods" in raised.value.response.json()["error"]
