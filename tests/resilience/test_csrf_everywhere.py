"""Row 9 of the resilience plan: every URL in the URLconf, POSTed cross-site as a signed-in
moderator (two-factor passed) and as a resident: without a CSRF token, or with a valid token
from another Origin, nothing is accepted (403, or 405 from a read-only view) and nothing is
written; GET writes nothing."""

from __future__ import annotations

import uuid

import pytest
from django.apps import apps
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import signed_in

pytestmark = pytest.mark.django_db
SKIP_PREFIXES = ("static/", "_test/")
UNCOUNTED = {
    "sessions.session",
    "axes.accesslog",
    "axes.accessattempt",
    "axes.accessfailurelog",
    "django_otp_totp.totpdevice",
}  # sessions are written by any visit; devices' use
# 403: the CSRF check refused it. 405: a read-only view (the data.police.uk-compatible API at
# /api/, CSRF-exempt because it never writes) refused the method before doing anything.
REFUSED = (403, 405)


def patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def concrete(route: str, values: dict[str, str]) -> str | None:
    if route.startswith(SKIP_PREFIXES) or "(?P" in route or route.startswith("^"):
        return None
    path = route
    while "<" in path:
        start, end = path.index("<"), path.index(">")
        name = path[start + 1 : end].split(":")[-1]
        path = path[:start] + values.get(name, "x") + path[end + 1 :]
    return "/" + path


def urls(values: dict[str, str]) -> list[str]:
    found = {concrete(route, values) for route in patterns(get_resolver())}
    return sorted(url for url in found if url)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model.objects.count()
        for model in apps.get_models()
        if model._meta.label_lower not in UNCOUNTED and not model._meta.proxy
    }


@pytest.fixture
def values(concern_by, neighbourhood, moderator, officer, resident, report_by):
    from moderation.services import queue
    from reports.services import drafts

    concern = concern_by("published")
    held = concern_by("submitted")
    item = queue.enqueue(kind="concern", concern=held, lane="standard")
    from concerns import services

    reply = services.reply_to_concern(concern=concern, author=officer, body="We are on it.")
    return {
        "ref": concern.ref,
        "pk": str(item.pk),
        "reply_id": str(reply.pk),
        "slug": neighbourhood.slug,
        "token": "x",
        "uidb64": "MQ",
        "object_id": "1",
        "app_label": "engage",
        "content_type_id": "1",
        "id": "1",
        "url": "x",
        "path": "x",
        "key": str(uuid.uuid4()),
        # The report counter: the resident's own draft and case, so each POST reaches its view.
        "draft": str(drafts.start_draft(kind="crime.theft", owner=resident).pk),
        "reference": report_by().reference,
        "step": "what",
        "action": "message",
    }


def csrf_clients(moderator, resident):
    for user, two_factor in ((moderator, True), (resident, False)):
        client = signed_in(user, two_factor=two_factor)
        client.handler.enforce_csrf_checks = True
        yield client


def test_every_url_refuses_a_post_without_a_csrf_token_and_writes_nothing(
    values, moderator, resident
):
    targets = urls(values)
    assert len(targets) >= 40  # the whole URLconf, not a sample
    before = row_counts()
    accepted = []
    for client in csrf_clients(moderator, resident):
        for url in targets:
            response = client.post(url, {"answer": "no", "body": "x", "title": "x"})
            if response.status_code not in REFUSED:
                accepted.append((url, response.status_code))

    assert accepted == []
    assert row_counts() == before


def test_every_url_refuses_a_post_with_a_valid_token_from_another_origin(
    values, moderator, resident
):
    before = row_counts()
    accepted = []
    for client in csrf_clients(moderator, resident):
        client.get("/account/profile/")  # a CSRF cookie, as the real site would set
        token = client.cookies["csrftoken"].value
        for url in urls(values):
            response = client.post(
                url,
                {"csrfmiddlewaretoken": token, "answer": "no"},
                HTTP_ORIGIN="https://evil.example",
                HTTP_REFERER="https://evil.example/page",
            )
            if response.status_code not in REFUSED:
                accepted.append((url, response.status_code))

    assert accepted == []
    assert row_counts() == before


def test_a_get_of_every_url_writes_nothing(values, moderator, resident):
    before = row_counts()
    for client in (signed_in(moderator, two_factor=True), signed_in(resident), Client()):
        for url in urls(values):
            client.get(url)

    assert row_counts() == before
