"""What a newcomer needs beside `make run`: the demo commands from a second shell, a friendly
404 under DEBUG, the demo's mail on a page, and a safeguarding referral address by default."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.mail import send_mail
from django.test import override_settings

from tests.conftest import signed_in

ROOT = Path(__file__).resolve().parents[2]


def _plain_shell() -> dict[str, str]:
    """A second shell's environment: none of what `make run` or the test settings set."""
    return {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }


def test_seed_demo_logins_only_works_outside_make_run():
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--logins-only"],
        cwd=ROOT,
        env=_plain_shell(),
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert "moderator@engage.example" in result.stdout
    assert "/demo/mailbox/" in result.stdout


def test_demo_code_outside_make_run_asks_for_the_demo_database_not_a_secret_key(tmp_path):
    env = {**_plain_shell(), "DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}"}
    result = subprocess.run(
        [sys.executable, "manage.py", "demo_code", "admin@engage.example"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 1
    assert "SECRET_KEY" not in result.stderr
    assert "run `make run` first" in result.stderr


def test_demo_commands_keep_production_settings_when_a_secret_key_is_set():
    env = {**_plain_shell(), "SECRET_KEY": "p" * 50}
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--logins-only"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert "/demo/mailbox/" not in result.stdout  # DEBUG stayed off: no demo mailbox


@pytest.mark.parametrize("path", ["/no-such-page/", "/neighbourhoods/atlantis/"])
def test_a_missing_page_under_debug_is_the_friendly_page_not_the_url_list(client, db, path):
    with override_settings(DEBUG=True):
        response = client.get(path)

    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"URLconf" not in response.content and b"DEBUG = True" not in response.content


def test_a_missing_slash_still_redirects_under_debug(client, db):
    with override_settings(DEBUG=True):
        response = client.get("/neighbourhoods")

    assert response.status_code == 301 and response["Location"] == "/neighbourhoods/"


@pytest.fixture
def demo_mailbox(tmp_path):
    with override_settings(
        DEMO_MAILBOX=True,
        DEMO_MAILBOX_DIR=str(tmp_path),
        EMAIL_BACKEND="engage.demo.mailbox.DemoMailboxBackend",
    ):
        yield tmp_path


def test_the_demo_mailbox_shows_staff_the_mail_the_demo_sent(demo_mailbox, staff_admin):
    send_mail(
        "Confirm your email address",
        "Open http://127.0.0.1:8000/account/verify/abc/",
        None,
        ["new@example.org"],
    )

    response = signed_in(staff_admin, two_factor=True).get("/demo/mailbox/")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Confirm your email address" in page and "new@example.org" in page
    assert 'href="http://127.0.0.1:8000/account/verify/abc/"' in page


def test_the_demo_mailbox_is_for_staff_only(demo_mailbox, resident):
    assert signed_in(resident).get("/demo/mailbox/").status_code == 403


def test_there_is_no_mailbox_outside_the_demo(staff_admin):
    with override_settings(DEMO_MAILBOX=False):
        response = signed_in(staff_admin, two_factor=True).get("/demo/mailbox/")

    assert response.status_code == 404


def test_the_readme_documents_the_safeguarding_referral_address():
    readme = (ROOT / "README.md").read_text()

    assert "`SAFEGUARDING_REFERRAL_EMAIL`" in readme


def test_the_demo_refers_safeguarding_posts_to_a_demo_address_by_default():
    env = {**_plain_shell(), "DEBUG": "true"}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='engage.settings';"
        "from django.conf import settings;"
        "print(settings.DIVERSION_REFERRAL_EMAILS['safeguarding'], settings.EMAIL_BACKEND)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True
    )

    assert result.stdout.split() == [
        "safeguarding@engage.example",
        "engage.demo.mailbox.DemoMailboxBackend",
    ], result.stderr
