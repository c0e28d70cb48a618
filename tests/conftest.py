"""Personas and shared fixtures. Each persona's docstring says what it may do."""

from __future__ import annotations

import importlib
import time
import types

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from engage import safety
from tests import quiescence
from tests.factories import (
    ApplicationCaseFactory,
    CallHandlerFactory,
    CaseFactory,
    LicensingOfficerFactory,
    ModeratorFactory,
    NeighbourhoodFactory,
    OfficerFactory,
    TOTPDeviceFactory,
    UserFactory,
    seeded_type,
)


def pytest_configure(config) -> None:
    quiescence.install_flush_guard()
    quiescence.AFTER_FLUSH.append(restore_migration_data)


def restore_migration_data() -> None:
    """Rows migrations put in (the default concern categories, the four application types):
    back after a flush, when the database is migrated that far (a migration test may have
    left it further back)."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.recorder import MigrationRecorder

    applied = MigrationRecorder(connection).applied_migrations()
    for app, name, restore in MIGRATION_DATA:
        if (app, name) in applied:
            getattr(importlib.import_module(f"{app}.migrations.{name}"), restore)(apps, None)


MIGRATION_DATA = [
    ("concerns", "0004_default_categories", "forward"),
    ("permits", "0002_four_real_types", "add_types"),
    ("permits", "0004_public_name_and_reserved_names", "name_seeded"),
]


@pytest.fixture(autouse=True)
def background_work_settles(request):
    """A transactional test's flush waits until nothing it started still reads the database
    (tests/quiescence.py). Set up after the database fixture, so torn down before its flush."""
    transactional = "transactional_db" in request.fixturenames or any(
        marker.kwargs.get("transaction") for marker in request.node.iter_markers("django_db")
    )
    if transactional:
        request.getfixturevalue("_django_db_helper")  # pytest-django's; it runs the flush
    yield
    if transactional:
        late = quiescence.settle()
        assert not late, f"still running when the test ended: {', '.join(late)}"


@pytest.fixture(scope="session", autouse=True)
def clean_redis() -> None:
    """Tests own the Redis database REDIS_URL names: start from empty."""
    redis.Redis.from_url(settings.REDIS_URL).flushdb()


@pytest.fixture(autouse=True)
def clear_cache() -> None:
    """Rate-limit windows must not leak from one test into the next, nor an open Redis circuit
    (a test that stopped a Redis) into the tests after it."""
    from engage import circuit

    circuit.redis.reset()
    cache.clear()


@pytest.fixture(autouse=True)
def rate_windows_stand_still(monkeypatch) -> None:
    """Rate limits and the X request budget count in fixed windows of the wall clock (an hour,
    15 minutes): a test that counts within one could see it turn between two hits and fail at
    random. In tests their clock stands still at the half hour it starts in."""
    from engage import ratelimit
    from social import budget

    now = time.time()
    clock = types.SimpleNamespace(time=lambda: now - now % 1800 + 900)
    monkeypatch.setattr(ratelimit, "time", clock)
    monkeypatch.setattr(budget, "time", clock)


@pytest.fixture
def neighbourhood(db):
    """A neighbourhood served by the `officer`'s team."""
    return NeighbourhoodFactory(
        name="Camden Town", slug="camden-town", team__name="Camden Town Safer Neighbourhood Team"
    )


@pytest.fixture
def other_neighbourhood(db):
    """A neighbourhood served by a different team (the `other_officer`'s)."""
    return NeighbourhoodFactory(
        name="Holloway", slug="holloway", team__name="Holloway Safer Neighbourhood Team"
    )


@pytest.fixture
def resident(db):
    """A verified resident: may post, follow and edit their own profile; nothing staff."""
    return UserFactory(email="resident@example.com", display_name="Priya")


@pytest.fixture
def other_resident(db):
    """Another verified resident: must never see the first resident's private things."""
    return UserFactory(email="other.resident@example.com", display_name="Tom")


@pytest.fixture
def officer(neighbourhood):
    """A verified officer of `neighbourhood`'s team, with an authenticator set up."""
    officer = OfficerFactory(
        team=neighbourhood.team,
        name_on_badge="Jane Smith",
        user=UserFactory(email="officer@example.com", display_name="Jane"),
    )
    TOTPDeviceFactory(user=officer.user)
    return officer.user


@pytest.fixture
def other_officer(other_neighbourhood):
    """A verified officer of another team: staff, but not for `neighbourhood`."""
    officer = OfficerFactory(
        team=other_neighbourhood.team, user=UserFactory(email="other.officer@example.com")
    )
    TOTPDeviceFactory(user=officer.user)
    return officer.user


@pytest.fixture
def moderator(db):
    """A global moderator (no neighbourhood scope), with an authenticator set up."""
    user = UserFactory(email="moderator@example.com", display_name="Sam")
    ModeratorFactory(user=user)
    TOTPDeviceFactory(user=user)
    return user


@pytest.fixture
def staff_admin(db):
    """A staff admin (superuser): the admin site, after two-factor."""
    user = UserFactory(
        email="admin@example.com", display_name="Admin", is_staff=True, is_superuser=True
    )
    TOTPDeviceFactory(user=user)
    return user


@pytest.fixture
def call_handler(db):
    """A contact-centre call handler, with an authenticator set up: triages every report."""
    user = UserFactory(email="call.handler@example.com", display_name="Morgan")
    CallHandlerFactory(user=user)
    TOTPDeviceFactory(user=user)
    return user


@pytest.fixture
def licensing_officer(db):
    """A licensing officer of the firearms unit, with an authenticator set up: reviews firearm
    and shotgun applications, and no other unit's (nor any report)."""
    user = UserFactory(email="licensing.officer@example.com", display_name="Ruth")
    LicensingOfficerFactory(user=user, units=[seeded_type("firearms").unit])
    TOTPDeviceFactory(user=user)
    return user


@pytest.fixture
def other_licensing_officer(db):
    """A licensing officer of the public-order unit (marches, events): staff, but not for
    firearms applications."""
    user = UserFactory(email="events.officer@example.com", display_name="Dev")
    LicensingOfficerFactory(user=user, units=[seeded_type("procession").unit])
    TOTPDeviceFactory(user=user)
    return user


@pytest.fixture
def application_by(neighbourhood, resident):
    """`application_by(type_slug="firearms", **fields)`: an application by `resident`
    (received), with its permits.Application row."""

    def make(**fields):
        fields.setdefault("reporter", resident)
        fields.setdefault("neighbourhood", neighbourhood)
        return ApplicationCaseFactory(**fields)

    return make


@pytest.fixture
def report_by(neighbourhood, resident):
    """`report_by(**fields)`: a private report by `resident` in `neighbourhood` (received)."""

    def make(**fields):
        fields.setdefault("reporter", resident)
        fields.setdefault("neighbourhood", neighbourhood)
        return CaseFactory(**fields)

    return make


def signed_in(user, *, two_factor: bool = False, danger_answered: bool = True) -> Client:
    """A test client signed in as `user`; with two_factor, as if they had entered a code. With
    danger_answered (the default), as if they had said no to the danger questions for a new
    concern (tests/engage/test_safety.py asks them for real)."""
    client = Client()
    client.force_login(user)
    session = client.session
    if two_factor:
        session[DEVICE_ID_SESSION_KEY] = user.totpdevice_set.get(confirmed=True).persistent_id
    if danger_answered:
        answered = {"answer": safety.CLEAR, "at": time.time() + 10 * 3600}
        session[safety.SESSION_KEY] = {"concern": answered, "report": dict(answered)}
    session.save()
    return client


ALL_STATES = [
    "submitted",
    "returned",
    "rejected",
    "diverted",
    "published",
    "acknowledged",
    "in_progress",
    "responded",
    "resolved",
    "closed",
    "hidden",
    "withdrawn",
]
NON_PUBLIC_STATES = ["submitted", "returned", "rejected", "diverted", "hidden", "withdrawn"]


@pytest.fixture
def concern_by(neighbourhood, resident):
    """Make a concern by `resident` in `neighbourhood` in a given state: concern_by("hidden")."""
    from tests.factories import ConcernFactory

    def make(status: str = "published", **extra):
        published = status not in {"submitted", "returned", "rejected", "diverted", "withdrawn"}
        fields = {"published_at": timezone.now()} if published else {}
        if status == "hidden":
            fields["status_before_hidden"] = "published"
        fields.update(extra)
        return ConcernFactory(neighbourhood=neighbourhood, author=resident, status=status, **fields)

    return make


@pytest.fixture(scope="session", autouse=True)
def release_test_database(django_db_setup, django_db_blocker):
    """At the end, end any session a server thread or worker still holds on the PostgreSQL
    test database, so it can be dropped (PostgreSQL refuses while someone is connected)."""
    yield
    from django.db import connection

    if connection.vendor == "postgresql":
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )


@pytest.fixture
def mail_server_down(settings):
    """Email goes to a real SMTP connection on a loopback port nobody listens on: every send
    fails as it does when the mail server is down (engage.mail's policy then applies)."""
    import socket

    with socket.socket() as probe:  # a port that was free a moment ago, now closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    smtp_at(settings, port, timeout=2)
    return settings


def smtp_at(settings, port: int, *, timeout: int = 5) -> None:
    """Send email over real SMTP to a loopback port (a sink, or nothing listening)."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, timeout
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""


def mail_server_back(settings) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
