"""Recovery codes (django-otp's static tokens): ten, shown once at set-up, each working once at
the two-factor step, replaced from the account page, and under the same lockout as app codes."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticToken

from engage import services
from tests.conftest import signed_in
from tests.engage.test_two_factor import current_code, setup_key
from tests.factories import OfficerFactory

pytestmark = pytest.mark.django_db
VERIFY = reverse("two_factor_verify")
CODES = reverse("recovery_codes")


def codes_on(page) -> list[str]:
    return re.findall(r'<code class="app-secret">([a-z2-7]{8})</code>', page.content.decode())


def stored_codes(user) -> set[str]:
    return set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


def test_setting_up_an_authenticator_shows_ten_recovery_codes_once(neighbourhood):
    officer = OfficerFactory(team=neighbourhood.team)
    client = signed_in(officer.user)
    key, setup = setup_key(client.get(reverse("two_factor_setup")))

    page = client.post(
        reverse("two_factor_setup"),
        {"token": f"{totp(key):06d}", "setup": setup, "next": reverse("staff_home")},
    )

    shown = codes_on(page)
    assert page.status_code == 200 and len(shown) == 10 == len(set(shown))
    assert set(shown) == stored_codes(officer.user)
    assert b"You will not see these codes again" in page.content
    assert b"password manager" in page.content
    assert f'href="{reverse("staff_home")}"'.encode() in page.content
    assert codes_on(client.get(reverse("profile"))) == []  # never shown again


def test_a_recovery_code_passes_the_two_factor_step_and_fails_the_second_time(officer):
    code = services.issue_recovery_codes(user=officer)[0]
    client = signed_in(officer)

    first = client.post(VERIFY, {"token": code, "next": reverse("staff_home")})
    second = signed_in(officer).post(VERIFY, {"token": code})

    assert first.status_code == 302 and first.url == reverse("staff_home")
    assert client.get(reverse("staff_home")).status_code == 200
    assert second.status_code == 400
    assert b"That code is wrong or has expired" in second.content
    assert code not in stored_codes(officer) and len(stored_codes(officer)) == 9


def test_a_recovery_code_typed_in_capitals_with_a_space_still_works(officer):
    code = services.issue_recovery_codes(user=officer)[0]

    response = signed_in(officer).post(VERIFY, {"token": f"{code[:4].upper()} {code[4:].upper()}"})

    assert response.status_code == 302


def test_using_a_recovery_code_says_how_many_are_left(officer):
    code = services.issue_recovery_codes(user=officer)[0]
    client = signed_in(officer)

    page = client.post(VERIFY, {"token": code}, follow=True)

    assert b"You used a recovery code. It will not work again. You have 9 left" in page.content
    assert b"9 left" in client.get(reverse("profile")).content


def test_another_persons_recovery_code_does_not_work(officer, moderator):
    theirs = services.issue_recovery_codes(user=moderator)[0]
    services.issue_recovery_codes(user=officer)

    assert signed_in(officer).post(VERIFY, {"token": theirs}).status_code == 400
    assert theirs in stored_codes(moderator)


def test_new_codes_from_the_account_page_replace_the_old_ones(officer):
    old = services.issue_recovery_codes(user=officer)
    client = signed_in(officer, two_factor=True)
    assert b"You have 10 recovery codes left" in client.get(CODES).content

    page = client.post(CODES)

    new = codes_on(page)
    assert len(new) == 10 and not set(new) & set(old)
    assert stored_codes(officer) == set(new)
    # The new code first: the old one's refusal starts the lockout's back-off.
    assert signed_in(officer).post(VERIFY, {"token": new[0]}).status_code == 302
    assert signed_in(officer).post(VERIFY, {"token": old[0]}).status_code == 400


def test_getting_new_codes_needs_two_factor_in_this_session(officer, resident):
    old = set(services.issue_recovery_codes(user=officer))

    response = signed_in(officer).post(CODES)

    assert response.status_code == 302 and response.url.startswith(VERIFY)
    assert stored_codes(officer) == old
    assert signed_in(resident).post(CODES).status_code == 403


def test_a_wrong_recovery_code_counts_towards_the_lockout_for_both_kinds_of_code(officer, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60  # a minute's wait after one wrong code: no race
    right = services.issue_recovery_codes(user=officer)[0]
    client = signed_in(officer)

    wrong = client.post(VERIFY, {"token": "abcdefgh"})
    app_code = client.post(VERIFY, {"token": current_code(officer)})
    recovery = client.post(VERIFY, {"token": right})

    assert wrong.status_code == 400 and b"That code is wrong" in wrong.content
    assert officer.totpdevice_set.get().throttling_failure_count == 1
    for refused in (app_code, recovery):
        assert refused.status_code == 400
        assert b"Too many wrong codes. Wait" in refused.content
    assert right in stored_codes(officer)  # a refused attempt spends nothing
    assert client.get(reverse("staff_home")).status_code == 302


def test_a_right_recovery_code_clears_earlier_wrong_attempts(officer, settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # no wait, but failures are still counted
    right = services.issue_recovery_codes(user=officer)[0]
    client = signed_in(officer)
    client.post(VERIFY, {"token": "abcdefgh"})
    client.post(VERIFY, {"token": "000000"})
    assert officer.totpdevice_set.get().throttling_failure_count == 2

    assert client.post(VERIFY, {"token": right}).status_code == 302
    assert officer.totpdevice_set.get().throttling_failure_count == 0


def test_the_profile_counts_the_codes_left_and_links_to_new_ones(officer):
    codes = services.issue_recovery_codes(user=officer)
    for code in codes[:8]:
        signed_in(officer).post(VERIFY, {"token": code})

    page = signed_in(officer, two_factor=True).get(reverse("profile")).content.decode()

    assert "2 left" in page and "Running low" in page
    assert f'href="{CODES}"' in page


def test_the_admin_never_shows_anyones_recovery_codes(officer, staff_admin):
    codes = services.issue_recovery_codes(user=officer)
    device = officer.staticdevice_set.get()
    client = signed_in(staff_admin, two_factor=True)

    page = client.get(reverse("admin:otp_static_staticdevice_change", args=[device.pk]))

    assert page.status_code == 200
    assert not any(code in page.content.decode() for code in codes)


@pytest.mark.parametrize("method", ["get", "post"])
def test_the_recovery_codes_page_as_each_persona(method, officer, moderator, resident, client):
    """Anonymous: sign in. A resident: refused. Staff without two-factor this session: the
    code step. Staff with it: only their own new codes; another person's stay as they were."""
    theirs = set(services.issue_recovery_codes(user=moderator))
    outcomes = {
        "anonymous": getattr(client, method)(CODES),
        "resident": getattr(signed_in(resident), method)(CODES),
        "officer, password only": getattr(signed_in(officer), method)(CODES),
        "officer, two-factor": getattr(signed_in(officer, two_factor=True), method)(CODES),
    }

    assert outcomes["anonymous"].status_code == 302
    assert outcomes["anonymous"].url.startswith(reverse("login"))
    assert outcomes["resident"].status_code == 403
    assert outcomes["officer, password only"].url.startswith(VERIFY)
    assert outcomes["officer, two-factor"].status_code in (200, 302)
    page = b"".join(response.content for response in outcomes.values()).decode()
    assert not any(code in page for code in theirs)
    assert stored_codes(moderator) == theirs
