"""Every answer of the data.police.uk-compatible API (api/police) is JSON, read-only, and open
to any origin: paths it does not offer are JSON 404s (never a page or a slash redirect),
writes are JSON 405s with an Allow header."""

from __future__ import annotations

import pytest

from tests.api.test_police import CAMDEN_TOWN, demo_ward, get_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def camden():
    return demo_ward(CAMDEN_TOWN)


def test_a_path_the_server_does_not_offer_is_a_json_404_not_a_page(client):
    for path in ["crimes-street/all-crime/extra", "metropolitan/E05013655/crimes/x", ""]:
        error = get_json(client, path, status=404)
        assert "locate-neighbourhood" in error["error"]


def test_a_trailing_slash_is_not_redirected(client):
    response = client.get("/api/forces/")

    assert response.status_code == 404 and response["Content-Type"] == "application/json"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete", "options"])
def test_writing_is_a_json_405_with_an_allow_header(client, camden, method):
    response = getattr(client, method)(f"/api/metropolitan/{CAMDEN_TOWN}/priorities")

    assert response.status_code == 405 and response["Allow"] == "GET, HEAD"
    assert "read-only" in response.json()["error"]


def test_head_is_allowed(client, camden):
    assert client.head(f"/api/metropolitan/{CAMDEN_TOWN}").status_code == 200


def test_any_origin_may_read_it(client):
    assert client.get("/api/forces")["Access-Control-Allow-Origin"] == "*"


def test_an_id_with_a_trailing_newline_is_not_a_ward(client, camden):
    assert client.get(f"/api/metropolitan/{CAMDEN_TOWN}").status_code == 200
    assert client.get(f"/api/metropolitan/{CAMDEN_TOWN}%0A").status_code == 404
