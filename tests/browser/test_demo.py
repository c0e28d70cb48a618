"""The demo as a newcomer meets it in Chromium: its mail on a page, a friendly 404 under DEBUG."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from django.test import override_settings

from tests.browser.conftest import sign_in
from tests.browser.helpers import assert_accessible
from tests.factories import NeighbourhoodFactory


@pytest.fixture
def demo_mailbox(tmp_path):
    with override_settings(
        DEMO_MAILBOX=True,
        DEMO_MAILBOX_DIR=str(tmp_path),
        EMAIL_BACKEND="engage.demo.mailbox.DemoMailboxBackend",
    ):
        yield tmp_path


def test_a_newcomer_signs_up_and_finds_the_link_in_the_demo_mailbox(
    page, new_page, demo_mailbox, staff_admin
):
    NeighbourhoodFactory()
    page.goto("/account/signup/")
    page.fill("#id_email", "kwame@example.com")
    page.fill("#id_display_name", "Kwame Mensah")
    page.fill("#id_password", "three random words here")
    page.locator("#id_password").press("Enter")
    page.wait_for_selector("h1:has-text('Check your email')")
    assert "demo mailbox" in page.locator("main").inner_text()

    staff = new_page()
    sign_in(staff, staff_admin, two_factor=True)
    staff.goto("/demo/mailbox/")
    mail = staff.locator(".app-mail").first
    assert "kwame@example.com" in mail.inner_text()
    assert_accessible(staff)

    link = urlparse(mail.locator("a[href*='/account/verify/']").get_attribute("href"))
    page.goto(link.path)  # the mail names SITE_URL; the test server has its own port
    assert "confirmed" in page.locator("h1").inner_text().lower()


def test_a_bad_address_under_debug_shows_the_friendly_page(page, db):
    with override_settings(DEBUG=True):
        page.goto("/no-such-page/")

        assert page.locator("h1").inner_text() == "Page not found"
        assert "URLconf" not in page.content()
        assert_accessible(page)
