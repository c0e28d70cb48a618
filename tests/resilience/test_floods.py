"""Rows 5 and 13 of the resilience plan, for sign-in and password reset: 200 wrong passwords
against one account from one address and from 50 (X-Real-IP behind our proxy); reset floods for
one address and from one client. Pass: locked after <= 10 failures, 429, 0 password hashes after
the lockout; <= 3 reset emails an hour to an address, a client refused past its limit."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("addresses", [1, 50])
def test_two_hundred_wrong_passwords_lock_the_account_at_ten_and_hash_nothing_after(
    addresses, settings
):
    settings.BEHIND_PROXY = True
    UserFactory(email="jane@example.com")
    client = Client()
    codes = []
    with mock.patch.object(
        MD5PasswordHasher, "verify", autospec=True, side_effect=lambda *args: False
    ) as verify:
        for n in range(200):
            response = client.post(
                reverse("login"),
                {"username": "jane@example.com", "password": f"guess {n}"},
                HTTP_X_REAL_IP=f"203.0.113.{n % addresses + 1}",
            )
            codes.append(response.status_code)
            if n == 9:
                hashed_before_lockout = verify.call_count
        hashed = verify.call_count

    first_refusal = codes.index(429)
    print(
        f"\nlogin flood from {addresses} address(es): first 429 at attempt "
        f"{first_refusal + 1}, hashes {hashed}, 429s {codes.count(429)}"
    )
    assert first_refusal <= 10
    assert codes[first_refusal:] == [429] * (200 - first_refusal)
    assert hashed == hashed_before_lockout <= 10  # 0 hashes after the lockout


def test_a_reset_flood_for_one_address_from_fifty_clients_sends_three_emails(settings):
    settings.BEHIND_PROXY = True
    UserFactory(email="jane@example.com")
    client = Client()
    codes = [
        client.post(
            reverse("password_reset"),
            {"email": "jane@example.com"},
            HTTP_X_REAL_IP=f"198.51.100.{n % 50 + 1}",
        ).status_code
        for n in range(100)
    ]

    print(f"\nreset flood, one address: {len(mail.outbox)} emails for 100 requests")
    assert len(mail.outbox) == settings.PASSWORD_RESETS_PER_ADDRESS == 3
    assert set(codes) == {302}  # the same answer every time: nothing to enumerate


def test_a_reset_flood_from_one_client_is_refused_past_its_limit(settings):
    codes = [
        Client().post(reverse("password_reset"), {"email": f"n{n}@example.com"}).status_code
        for n in range(100)
    ]

    print(f"\nreset flood, one client: {codes.count(302)} accepted, {codes.count(429)} refused")
    assert codes.count(302) == settings.PASSWORD_RESETS_PER_IP
    assert codes.count(429) == 100 - settings.PASSWORD_RESETS_PER_IP
