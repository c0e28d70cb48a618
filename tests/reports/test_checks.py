"""The deploy checks on the records webhook (reports.checks)."""

from __future__ import annotations

import pytest
from django.core.checks import run_checks

LONG_SECRET = "s" * 32


def errors(settings, url: str, secret: str) -> set[str]:
    settings.RECORDS_WEBHOOK_URL = url
    settings.RECORDS_WEBHOOK_SECRET = secret
    return {m.id for m in run_checks(include_deployment_checks=True) if m.id.startswith("reports.")}


def test_an_https_webhook_with_a_long_secret_passes(settings):
    assert errors(settings, "https://records.example.police.uk/in", LONG_SECRET) == set()


def test_no_webhook_at_all_passes_whatever_the_secret(settings):
    assert errors(settings, "", "") == set()


def test_a_plain_http_webhook_is_an_error(settings):
    assert errors(settings, "http://records.example.police.uk/in", LONG_SECRET) == {"reports.E001"}


@pytest.mark.parametrize("host", ["127.0.0.1:8001", "localhost"])
def test_a_loopback_webhook_may_be_plain_http_for_the_demo_and_tests(settings, host):
    assert errors(settings, f"http://{host}/records", LONG_SECRET) == set()


@pytest.mark.parametrize("secret", ["", "short", "s" * 31])
def test_a_webhook_secret_under_32_characters_is_an_error(settings, secret):
    assert errors(settings, "https://records.example.police.uk/in", secret) == {"reports.E002"}


def test_the_checks_only_run_for_a_deploy(settings):
    settings.RECORDS_WEBHOOK_URL = "http://records.example.police.uk/in"
    settings.RECORDS_WEBHOOK_SECRET = ""

    assert not [m for m in run_checks() if m.id.startswith("reports.")]
