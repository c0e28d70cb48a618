"""Open311 GeoReport v2, reading: formats as the spec names them, filters, the window and
the cap, and the rule that nothing unpublished is listed or fetchable by id, at any state."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from concerns.states import PUBLIC_STATES
from tests.conftest import ALL_STATES, NON_PUBLIC_STATES, signed_in
from tests.factories import CategoryFactory, ReplyFactory

pytestmark = pytest.mark.django_db
BASE = "/open311/v2"


def get_json(path: str, client: Client | None = None, **params):
    response = (client or Client()).get(f"{BASE}/{path}.json", params)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.status_code, json.loads(response.content)


def get_xml(path: str, **params) -> tuple[int, ET.Element]:
    response = Client().get(f"{BASE}/{path}.xml", params)
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return response.status_code, ET.fromstring(response.content)


@pytest.fixture
def category(db):
    return CategoryFactory(
        name="Night noise", slug="asb", description="Noise, nuisance", position=0
    )


def test_discovery_names_every_required_field_in_both_formats():
    status, tree = get_json("discovery")
    assert status == 200
    assert {"changeset", "contact", "key_service", "endpoints"} <= set(tree)
    endpoint = tree["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"] == "http://testserver/open311/v2"
    assert endpoint["formats"] == ["text/xml", "application/json"]
    _, root = get_xml("discovery")
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]


def test_services_are_the_active_categories_as_the_spec_shapes_them(category):
    CategoryFactory(slug="retired", is_active=False)
    status, services = get_json("services")
    assert status == 200
    codes = [service["service_code"] for service in services]
    assert "retired" not in codes and "asb" in codes
    assert services[codes.index("asb")] == {
        "service_code": "asb",
        "service_name": "Night noise",
        "description": "Noise, nuisance",
        "metadata": False,
        "type": "batch",
        "keywords": "",
        "group": "Neighbourhood concerns",
    }
    _, root = get_xml("services")
    assert root.tag == "services"
    assert [e.text for e in root.findall("service/service_code")] == codes
    assert {e.text for e in root.findall("service/metadata")} == {"false"}


def test_a_service_definition_lists_its_optional_attributes(category):
    _, definition = get_json("services/asb")
    assert definition["service_code"] == "asb"
    assert [a["code"] for a in definition["attributes"]] == [
        "title",
        "at_risk",
        "emergency_understood",
    ]
    assert not any(a["required"] for a in definition["attributes"])
    _, root = get_xml("services/asb")
    assert root.tag == "service_definition"
    assert root.find("attributes/attribute/code").text == "title"
    assert [v.text for v in root.findall("attributes/attribute[2]/values/value/key")] == [
        "yes",
        "no",
    ]


def test_an_unknown_service_code_is_a_404_in_the_spec_error_format(category):
    status, errors = get_json("services/nope")
    assert status == 404
    assert errors[0]["code"] == 404 and "nope" in errors[0]["description"]
    status, root = get_xml("services/nope")
    assert status == 404 and root.tag == "errors"
    assert root.find("error/code").text == "404"


def test_a_request_shows_the_public_fields_and_never_the_author(concern_by, resident, category):
    concern = concern_by("responded", category=category, body="Noise every night")
    ReplyFactory(concern=concern, body="We have added it to our patrols.")
    status, answer = get_json(f"requests/{concern.ref}")
    assert status == 200 and len(answer) == 1
    request = answer[0]
    assert request["service_request_id"] == concern.ref
    assert request["status"] == "open"
    assert request["status_notes"] == "We have added it to our patrols."
    assert request["service_code"] == "asb"
    assert request["description"] == "Noise every night"
    assert request["address"] == "Camden Town"
    assert request["agency_responsible"] == "Camden Town Safer Neighbourhood Team"
    assert request["media_url"] == ""
    assert "lat" not in request and "long" not in request
    assert request["requested_datetime"].endswith("+00:00")
    text = json.dumps(answer)
    assert resident.email not in text and resident.display_name not in text


def test_the_outcome_is_the_official_answer_once_recorded(concern_by, category):
    concern = concern_by("resolved", category=category, outcome="We closed the crack house.")
    ReplyFactory(concern=concern, body="An earlier reply")
    _, [request] = get_json(f"requests/{concern.ref}")
    assert request["status"] == "closed"
    assert request["status_notes"] == "We closed the crack house."


def test_a_request_in_xml_is_wrapped_in_service_requests(concern_by, category):
    concern = concern_by("published", category=category)
    _, root = get_xml(f"requests/{concern.ref}")
    assert root.tag == "service_requests"
    assert root.find("request/service_request_id").text == concern.ref
    assert root.find("request/status").text == "open"
    assert root.find("request/status_notes") is None  # no answer yet: absent


@pytest.mark.parametrize("state", ALL_STATES)
def test_only_a_published_concern_is_listed_or_fetchable_by_id_at_any_state(
    concern_by, category, state
):
    concern = concern_by(state, category=category)
    listed = get_json("requests")[1]
    by_id = get_json("requests", service_request_id=concern.ref)[1]
    status, one = get_json(f"requests/{concern.ref}")
    public = state in PUBLIC_STATES
    assert [r["service_request_id"] for r in listed] == ([concern.ref] if public else [])
    assert [r["service_request_id"] for r in by_id] == ([concern.ref] if public else [])
    assert status == (200 if public else 404)


@pytest.mark.parametrize("state", NON_PUBLIC_STATES)
def test_even_the_author_or_a_moderator_signed_in_sees_nothing_unpublished(
    concern_by, category, resident, moderator, state
):
    concern = concern_by(state, category=category)
    for client in (signed_in(resident), signed_in(moderator, two_factor=True)):
        assert get_json(f"requests/{concern.ref}", client)[0] == 404
        assert get_json("requests", client)[1] == []


def test_filters_by_status_service_code_and_dates(concern_by, category):
    other = CategoryFactory(slug="roads")
    now = timezone.now()
    open_asb = concern_by("published", category=category, published_at=now - timedelta(days=1))
    closed_asb = concern_by("closed", category=category, published_at=now - timedelta(days=2))
    roads = concern_by("acknowledged", category=other, published_at=now - timedelta(days=40))

    def ids(**params):
        return [r["service_request_id"] for r in get_json("requests", **params)[1]]

    assert ids() == [open_asb.ref, closed_asb.ref, roads.ref]  # newest first
    assert ids(status="open") == [open_asb.ref, roads.ref]
    assert ids(status="closed") == [closed_asb.ref]
    assert ids(status="open,closed", service_code="roads") == [roads.ref]
    start = (now - timedelta(days=30)).isoformat()
    assert ids(start_date=start) == [open_asb.ref, closed_asb.ref]
    assert ids(end_date=(now - timedelta(days=30)).isoformat()) == [roads.ref]
    assert ids(service_request_id=f"{roads.ref},{open_asb.ref}", status="closed") == [
        open_asb.ref,
        roads.ref,
    ]  # ids override every other filter


def test_the_default_window_is_the_last_90_days(concern_by, category):
    concern_by("published", category=category, published_at=timezone.now() - timedelta(days=91))
    assert get_json("requests")[1] == []


def test_empty_parameters_are_the_same_as_absent_ones(concern_by, category):
    concern = concern_by("published", category=category)
    _, answer = get_json("requests", status="", service_code="", jurisdiction_id="")
    assert [r["service_request_id"] for r in answer] == [concern.ref]


@pytest.mark.parametrize(
    ("params", "says"),
    [
        ({"status": "pending"}, "status must be open or closed"),
        ({"start_date": "yesterday"}, "start_date must be a W3C datetime"),
        (
            {"start_date": "2026-01-01T00:00:00Z", "end_date": "2026-06-01T00:00:00Z"},
            "90 days at most",
        ),
        (
            {"start_date": "2026-06-01T00:00:00Z", "end_date": "2026-01-01T00:00:00Z"},
            "before start_date",
        ),
    ],
)
def test_a_bad_filter_is_a_400_that_names_it(params, says):
    status, errors = get_json("requests", **params)
    assert status == 400
    assert says in errors[0]["description"]


def test_a_jurisdiction_other_than_ours_is_a_404(settings, category):
    assert get_json("services", jurisdiction_id="testserver")[0] == 200
    assert get_json("services", jurisdiction_id="sfgov.org")[0] == 404
    settings.OPEN311_JURISDICTION = "met.example"
    assert get_json("services", jurisdiction_id="met.example")[0] == 200


def test_the_list_is_capped_at_1000_newest_first(concern_by, category, monkeypatch):
    from api.open311 import selectors

    monkeypatch.setattr(selectors, "MAX_REQUESTS", 2)
    made = [concern_by("published", category=category) for _ in range(3)]
    _, answer = get_json("requests")
    assert [r["service_request_id"] for r in answer] == [made[2].ref, made[1].ref]


@pytest.mark.parametrize("rows", [1, 6])
def test_the_list_takes_one_query_however_many_rows(
    concern_by, category, django_assert_num_queries, rows
):
    for _ in range(rows):
        ReplyFactory(concern=concern_by("responded", category=category))
    with django_assert_num_queries(1):
        _, answer = get_json("requests")
    assert len(answer) == rows


def test_a_token_for_no_submission_is_a_404():
    assert get_json("tokens/not-a-token")[0] == 404


def test_an_unknown_format_is_not_found():
    assert Client().get(f"{BASE}/services.html").status_code == 404


def test_a_control_character_in_a_concern_does_not_break_the_xml(concern_by, category):
    concern = concern_by("published", category=category, body="Noise\x0b at night")
    _, root = get_xml(f"requests/{concern.ref}")
    assert root.find("request/description").text == "Noise at night"


@pytest.mark.parametrize(
    "query",
    [
        "start_date=9999-12-31T00:00:00Z",
        "end_date=0001-01-01T00:00:00Z",
        "end_date=0001-01-02T00:00:00",
        "start_date=9999-12-31T23:59:59-10:00",
    ],
)
def test_dates_at_the_ends_of_the_calendar_are_refused_not_a_server_error(query):
    response = Client().get(f"/open311/v2/requests.json?{query}")
    assert response.status_code == 400
    assert "between 2000 and 2100" in response.json()[0]["description"]
