"""Sign-up, email verification, sign-in, lockout, password reset and profile."""

from __future__ import annotations

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from engage.models import EmailPreference, User
from tests.conftest import signed_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
SIGNUP = {
    "email": "New.Person@Example.com",
    "display_name": "Kwame Mensah",
    "password": "three random words here",
}


def link_in(message) -> str:
    return re.search(r"https?://\S+", message.body).group(0)


def test_sign_up_creates_an_unverified_resident_and_emails_a_link(client):
    response = client.post(reverse("signup"), SIGNUP)

    assert response.status_code == 200
    assert b"Check your email" in response.content
    user = User.objects.get(email="new.person@example.com")
    assert user.display_name == "Kwame Mensah" and not user.email_verified
    assert [m.to for m in mail.outbox] == [["new.person@example.com"]]
    assert "/account/verify/" in link_in(mail.outbox[0])


def test_sign_up_with_a_taken_address_looks_the_same_and_tells_the_owner(client):
    UserFactory(email="new.person@example.com")

    response = client.post(reverse("signup"), SIGNUP)

    assert response.status_code == 200 and b"Check your email" in response.content
    assert User.objects.filter(email="new.person@example.com").count() == 1
    assert "already have one" in mail.outbox[0].body


def test_sign_up_refuses_a_display_name_that_looks_like_police(client):
    response = client.post(reverse("signup"), {**SIGNUP, "display_name": "PC Smith"})

    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert b"police ranks or titles" in response.content
    assert not User.objects.exists()


def test_sign_up_refuses_a_weak_password_with_the_reason(client):
    response = client.post(reverse("signup"), {**SIGNUP, "password": "password"})

    assert response.status_code == 400
    assert b"too common" in response.content or b"too short" in response.content
    assert not User.objects.exists()


def test_sign_ups_from_one_address_are_limited_per_hour(client, settings):
    for n in range(settings.SIGNUP_RATE_PER_IP):
        client.post(reverse("signup"), {**SIGNUP, "email": f"p{n}@example.com"})

    response = client.post(reverse("signup"), {**SIGNUP, "email": "one.more@example.com"})

    assert response.status_code == 429
    assert b"Try again in" in response.content
    assert not User.objects.filter(email="one.more@example.com").exists()
    assert User.objects.count() == settings.SIGNUP_RATE_PER_IP


def test_the_verification_link_confirms_the_address(client):
    client.post(reverse("signup"), SIGNUP)

    response = client.get(link_in(mail.outbox[0]))

    assert response.status_code == 200 and b"Email address confirmed" in response.content
    assert User.objects.get().email_verified


def test_a_tampered_verification_link_confirms_nothing(client):
    client.post(reverse("signup"), SIGNUP)

    response = client.get(link_in(mail.outbox[0]).rstrip("/") + "x/")

    assert response.status_code == 400 and b"This link does not work" in response.content
    assert not User.objects.get().email_verified


def test_an_expired_verification_link_confirms_nothing(client, settings):
    user = UserFactory(unverified=True)
    token = signing.dumps({"u": user.pk, "e": user.email}, salt="engage.email-verification")
    settings.EMAIL_VERIFICATION_MAX_AGE = timedelta(seconds=-1)

    response = client.get(reverse("verify_email", kwargs={"token": token}))

    assert response.status_code == 400
    user.refresh_from_db()
    assert not user.email_verified


def test_sign_in_is_by_email_in_any_case(client):
    UserFactory(email="jane@example.com")

    response = client.post(
        reverse("login"), {"username": "JANE@example.com", "password": "correct horse battery"}
    )

    assert response.status_code == 302
    assert client.get(reverse("profile")).status_code == 200


def fail_login(client, email: str, times: int) -> None:
    for _ in range(times):
        client.post(reverse("login"), {"username": email, "password": "wrong password"})


def test_ten_failed_sign_ins_lock_the_account_before_the_password_is_hashed(client):
    UserFactory(email="jane@example.com")
    fail_login(client, "jane@example.com", 10)

    with mock.patch.object(MD5PasswordHasher, "verify", autospec=True) as verify:
        response = client.post(
            reverse("login"), {"username": "Jane@Example.com", "password": "correct horse battery"}
        )

    assert response.status_code == 429
    assert b"Too many failed sign-in attempts" in response.content
    verify.assert_not_called()
    assert "_auth_user_id" not in client.session


def test_nine_failed_sign_ins_still_let_the_right_password_in(client):
    UserFactory(email="jane@example.com")
    fail_login(client, "jane@example.com", 9)

    response = client.post(
        reverse("login"), {"username": "jane@example.com", "password": "correct horse battery"}
    )

    assert response.status_code == 302 and "_auth_user_id" in client.session


def test_a_lockout_is_per_account(client):
    UserFactory(email="jane@example.com")
    UserFactory(email="tom@example.com")
    fail_login(client, "jane@example.com", 10)

    response = client.post(
        reverse("login"), {"username": "tom@example.com", "password": "correct horse battery"}
    )

    assert response.status_code == 302


def test_a_lockout_ends_after_fifteen_minutes(client):
    from axes.models import AccessAttempt

    UserFactory(email="jane@example.com")
    fail_login(client, "jane@example.com", 10)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    response = client.post(
        reverse("login"), {"username": "jane@example.com", "password": "correct horse battery"}
    )

    assert response.status_code == 302


def test_a_password_reset_link_sets_a_new_password(client):
    user = UserFactory(email="jane@example.com")
    client.post(reverse("password_reset"), {"email": "jane@example.com"})
    confirm = client.get(link_in(mail.outbox[0]), follow=True)
    form_url = confirm.redirect_chain[-1][0]

    response = client.post(
        form_url,
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a brand new passphrase")


def test_a_password_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"}, follow=True)

    assert b"Check your email" in response.content
    assert mail.outbox == []


def test_a_resident_changes_display_name_and_email_preference(resident):
    client = signed_in(resident)

    response = client.post(
        reverse("profile"),
        {"display_name": "  Priya   K  ", "email_preference": EmailPreference.DAILY},
    )

    assert response.status_code == 302
    resident.refresh_from_db()
    assert resident.display_name == "Priya K"
    assert resident.email_preference == EmailPreference.DAILY


def test_the_profile_refuses_a_police_looking_name(resident):
    response = signed_in(resident).post(
        reverse("profile"),
        {"display_name": "Sgt Pepper", "email_preference": EmailPreference.DAILY},
    )

    assert response.status_code == 400
    resident.refresh_from_db()
    assert resident.display_name == "Priya"


def test_an_unverified_resident_can_ask_for_a_new_link_three_times_an_hour():
    user = UserFactory(unverified=True)
    client = signed_in(user)

    for _ in range(4):
        client.post(reverse("resend_verification"))

    assert len(mail.outbox) == 3


def test_the_profile_needs_sign_in(client):
    response = client.get(reverse("profile"))

    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_sign_out_is_a_post(resident):
    client = signed_in(resident)

    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_the_client_address_comes_from_x_real_ip_only_behind_our_proxy(rf, settings):
    from engage.ratelimit import client_ip

    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_REAL_IP="203.0.113.9")
    settings.BEHIND_PROXY = False
    assert client_ip(request) == "127.0.0.1"
    settings.BEHIND_PROXY = True
    assert client_ip(request) == "203.0.113.9"


def test_sign_up_limits_fail_open_when_redis_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }

    for n in range(settings.SIGNUP_RATE_PER_IP + 1):
        response = client.post(reverse("signup"), {**SIGNUP, "email": f"p{n}@example.com"})
        assert response.status_code == 200
    assert User.objects.count() == settings.SIGNUP_RATE_PER_IP + 1


def test_invalid_sign_ups_do_not_use_up_the_limit(client, settings):
    for _ in range(settings.SIGNUP_RATE_PER_IP + 2):
        client.post(reverse("signup"), {**SIGNUP, "display_name": "PC Smith"})

    response = client.post(reverse("signup"), SIGNUP)

    assert response.status_code == 200 and User.objects.count() == 1


def test_a_flood_of_resets_for_one_address_sends_three_emails_and_looks_the_same(client, settings):
    """21 reset emails reached one account in a minute (issue 16, item 6)."""
    settings.PASSWORD_RESETS_PER_IP = 100  # the per-address limit alone
    UserFactory(email="jane@example.com")
    pages = [
        client.post(reverse("password_reset"), {"email": "Jane@Example.com"}, follow=True)
        for _ in range(21)
    ]

    assert len(mail.outbox) == 3
    assert all(b"Check your email" in page.content and page.status_code == 200 for page in pages)


def test_one_client_asking_resets_for_many_addresses_is_refused_past_the_limit(client, settings):
    settings.PASSWORD_RESETS_PER_IP = 5
    codes = [
        client.post(reverse("password_reset"), {"email": f"n{n}@example.com"}).status_code
        for n in range(8)
    ]

    assert codes == [302] * 5 + [429] * 3
