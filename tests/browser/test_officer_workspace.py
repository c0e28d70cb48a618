"""The officer workspace in Chromium: the dashboard's filters, bulk acknowledge, what
moderators ask of the team (and mentions) in-app and on the dashboard, named reply templates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from concerns import services
from concerns.models import Concern, Notification
from concerns.states import ConcernStatus
from tests.browser.conftest import sign_in
from tests.browser.helpers import assert_accessible
from tests.factories import (
    ConcernFactory,
    ModeratorFactory,
    NeighbourhoodFactory,
    OfficerFactory,
    ReplyTemplateFactory,
    TOTPDeviceFactory,
    UserFactory,
)


@pytest.fixture
def team(transactional_db):
    camden = NeighbourhoodFactory(name="Camden Town", slug="camden-town")
    kings = NeighbourhoodFactory(name="King's Cross", slug="kings-cross", team=camden.team)
    officer = OfficerFactory(team=camden.team, name_on_badge="Jane Smith").user
    TOTPDeviceFactory(user=officer)
    now = timezone.now()
    late = ConcernFactory(
        published=True, neighbourhood=camden, title="Late one", reply_due_at=now - timedelta(days=1)
    )
    ConcernFactory(
        published=True, neighbourhood=kings, title="Kings one", reply_due_at=now + timedelta(days=3)
    )
    ConcernFactory(
        in_progress=True,
        neighbourhood=camden,
        title="Moving one",
        reply_due_at=now + timedelta(days=3),
    )
    return {"camden": camden, "officer": officer, "late": late}


def titles(page) -> list[str]:
    return page.locator("tbody .govuk-link").all_inner_texts()


def test_the_dashboard_filters_by_overdue_ward_and_state(page, team):
    sign_in(page, team["officer"], two_factor=True)
    page.goto("/staff/team/")
    assert sorted(titles(page)) == ["Kings one", "Late one", "Moving one"]
    assert_accessible(page)

    page.check("#id_overdue")
    page.click("button:has-text('Filter')")
    assert titles(page) == ["Late one"]

    page.goto("/staff/team/?ward=kings-cross")
    assert titles(page) == ["Kings one"]
    page.goto("/staff/team/?state=in_progress")
    assert titles(page) == ["Moving one"]
    page.goto("/staff/team/?state=nonsense")
    assert "Select a valid choice" in page.locator(".govuk-error-summary").inner_text()


def test_an_officer_acknowledges_several_concerns_at_once(page, team):
    sign_in(page, team["officer"], two_factor=True)
    page.goto("/staff/team/")

    page.get_by_label("Select “Late one”").check()
    page.get_by_label("Select “Kings one”").check()
    page.click("button:has-text('Acknowledge the ticked concerns')")

    page.wait_for_selector("text=2 concerns acknowledged")
    assert set(
        Concern.objects.filter(status=ConcernStatus.ACKNOWLEDGED).values_list("title", flat=True)
    ) == {"Late one", "Kings one"}


def test_an_escalation_and_a_mention_reach_officers_in_app_and_on_the_dashboard(page, team):
    colleague = OfficerFactory(team=team["camden"].team, name_on_badge="Tom Brown").user
    moderator = UserFactory(display_name="Sam")
    ModeratorFactory(user=moderator)

    services.tell_team(
        concern=team["late"],
        actor=moderator,
        note="Is this the dealer @Jane Smith stopped last week?",
    )

    mine = Notification.objects.get(user=team["officer"]).message
    theirs = Notification.objects.get(user=colleague).message
    assert mine.startswith("A moderator mentioned you about “Late one”")
    assert theirs.startswith("A moderator asks your team to look at “Late one”")
    sign_in(page, team["officer"], two_factor=True)
    page.goto("/staff/team/")
    banner = page.locator("[data-team-requests]").inner_text()
    assert "Moderators ask you to look" in banner and "mentioned you" in banner
    assert_accessible(page)


def test_a_team_keeps_several_named_reply_templates(page, team):
    ReplyTemplateFactory(
        team=team["camden"].team, title="Added to patrol plan", body="We will patrol."
    )
    sign_in(page, team["officer"], two_factor=True)
    page.goto("/staff/team/templates/")
    page.fill("#id_title", "Passed to the council")
    page.fill("#id_body", "This is for the council: we have passed it on.")
    page.click("button:has-text('Add template')")
    page.wait_for_selector("text=is ready to start replies from")
    assert_accessible(page)

    page.goto(f"/concerns/{team['late'].ref}/reply/")
    page.click("text=Passed to the council")

    assert page.input_value("#id_body") == "This is for the council: we have passed it on."
    assert page.locator("nav[aria-label='Reply templates'] a").count() == 2
