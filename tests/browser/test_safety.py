"""The danger questions in Chromium: by keyboard alone, without JavaScript, axe-clean."""

from __future__ import annotations

from concerns.models import Concern
from tests.browser.conftest import sign_in
from tests.browser.helpers import assert_accessible, tab_to
from tests.factories import CategoryFactory, NeighbourhoodFactory, UserFactory


def setup_place():
    NeighbourhoodFactory(
        name="Camden Town", slug="camden-town", team__name="Camden Town Safer Neighbourhood Team"
    )
    CategoryFactory(name="Road safety", slug="road-safety")
    return UserFactory(email="priya@example.com", display_name="Priya")


def choose(page, label: str) -> None:
    """Tab into the radio group (its first choice, Yes), pick Yes with the space bar or move
    to No with an arrow key as a keyboard user does, then Continue with Enter."""
    tab_to(page, "input[type=radio]")
    page.keyboard.press("Space" if label == "Yes" else "ArrowRight")
    tab_to(page, "button:has-text('Continue')")
    with page.expect_navigation():
        page.keyboard.press("Enter")


def heading(page) -> str:
    return page.locator("h1").inner_text()


def test_yes_to_danger_reaches_the_999_page_by_keyboard(page):
    sign_in(page, setup_place(), danger_answered=False)
    page.goto("/concerns/new/?neighbourhood=camden-town")
    page.wait_for_selector("h1:has-text('Is anyone in danger')")
    assert_accessible(page)

    choose(page, "Yes")

    page.wait_for_selector("h1:has-text('Call 999 now')")
    assert page.get_attribute("a:has-text('Call 999')", "href") == "tel:999"
    assert_accessible(page)


def test_the_safeguarding_help_page_is_reached_by_keyboard_and_accessible(page):
    sign_in(page, setup_place(), danger_answered=False)
    page.goto("/concerns/new/")
    choose(page, "No")
    page.wait_for_selector("h1:has-text('Is a child or a vulnerable adult at risk')")
    assert_accessible(page)
    choose(page, "Yes")
    page.wait_for_selector("h1:has-text('Help for a child or vulnerable adult at risk')")
    assert_accessible(page)


def test_a_child_at_risk_without_javascript_goes_privately_by_keyboard(
    browser, live_server_url, transactional_db
):
    # With scripts off, Playwright's waiting and axe (both page scripts) cannot run: each step
    # waits for its navigation and reads the heading; the test above checks these pages with axe.
    context = browser.new_context(base_url=live_server_url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.live_server_url = live_server_url
    try:
        sign_in(page, setup_place(), danger_answered=False)
        page.goto("/concerns/new/")
        choose(page, "No")
        assert heading(page) == "Is a child or a vulnerable adult at risk of harm?"
        choose(page, "Yes")
        assert "Help for a child or vulnerable adult at risk" in heading(page)
        tab_to(page, "button:has-text('Tell us privately')")
        with page.expect_navigation():
            page.keyboard.press("Enter")

        assert "never published" in page.inner_text("main")
        page.fill("#id_neighbourhood", "Camden Town")
        page.fill("#id_title", "Worried about the children next door")
        page.fill("#id_body", "They are on their own a lot and look hungry.")
        page.check("text=Road safety")
        page.click("button:has-text('Preview')")
        page.click("button:has-text('Send for checking')")
        assert page.url.endswith("/submitted/")
        assert Concern.objects.get().lane == "safeguarding"
    finally:
        context.close()


def test_no_and_no_open_the_form_with_nothing_else_in_the_way(page):
    sign_in(page, setup_place(), danger_answered=False)
    page.goto("/concerns/new/?neighbourhood=camden-town")
    choose(page, "No")
    page.wait_for_selector("h1:has-text('Is a child or a vulnerable adult at risk')")
    choose(page, "No")

    page.wait_for_selector("h1:has-text('Raise a concern')")
    assert "neighbourhood=camden-town" in page.url
    assert_accessible(page)
