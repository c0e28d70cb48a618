"""The urgent alert in Chromium: an urgent post arriving while a moderator has the queue open
raises the red banner live (an alert region), flashes the title, and the optional sound is
switched on by keyboard; the dashboard lists escalations; all axe-clean."""

from __future__ import annotations

import uuid
from datetime import timedelta

from django.utils import timezone

from concerns import services as concern_services
from concerns.models import Category
from moderation.models import QueueItem
from moderation.services import escalation
from tests.browser.conftest import sign_in
from tests.browser.helpers import assert_accessible, tab_to
from tests.factories import (
    CategoryFactory,
    ModeratorFactory,
    NeighbourhoodFactory,
    TOTPDeviceFactory,
    UserFactory,
)


def people():
    camden = NeighbourhoodFactory(name="Camden Town", slug="camden-town")
    moderator = UserFactory(email="mod@example.com", display_name="Sam")
    ModeratorFactory(user=moderator)
    TOTPDeviceFactory(user=moderator)
    resident = UserFactory(email="priya@example.com", display_name="Priya")
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

    return moderator, post


def test_an_urgent_post_raises_the_alert_live_and_the_sound_is_a_keyboard_choice(page):
    moderator, post = people()
    post("Bins", "The bins were left out again.")
    sign_in(page, moderator, two_factor=True)
    page.goto("/moderation/")
    page.wait_for_selector("[data-live-kind='moderation'][data-live-state='open']")
    assert page.locator("[data-urgent-alert]").is_hidden()

    post("Man with a knife", "A man is waving a knife outside the station right now.")

    banner = page.wait_for_selector("[data-urgent-alert]:not([hidden])")
    assert banner.get_attribute("role") == "alert"
    assert "1 urgent item is waiting" in banner.inner_text()
    page.wait_for_function("() => document.title.startsWith('(!) Urgent item')")
    assert_accessible(page)

    tab_to(page, "#urgent-sound", limit=60)
    page.keyboard.press("Space")
    assert page.evaluate("() => localStorage.getItem('engage.urgentSound')") == "on"
    page.reload()
    assert page.is_checked("#urgent-sound")  # remembered on this device


def test_the_dashboard_lists_an_escalated_item_accessibly(page, settings):
    settings.URGENT_WEBHOOK_URL = ""
    moderator, post = people()
    concern = post("Man with a knife", "A man is waving a knife outside the station right now.")
    QueueItem.objects.filter(concern=concern).update(
        created_at=timezone.now() - timedelta(minutes=7)
    )
    escalation.sweep()

    sign_in(page, moderator, two_factor=True)
    page.goto("/moderation/dashboard/")

    assert concern.ref in page.inner_text("main")
    assert "Still waiting" in page.inner_text("main")
    assert_accessible(page)
