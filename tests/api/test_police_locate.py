"""locate-neighbourhood (api/police) on the demo's real ward polygons, and the geometry under
it (engage/geometry.py): ray casting on GeoJSON, MultiPolygons and holes, the outline
served as a boundary and the centre; 404 outside every ward, 400 for a malformed q."""

from __future__ import annotations

import pytest

from engage import geometry
from engage.demo.places_data import WARDS
from tests.api.test_police import (
    ARSENAL,
    CAMDEN_TOWN,
    EMIRATES_STADIUM,
    MANCHESTER,
    demo_ward,
    get_json,
)
from tests.factories import NeighbourhoodFactory

pytestmark = pytest.mark.django_db

SQUARE = [[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]
HOLE = [[0.4, 0.4], [0.6, 0.4], [0.6, 0.6], [0.4, 0.6], [0.4, 0.4]]
ISLAND = [[2, 2], [3, 2], [3, 3], [2, 2]]
MULTI = {"type": "MultiPolygon", "coordinates": [[SQUARE, HOLE], [ISLAND]]}


@pytest.fixture
def camden():
    return demo_ward(CAMDEN_TOWN)


def test_a_multipolygon_is_located_in_any_part_and_not_in_its_hole(client):
    NeighbourhoodFactory(ward_code="E05000002", boundary=MULTI)

    assert locate(client, "2.2,2.8")["neighbourhood"] == "E05000002"
    locate(client, "0.5,0.5", status=404)


def test_a_multipolygon_boundary_serves_each_parts_outer_ring_and_no_holes(client):
    NeighbourhoodFactory(ward_code="E05000002", boundary=MULTI)

    points = get_json(client, "metropolitan/E05000002/boundary")

    assert len(points) == len(SQUARE) + len(ISLAND)
    assert {"latitude": "0.4", "longitude": "0.4"} not in points


# --- the geometry ------------------------------------------------------------------------------


def test_a_multipolygon_contains_points_in_any_part_but_not_in_a_hole():
    assert geometry.contains(MULTI, 0.2, 0.2)  # latitude, longitude
    assert geometry.contains(MULTI, 2.2, 2.8)
    assert not geometry.contains(MULTI, 0.5, 0.5)  # in the hole
    assert not geometry.contains(MULTI, 1.5, 1.5)  # between the parts


def test_a_feature_is_unwrapped_and_anything_else_contains_nothing():
    feature = {"type": "Feature", "properties": {}, "geometry": MULTI}

    assert geometry.contains(feature, 0.2, 0.2)
    for junk in [None, {}, {"type": "Point", "coordinates": [0, 0]}, "x", {"type": "Polygon"}]:
        assert not geometry.contains(junk, 0.2, 0.2)
        assert geometry.centre(junk) is None and geometry.outline(junk) == []


def test_the_centre_takes_the_holes_area_away():
    off_centre_hole = [[0.0, 0.0], [0.5, 0.0], [0.5, 1.0], [0.0, 1.0], [0.0, 0.0]]

    assert geometry.centre({"type": "Polygon", "coordinates": [SQUARE]}) == (0.5, 0.5)
    latitude, longitude = geometry.centre(
        {"type": "Polygon", "coordinates": [SQUARE, off_centre_hole]}
    )
    assert (latitude, longitude) == pytest.approx((0.5, 0.75))


def test_the_outline_closes_an_open_ring_and_swaps_to_latitude_first():
    open_ring = [[10, 50], [11, 50], [11, 51]]

    assert geometry.outline({"type": "Polygon", "coordinates": [open_ring]}) == [
        (50, 10),
        (50, 11),
        (51, 11),
        (50, 10),
    ]


def test_every_demo_wards_centre_is_located_in_that_ward_and_no_other():
    for ward in WARDS:
        latitude, longitude = geometry.centre(ward.boundary)
        inside = [w.code for w in WARDS if geometry.contains(w.boundary, latitude, longitude)]
        assert inside == [ward.code], ward.name


# --- the endpoint ------------------------------------------------------------------------------


def locate(client, q: str, status: int = 200):
    response = client.get("/api/locate-neighbourhood", {"q": q})
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    return response.json()


def test_a_point_in_camden_town_is_located_in_camden_town(client, camden):
    demo_ward(ARSENAL)

    assert locate(client, "51.5392,-0.1426") == {
        "force": "metropolitan",
        "neighbourhood": CAMDEN_TOWN,
    }


def test_a_point_in_another_demo_ward_is_located_there(client, camden):
    demo_ward(ARSENAL)

    assert locate(client, "{},{}".format(*EMIRATES_STADIUM))["neighbourhood"] == ARSENAL


def test_a_point_outside_every_ward_is_a_json_404(client, camden):
    error = locate(client, "{},{}".format(*MANCHESTER), status=404)

    assert "53.4808" in error["error"]


@pytest.mark.parametrize(
    "q", ["", "51.5392", "51.5392,", "a,b", "51.5,-0.14,3", "nan,0", "inf,0", "91,0", "0,181"]
)
def test_a_malformed_q_is_a_json_400(client, camden, q):
    assert "error" in locate(client, q, status=400)


def test_a_missing_q_is_a_json_400(client):
    response = client.get("/api/locate-neighbourhood")

    assert response.status_code == 400 and "latitude,longitude" in response.json()["error"]


def test_a_point_with_spaces_or_in_exponent_form_is_read(client, camden):
    assert locate(client, " 51.5392 , -0.1426 ")["neighbourhood"] == CAMDEN_TOWN
    assert locate(client, "5.15392e1,-1.426e-1")["neighbourhood"] == CAMDEN_TOWN


def test_a_point_in_a_wards_hole_is_not_in_that_ward(client):
    outer = [[-0.2, 51.5], [-0.1, 51.5], [-0.1, 51.6], [-0.2, 51.6], [-0.2, 51.5]]
    hole = [[-0.16, 51.54], [-0.14, 51.54], [-0.14, 51.56], [-0.16, 51.56], [-0.16, 51.54]]
    NeighbourhoodFactory(
        ward_code="E05000005", boundary={"type": "Polygon", "coordinates": [outer, hole]}
    )

    assert locate(client, "51.52,-0.18")["neighbourhood"] == "E05000005"
    locate(client, "51.55,-0.15", status=404)
