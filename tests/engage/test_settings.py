"""Production settings: check --deploy is clean, and unsafe combinations are refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": "p7Hq2xVn9LwK4sZr8TbY6mJc3FgD5aNe1uWiRoQ0lEkXyCvB2hPjM-_=+!zUt",
    "ALLOWED_HOSTS": "engage.example.police.uk",
    "DATABASE_URL": "postgres://engage@127.0.0.1:5432/engage",
    "EMAIL_URL": "smtp+tls://engage:secret@smtp.example.police.uk:587",
    "SITE_URL": "https://engage.example.police.uk",
    "BEHIND_PROXY": "true",
    "SAFEGUARDING_REFERRAL_EMAIL": "mash@met.police.example",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "DJANGO_SETTINGS_MODULE": "engage.settings",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; production never does.
    unset = {*PRODUCTION, "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in unset}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        text=True,
        capture_output=True,
        env={**clean, **env},
        timeout=120,
    )


def test_check_deploy_reports_no_issues_with_a_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION, "SECRET_KEY": ""}

    result = manage("check", env=env)

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_check_deploy_does_complain_about_a_debug_production():
    """Guards the test above: the deploy checks really run in that subprocess."""
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env={**PRODUCTION, "DEBUG": "true"}
    )

    assert result.returncode != 0 and "security.W018" in result.stderr + result.stdout


def test_no_migrations_are_missing():
    result = manage("makemigrations", "--check", "--dry-run", env={**PRODUCTION, "DEBUG": "true"})

    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    ("override", "check_id"),
    [
        ({"DATABASE_URL": "sqlite:////tmp/engage.sqlite3"}, "engage.W001"),
        ({"EMAIL_URL": "consolemail://"}, "engage.W002"),
        ({"SITE_URL": "http://127.0.0.1:8000"}, "engage.W003"),
        ({"BEHIND_PROXY": "false"}, "engage.W004"),
        ({"SAFEGUARDING_REFERRAL_EMAIL": ""}, "engage.W005"),
    ],
)
def test_check_deploy_warns_about_laptop_defaults_left_in_production(override, check_id):
    result = manage("check", "--deploy", env={**PRODUCTION, **override})

    assert check_id in result.stdout + result.stderr
