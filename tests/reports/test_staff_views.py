"""The contact centre over HTTP: who may open the queue, a case and the team's list (everyone
else a 404, staff without two-factor sent to it), every view logged, the actions as forms that
work without JavaScript, stale forms, and bulk results."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from casework.models import AccessAction, Case, CaseAccess, CaseMessage
from casework.services import claim_case
from casework.states import CaseStatus, Grade, Outcome
from tests.conftest import signed_in
from tests.factories import CallHandlerFactory, TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db

NOBODY = ["resident", "other_resident", "moderator", "other_officer", "staff_admin"]


@pytest.fixture
def client_for(request):
    def make(persona: str, two_factor: bool = True) -> Client:
        if persona == "anonymous":
            return Client()
        user = request.getfixturevalue(persona)
        has_device = user.totpdevice_set.filter(confirmed=True).exists()
        return signed_in(user, two_factor=two_factor and has_device)

    return make


@pytest.fixture
def referred(report_by):
    """A report passed to the `officer`'s team."""
    return report_by(with_team=True, grade=Grade.MEDIUM)


def case_url(case: Case, action: str = "") -> str:
    if action in ("claim", "release"):
        return reverse(f"contact_centre:{action}", args=[case.reference])
    if action:
        return reverse("contact_centre:act", args=[case.reference, action])
    return reverse("contact_centre:case", args=[case.reference])


@pytest.mark.parametrize("persona", NOBODY)
def test_anyone_but_the_contact_centre_and_the_team_gets_404_everywhere(
    client_for, persona, referred
):
    client = client_for(persona)
    for url in (reverse("contact_centre:queue"), case_url(referred)):
        assert client.get(url).status_code == 404
    for action in ("record", "message", "close", "claim"):
        assert client.post(case_url(referred, action), {}).status_code == 404
    assert client.post(reverse("contact_centre:bulk"), {"cases": [referred.pk]}).status_code == 404
    assert not CaseAccess.objects.exists()
    assert Case.objects.get(pk=referred.pk).status == CaseStatus.WITH_TEAM


@pytest.mark.parametrize("persona", ["resident", "other_resident", "moderator", "staff_admin"])
def test_the_teams_list_is_404_to_everyone_but_officers(client_for, persona):
    assert client_for(persona).get(reverse("contact_centre:team")).status_code == 404


def test_the_reporter_gets_404_on_the_staff_page_of_their_own_report(client_for, referred):
    assert client_for("resident").get(case_url(referred)).status_code == 404


def test_anonymous_visitors_are_asked_to_sign_in(client_for, referred):
    response = client_for("anonymous").get(case_url(referred))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["call_handler", "officer"])
def test_staff_without_two_factor_are_sent_to_it_and_see_nothing(client_for, persona, referred):
    client = client_for(persona, two_factor=False)
    for url in (
        case_url(referred),
        reverse("contact_centre:queue" if persona == "call_handler" else "contact_centre:team"),
    ):
        response = client.get(url)
        assert (
            response.status_code == 302
            and "two-factor" in response["Location"].lower()
            or "2fa" in response["Location"]
            or "otp" in response["Location"]
        )
        assert referred.reference not in response.content.decode()
    assert not CaseAccess.objects.exists()


def test_a_call_handler_sees_the_whole_case_and_the_view_is_logged(
    client_for, report_by, call_handler
):
    case = report_by(
        answers={"what": {"text": "The lock was cut."}, "items": [{"name": "Bike", "value": 450}]},
        thrive={"threat": 2, "harm": 1},
        screening=[{"reason": "Mentions a weapon"}],
    )
    response = client_for("call_handler").get(case_url(case))
    page = response.content.decode()
    assert response.status_code == 200
    for text in (
        "The lock was cut.",
        "Bike",
        "450",
        "Threat",
        "2 of 3",
        "Mentions a weapon",
        "Record a crime",
        "Claim this report",
    ):
        assert text in page, text
    log = list(CaseAccess.objects.filter(case=case).values_list("user_id", "action"))
    assert log == [(call_handler.pk, AccessAction.VIEW)]
    client_for("call_handler").get(case_url(case))
    assert CaseAccess.objects.filter(case=case).count() == 2


def test_the_assigned_teams_officer_sees_the_case_with_the_reduced_actions_but_not_the_queue(
    client_for, referred, officer
):
    client = client_for("officer")
    response = client.get(case_url(referred))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Write to the reporter" in page and "Close it" in page
    assert case_url(referred, "record") not in page and case_url(referred, "regrade") not in page
    assert CaseAccess.objects.filter(case=referred, user=officer).count() == 1
    assert client.get(reverse("contact_centre:queue")).status_code == 404
    assert (
        client.post(
            case_url(referred, "record"),
            {"record-version": referred.version, "record-crime_reference": "4512345"},
        ).status_code
        == 404
    )
    assert client.post(case_url(referred, "claim")).status_code == 404


def test_an_officer_of_another_team_gets_404_on_the_case(client_for, referred):
    assert client_for("other_officer").get(case_url(referred)).status_code == 404


def test_the_team_list_shows_the_teams_cases_only(
    client_for, referred, report_by, other_neighbourhood
):
    elsewhere = report_by(with_team=True, neighbourhood=other_neighbourhood)
    untouched = report_by()
    page = client_for("officer").get(reverse("contact_centre:team")).content.decode()
    assert referred.reference in page
    assert elsewhere.reference not in page and untouched.reference not in page
    other = client_for("other_officer").get(reverse("contact_centre:team")).content.decode()
    assert elsewhere.reference in other and referred.reference not in other


def test_recording_a_crime_by_form(client_for, report_by):
    case = report_by()
    response = client_for("call_handler").post(
        case_url(case, "record"),
        {"record-version": case.version, "record-crime_reference": "CRN 0123456/26"},
    )
    assert response.status_code == 302 and response["Location"] == case_url(case)
    case.refresh_from_db()
    assert case.status == CaseStatus.CRIME_RECORDED and case.crime_reference == "CRN 0123456/26"


def test_an_invalid_crn_shows_the_error_summary_and_changes_nothing(client_for, report_by):
    case = report_by()
    response = client_for("call_handler").post(
        case_url(case, "record"),
        {"record-version": case.version, "record-crime_reference": "no digits here"},
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "There is a problem" in page and "crime reference number is digits" in page
    assert Case.objects.get(pk=case.pk).status == CaseStatus.RECEIVED


def test_a_stale_form_is_told_someone_already_handled_it(client_for, report_by, call_handler):
    case = report_by()
    seen = case.version
    client = client_for("call_handler")
    client.post(
        case_url(case, "close"), {"close-version": seen, "close-explanation": "Nothing to go on."}
    )
    response = client.post(
        case_url(case, "record"),
        {"record-version": seen, "record-crime_reference": "4512345"},
        follow=True,
    )
    assert "Someone has already handled this report" in response.content.decode()
    case.refresh_from_db()
    assert case.outcome == Outcome.NO_FURTHER_ACTION and case.crime_reference == ""


def test_regrade_without_a_reason_asks_for_one(client_for, report_by):
    case = report_by()
    response = client_for("call_handler").post(
        case_url(case, "regrade"), {"regrade-version": case.version, "regrade-grade": "high"}
    )
    assert response.status_code == 400 and "Say why the grade changes." in response.content.decode()
    assert Case.objects.get(pk=case.pk).grade == Grade.STANDARD


def test_the_officer_messages_the_reporter_signed_by_the_team(client_for, referred):
    response = client_for("officer").post(
        case_url(referred, "message"), {"message-body": "We will call round."}
    )
    assert response.status_code == 302
    message = CaseMessage.objects.get(case=referred)
    assert message.signature == referred.team.name and message.from_staff


def test_claim_and_release_by_buttons(client_for, report_by, call_handler):
    case = report_by()
    client = client_for("call_handler")
    client.post(case_url(case, "claim"))
    case.refresh_from_db()
    assert case.claimed_by == call_handler and case.status == CaseStatus.ASSESSING
    assert "You are assessing this report" in client.get(case_url(case)).content.decode()
    client.post(case_url(case, "release"))
    case.refresh_from_db()
    assert case.claimed_by is None


def test_a_claim_by_another_handler_is_shown_and_blocks_mine(client_for, report_by, call_handler):
    other = UserFactory(display_name="Alex")
    CallHandlerFactory(user=other)
    TOTPDeviceFactory(user=other)
    case = claim_case(report_by(), handler=other)
    client = client_for("call_handler")
    assert "Being assessed by Alex" in client.get(case_url(case)).content.decode()
    response = client.post(case_url(case, "claim"), follow=True)
    assert "Another call handler is assessing this report" in response.content.decode()
    assert Case.objects.get(pk=case.pk).claimed_by == other


def test_the_queue_shows_lanes_with_counts_rows_and_targets(client_for, report_by):
    high = report_by(grade=Grade.HIGH)
    overdue = report_by(triage_due_at=high.created_at.replace(year=2020))
    report_by(recorded=True)
    page = client_for("call_handler").get(reverse("contact_centre:queue")).content.decode()
    assert high.reference in page and overdue.reference in page
    assert page.index(high.reference) < page.index(overdue.reference)
    assert '<span data-lane-count="high">1</span>' in page
    assert '<span data-lane-count="standard">1</span>' in page
    assert "Overdue" in page and "Within target" in page and "Theft" in page


def test_the_queue_filters_by_lane_and_neighbourhood(client_for, report_by, other_neighbourhood):
    high = report_by(grade=Grade.HIGH)
    low = report_by(grade=Grade.LOW)
    elsewhere = report_by(grade=Grade.HIGH, neighbourhood=other_neighbourhood)
    client = client_for("call_handler")
    page = client.get(reverse("contact_centre:queue"), {"grade": "high"}).content.decode()
    assert high.reference in page and elsewhere.reference in page and low.reference not in page
    page = client.get(
        reverse("contact_centre:queue"), {"neighbourhood": other_neighbourhood.pk}
    ).content.decode()
    assert elsewhere.reference in page and high.reference not in page


def test_a_crafted_page_link_is_a_bad_request(client_for):
    response = client_for("call_handler").get(
        reverse("contact_centre:queue"), {"after": "garbage!"}
    )
    assert response.status_code == 400


def test_bulk_by_form_applies_each_and_reports_the_handled(client_for, report_by, call_handler):
    fresh, stale = report_by(), report_by()
    stale_version = stale.version
    Case.objects.filter(pk=stale.pk).update(version=stale_version + 1)
    response = client_for("call_handler").post(
        reverse("contact_centre:bulk"),
        {
            "cases": [fresh.pk, stale.pk],
            f"version-{fresh.pk}": fresh.version,
            f"version-{stale.pk}": stale_version,
            "action": "nfa",
            "explanation": "Dealt with on the phone.",
        },
        follow=True,
    )
    page = response.content.decode()
    assert f"Done: {fresh.reference}." in page
    assert f"Already handled, nothing applied to {stale.reference}" in page
    assert Case.objects.get(pk=fresh.pk).status == CaseStatus.CLOSED
    assert Case.objects.get(pk=stale.pk).status == CaseStatus.RECEIVED


def test_bulk_without_a_reason_applies_nothing(client_for, report_by):
    case = report_by()
    response = client_for("call_handler").post(
        reverse("contact_centre:bulk"),
        {"cases": [case.pk], f"version-{case.pk}": case.version, "action": "nfa"},
        follow=True,
    )
    assert "Say why no further action is taken." in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.RECEIVED


def test_staff_home_links_each_role_to_its_page(client_for):
    handler_home = client_for("call_handler").get(reverse("staff_home")).content.decode()
    assert reverse("contact_centre:queue") in handler_home
    officer_home = client_for("officer").get(reverse("staff_home")).content.decode()
    assert reverse("contact_centre:team") in officer_home
    assert f'href="{reverse("contact_centre:queue")}"' not in officer_home


def test_a_form_read_before_another_handlers_change_is_told_and_nothing_applied(
    client_for, report_by
):
    case = report_by()
    seen = case.version
    Case.objects.filter(pk=case.pk).update(version=seen + 1)
    response = client_for("call_handler").post(
        case_url(case, "record"),
        {"record-version": seen, "record-crime_reference": "4512345"},
        follow=True,
    )
    assert "Someone else has already changed this case" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == CaseStatus.RECEIVED
