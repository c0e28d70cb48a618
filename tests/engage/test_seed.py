"""seed_demo: real wards, every role, idempotent; demo two-factor codes work."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from concerns.models import Concern, ConcernEvent, Notification, Reply, Support
from concerns.states import ConcernStatus
from engage import permissions
from engage.demo.places_data import WARDS
from engage.demo.seed import DEMO_PASSWORD, demo_logins
from engage.models import Borough, Neighbourhood, Officer, PostcodeArea, Team, TeamPriority, User
from moderation.models import Appeal, Decision, Flag, QueueItem

pytestmark = pytest.mark.django_db
MODELS = [
    User,
    Borough,
    Neighbourhood,
    Team,
    TeamPriority,
    PostcodeArea,
    Officer,
    TOTPDevice,
    Concern,
    ConcernEvent,
    Reply,
    Support,
    Notification,
    QueueItem,
    Decision,
    Flag,
    Appeal,
]


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", verbosity=0, stdout=out)
    return out.getvalue()


def test_the_demo_has_at_least_twelve_real_wards_in_three_boroughs():
    seed()

    assert Neighbourhood.objects.count() >= 12
    assert Borough.objects.filter(neighbourhoods__isnull=False).distinct().count() >= 3
    camden_town = Neighbourhood.objects.get(ward_code="E05013655")
    assert camden_town.name == "Camden Town" and camden_town.borough.code == "E09000007"
    assert camden_town.team.priorities.exists() and camden_town.boundary["type"] in {
        "Polygon",
        "MultiPolygon",
    }


def test_seeding_twice_changes_nothing():
    seed()
    before = {model.__name__: model.objects.count() for model in MODELS}

    seed()

    assert {model.__name__: model.objects.count() for model in MODELS} == before


def test_every_printed_login_signs_in_with_the_right_role():
    printed = seed()

    for login in demo_logins():
        assert login.email in printed
        user = User.objects.get(email=login.email)
        assert user.check_password(DEMO_PASSWORD)
        assert permissions.has_staff_role(user) == (login.totp_key is not None)
        client = Client()
        client.post(reverse("login"), {"username": login.email, "password": DEMO_PASSWORD})
        assert client.session["_auth_user_id"] == str(user.pk)


def test_the_demo_code_command_prints_a_code_the_device_accepts():
    seed()
    out = io.StringIO()

    call_command("demo_code", "moderator@engage.example", stdout=out)

    device = TOTPDevice.objects.get(user__email="moderator@engage.example")
    assert device.verify_token(out.getvalue().strip())


def test_the_hackney_moderator_is_scoped_to_hackney():
    seed()
    scoped = User.objects.get(email="moderator.hackney@engage.example")
    hackney = Neighbourhood.objects.filter(borough__slug="hackney")

    assert hackney.exists()
    assert all(permissions.moderates(scoped, place) for place in hackney)
    assert not permissions.moderates(scoped, Neighbourhood.objects.get(ward_code="E05013655"))


def test_every_ward_has_a_verified_officer_and_postcodes():
    seed()

    for ward in WARDS:
        place = Neighbourhood.objects.get(ward_code=ward.code)
        assert place.team.officers.filter(verified_at__isnull=False).exists()
        assert place.postcode_areas.exists()


def test_the_demo_has_concerns_in_every_state_with_replies_and_history():
    seed()

    assert set(Concern.objects.values_list("status", flat=True)) == set(ConcernStatus.values)
    resolved = Concern.objects.filter(status="resolved").first()
    assert resolved.outcome_html and resolved.replies.exists()
    assert (
        Concern.objects.exclude(first_reply_at=None)
        .filter(first_reply_at__gt=F("published_at"))
        .exists()
    )


def test_the_demo_queue_has_every_lane_a_decision_log_an_appeal_and_a_report():
    seed()

    pending = QueueItem.objects.pending()
    assert {"urgent", "safeguarding", "personal_data", "standard"} <= set(
        pending.values_list("lane", flat=True)
    )
    assert Decision.objects.filter(action="redact").exists()
    assert Appeal.objects.filter(state="pending", queue_item__state="pending").exists()
    assert Flag.objects.exists() and pending.filter(kind="flag").exists()
