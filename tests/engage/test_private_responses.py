"""Headers and keys that keep private things private (issue 16, items 8 and 11)."""

from __future__ import annotations

import stat

import pytest
from django.test import Client
from django.urls import reverse

import engage.settings as product_settings
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db


def test_signed_in_pages_are_private_and_never_stored(resident, neighbourhood):
    client = signed_in(resident)
    for url in [
        reverse("home"),
        neighbourhood.get_absolute_url(),
        reverse("profile"),
        reverse("concerns:notifications"),
    ]:
        response = client.get(url)
        assert response["Cache-Control"] == "private, no-store", url
        assert "Cookie" in response["Vary"]


def test_staff_pages_are_private_and_never_stored(moderator):
    response = signed_in(moderator, two_factor=True).get(reverse("moderation:queue"))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_account_pages_are_never_stored_even_before_sign_in():
    for url in [reverse("login"), reverse("password_reset"), reverse("signup")]:
        assert Client().get(url)["Cache-Control"] == "private, no-store", url


def test_a_public_page_for_the_public_is_not_marked_private(neighbourhood):
    response = Client().get(neighbourhood.get_absolute_url())
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_csp_lets_pages_connect_only_to_our_own_origin():
    policy = Client().get(reverse("home"))["Content-Security-Policy"]
    connect = next(part for part in policy.split(";") if part.strip().startswith("connect-src"))
    sources = connect.split()[1:]
    assert "wss:" not in sources and "ws:" not in sources
    assert all(source == "'self'" or source.startswith(("ws://", "wss://")) for source in sources)
    assert product_settings._socket_origin("https://engage.example") == "wss://engage.example"


def test_a_development_install_makes_its_own_random_secret_key_once(tmp_path, monkeypatch):
    keys = []
    for install in ("one", "two"):
        monkeypatch.setattr(product_settings, "VAR_DIR", tmp_path / install)
        first = product_settings._install_secret_key()
        keys.append(first)
        assert product_settings._install_secret_key() == first  # kept, not remade
        mode = stat.S_IMODE((tmp_path / install / "secret_key").stat().st_mode)
        assert mode == 0o600

    assert keys[0] != keys[1] and all(len(key) >= 64 for key in keys)
    assert not any(key.startswith("dev-only-key") for key in keys)
