"""The licensing pages over HTTP: a persona matrix over every URL and action (anyone but the
unit's officers gets a 404 and changes nothing; staff without two-factor are sent to it), the
unit's officer doing each action with forms that work without JavaScript, stale forms, and
every view of an application logged."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from casework.models import AccessAction, Case, CaseAccess, CaseMessage
from casework.states import CaseStatus
from permits.models import Application, RefereeCheck, Visit
from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

S = CaseStatus
NOBODY = [
    "resident",  # the applicant: their own page is permits:status, never this one
    "other_resident",
    "officer",
    "call_handler",
    "moderator",
    "staff_admin",
    "other_licensing_officer",
]
ACTIONS = ["ask", "visit", "visited", "resume", "referee", "grant", "refuse", "message"]


@pytest.fixture
def client_for(request):
    def make(persona: str, two_factor: bool = True) -> Client:
        if persona == "anonymous":
            return Client()
        user = request.getfixturevalue(persona)
        has_device = user.totpdevice_set.filter(confirmed=True).exists()
        return signed_in(user, two_factor=two_factor and has_device)

    return make


def url(case: Case, action: str = "") -> str:
    if action in ("claim", "release"):
        return reverse(f"licensing:{action}", args=[case.reference])
    if action:
        return reverse("licensing:act", args=[case.reference, action])
    return reverse("licensing:case", args=[case.reference])


def every_request(client: Client, case: Case) -> list[int]:
    """Every URL and action on the application, as a page or a full form would be sent."""
    codes = [client.get(url(case)).status_code]
    for action in ["claim", "release", *ACTIONS]:
        data = {
            f"{action}-version": case.version,
            f"{action}-body": "Hello",
            f"{action}-reason": "Because.",
        }
        codes.append(client.post(url(case, action), data).status_code)
    return codes


def nothing_changed(case: Case) -> bool:
    now = Case.objects.get(pk=case.pk)
    return (
        now.status == case.status
        and now.version == case.version
        and now.claimed_by_id is None
        and not CaseAccess.objects.exists()
        and not CaseMessage.objects.exists()
        and not RefereeCheck.objects.exists()
        and not Visit.objects.exists()
    )


@pytest.mark.parametrize("persona", NOBODY)
def test_anyone_but_the_units_licensing_officers_gets_404_everywhere_and_changes_nothing(
    client_for, persona, application_by
):
    case = application_by(status=S.UNDER_REVIEW)
    client = client_for(persona)
    assert set(every_request(client, case)) == {404}
    queue = client.get(reverse("licensing:queue"))
    if persona == "other_licensing_officer":  # their own unit's queue, without this one
        assert queue.status_code == 200 and case.reference not in queue.content.decode()
    else:
        assert queue.status_code == 404
    assert nothing_changed(case)


def test_anonymous_visitors_are_asked_to_sign_in_and_change_nothing(client_for, application_by):
    case = application_by(status=S.UNDER_REVIEW)
    client = client_for("anonymous")
    for response in (client.get(url(case)), client.post(url(case, "grant"), {})):
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert nothing_changed(case)


def test_a_licensing_officer_without_two_factor_is_sent_to_it_and_changes_nothing(
    client_for, application_by
):
    case = application_by(status=S.UNDER_REVIEW)
    client = client_for("licensing_officer", two_factor=False)
    for response in (client.get(url(case)), client.post(url(case, "grant"), {})):
        assert response.status_code == 302 and "two-factor" in response["Location"]
    assert nothing_changed(case)


@pytest.mark.parametrize("persona", ["call_handler", "other_licensing_officer"])
def test_other_staff_without_two_factor_get_404_or_two_factor_and_change_nothing(
    client_for, persona, application_by
):
    case = application_by(status=S.UNDER_REVIEW)
    response = client_for(persona, two_factor=False).get(url(case))
    assert response.status_code in (302, 404)
    assert nothing_changed(case)


def test_an_unknown_reference_and_an_unknown_action_are_404(client_for, application_by):
    case = application_by()
    client = client_for("licensing_officer")
    assert client.get(reverse("licensing:case", args=["P-00000-00000"])).status_code == 404
    assert client.post(url(case, "launch"), {}).status_code == 404


def test_the_units_officer_sees_the_queue_with_the_claim_shown(
    client_for, application_by, licensing_officer
):
    mine, waiting = application_by(), application_by(status=S.MORE_INFO)
    client = client_for("licensing_officer")
    client.post(url(mine, "claim"))

    page = client.get(reverse("licensing:queue")).content.decode()
    assert mine.reference in page and "You are reviewing it" in page
    assert waiting.reference not in page
    waiting_page = client.get(reverse("licensing:queue"), {"lane": "waiting"}).content.decode()
    assert waiting.reference in waiting_page


def test_another_officer_sees_who_is_reviewing_it(
    client_for, application_by, licensing_officer, second_officer
):
    case = application_by()
    client_for("licensing_officer").post(url(case, "claim"))
    page = signed_in(second_officer, two_factor=True).get(reverse("licensing:queue"))
    assert "Being reviewed by Ruth" in page.content.decode()


def test_a_bad_page_link_is_400(client_for):
    response = client_for("licensing_officer").get(reverse("licensing:queue"), {"after": "x!"})
    assert response.status_code == 400


def test_every_view_of_an_application_is_logged(client_for, application_by, licensing_officer):
    case = application_by()
    response = client_for("licensing_officer").get(url(case))
    assert response.status_code == 200
    assert case.reference in response.content.decode()
    access = CaseAccess.objects.get()
    assert (access.user, access.action, access.case_reference) == (
        licensing_officer,
        AccessAction.VIEW,
        case.reference,
    )


def test_the_page_shows_the_answers_and_a_start_button(client_for, application_by):
    case = application_by()
    page = client_for("licensing_officer").get(url(case)).content.decode()
    assert "Which certificate are you applying for?" in page and "Shotgun certificate" in page
    assert "Start the review" in page
    assert "Acknowledge" not in page


def test_claiming_starts_the_review(client_for, application_by, licensing_officer):
    case = application_by()
    response = client_for("licensing_officer").post(url(case, "claim"))
    assert response.status_code == 302
    now = Case.objects.get(pk=case.pk)
    assert now.status == S.UNDER_REVIEW and now.claimed_by == licensing_officer


def test_the_officer_grants_from_the_page(client_for, application_by, licensing_officer):
    case = application_by(status=S.UNDER_REVIEW)
    response = client_for("licensing_officer").post(
        url(case, "grant"),
        {"grant-version": case.version, "grant-reason": "", "grant-conditions": "Bolted."},
    )
    assert response.status_code == 302 and response["Location"] == url(case)
    assert Case.objects.get(pk=case.pk).status == S.GRANTED
    assert Application.objects.get(case=case).conditions == "Bolted."


def test_a_refusal_without_a_reason_shows_the_error_and_changes_nothing(client_for, application_by):
    case = application_by(status=S.UNDER_REVIEW)
    response = client_for("licensing_officer").post(
        url(case, "refuse"), {"refuse-version": case.version, "refuse-reason": ""}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Say why it is refused" in page
    assert Case.objects.get(pk=case.pk).status == S.UNDER_REVIEW


def test_a_stale_form_is_told_someone_already_handled_it(client_for, application_by):
    case = application_by(status=S.UNDER_REVIEW)
    client = client_for("licensing_officer")
    client.post(url(case, "claim"))  # the version moves on
    response = client.post(
        url(case, "refuse"), {"refuse-version": case.version, "refuse-reason": "No."}, follow=True
    )
    assert "already handled" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == S.UNDER_REVIEW


def test_an_action_the_state_no_longer_allows_is_told_so(client_for, application_by):
    case = application_by(status=S.GRANTED)
    response = client_for("licensing_officer").post(
        url(case, "refuse"),
        {"refuse-version": case.version, "refuse-reason": "No."},
        follow=True,
    )
    assert "already handled" in response.content.decode()
    assert Case.objects.get(pk=case.pk).status == S.GRANTED


def test_booking_a_visit_from_the_page(client_for, application_by):
    case = application_by(status=S.UNDER_REVIEW)
    day = timezone.localdate() + timedelta(days=3)
    response = client_for("licensing_officer").post(
        url(case, "visit"),
        {
            "visit-version": case.version,
            "visit-day": day.strftime("%d/%m/%Y"),
            "visit-at": "10:30",
            "visit-note": "Ring twice",
        },
    )
    assert response.status_code == 302
    visit = Visit.objects.get(case=case)
    assert timezone.localtime(visit.at).date() == day and visit.note == "Ring twice"


def test_a_visit_in_the_past_is_refused_on_the_form(client_for, application_by):
    case = application_by(status=S.UNDER_REVIEW)
    response = client_for("licensing_officer").post(
        url(case, "visit"),
        {"visit-version": case.version, "visit-day": "01/01/2020", "visit-at": "10:30"},
    )
    assert response.status_code == 400 and "must be in the future" in response.content.decode()
    assert not Visit.objects.exists()


def test_asking_for_more_and_recording_a_referee_from_the_page(client_for, application_by):
    case = application_by(status=S.UNDER_REVIEW)
    client = client_for("licensing_officer")
    client.post(
        url(case, "referee"),
        {"referee-referee": "Ann Jones", "referee-outcome": "confirmed", "referee-note": ""},
    )
    client.post(url(case, "ask"), {"ask-version": case.version, "ask-body": "Your proforma?"})
    assert RefereeCheck.objects.get(case=case).referee == "Ann Jones"
    assert Case.objects.get(pk=case.pk).status == S.MORE_INFO
    page = client.get(url(case)).content.decode()
    assert "Go on without their answer" in page and "Grant the application" not in page


def test_a_notice_offers_acknowledgement_and_no_refusal(
    client_for, application_by, other_licensing_officer
):
    case = application_by(type_slug="procession")
    page = client_for("other_licensing_officer").get(url(case)).content.decode()
    assert "Acknowledge the notice" in page
    assert "Refuse the application" not in page and "Book a home visit" not in page
    response = client_for("other_licensing_officer").post(
        url(case, "refuse"), {"refuse-version": case.version, "refuse-reason": "No."}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == S.RECEIVED


def test_staff_home_shows_the_overdue_reviews_to_licensing_officers_only(
    client_for, application_by
):
    application_by(triage_due_at=timezone.now() - timedelta(days=1))
    application_by()
    page = client_for("licensing_officer").get(reverse("staff_home")).content.decode()
    assert "1 review overdue" in page and "?lane=overdue" in page
    other = client_for("other_licensing_officer").get(reverse("staff_home")).content.decode()
    assert "No reviews are overdue" in other
    handler = client_for("call_handler").get(reverse("staff_home")).content.decode()
    assert "Licensing reviews" not in handler


@pytest.fixture
def second_officer(db):
    """Another licensing officer of the firearms unit."""
    from tests.factories import (
        LicensingOfficerFactory,
        TOTPDeviceFactory,
        UserFactory,
        seeded_type,
    )

    user = UserFactory(email="second.licensing@example.com", display_name="Alex")
    LicensingOfficerFactory(user=user, units=[seeded_type("firearms").unit])
    TOTPDeviceFactory(user=user)
    return user


@pytest.mark.parametrize(
    ("status", "action", "data", "after"),
    [
        (S.VISIT_BOOKED, "visited", {}, S.UNDER_REVIEW),
        (S.MORE_INFO, "resume", {}, S.UNDER_REVIEW),
        (S.UNDER_REVIEW, "message", {"message-body": "Hello"}, S.UNDER_REVIEW),
    ],
)
def test_the_units_officer_can_do_the_other_actions(
    client_for, application_by, status, action, data, after
):
    case = application_by(
        status=status, paused_at=timezone.now() if status == S.MORE_INFO else None
    )
    response = client_for("licensing_officer").post(
        url(case, action), {f"{action}-version": case.version, **data}
    )
    assert response.status_code == 302
    assert Case.objects.get(pk=case.pk).status == after
    assert action != "message" or CaseMessage.objects.get(case=case).body == "Hello"


def test_giving_a_claim_back(client_for, application_by):
    case = application_by()
    client = client_for("licensing_officer")
    client.post(url(case, "claim"))
    response = client.post(url(case, "release"))
    assert response.status_code == 302 and response["Location"] == reverse("licensing:queue")
    assert Case.objects.get(pk=case.pk).claimed_by is None
