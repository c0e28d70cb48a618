"""Officers, moderators and staff admins must pass TOTP before any staff view, admin included."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.urls import reverse
from django_otp.oath import totp

from tests.conftest import signed_in
from tests.factories import OfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def setup_key(page) -> tuple[bytes, str]:
    """The key a set-up page shows (base32) and its signed set-up field."""
    html = page.content.decode()
    secret = re.search(r'class="app-secret">([A-Z2-7=]+)<', html).group(1)
    setup = re.search(r'name="setup" value="([^"]+)"', html).group(1)
    return b32decode(secret), setup


def current_code(user) -> str:
    device = user.totpdevice_set.get(confirmed=True)
    return f"{totp(device.bin_key):06d}"


@pytest.mark.parametrize("persona", ["officer", "moderator", "staff_admin"])
def test_a_staff_role_without_a_code_is_sent_to_enter_one(persona, request):
    user = request.getfixturevalue(persona)

    response = signed_in(user).get(reverse("staff_home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("two_factor_verify"))


@pytest.mark.parametrize("persona", ["officer", "moderator", "staff_admin"])
def test_a_staff_role_with_a_code_reaches_the_staff_page(persona, request):
    user = request.getfixturevalue(persona)

    response = signed_in(user, two_factor=True).get(reverse("staff_home"))

    assert response.status_code == 200


def test_a_resident_is_refused_the_staff_page(resident):
    response = signed_in(resident).get(reverse("staff_home"))

    assert response.status_code == 403
    assert b"You cannot see this page" in response.content


def test_an_unverified_officer_is_a_resident(neighbourhood):
    officer = OfficerFactory(team=neighbourhood.team, unverified=True)

    assert signed_in(officer.user).get(reverse("staff_home")).status_code == 403


def test_anonymous_visitors_are_asked_to_sign_in(client):
    response = client.get(reverse("staff_home"))

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_an_officer_enters_the_right_code_and_goes_where_they_were_going(officer):
    client = signed_in(officer)

    response = client.post(
        reverse("two_factor_verify"),
        {"token": current_code(officer), "next": reverse("staff_home")},
    )

    assert response.status_code == 302 and response.url == reverse("staff_home")
    assert client.get(reverse("staff_home")).status_code == 200


def test_a_wrong_code_is_refused_with_a_clear_message(officer):
    client = signed_in(officer)
    wrong = f"{(int(current_code(officer)) + 1) % 1_000_000:06d}"

    response = client.post(reverse("two_factor_verify"), {"token": wrong})

    assert response.status_code == 400
    assert b"That code is wrong or has expired" in response.content
    assert client.get(reverse("staff_home")).status_code == 302


def test_a_code_is_not_accepted_twice(officer):
    code = current_code(officer)
    signed_in(officer).post(reverse("two_factor_verify"), {"token": code})

    response = signed_in(officer).post(reverse("two_factor_verify"), {"token": code})

    assert response.status_code == 400


def test_the_next_address_cannot_send_people_off_site(officer):
    response = signed_in(officer).post(
        reverse("two_factor_verify"),
        {"token": current_code(officer), "next": "https://evil.example/phish"},
    )

    assert response.status_code == 302 and response.url == reverse("staff_home")


def test_a_new_officer_sets_up_an_authenticator_before_anything_staff(neighbourhood):
    officer = OfficerFactory(team=neighbourhood.team)
    client = signed_in(officer.user)

    assert client.get(reverse("staff_home")).url.startswith(reverse("two_factor_setup"))
    page = client.get(reverse("two_factor_setup"))
    assert page.status_code == 200 and b"<svg" in page.content
    key, setup = setup_key(page)
    client.post(reverse("two_factor_setup"), {"token": f"{totp(key):06d}", "setup": setup})

    device = officer.user.totpdevice_set.get()
    assert device.confirmed and device.bin_key == key
    assert client.get(reverse("staff_home")).status_code == 200


def test_the_admin_needs_two_factor_even_for_a_superuser(staff_admin):
    without = signed_in(staff_admin).get(reverse("admin:index"))
    with_code = signed_in(staff_admin, two_factor=True).get(reverse("admin:index"))

    assert without.status_code == 302 and "/admin/login/" in without.url
    assert with_code.status_code == 200


def test_the_admin_login_page_sends_a_staff_admin_to_the_code_page(staff_admin):
    response = signed_in(staff_admin).get(reverse("admin:login") + "?next=/admin/")

    assert response.status_code == 302 and response.url.startswith(reverse("two_factor_verify"))


def test_the_admin_is_refused_to_officers_and_moderators(officer, moderator):
    for user in (officer, moderator):
        response = signed_in(user, two_factor=True).get(reverse("admin:login"))
        assert response.status_code == 403


def test_the_admin_sends_anonymous_visitors_to_the_one_sign_in_page(client):
    response = client.get(reverse("admin:index"), follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("login"))


@pytest.mark.parametrize(
    "path",
    [
        "",
        "engage/user/",
        "engage/neighbourhood/",
        "engage/team/",
        "engage/officer/",
        "engage/moderator/",
        "engage/borough/",
        "engage/neighbourhood/add/",
        "engage/team/add/",
    ],
)
def test_admin_pages_work_for_a_verified_staff_admin(staff_admin, neighbourhood, path):
    response = signed_in(staff_admin, two_factor=True).get(f"/admin/{path}")

    assert response.status_code == 200


def test_staff_verify_officers_from_the_admin(staff_admin, neighbourhood):
    pending = OfficerFactory(
        team=neighbourhood.team, unverified=True, user=UserFactory(email="new.pc@example.com")
    )

    signed_in(staff_admin, two_factor=True).post(
        "/admin/engage/officer/", {"action": "verify_selected", "_selected_action": [pending.pk]}
    )

    pending.refresh_from_db()
    assert pending.is_verified and pending.verified_by == staff_admin


def test_opening_the_set_up_page_writes_nothing(neighbourhood):
    """GET /account/two-factor/setup/ used to create a device (issue 16, item 11)."""
    officer = OfficerFactory(team=neighbourhood.team)
    client = signed_in(officer.user)

    for _ in range(3):
        assert client.get(reverse("two_factor_setup")).status_code == 200

    assert officer.user.totpdevice_set.count() == 0


def test_a_wrong_or_forged_set_up_saves_no_device(neighbourhood, other_resident):
    officer = OfficerFactory(team=neighbourhood.team)
    client = signed_in(officer.user)
    key, setup = setup_key(client.get(reverse("two_factor_setup")))
    theirs = setup_key(signed_in(other_resident).get(reverse("two_factor_setup")))

    wrong = client.post(reverse("two_factor_setup"), {"token": "000000", "setup": setup})
    forged = client.post(
        reverse("two_factor_setup"), {"token": f"{totp(theirs[0]):06d}", "setup": theirs[1]}
    )

    assert wrong.status_code == forged.status_code == 400
    assert officer.user.totpdevice_set.count() == 0


def test_passing_two_factor_gives_the_session_a_new_key(officer, neighbourhood):
    client = signed_in(officer)
    before = client.cookies["sessionid"].value

    client.post(reverse("two_factor_verify"), {"token": current_code(officer)})

    after = client.cookies["sessionid"].value
    assert after != before
    assert client.get(reverse("staff_home")).status_code == 200


def test_setting_up_two_factor_gives_the_session_a_new_key(neighbourhood):
    officer = OfficerFactory(team=neighbourhood.team)
    client = signed_in(officer.user)
    before = client.cookies["sessionid"].value
    key, setup = setup_key(client.get(reverse("two_factor_setup")))

    client.post(reverse("two_factor_setup"), {"token": f"{totp(key):06d}", "setup": setup})

    assert client.cookies["sessionid"].value != before
    assert client.get(reverse("staff_home")).status_code == 200
