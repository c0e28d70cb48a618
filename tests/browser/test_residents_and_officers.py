"""Residents and officers in Chromium: a withdraw is confirmed first, "affects me too" and
follows can be undone, limits are told before the preview, officers act as the team on their
own ward, the list pages both ways and says when a filter is wrong, status changes arrive live."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from concerns import services
from concerns.models import Concern, Follow, Support
from concerns.states import ConcernStatus
from tests.browser.conftest import sign_in
from tests.browser.helpers import assert_accessible
from tests.factories import (
    CategoryFactory,
    ConcernFactory,
    NeighbourhoodFactory,
    OfficerFactory,
    TOTPDeviceFactory,
    UserFactory,
)


@pytest.fixture
def place(transactional_db):
    camden = NeighbourhoodFactory(
        name="Camden Town", slug="camden-town", team__name="Camden Town Safer Neighbourhood Team"
    )
    CategoryFactory(name="Road safety", slug="road-safety")
    officer = OfficerFactory(team=camden.team, name_on_badge="Jane Smith").user
    TOTPDeviceFactory(user=officer)
    return {
        "camden": camden,
        "officer": officer,
        "resident": UserFactory(email="priya@example.com", display_name="Priya"),
    }


def wait_until_live(page) -> None:
    status = page.locator(".app-live-status[data-live-stream]").element_handle()
    page.wait_for_function("el => el.dataset.liveState === 'open'", arg=status)


def test_withdrawing_asks_first_and_keeping_it_changes_nothing(page, place):
    concern = ConcernFactory(
        published=True, neighbourhood=place["camden"], author=place["resident"]
    )
    sign_in(page, place["resident"])
    page.goto(concern.get_absolute_url())

    page.click("text=Withdraw this concern")
    assert page.locator("h1").inner_text().startswith("Are you sure you want to withdraw")
    assert_accessible(page)
    page.click("text=No, keep it")
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.PUBLISHED

    page.click("text=Withdraw this concern")
    page.click("button:has-text('Yes, withdraw it')")
    page.wait_for_selector("text=You have withdrawn this concern")
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.WITHDRAWN


def test_this_affects_me_too_can_be_undone(page, place):
    concern = ConcernFactory(published=True, neighbourhood=place["camden"])
    sign_in(page, place["resident"])
    page.goto(concern.get_absolute_url())

    page.click("button:has-text('This affects me too')")
    page.wait_for_selector("text=You said this affects you too.")
    assert Concern.objects.get(pk=concern.pk).supporters_count == 1
    page.click("button:has-text('Undo: it does not affect me')")

    page.wait_for_selector("button:has-text('This affects me too')")
    assert Concern.objects.get(pk=concern.pk).supporters_count == 0
    assert not Support.objects.exists()
    assert_accessible(page)


def test_the_hourly_limit_is_told_before_writing_not_after_the_preview(page, place, settings):
    settings.SUBMISSIONS_PER_HOUR = 1
    ConcernFactory(author=place["resident"], neighbourhood=place["camden"])
    sign_in(page, place["resident"])

    page.goto("/concerns/new/?neighbourhood=camden-town")

    notice = page.locator("[data-quota='0']").inner_text()
    assert "You can raise 1 concern an hour" in notice and "another after" in notice
    page.fill("#id_title", "Speeding on the high street")
    page.fill("#id_body", "Every evening cars race along it.")
    page.check("text=Road safety")
    page.click("button:has-text('Preview')")
    assert "You can raise 1 concern an hour" in page.locator(".govuk-error-summary").inner_text()
    assert "Check your concern" not in page.locator("h1").inner_text()


def test_updates_have_their_own_limit_apart_from_concerns(place, settings):
    settings.SUBMISSIONS_PER_HOUR = 1
    resident = place["resident"]
    concern = ConcernFactory(published=True, neighbourhood=place["camden"], author=resident)

    services.add_update(
        concern=concern,
        author=resident,
        body="It happened again tonight.",
        submission_key=uuid.uuid4(),
    )

    assert services.posting_quota(author=resident).left == 0
    assert (
        services.posting_quota(author=resident, kind="update").left == settings.UPDATES_PER_HOUR - 1
    )


def test_stop_following_from_what_you_follow(page, place):
    concern = ConcernFactory(published=True, neighbourhood=place["camden"], title="Bins")
    services.follow(user=place["resident"], concern=concern)
    services.follow(user=place["resident"], neighbourhood=place["camden"])
    sign_in(page, place["resident"])
    page.goto("/me/following/")
    assert_accessible(page)

    page.click("button:has-text('Stop following Bins')")

    page.wait_for_selector("text=You no longer follow “Bins”.")
    assert list(
        Follow.objects.filter(user=place["resident"]).values_list("neighbourhood__name", flat=True)
    ) == ["Camden Town"]


def test_an_officer_on_their_own_ward_sees_team_actions_not_a_residents(page, place):
    concern = ConcernFactory(published=True, neighbourhood=place["camden"])
    sign_in(page, place["officer"], two_factor=True)

    page.goto(concern.get_absolute_url())

    main = page.locator("main").inner_text()
    assert "Reply as the team" in main
    for resident_action in ["This affects me too", "Add an update", "Report this concern"]:
        assert resident_action not in main


def test_the_concerns_list_pages_both_ways_under_an_h2_per_concern(page, place):
    now = timezone.now()
    for number in range(25):
        ConcernFactory(
            published=True,
            neighbourhood=place["camden"],
            title=f"Concern {number:02}",
            published_at=now - timedelta(minutes=number),
        )
    page.goto("/concerns/")
    assert page.locator("main h2 a").first.inner_text() == "Concern 00"
    assert page.locator("main h3").count() == 0

    page.click("text=Older")
    assert page.locator("main h2 a").first.inner_text() == "Concern 20"
    assert_accessible(page)
    page.click("text=Newer")

    assert page.locator("main h2 a").first.inner_text() == "Concern 00"
    assert page.locator("main h2 a").count() == 20
    assert page.locator("text=Newer").count() == 0


def test_an_invalid_status_filter_says_so_and_still_lists_concerns(page, place):
    ConcernFactory(published=True, neighbourhood=place["camden"], title="Parking on the verge")

    page.goto("/concerns/?status=nonsense")

    assert "Choose a status from the list" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error:")
    assert "Parking on the verge" in page.locator("main").inner_text()
    assert_accessible(page)


def test_a_status_change_made_with_a_reply_joins_the_open_timeline_live(new_page, place):
    concern = ConcernFactory(published=True, neighbourhood=place["camden"])
    resident = new_page()
    resident.goto(concern.get_absolute_url())
    wait_until_live(resident)

    services.reply_to_concern(
        concern=concern, author=place["officer"], body="On it.", move_to="in_progress"
    )

    resident.wait_for_selector(".app-timeline__item--status:has-text('In progress')")
    resident.wait_for_selector(".app-timeline__item--reply:has-text('On it.')")
