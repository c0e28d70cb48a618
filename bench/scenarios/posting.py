"""H3: posting a concern, the real way: a signed-in resident's session, the CSRF token from the
form page, the form POST with "submit" (validation, screening, the insert, tags, the author's
follow and the audit event), answered by the redirect to "submitted". Served as deployed
(gunicorn), against the bare Django view in the same process, rounds interleaved.

Fifty bench residents take turns, so the per-account quota query sees a realistic history
(the quota itself is lifted for the bench: bench/settings.py). Every concern posted here is
deleted at the end, so runs stay comparable.
"""

from __future__ import annotations

import re
import urllib.parse
import urllib.request

from bench.baselines.django_bare import BARE_PATH
from bench.harness import Context, Row
from bench.load import PROXY_HEADERS, check_answers, drive, get, gunicorn_sync, serving
from bench.measure import count_queries, cpu_row, interleaved, limit_row

NAME = "posting"
BASELINE = "bare Django view (gunicorn)"
POSTERS = 50
TITLE = "Parking on the pavement by the school gates"
BODY = (
    "Cars park on the pavement **every morning** at drop-off, so parents with buggies "
    "walk in the road. It has gone on for weeks."
)


def sessions(users) -> list[str]:
    """A real login session per user, stored where the product keeps them (the database)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    keys = []
    for user in users:
        store = SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        keys.append(store.session_key)
    return keys


def form_token(port: int, session: str) -> tuple[str, str]:
    """(csrftoken cookie, form token) from the form page, as a browser gets them."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/concerns/new/",
        headers={**PROXY_HEADERS, "Cookie": f"sessionid={session}"},
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        page = response.read().decode()
        cookies = response.headers.get_all("Set-Cookie") or []
    cookie = next(c.split(";")[0].split("=", 1)[1] for c in cookies if c.startswith("csrftoken="))
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    return cookie, token


def form(category: int, neighbourhood: str, token: str, key: str) -> dict:
    return {
        "csrfmiddlewaretoken": token,
        "neighbourhood": neighbourhood,
        "title": TITLE,
        "body": BODY,
        "category": str(category),
        "location": "School Lane by the gates",
        "tags": "parking, school run",
        "show_author_name": "name",
        "submission_key": key,
        "submit": "1",
    }


def post(port: int, session: str, cookie: str, fields: dict) -> dict:
    body = urllib.parse.urlencode(fields).replace("%7Bunique%7D", "{unique}")  # per request
    return {
        "method": "POST",
        "path": "/concerns/new/",
        "body": body,
        "headers": {
            **PROXY_HEADERS,
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": f"https://127.0.0.1:{port}",
            "Referer": f"https://127.0.0.1:{port}/concerns/new/",
            "Cookie": f"sessionid={session}; csrftoken={cookie}",
        },
    }


def posted_queries(user, category: int, neighbourhood: str) -> int:
    import uuid

    return count_queries(
        "/concerns/new/",
        method="post",
        user=user,
        expect=302,
        data=lambda: form(category, neighbourhood, "", str(uuid.uuid4())),
    )


def run(ctx: Context) -> list[Row]:
    from django.utils import timezone

    from concerns.models import Category, Concern
    from engage.models import User

    started = timezone.now()
    users = list(User.objects.filter(email__startswith="resident").order_by("pk")[:POSTERS])
    category = Category.objects.filter(is_active=True).values_list("pk", flat=True).first()
    place = "bench-ward-7"
    try:
        queries = posted_queries(users[0], category, place)
        keys = sessions(users)
        with serving(ctx, "gunicorn-posting", gunicorn_sync) as server:
            tokens = [form_token(server.port, key) for key in keys[:1]]
            cookie, token = tokens[0]  # a CSRF secret is per browser, not per account
            requests = [
                post(server.port, key, cookie, form(category, place, token, "{unique}"))
                for key in keys
            ]

            def posting(seconds: float) -> dict:
                result = drive(server, requests, duration=seconds, connections=4)
                check_answers(result, "POST /concerns/new/", expect="3")
                return result

            def bare(seconds: float) -> dict:
                result = drive(server, [get(BARE_PATH)], duration=seconds, connections=4)
                check_answers(result, BARE_PATH)
                return result

            results = interleaved(ctx, {"bare": bare, "post": posting})
    finally:
        Concern.objects.filter(author__in=users, created_at__gte=started).delete()
    posted = sum(r["ops"] for r in results["post"])
    return [
        cpu_row(
            "posting a concern",
            "CPU per request",
            results["post"],
            results["bare"],
            BASELINE,
            target=5.0,
            extra={"queries": queries, "posted": posted},
        ),
        limit_row(
            "posting a concern",
            "queries per request (exact)",
            queries,
            6,
            "queries",
            note="limit from performance.md §5.4 H3 (the issue sets no query limit for posting)",
        ),
    ]
