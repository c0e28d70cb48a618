"""Concerns in Chromium: the whole conversation, every page through axe, hostile text inert."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core import mail

from concerns.models import Concern
from concerns.services import notifications
from tests.browser.conftest import sign_in
from tests.browser.helpers import assert_accessible, tab_to
from tests.factories import (
    AdviceFactory,
    CategoryFactory,
    ConcernFactory,
    ModeratorFactory,
    NeighbourhoodFactory,
    OfficerFactory,
    ReplyFactory,
    TOTPDeviceFactory,
    UserFactory,
)

CORPORA = Path(__file__).resolve().parents[1] / "corpora"


@pytest.fixture
def place(transactional_db):
    """Camden Town with its team's officer, a moderator and a resident, all set up."""
    camden = NeighbourhoodFactory(
        name="Camden Town", slug="camden-town", team__name="Camden Town Safer Neighbourhood Team"
    )
    CategoryFactory(name="Road safety", slug="road-safety")
    officer = OfficerFactory(team=camden.team, name_on_badge="Jane Smith").user
    TOTPDeviceFactory(user=officer)
    moderator = UserFactory(email="mod@example.com", is_staff=True, is_superuser=True)
    ModeratorFactory(user=moderator)
    TOTPDeviceFactory(user=moderator)
    resident = UserFactory(email="priya@example.com", display_name="Priya")
    return {"camden": camden, "officer": officer, "moderator": moderator, "resident": resident}


def test_a_resident_posts_a_moderator_approves_an_officer_replies_the_resident_sees_it(
    new_page, place
):
    resident_page = new_page()
    sign_in(resident_page, place["resident"])
    resident_page.goto("/neighbourhoods/camden-town/")
    resident_page.click("text=Raise a concern in Camden Town")
    assert_accessible(resident_page)
    resident_page.fill("#id_title", "Cars speeding outside the school")
    resident_page.fill("#id_body", "Every morning at **8:30**.")
    resident_page.check("text=Road safety")
    resident_page.click("button:has-text('Preview')")
    resident_page.wait_for_selector("h1:has-text('Check your concern')")
    assert "<strong>8:30</strong>" in resident_page.inner_html(".app-preview")
    assert_accessible(resident_page)
    resident_page.click("button:has-text('Send for checking')")
    resident_page.wait_for_selector("h1:has-text('Concern sent for checking')")
    assert_accessible(resident_page)
    concern = Concern.objects.get()

    moderator_page = new_page()
    sign_in(moderator_page, place["moderator"], two_factor=True)
    moderator_page.goto("/moderation/")
    moderator_page.click(f"text={concern.title}")
    moderator_page.check("#action-approve")
    moderator_page.click("[data-confirm-decision]")
    moderator_page.wait_for_selector(f"text=Decided: {concern.ref}.")

    officer_page = new_page()
    sign_in(officer_page, place["officer"], two_factor=True)
    officer_page.goto(f"/concerns/{concern.ref}/reply/")
    assert_accessible(officer_page)
    tab_to(officer_page, "#id_body")
    officer_page.keyboard.type("We will run speed checks this week.")
    officer_page.select_option("#id_move_to", "in_progress")
    officer_page.click("button:has-text('Publish reply')")
    officer_page.wait_for_selector(".govuk-notification-banner--success")

    resident_page.goto(concern.get_absolute_url())
    reply = resident_page.locator(".app-timeline__item--reply")
    assert "PC Jane Smith, Camden Town team" in reply.inner_text()
    assert "We will run speed checks this week." in reply.inner_text()
    assert "In progress" in resident_page.inner_text("h1 + p")
    assert_accessible(resident_page)
    assert notifications.send_pending_emails() >= 1
    assert any("replied to" in m.subject for m in mail.outbox)


def test_every_concern_page_passes_axe(page, place):
    concern = ConcernFactory(
        published=True,
        neighbourhood=place["camden"],
        author=place["resident"],
        outcome_html="<p>We did it.</p>",
    )
    ReplyFactory(concern=concern)
    AdviceFactory(categories=[concern.category])
    pages = [
        "/concerns/",
        "/concerns/search/?q=speeding",
        concern.get_absolute_url(),
        "/neighbourhoods/camden-town/",
        "/neighbourhoods/camden-town/?after=bad",
    ]
    for path in pages:
        page.goto(path)
        assert_accessible(page)
    sign_in(page, place["resident"])
    for path in [
        "/concerns/new/",
        "/me/concerns/",
        "/me/following/",
        "/me/notifications/",
        concern.get_absolute_url(),
    ]:
        page.goto(path)
        assert_accessible(page)
    page.goto("/concerns/new/")
    page.click("button:has-text('Preview')")  # empty: the error summary must be accessible
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
    sign_in(page, place["officer"], two_factor=True)
    for path in [
        "/staff/team/",
        f"/concerns/{concern.ref}/reply/",
        f"/concerns/{concern.ref}/outcome/",
        concern.get_absolute_url(),
    ]:
        page.goto(path)
        assert_accessible(page)


def test_support_and_follow_work_by_keyboard(page, place):
    concern = ConcernFactory(published=True, neighbourhood=place["camden"])
    sign_in(page, place["resident"])
    page.goto(concern.get_absolute_url())

    tab_to(page, "button:has-text('This affects me too')")
    page.keyboard.press("Enter")

    page.wait_for_selector(".govuk-notification-banner--success")
    concern.refresh_from_db()
    assert concern.supporters_count == 1
    assert "1 resident says this affects them too" in page.inner_text("main")


def wait_until_live(page) -> None:
    # A function with an argument, not a string: Playwright evaluates string predicates with
    # eval, which the Content-Security-Policy (rightly) forbids.
    status = page.locator(".app-live-status[data-live-stream]").element_handle()
    page.wait_for_function("el => el.dataset.liveState === 'open'", arg=status)


def hostile_strings(count: int) -> list[str]:
    lines = (
        (CORPORA / "xss" / "payloadbox" / "xss-payload-list.txt")
        .read_text(errors="replace")
        .splitlines()
    )
    usable = [line for line in lines if line.strip()]
    step = max(1, len(usable) // count)
    return usable[::step][:count]


def test_hundreds_of_xss_payloads_render_inert_in_chromium(page, place):
    """300 payloads in titles, bodies, tags, replies and display names: no dialog, no script."""
    from engage.text import render_markdown

    payloads = hostile_strings(300)
    chunks = [payloads[i : i + 10] for i in range(0, len(payloads), 10)]
    refs = []
    for chunk in chunks:
        author = UserFactory(display_name=chunk[0][:50])
        body = "\n\n".join(chunk)
        concern = ConcernFactory(
            published=True,
            neighbourhood=place["camden"],
            author=author,
            title=chunk[1][:120],
            body=body,
            body_html=render_markdown(body),
        )
        concern.tags.set([p[:30] for p in chunk[2:5] if p[:30].strip()])
        reply = "\n\n".join(reversed(chunk))
        ReplyFactory(
            concern=concern, body=reply, body_html=render_markdown(reply), badge=chunk[5][:150]
        )
        refs.append(concern)
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))

    for concern in refs:
        page.goto(concern.get_absolute_url())
    page.goto("/concerns/")
    page.goto("/neighbourhoods/camden-town/")

    assert dialogs == []
    assert page.evaluate("typeof window.xss === 'undefined'")


def test_posting_supporting_and_replying_work_without_javascript(browser, live_server_url, place):
    from tests.browser.conftest import open_page

    resident = open_page(browser, live_server_url, java_script_enabled=False)
    sign_in(resident, place["resident"])
    resident.goto("/concerns/new/?neighbourhood=camden-town")
    resident.fill("#id_title", "Bikes stolen from the station racks")
    resident.fill("#id_body", "Three this week.")
    resident.check("text=Road safety")
    resident.click("button:has-text('Preview')")
    resident.click("button:has-text('Send for checking')")
    assert resident.locator("h1").inner_text() == "Concern sent for checking"

    published = ConcernFactory(published=True, neighbourhood=place["camden"])
    resident.goto(published.get_absolute_url())
    resident.click("button:has-text('This affects me too')")
    assert "1 resident says this affects them too" in resident.inner_text("main")

    officer = open_page(browser, live_server_url, java_script_enabled=False)
    sign_in(officer, place["officer"], two_factor=True)
    officer.goto(f"/concerns/{published.ref}/reply/")
    officer.fill("#id_body", "Thanks, we are on it.")
    officer.click("button:has-text('Publish reply')")
    resident.reload()
    assert "Thanks, we are on it." in resident.inner_text("main")
    for page in (resident, officer):
        page.context.close()


def test_an_officer_reply_appears_on_the_residents_open_page_without_a_reload(new_page, place):
    from concerns import services

    concern = ConcernFactory(
        published=True, neighbourhood=place["camden"], author=place["resident"]
    )
    resident = new_page()
    sign_in(resident, place["resident"])
    resident.goto(concern.get_absolute_url())
    wait_until_live(resident)

    services.reply_to_concern(
        concern=concern,
        author=place["officer"],
        body="We have **arranged** speed checks.",
        move_to="in_progress",
    )

    resident.wait_for_selector(".app-timeline__item--reply:has-text('arranged')")
    assert "PC Jane Smith, Camden Town team" in resident.inner_text("#timeline")
    assert resident.inner_text("[data-live-status]") == "In progress"
    assert "new reply" in resident.inner_text("#live-announcer")
    resident.wait_for_selector("[data-unread-count='1']")  # the badge, from the personal stream
    assert_accessible(resident)


def test_a_new_concern_is_offered_on_an_open_neighbourhood_page(new_page, place):
    from concerns import services

    concern = ConcernFactory(neighbourhood=place["camden"], title="Noise from the car park")
    visitor = new_page()
    visitor.goto("/neighbourhoods/camden-town/")
    wait_until_live(visitor)

    services.transition_concern(concern, "published", actor=place["moderator"])

    visitor.wait_for_selector("#new-concerns:not([hidden])")
    assert "1 new concern" in visitor.inner_text("#new-concerns")
    assert_accessible(visitor)


def test_the_999_page_is_accessible_and_works_by_keyboard(page, place):
    sign_in(page, place["resident"])
    page.goto("/concerns/new/?neighbourhood=camden-town")
    page.fill("#id_title", "Fight outside the pub")
    page.fill("#id_body", "Two men are fighting with a knife right now.")
    page.check("text=Road safety")
    page.click("button:has-text('Preview')")
    page.click("button:has-text('Send for checking')")
    page.wait_for_selector("h1:has-text('call 999 now')")
    assert_accessible(page)

    tab_to(page, "button:has-text('send it to a moderator')")
    page.keyboard.press("Enter")

    page.wait_for_selector("h1:has-text('Concern sent for checking')")
    assert Concern.objects.get().lane == "urgent"
