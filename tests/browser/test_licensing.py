"""The licensing pages in a real browser: the queue and a review page (with a form error)
pass axe (WCAG 2.2 AA), do not scroll sideways at 320 px, and a decision works with
JavaScript switched off."""

from __future__ import annotations

import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.utils import timezone

from casework.models import Case
from casework.states import CaseStatus
from tests.browser.conftest import sign_in
from tests.browser.helpers import assert_accessible

types = importlib.import_module("permits.migrations.0002_four_real_types")


@pytest.fixture(autouse=True)
def seeded_types(transactional_db):
    """The four types are migration data, which an earlier transactional test's flush took."""
    types.add_types(apps, None)


def no_sideways_scroll(page) -> None:
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.set_viewport_size({"width": 1280, "height": 800})


def test_the_licensing_pages_pass_axe_fit_320px_and_work_without_javascript(
    page, no_js_page, live_server_url, application_by, licensing_officer
):
    case = application_by(triage_due_at=timezone.now() - timedelta(days=1))
    application_by(status=CaseStatus.MORE_INFO, paused_at=timezone.now())
    sign_in(page, licensing_officer, two_factor=True)
    for path in [
        "/licensing/",
        "/licensing/?lane=waiting",
        "/staff/",
        f"/licensing/{case.reference}/",
    ]:
        page.goto(path)
        assert_accessible(page)
        no_sideways_scroll(page)
    page.click("#action-refuse button[type=submit]")  # no reason: the error comes back
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    no_sideways_scroll(page)

    no_js_page.live_server_url = live_server_url
    sign_in(no_js_page, licensing_officer, two_factor=True)
    no_js_page.goto(f"{live_server_url}/licensing/{case.reference}/")
    no_js_page.click("#action-grant button[type=submit]")
    no_js_page.wait_for_selector("text=Granted. The applicant has been told")
    assert Case.objects.get(pk=case.pk).status == CaseStatus.GRANTED
