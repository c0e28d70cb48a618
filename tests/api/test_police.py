"""The data.police.uk-compatible API at /api/ (api/police): data.police.uk's paths and JSON for
our one force, neighbourhood ids that are ONS ward codes, locate-neighbourhood on the demo's
real ward polygons, only public officers, priorities and events, JSON errors, read-only, and
query counts that stay constant as rows grow."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from engage.demo.places_data import BOROUGHS, WARDS
from engage.models import Neighbourhood
from permits.models import PublicNotice
from permits.services.notices import publish_granted, withdraw_notice
from tests.factories import (
    ApplicationCaseFactory,
    BoroughFactory,
    NeighbourhoodFactory,
    OfficerFactory,
    TeamPriorityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

CAMDEN_TOWN = "E05013655"
ARSENAL = "E05013697"
CAMDEN_TOWN_STATION = (51.5392, -0.1426)
EMIRATES_STADIUM = (51.5549, -0.1084)  # in Arsenal ward, Islington
MANCHESTER = (53.4808, -2.2426)
ORGANISER = "Olive Organiser, 9 Private Mews, olive.organiser@mail.example, 07700 900456"


def demo_ward(code: str, **fields) -> Neighbourhood:
    """The demo's real ward `code` (engage/demo/places_data.py), as `seed_demo` makes it: its
    ONS name, its borough, its real generalised boundary, and its team's public contact."""
    ward = next(w for w in WARDS if w.code == code)
    borough = next(b for b in BOROUGHS if b.code == ward.borough_code)
    fields = {
        "ward_code": ward.code,
        "name": ward.name,
        "slug": ward.slug,
        "boundary": ward.boundary,
        "borough": BoroughFactory(code=borough.code, name=borough.name, slug=borough.slug),
        "team__name": ward.team.name,
        "team__slug": ward.team.slug,
        "team__email": ward.team.email,
        "team__phone": ward.team.contact_phone,
        "team__x_handle": ward.team.x_handle,
        **fields,
    }
    return NeighbourhoodFactory(**fields)


def grant(place: Neighbourhood, title: str, *, days: int = 7, consent: bool = True):
    """A march in `place` granted `days` ahead and published as a real grant is
    (publish_granted); the organiser's details are in the private answers. Returns the
    notice, or None when nothing was published."""
    starts = timezone.now().replace(second=0, microsecond=0) + timedelta(days=days)
    local = "%Y-%m-%dT%H:%M"
    case = ApplicationCaseFactory(
        neighbourhood=place,
        type_slug="procession",
        status="granted",
        answers={
            "title": title,
            "starts": timezone.localtime(starts).strftime(local),
            "ends": timezone.localtime(starts + timedelta(hours=3)).strftime(local),
            "assembly": "Camden Town Underground station",
            "place": "Camden Town Underground station",
            "route": "Camden High Street\nParkway",
            "closures": "Parkway closed 10:30 to 12:30",
            "publish_consent": "Yes" if consent else "No",
            "organiser": {"name": ORGANISER},
            "stewards": "Seventeen stewards on channel nine",
        },
        summary=f"Private summary of {title}",
        application__publish_consent=consent,
        application__starts_at=starts,
    )
    return publish_granted(case.application)


@pytest.fixture
def camden():
    return demo_ward(CAMDEN_TOWN)


def get_json(client, path: str, status: int = 200):
    response = client.get(f"/api/{path}")
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


# --- forces ------------------------------------------------------------------------------------


def test_forces_lists_our_one_force(client, settings):
    settings.FORCE_NAME = "Metropolitan Police Service"

    assert get_json(client, "forces") == [
        {"id": "metropolitan", "name": "Metropolitan Police Service"}
    ]


def test_the_force_has_data_police_uks_fields_from_settings(client, settings):
    settings.FORCE_URL = "https://www.met.police.uk/"
    settings.FORCE_TELEPHONE = "101"

    force = get_json(client, "forces/metropolitan")

    assert set(force) == {"id", "name", "description", "url", "telephone", "engagement_methods"}
    assert force["url"] == "https://www.met.police.uk/" and force["telephone"] == "101"
    for method in force["engagement_methods"]:
        assert set(method) == {"url", "title", "description", "type"}
    assert force["engagement_methods"][0]["url"] == "http://testserver/"


def test_the_force_id_follows_the_setting(client, settings):
    settings.FORCE_ID = "city-of-london"

    assert get_json(client, "forces")[0]["id"] == "city-of-london"
    assert get_json(client, "forces/city-of-london")["id"] == "city-of-london"
    get_json(client, "forces/metropolitan", status=404)


def test_an_unknown_force_is_a_json_404_saying_which_force_is_served(client):
    for path in ["forces/kent", "kent/neighbourhoods", f"kent/{CAMDEN_TOWN}", "forces/kent/people"]:
        error = get_json(client, path, status=404)
        assert "'kent'" in error["error"] and "'metropolitan'" in error["error"]


# --- neighbourhoods ----------------------------------------------------------------------------


def test_neighbourhoods_lists_ward_codes_and_names_by_name(client, camden):
    demo_ward(ARSENAL)

    assert get_json(client, "metropolitan/neighbourhoods") == [
        {"id": ARSENAL, "name": "Arsenal"},
        {"id": CAMDEN_TOWN, "name": "Camden Town"},
    ]


def test_a_neighbourhood_has_data_police_uks_fields(client, camden):
    place = get_json(client, f"metropolitan/{CAMDEN_TOWN}")

    assert place["id"] == CAMDEN_TOWN and place["name"] == "Camden Town"
    assert place["url_force"] == "http://testserver/neighbourhoods/camden-town/"
    assert place["population"] == "0"
    assert place["locations"] == []
    assert "Camden Town Safer Neighbourhood Team" in place["description"]
    assert place["contact_details"] == {
        "email": "camdentown.snt@met-police.example",
        "telephone": "101 or 020 7946 0111",
        "twitter": "https://x.com/MPSCamdenTown",
    }
    assert {"url", "title", "description"} == set(place["links"][0])


def test_a_neighbourhoods_centre_is_the_centroid_of_its_real_boundary_as_strings(client, camden):
    centre = get_json(client, f"metropolitan/{CAMDEN_TOWN}")["centre"]

    assert isinstance(centre["latitude"], str) and isinstance(centre["longitude"], str)
    assert abs(float(centre["latitude"]) - 51.5411) < 0.0005
    assert abs(float(centre["longitude"]) - -0.1450) < 0.0005


def test_a_neighbourhood_without_a_boundary_has_a_null_centre(client):
    NeighbourhoodFactory(ward_code="E05000001", boundary=None)

    centre = get_json(client, "metropolitan/E05000001")["centre"]

    assert centre == {"latitude": None, "longitude": None}


def test_the_old_n_suffixed_id_names_the_same_neighbourhood(client, camden):
    assert get_json(client, f"metropolitan/{CAMDEN_TOWN}N")["id"] == CAMDEN_TOWN


def test_an_unknown_or_malformed_neighbourhood_id_is_a_json_404(client, camden):
    for api_id in ["E05999999", "camden-town", "E05013655X", "00AG02N"]:
        error = get_json(client, f"metropolitan/{api_id}", status=404)
        assert "metropolitan/neighbourhoods" in error["error"]
        get_json(client, f"metropolitan/{api_id}/people", status=404)
        get_json(client, f"metropolitan/{api_id}/boundary", status=404)


def test_a_neighbourhood_id_from_the_list_round_trips_to_every_sub_resource(client, camden):
    [listed] = get_json(client, "metropolitan/neighbourhoods")

    for sub in ["", "/boundary", "/people", "/priorities", "/events"]:
        get_json(client, f"metropolitan/{listed['id']}{sub}")


# --- boundary ----------------------------------------------------------------------------------


def test_the_boundary_is_the_real_outer_ring_as_latitude_longitude_strings(client, camden):
    response = client.get(f"/api/metropolitan/{CAMDEN_TOWN}/boundary")
    points = response.json()

    ring = camden.boundary["coordinates"][0]
    assert len(points) == len(ring)
    assert points[0] == {"latitude": "51.54182", "longitude": "-0.13841"}
    assert [(float(p["latitude"]), float(p["longitude"])) for p in points] == [
        (lat, lng) for lng, lat in ring
    ]


def test_the_boundary_carries_the_ons_licence_and_attribution_in_a_link_header(client, camden):
    response = client.get(f"/api/metropolitan/{CAMDEN_TOWN}/boundary")

    link = response["Link"]
    assert "open-government-licence/version/3" in link and 'rel="license"' in link
    assert "Office for National Statistics" in link and "Crown copyright" in link


def test_the_attribution_is_also_among_the_neighbourhoods_links(client, camden):
    links = get_json(client, f"metropolitan/{CAMDEN_TOWN}")["links"]

    assert any("Office for National Statistics" in (link["description"] or "") for link in links)


def test_a_neighbourhood_without_a_boundary_has_an_empty_one(client):
    NeighbourhoodFactory(ward_code="E05000003", boundary=None)

    assert get_json(client, "metropolitan/E05000003/boundary") == []


# --- people, priorities, events ----------------------------------------------------------------


def test_people_are_the_teams_verified_officers_with_name_and_rank_only(client, camden):
    OfficerFactory(team=camden.team, name_on_badge="Jane Smith", rank="Sgt")
    OfficerFactory(team=camden.team, name_on_badge="Aled Jones", rank="PCSO")

    assert get_json(client, f"metropolitan/{CAMDEN_TOWN}/people") == [
        {"name": "Aled Jones", "rank": "PCSO", "bio": None, "contact_details": {}},
        {"name": "Jane Smith", "rank": "Sgt", "bio": None, "contact_details": {}},
    ]


def test_unverified_deactivated_and_other_teams_officers_never_appear(client, camden):
    OfficerFactory(team=camden.team, name_on_badge="Claimed Notchecked", unverified=True)
    OfficerFactory(
        team=camden.team, name_on_badge="Left Theforce", user=UserFactory(is_active=False)
    )
    OfficerFactory(name_on_badge="Other Team", user=UserFactory(email="jo.private@example.com"))

    body = client.get(f"/api/metropolitan/{CAMDEN_TOWN}/people").content.decode()

    assert body == "[]"


def test_an_officers_email_never_appears(client, camden):
    OfficerFactory(team=camden.team, user=UserFactory(email="pc.private@met-police.example"))

    body = client.get(f"/api/metropolitan/{CAMDEN_TOWN}/people").content.decode()

    assert "pc.private" not in body and "@" not in body


def test_priorities_have_data_police_uks_hyphenated_keys_and_only_current_ones(client, camden):
    TeamPriorityFactory(
        team=camden.team,
        title="Phone snatches <in> the markets",
        description="Patrols at weekends.\n\nAdvice stalls.",
        set_on=date(2026, 10, 8),
    )
    TeamPriorityFactory(team=camden.team, title="Retired priority", is_current=False)

    priorities = get_json(client, f"metropolitan/{CAMDEN_TOWN}/priorities")

    assert priorities == [
        {
            "issue": "<p>Phone snatches &lt;in&gt; the markets</p><p>Patrols at weekends.</p>"
            "\n\n<p>Advice stalls.</p>",
            "issue-date": "2026-10-08T00:00:00",
            "action": None,
            "action-date": None,
        }
    ]


def test_a_neighbourhood_without_a_team_has_no_people_or_priorities(client):
    NeighbourhoodFactory(ward_code="E05000004", team=None)

    assert get_json(client, "metropolitan/E05000004/people") == []
    assert get_json(client, "metropolitan/E05000004/priorities") == []
    assert get_json(client, "metropolitan/E05000004")["contact_details"] == {}


def test_events_are_the_granted_published_marches_in_data_police_uks_shape(client, camden):
    notice = grant(camden, "Camden walks for safer streets")

    [event] = get_json(client, f"metropolitan/{CAMDEN_TOWN}/events")

    starts = timezone.localtime(notice.starts_at).strftime("%Y-%m-%dT%H:%M:%S")
    ends = timezone.localtime(notice.ends_at).strftime("%Y-%m-%dT%H:%M:%S")
    assert event == {
        "title": "Camden walks for safer streets",
        "description": "<p>Route: Camden High Street<br>Parkway</p>"
        "<p>Road closures: Parkway closed 10:30 to 12:30</p>",
        "address": "Camden Town Underground station",
        "type": notice.kind_name,
        "start_date": starts,
        "end_date": ends,
        "contact_details": {},
    }


def test_nothing_else_about_an_application_ever_appears_in_events(client, camden):
    grant(camden, "Camden walks for safer streets")
    grant(camden, "A march whose organiser said no", consent=False)
    withdrawn = grant(camden, "A march taken down")
    withdraw_notice(withdrawn.case.application)
    grant(camden, "A march already over", days=-2)
    ApplicationCaseFactory(neighbourhood=camden, summary="Shotgun renewal")  # never public

    body = client.get(f"/api/metropolitan/{CAMDEN_TOWN}/events").content.decode()

    assert "Camden walks for safer streets" in body
    for secret in ["said no", "taken down", "already over", "Private summary", "Shotgun"]:
        assert secret not in body
    for secret in ["Olive", "Private Mews", "07700", "mail.example", "channel nine"]:
        assert secret not in body


def test_events_are_only_those_of_that_neighbourhood(client, camden):
    grant(demo_ward(ARSENAL), "An Arsenal march")

    assert get_json(client, f"metropolitan/{CAMDEN_TOWN}/events") == []
    assert PublicNotice.objects.count() == 1


# --- query counts ------------------------------------------------------------------------------


def grow(camden: Neighbourhood, n: int) -> None:
    """n more of every kind of row the endpoints read: wards, officers, priorities, notices."""
    for _ in range(n):
        NeighbourhoodFactory(boundary=next(w for w in WARDS if w.code == ARSENAL).boundary)
        OfficerFactory(team=camden.team)
        TeamPriorityFactory(team=camden.team)
        PublicNotice.objects.create(
            neighbourhood=camden,
            kind_name="Procession or march",
            title="A march",
            starts_at=timezone.now() + timedelta(days=3),
            ends_at=timezone.now() + timedelta(days=3, hours=2),
        )


QUERIES = {
    "forces": 0,
    "forces/metropolitan": 0,
    "metropolitan/neighbourhoods": 1,
    f"metropolitan/{CAMDEN_TOWN}": 1,
    f"metropolitan/{CAMDEN_TOWN}/boundary": 1,
    f"metropolitan/{CAMDEN_TOWN}/people": 2,
    f"metropolitan/{CAMDEN_TOWN}/priorities": 2,
    f"metropolitan/{CAMDEN_TOWN}/events": 2,
    "locate-neighbourhood?q=51.5392,-0.1426": 1,
    "metropolitan/E05999999/people": 1,
    "kent/neighbourhoods": 0,
}


@pytest.mark.parametrize("path", QUERIES)
def test_query_counts_stay_constant_as_rows_grow(client, camden, django_assert_num_queries, path):
    for extra in (1, 5):
        grow(camden, extra)
        with django_assert_num_queries(QUERIES[path]):
            assert client.get(f"/api/{path}").status_code in (200, 404)
