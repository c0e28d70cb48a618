"""Every foundation page in Chromium: 0 axe violations, main action by keyboard, no JS needed."""

from __future__ import annotations

import re
from base64 import b32decode

import pytest
from django.core import mail
from django_otp.oath import totp

from engage.models import User
from tests.browser.conftest import sign_in
from tests.browser.helpers import assert_accessible, tab_to
from tests.factories import (
    NeighbourhoodFactory,
    OfficerFactory,
    PostcodeAreaFactory,
    TeamPriorityFactory,
    TOTPDeviceFactory,
    UserFactory,
)


@pytest.fixture
def camden(transactional_db):
    place = NeighbourhoodFactory(
        name="Camden Town",
        slug="camden-town",
        ward_code="E05013655",
        team__name="Camden Town Safer Neighbourhood Team",
    )
    PostcodeAreaFactory(code="NW1 7", neighbourhood=place)
    TeamPriorityFactory(team=place.team, title="Drug dealing near the station")
    return place


def test_home_search_by_postcode_with_the_keyboard(page, camden):
    page.goto("/")
    assert_accessible(page)

    tab_to(page, "#id_q")
    page.keyboard.type("NW1 7AB")
    page.keyboard.press("Enter")

    page.wait_for_url("**/neighbourhoods/camden-town/")
    assert page.locator("h1").inner_text() == "Camden Town"
    assert_accessible(page)


def test_the_neighbourhood_page_goes_live_over_a_websocket(page, camden):
    page.goto("/neighbourhoods/camden-town/")

    status = page.locator("[data-live-stream]")
    page.wait_for_function("el => el.dataset.liveState === 'open'", arg=status.element_handle())
    assert "Live updates are on" in status.inner_text()
    assert page.locator("#live-announcer").get_attribute("aria-live") == "polite"
    assert_accessible(page)


def test_the_skip_link_is_the_first_stop_and_moves_focus_to_the_content(page, camden):
    page.goto("/neighbourhoods/camden-town/")

    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Enter")

    assert page.evaluate("location.hash") == "#main-content"


@pytest.mark.parametrize(
    "path",
    [
        "/neighbourhoods/",
        "/neighbourhoods/?q=Camden",
        "/neighbourhoods/?q=",
        "/neighbourhoods/?q=Atlantis",
        "/accessibility/",
        "/privacy/",
        "/no-such-page/",
        "/account/login/",
        "/account/signup/",
        "/account/password-reset/",
        "/account/password-reset/sent/",
        "/account/verify/not-a-token/",
        "/_test/500/",
    ],
)
def test_public_pages_have_no_accessibility_violations(page, camden, path):
    page.goto(path)

    assert_accessible(page)


def test_browse_neighbourhoods_with_the_keyboard(page, camden):
    page.goto("/neighbourhoods/")

    tab_to(page, "main a[href='/neighbourhoods/camden-town/']")
    page.keyboard.press("Enter")

    page.wait_for_url("**/neighbourhoods/camden-town/")


def test_sign_up_and_confirm_the_address_with_the_keyboard(page, camden):
    page.goto("/account/signup/")

    tab_to(page, "#id_email")
    page.keyboard.type("new.resident@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type("PC Plod")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.type("three random words here")
    page.keyboard.press("Enter")

    page.wait_for_selector(".govuk-error-summary")
    assert "police ranks or titles" in page.locator(".govuk-error-summary").inner_text()
    assert_accessible(page)

    page.fill("#id_display_name", "Kwame Mensah")
    page.fill("#id_password", "three random words here")
    page.locator("#id_password").press("Enter")
    page.wait_for_selector("h1:has-text('Check your email')")
    assert_accessible(page)

    link = re.search(r"https?://\S+", mail.outbox[-1].body).group(0)
    page.goto(link.split("/account/", 1)[1].join(["/account/", ""]))
    assert page.locator("h1").inner_text() == "Email address confirmed"
    assert User.objects.get(email="new.resident@example.com").email_verified
    assert_accessible(page)


def test_sign_in_with_the_keyboard_and_edit_the_profile(page, camden):
    UserFactory(email="jane@example.com", display_name="Jane")
    page.goto("/account/login/")

    tab_to(page, "#id_username")
    page.keyboard.type("jane@example.com")
    page.keyboard.press("Tab")
    page.keyboard.type("correct horse battery")
    page.keyboard.press("Enter")
    page.wait_for_url("**/account/profile/")
    assert_accessible(page)

    tab_to(page, "#id_display_name")
    page.keyboard.press("Control+A")
    page.keyboard.type("Jane from Camden")
    tab_to(page, "button:has-text('Save changes')")
    page.keyboard.press("Enter")

    page.wait_for_selector(".govuk-notification-banner--success")
    assert User.objects.get(email="jane@example.com").display_name == "Jane from Camden"
    assert_accessible(page)


def test_a_wrong_password_shows_an_accessible_error(page, camden):
    page.goto("/account/login/")
    page.fill("#id_username", "nobody@example.com")
    page.fill("#id_password", "wrong")
    page.locator("#id_password").press("Enter")

    page.wait_for_selector(".govuk-error-summary")
    assert "Enter a correct email address and password" in page.inner_text("main")
    assert_accessible(page)


def test_an_officer_sets_up_two_factor_and_reaches_the_staff_page(page, camden):
    officer = OfficerFactory(team=camden.team, name_on_badge="Jane Smith")
    sign_in(page, officer.user)
    page.goto("/staff/")

    page.wait_for_url("**/account/two-factor/setup/**")
    assert page.locator(".app-qr svg").is_visible()
    assert_accessible(page)
    assert not officer.user.totpdevice_set.exists()  # nothing is saved until a code confirms
    key = b32decode(page.inner_text(".app-secret").strip())  # what the person types in an app
    tab_to(page, "#id_token")
    page.keyboard.type(f"{totp(key):06d}")
    page.keyboard.press("Enter")

    # The recovery codes, shown this once, then on to where the officer was going.
    page.wait_for_selector("h1:has-text('Save your recovery codes')")
    assert page.locator(".app-recovery-codes code").count() == 10
    assert_accessible(page)
    tab_to(page, "a.govuk-button")
    page.keyboard.press("Enter")
    page.wait_for_url("**/staff/")
    assert "PC Jane Smith, Camden Town team" in page.inner_text("main")
    assert_accessible(page)


def test_an_officer_without_their_phone_signs_in_with_a_recovery_code(page, camden):
    from engage import services

    officer = OfficerFactory(team=camden.team)
    TOTPDeviceFactory(user=officer.user)
    code = services.issue_recovery_codes(user=officer.user)[0]
    sign_in(page, officer.user)
    page.goto("/staff/")
    page.wait_for_url("**/account/two-factor/**")

    tab_to(page, "#id_token")
    page.keyboard.type(code)
    page.keyboard.press("Enter")

    page.wait_for_url("**/staff/")
    assert "You have 9 left" in page.inner_text("main")
    assert_accessible(page)


def test_an_officer_enters_a_code_on_a_new_session(page, camden):
    officer = OfficerFactory(team=camden.team)
    device = TOTPDeviceFactory(user=officer.user)
    sign_in(page, officer.user)
    page.goto("/staff/")
    page.wait_for_url("**/account/two-factor/**")
    assert_accessible(page)

    tab_to(page, "#id_token")
    page.keyboard.type(f"{totp(device.bin_key):06d}")
    page.keyboard.press("Enter")

    page.wait_for_url("**/staff/")


def test_a_resident_sees_an_accessible_403_at_the_staff_page(page, camden):
    sign_in(page, UserFactory())

    response = page.goto("/staff/")

    assert response.status == 403
    assert_accessible(page)


def test_a_locked_account_sees_an_accessible_explanation(page, camden):
    UserFactory(email="jane@example.com")
    for _ in range(10):
        page.goto("/account/login/")
        page.fill("#id_username", "jane@example.com")
        page.fill("#id_password", "wrong")
        page.locator("#id_password").press("Enter")
        page.wait_for_load_state()

    assert "Too many failed sign-in attempts" in page.inner_text("main")
    assert_accessible(page)


def test_the_password_reset_journey_is_accessible(page, camden):
    UserFactory(email="jane@example.com")
    page.goto("/account/password-reset/")
    tab_to(page, "#id_email")
    page.keyboard.type("jane@example.com")
    page.keyboard.press("Enter")
    page.wait_for_url("**/password-reset/sent/")

    path = re.search(r"https?://[^/]+(/\S+)", mail.outbox[-1].body).group(1)
    page.goto(path)
    assert_accessible(page)
    page.fill("#id_new_password1", "a brand new passphrase")
    page.fill("#id_new_password2", "a brand new passphrase")
    page.locator("#id_new_password2").press("Enter")

    page.wait_for_url("**/password-reset/done/")
    assert_accessible(page)


def test_search_and_sign_up_work_without_javascript(no_js_page, camden):
    page = no_js_page
    page.goto("/")
    page.fill("#id_q", "camden")
    page.click("button:has-text('Find your neighbourhood')")
    page.click("a:has-text('Camden Town')")
    assert page.locator("h1").inner_text() == "Camden Town"
    assert "Drug dealing near the station" in page.inner_text("main")

    page.goto("/account/signup/")
    page.fill("#id_email", "nojs@example.com")
    page.fill("#id_display_name", "No Script")
    page.fill("#id_password", "three random words here")
    page.click("button:has-text('Create account')")

    assert page.locator("h1").inner_text() == "Check your email"
    assert User.objects.filter(email="nojs@example.com").exists()


def test_the_sign_up_limit_page_is_accessible(page, camden, settings):
    settings.SIGNUP_RATE_PER_IP = 0
    page.goto("/account/signup/")
    page.fill("#id_email", "late@example.com")
    page.fill("#id_display_name", "Late Comer")
    page.fill("#id_password", "three random words here")
    page.click("button:has-text('Create account')")

    page.wait_for_selector("h1:has-text('Too many new accounts')")
    assert not User.objects.filter(email="late@example.com").exists()
    assert_accessible(page)
