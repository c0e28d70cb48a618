"""The third-party `georeport` client (PyPI, unmodified) against our live server, in JSON and
XML: the service list, a service definition, the requests list with filters, one request."""

from __future__ import annotations

import pytest
import requests
from georeport import GeoReport

from tests.factories import CategoryFactory, ConcernFactory, NeighbourhoodFactory, ReplyFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def published(transactional_db):
    """A published concern with a reply, and one still held by moderation."""
    category = CategoryFactory(name="Night noise", slug="asb")
    place = NeighbourhoodFactory(name="Camden Town", slug="camden-town")
    concern = ConcernFactory(category=category, neighbourhood=place, published=True)
    ReplyFactory(concern=concern, body="We have added it to our patrols.")
    held = ConcernFactory(category=category, neighbourhood=place)
    return concern, held


@pytest.fixture
def client(live_server):
    return GeoReport(f"{live_server.url}/open311/v2/", jurisdiction="localhost")


def test_georeport_reads_the_service_list_and_a_definition(published, client):
    services = client.get_service_list()
    asb = next(service for service in services if service["service_code"] == "asb")
    assert asb["service_name"] == "Night noise" and asb["metadata"] is False
    definition = client.get_service_definition("asb")
    assert [attribute["code"] for attribute in definition["attributes"]][0] == "title"


def test_georeport_reads_requests_and_one_request_and_never_a_held_one(published, client):
    concern, held = published
    listed = client.get_service_requests(service_code="asb", status="open")
    assert [request["service_request_id"] for request in listed] == [concern.ref]
    one = client.get_service_request(concern.ref)
    assert one["status_notes"] == "We have added it to our patrols."
    assert one["address"] == "Camden Town"
    with pytest.raises(requests.HTTPError):
        client.get_service_request(held.ref)


def test_georeport_in_xml_mode_reads_the_same(published, live_server):
    concern, _ = published
    client = GeoReport(f"{live_server.url}/open311/v2", output_format="xml")
    services = client.get_service_list()
    services = services if isinstance(services, list) else [services]  # xmltodict: one is a dict
    assert "asb" in [service["service_code"] for service in services]
    assert client.get_service_definition("asb")["service_code"] == "asb"
    request = client.get_service_requests(service_request_id=concern.ref)
    assert request["service_request_id"] == concern.ref  # one request: xmltodict gives a dict
    assert client.get_service_request(concern.ref)["status"] == "open"


def test_georeport_sees_a_wrong_jurisdiction_refused(published, live_server):
    client = GeoReport(f"{live_server.url}/open311/v2", jurisdiction="sfgov.org")
    with pytest.raises(requests.HTTPError) as refused:
        client.get_service_list()
    assert refused.value.response.status_code == 404
    assert refused.value.response.json()[0]["code"] == 404
