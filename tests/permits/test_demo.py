"""The permits demo (permits.demo through seed_demo): a licensing officer per unit, and
applications in every state, idempotently."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from casework.models import Case, CaseMessage
from engage import permissions
from engage.demo.seed import LICENSING_LOGINS, demo_logins
from engage.models import LicensingOfficer, LicensingUnit
from permits.models import Application, PublicNotice, Reminder, Visit
from permits.services import reminders

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", verbosity=0, stdout=out)
    return out.getvalue()


def demo_case(key: str) -> Case:
    return Case.objects.select_related("application").get(submission_key=f"demo-permit-{key}")


def test_each_unit_has_a_licensing_officer_with_two_factor_whose_login_is_printed():
    printed = seed()

    logins = {login.email: login for login in demo_logins()}
    for unit_slug, role, name in LICENSING_LOGINS:
        email = f"{name}@engage.example"
        officer = LicensingOfficer.objects.get(user__email=email)
        assert list(officer.units.values_list("slug", flat=True)) == [unit_slug]
        assert TOTPDevice.objects.filter(user=officer.user, confirmed=True).exists()
        assert permissions.has_staff_role(officer.user)
        assert email in printed and logins[email].role == role and logins[email].totp_key
    assert LicensingUnit.objects.filter(officers__isnull=False).count() == len(LICENSING_LOGINS)


def test_the_demo_has_applications_in_every_state_of_the_permit_path():
    seed()

    statuses = {
        key: demo_case(key).status
        for key in (
            "march-review",
            "renewal-more-info",
            "shotgun-visit",
            "march-granted",
            "firearm-refused",
            "event-withdrawn",
            "certificate-expiring",
        )
    }

    assert statuses == {
        "march-review": "under_review",
        "renewal-more-info": "more_info",
        "shotgun-visit": "visit_booked",
        "march-granted": "granted",
        "firearm-refused": "refused",
        "event-withdrawn": "withdrawn",
        "certificate-expiring": "granted",
    }


def test_the_demo_applications_carry_what_each_state_needs():
    seed()
    today = timezone.localdate()

    march = demo_case("march-review").application
    assert march.starts_at.date() == today + timedelta(days=10)
    assert demo_case("renewal-more-info").paused_at is not None
    assert CaseMessage.objects.filter(case=demo_case("renewal-more-info"), from_staff=True)
    assert Visit.objects.get(case=demo_case("shotgun-visit")).at > timezone.now()
    refused = demo_case("firearm-refused").application
    assert refused.reason and refused.decided_by is not None
    expiring = demo_case("certificate-expiring").application
    assert expiring.expires_on == today + timedelta(days=25)


def test_the_granted_march_shows_on_the_camden_town_page_and_nothing_else_does(client):
    seed()

    [notice] = PublicNotice.objects.listed()
    body = client.get("/neighbourhoods/camden-town/").content.decode()

    assert notice.case == demo_case("march-granted") and notice.neighbourhood.slug == "camden-town"
    assert escape("Regent's Park climate walk") in body
    assert "Camden walks for safer streets" not in body  # under review: not public
    assert "Mare Street summer fair" not in body  # withdrawn


def test_a_renewal_reminder_is_due_for_the_expiring_certificate_only():
    seed()

    assert reminders.send_due_reminders() == 1
    [reminder] = Reminder.objects.all()
    assert reminder.application == demo_case("certificate-expiring").application
    assert reminder.days_before == 30


def test_seeding_twice_makes_the_same_rows():
    seed()
    models = [Case, Application, PublicNotice, Visit, CaseMessage, LicensingOfficer, TOTPDevice]
    before = {model.__name__: model.objects.count() for model in models}

    seed()

    assert {model.__name__: model.objects.count() for model in models} == before
