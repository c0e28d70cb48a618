"""/health/: each check named, 200 when all pass, 503 naming the one that fails, and nothing
about hosts, ports, paths or credentials for anyone who asks (engage/health.py)."""

from __future__ import annotations

import socket

import pytest
from celery.contrib.testing.worker import start_worker
from django.test import Client

from engage import embedded_redis
from engage.celery import app

CHECKS = {"database", "redis", "celery", "disk"}
HEALTH = "/health/"


def as_json(response) -> dict[str, str]:
    assert response["Content-Type"] == "application/json"
    return response.json()


def closed_redis_url(password: str = "") -> str:
    # A port that was free a moment ago: nothing listens there.
    auth = f":{password}@" if password else ""
    return f"redis://{auth}127.0.0.1:{embedded_redis.free_port()}/0"


@pytest.fixture
def worker():
    """A real Celery worker on the test Redis, answering the health check's ping."""
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        yield


@pytest.mark.django_db(transaction=True)
def test_all_healthy_is_200_with_each_check_named_ok_in_json_and_html(worker):
    response = Client().get(HEALTH, HTTP_ACCEPT="application/json")

    assert response.status_code == 200, response.content
    assert as_json(response) == {name: "OK" for name in CHECKS}
    page = Client().get(HEALTH)
    assert page.status_code == 200
    assert page["Content-Type"].startswith("text/html")
    html = page.content.decode()
    for label in ("Database", "Redis", "Background worker", "Disk space"):
        assert label in html
    assert "Not working" not in html


@pytest.mark.django_db
def test_format_json_in_the_query_string_answers_json_whatever_the_accept_header():
    response = Client().get(HEALTH + "?format=json", HTTP_ACCEPT="text/html")

    assert set(as_json(response)) == CHECKS


@pytest.mark.django_db
def test_no_celery_worker_is_a_503_naming_celery_and_nothing_else():
    response = Client().get(HEALTH, HTTP_ACCEPT="application/json")

    assert response.status_code == 503
    body = as_json(response)
    assert body["celery"] == "Unavailable: No background worker answered."
    assert {name for name, status in body.items() if status != "OK"} == {"celery"}


@pytest.mark.django_db
def test_redis_at_a_closed_port_is_a_503_naming_redis(settings):
    settings.REDIS_URL = closed_redis_url()

    response = Client().get(HEALTH, HTTP_ACCEPT="application/json")

    assert response.status_code == 503
    body = as_json(response)
    assert body["redis"] == "Unavailable: Redis did not answer."
    assert body["database"] == "OK"


@pytest.mark.django_db
def test_a_nearly_full_disk_is_a_503_naming_the_disk(settings):
    settings.HEALTH_DISK_MAX_PERCENT = 0.001  # any disk in use is "nearly full" now

    response = Client().get(HEALTH, HTTP_ACCEPT="application/json")

    assert response.status_code == 503
    assert as_json(response)["disk"] == "Warning: The disk is nearly full."


@pytest.mark.django_db
def test_the_failure_page_says_what_is_not_working_in_plain_words(settings):
    settings.REDIS_URL = closed_redis_url()

    page = Client().get(HEALTH)

    assert page.status_code == 503
    assert "Not working" in page.content.decode()
    assert "Redis did not answer." in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    ["", "?format=json", "?format=text", "?format=atom", "?format=rss", "?format=openmetrics"],
)
def test_no_format_reveals_a_host_port_path_or_password(settings, query):
    settings.REDIS_URL = closed_redis_url(password="hunter2-secret")
    port = settings.REDIS_URL.rsplit(":", 1)[1].split("/")[0]

    body = Client().get(HEALTH + query).content.decode()

    secrets = [
        "hunter2-secret",
        "127.0.0.1",
        f":{port}",
        socket.gethostname(),
        str(settings.BASE_DIR),
        settings.DATABASES["default"]["NAME"],
        "celery@",
    ]
    assert [secret for secret in secrets if secret in body] == []
    assert "redis" in body.lower()  # it did report on Redis, in its own words
