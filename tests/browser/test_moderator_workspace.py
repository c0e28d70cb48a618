"""The moderator workspace in Chromium: list and item side by side on a wide screen, new items
shown on request, only the chosen action's fields, a diff between versions, usable on a phone,
and what the item page says about screening and claims."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from concerns import services as concern_services
from concerns.models import Category
from moderation import services
from moderation.models import Action, QueueItem
from moderation.services import Ruling, queue
from tests.browser.conftest import sign_in
from tests.browser.helpers import assert_accessible
from tests.factories import (
    CategoryFactory,
    ModeratorFactory,
    NeighbourhoodFactory,
    TOTPDeviceFactory,
    UserFactory,
)


@pytest.fixture
def desk(transactional_db, settings):
    settings.SUBMISSIONS_PER_HOUR = 50
    camden = NeighbourhoodFactory(name="Camden Town", slug="camden-town")
    resident = UserFactory(email="priya@example.com", display_name="Priya")
    moderator = UserFactory(email="mod@example.com", display_name="Sam")
    ModeratorFactory(user=moderator)
    TOTPDeviceFactory(user=moderator)
    category = Category.objects.first() or CategoryFactory()

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

    return {"moderator": moderator, "resident": resident, "post": post}


def item_of(concern) -> QueueItem:
    return QueueItem.objects.filter(concern=concern).order_by("-pk").first()


def test_list_and_item_sit_side_by_side_on_a_wide_screen(page, desk):
    first = desk["post"]("Cars racing at night", "Every night on the high street.")
    desk["post"]("Bins left out", "The bins are left out for days.")
    sign_in(page, desk["moderator"], two_factor=True)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(item_of(first).get_absolute_url())

    listed = page.locator(".app-workspace__list").bounding_box()
    shown = page.locator(".app-workspace__item").bounding_box()
    assert listed["x"] + listed["width"] <= shown["x"]  # beside it, not above it
    assert (
        page.locator(".app-queue-list [aria-current='page']").inner_text() == "Cars racing at night"
    )
    assert page.locator(".app-queue-list__item").count() == 2
    assert_accessible(page)


@pytest.mark.parametrize("width", [320, 375])
def test_the_queue_and_an_item_fit_a_phone(page, desk, width):
    concern = desk["post"](
        "A very long title about parking on the pavement outside the school",
        "Every morning the pavement is blocked by parked cars.",
    )
    sign_in(page, desk["moderator"], two_factor=True)
    page.set_viewport_size({"width": width, "height": 800})

    for path in ["/moderation/", "/moderation/log/", item_of(concern).get_absolute_url()]:
        page.goto(path)
        assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    assert page.locator("#action-approve").is_visible()


def test_new_items_wait_behind_a_show_new_control_then_slide_in(page, desk):
    desk["post"]("Cars racing at night", "Every night on the high street.")
    sign_in(page, desk["moderator"], two_factor=True)
    page.goto("/moderation/")
    page.wait_for_selector("[data-live-kind='moderation'][data-live-state='open']")
    assert page.locator("#queue-new").is_hidden()

    desk["post"]("Graffiti on the bridge", "Fresh tags on the canal bridge.")
    desk["post"]("Bins left out", "The bins are left out for days.")

    page.wait_for_selector("text=Show 2 new items")
    assert page.locator("[data-queue-item]").count() == 1
    page.click("text=Show 2 new items")
    page.wait_for_selector(".app-row--new")
    assert page.locator(".app-row--new").count() == 2
    assert page.locator("[data-queue-item]").count() == 3
    assert page.locator("#queue-new").is_hidden()
    assert_accessible(page)


def test_the_decision_form_shows_only_the_chosen_actions_fields(page, desk):
    concern = desk["post"]("It keeps happening", "Every night. Nobody does anything.")
    sign_in(page, desk["moderator"], two_factor=True)
    page.goto(item_of(concern).get_absolute_url())

    for field in ["#id_reject_reason", "#id_return_reason", "#id_diverted_to"]:
        assert page.locator(field).is_hidden()
    page.check("#action-reject")
    assert page.locator("#id_reject_reason").is_visible()
    assert page.locator("#id_return_reason").is_hidden()
    page.check("#action-return")
    assert page.locator("#id_return_reason").is_visible()
    assert page.locator("#id_reject_reason").is_hidden()
    assert_accessible(page)


def test_a_resubmitted_concern_shows_what_changed_since_it_was_returned(page, desk):
    concern = desk["post"]("Noise", "Loud music every night from the flat.")
    services.decide(
        item=item_of(concern),
        moderator=desk["moderator"],
        ruling=Ruling(
            action=Action.RETURN, version=item_of(concern).version, reason_code="unclear"
        ),
    )
    concern.refresh_from_db()
    concern_services.resubmit_concern(
        concern=concern,
        author=desk["resident"],
        title="Noise from the car park",
        body="Loud music every night from parked cars.",
        category=concern.category,
    )
    sign_in(page, desk["moderator"], two_factor=True)

    page.goto(item_of(concern).get_absolute_url())

    diff = page.locator(".app-diff")
    assert any("flat." in text for text in diff.locator("del").all_inner_texts())
    assert any("car park" in text for text in diff.locator("ins").all_inner_texts())
    assert_accessible(page)


def test_an_urgent_item_lists_each_reason_once_and_offers_only_personal_data_to_remove(page, desk):
    concern = desk["post"](
        "Break-in happening now", "Break-in happening now at number 4, call Dave on 07700 900123."
    )
    sign_in(page, desk["moderator"], two_factor=True)

    page.goto(item_of(concern).get_absolute_url())

    reasons = page.locator("dt:has-text('Screening') + dd").inner_text().split("; ")
    assert len(reasons) == len(set(reasons))
    offered = " ".join(page.locator("label[for^='remove-']").all_inner_texts())
    assert "Break-in" not in offered and "happening now" not in offered


def test_when_another_moderator_claims_the_item_the_page_says_so_once(page, desk):
    concern = desk["post"]("Bins left out", "The bins are left out for days.")
    item = item_of(concern)
    sign_in(page, desk["moderator"], two_factor=True)
    page.goto(item.get_absolute_url())
    page.wait_for_selector("[data-live-kind='moderation'][data-live-state='open']")
    other = UserFactory(email="alex@example.com", display_name="Alex")
    ModeratorFactory(user=other)

    queue.claim(item, moderator=other)

    page.wait_for_selector("#item-changed:not([hidden])")
    main = page.locator("main").inner_text()
    assert "Being reviewed by Alex" in main
    assert "Nobody is reviewing this" not in main


def test_the_dashboard_names_lanes_and_times_in_words(page, desk):
    desk["post"]("Bins left out", "The bins are left out for days.")
    QueueItem.objects.update(
        created_at=QueueItem.objects.first().created_at - timedelta(minutes=9, seconds=3)
    )
    sign_in(page, desk["moderator"], two_factor=True)

    page.goto("/moderation/dashboard/")

    text = page.locator("main").inner_text()
    assert "Waiting: Personal data" in text and "Personaldata" not in text
    assert "9 minutes" in text and "seconds (" not in text
