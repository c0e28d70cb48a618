"""The moderation queue in Chromium: keyboard only, live marks, and axe on every page."""

from __future__ import annotations

import uuid

import pytest

from concerns import services as concern_services
from concerns.models import Category, Concern
from concerns.states import ConcernStatus as S
from moderation.models import QueueItem
from tests.browser.conftest import sign_in
from tests.browser.helpers import assert_accessible, tab_to
from tests.factories import (
    CategoryFactory,
    ModeratorFactory,
    NeighbourhoodFactory,
    TOTPDeviceFactory,
    UserFactory,
)

PHONE = "07700 900123"


@pytest.fixture
def queue_of_three(transactional_db, settings):
    """An emergency, a post with a phone number and an unclear one, from one resident."""
    settings.SUBMISSIONS_PER_HOUR = 50
    camden = NeighbourhoodFactory(name="Camden Town", slug="camden-town")
    resident = UserFactory(email="priya@example.com", display_name="Priya")
    moderator = UserFactory(email="mod@example.com", display_name="Sam")
    ModeratorFactory(user=moderator)
    TOTPDeviceFactory(user=moderator)
    category = Category.objects.first() or CategoryFactory()  # flushed between browser tests

    def post(title, body):
        return concern_services.submit_concern(
            author=resident,
            title=title,
            body=body,
            category=category,
            neighbourhood=camden,
            submission_key=uuid.uuid4(),
            acknowledged_emergency=True,  # as after the 999 page: urgent posts reach the queue
        )

    return {
        "moderator": moderator,
        "resident": resident,
        "emergency": post("Fight outside the station", "A man has a knife outside now."),
        "phone": post("Dealing by the bins", f"He hands out his number {PHONE} to kids."),
        "unclear": post("It keeps happening", "Every night. Nobody does anything."),
    }


def confirm(page) -> None:
    tab_to(page, "[data-confirm-decision]", limit=20)
    page.keyboard.press("Enter")
    page.wait_for_load_state()


def test_a_moderator_works_three_items_with_the_keyboard_alone(page, queue_of_three):
    sign_in(page, queue_of_three["moderator"], two_factor=True)
    page.goto("/moderation/")
    assert_accessible(page)
    assert page.inner_text("[data-lane-count='urgent']") == "1"

    tab_to(page, "[data-queue-link]", limit=80)  # the first item: the urgent lane comes first
    page.keyboard.press("Enter")
    page.wait_for_selector("h1:has-text('Fight outside the station')")
    assert_accessible(page)
    tab_to(page, "#action-approve", limit=80)
    for _ in range(4):  # approve, redact, return, reject, divert: arrows choose in a group
        page.keyboard.press("ArrowDown")
    assert page.is_checked("#action-divert")
    tab_to(page, "#id_diverted_to", limit=10)
    page.keyboard.press("ArrowDown")  # "Emergency: call 999"
    confirm(page)

    page.wait_for_selector("h1:has-text('Dealing by the bins')")
    assert page.inner_text("mark[data-span]") == PHONE
    page.keyboard.press("e")  # the shortcut: straight to the first thing to remove
    assert page.evaluate("document.activeElement.dataset.remove || ''") != ""
    tab_to(page, "#action-approve", limit=40)
    page.keyboard.press("ArrowDown")
    assert page.is_checked("#action-redact")
    confirm(page)

    page.wait_for_selector("h1:has-text('It keeps happening')")
    tab_to(page, "#action-approve", limit=80)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    assert page.is_checked("#action-return")
    tab_to(page, "#id_return_reason", limit=10)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")  # "We could not tell what the concern is about..."
    confirm(page)
    page.wait_for_selector("h1:has-text('Moderation queue')")
    assert_accessible(page)

    by_title = {c.title: c for c in Concern.objects.all()}
    assert by_title["Fight outside the station"].status == S.DIVERTED
    assert by_title["Fight outside the station"].diverted_to == "999"
    assert by_title["Dealing by the bins"].status == S.PUBLISHED
    assert PHONE not in by_title["Dealing by the bins"].body
    assert by_title["It keeps happening"].status == S.RETURNED
    assert not QueueItem.objects.pending().exists()


def test_the_queue_marks_an_item_another_moderator_claims_without_a_reload(
    new_page, queue_of_three
):
    from moderation.services import queue

    watcher = new_page()
    sign_in(watcher, queue_of_three["moderator"], two_factor=True)
    watcher.goto("/moderation/")
    watcher.wait_for_selector("[data-live-kind='moderation'][data-live-state='open']")
    other = UserFactory(email="alex@example.com", display_name="Alex")
    ModeratorFactory(user=other)
    item = QueueItem.objects.get(concern=queue_of_three["phone"])

    queue.claim(item, moderator=other)

    watcher.wait_for_function(
        "(id) => document.querySelector(`[data-queue-item='${id}'] [data-claim-status]`)"
        ".textContent.includes('Being reviewed by Alex')",
        arg=item.pk,
    )


def test_every_moderation_page_passes_axe(page, queue_of_three):
    sign_in(page, queue_of_three["moderator"], two_factor=True)
    item = QueueItem.objects.get(concern=queue_of_three["unclear"])
    page.goto(item.get_absolute_url())
    page.check("#action-reject")
    page.click("[data-confirm-decision]")  # no reason: the error comes back accessibly
    page.wait_for_selector("text=Choose a reason")
    assert_accessible(page)
    for path in ["/moderation/dashboard/", "/moderation/log/", "/moderation/?lane=urgent"]:
        page.goto(path)
        assert_accessible(page)

    published = queue_of_three["phone"]
    Concern.objects.filter(pk=published.pk).update(status=S.PUBLISHED)
    sign_in(page, UserFactory(email="tom@example.com"))
    page.goto(f"/concerns/{published.ref}/report/")
    assert_accessible(page)
    page.click("button:has-text('Send the report')")  # nothing chosen
    page.wait_for_selector(".govuk-error-summary")
    assert_accessible(page)
