"""The review (permits.services.review): each action, the state table refusing what it should,
versions and claims (of two officers acting at once exactly one wins), the review clock, and
what a grant sets and publishes."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone

from casework.models import Case, CaseEvent, CaseEventKind, CaseMessage
from casework.states import CaseStatus
from engage.models import OutboxItem
from engage.refusals import AlreadyHandled, NotAllowed
from permits.models import Application, PublicNotice, RefereeCheck, Visit
from permits.services import review
from tests.factories import LicensingOfficerFactory, TOTPDeviceFactory, UserFactory, seeded_type

pytestmark = pytest.mark.django_db

S = CaseStatus


@pytest.fixture
def second_officer(db):
    """Another licensing officer of the firearms unit, on the same shift as Ruth."""
    user = UserFactory(email="second.licensing@example.com", display_name="Alex")
    LicensingOfficerFactory(user=user, units=[seeded_type("firearms").unit])
    TOTPDeviceFactory(user=user)
    return user


def notices_for(case: Case) -> list[str]:
    return [
        item.payload["what"]
        for item in OutboxItem.objects.filter(kind="casework.notice").order_by("pk")
        if item.payload["case"] == case.pk
    ]


def fresh(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


PROCESSION = {
    "title": "Walk for the river",
    "starts": "2030-06-01T11:00",
    "ends": "2030-06-01T14:00",
    "assembly": "Camden Lock",
    "route": "Camden High Street, then Parkway",
}


def test_the_first_claim_of_a_received_application_starts_its_review_and_holds_it(
    application_by, licensing_officer
):
    case = review.claim_application(application_by(), officer=licensing_officer)

    case = fresh(case)
    assert case.status == S.UNDER_REVIEW
    assert case.claimed_by == licensing_officer and case.claim_expires_at > timezone.now()
    assert notices_for(case) == ["status"]
    assert case.events.filter(kind=CaseEventKind.CLAIMED).exists()


def test_of_two_officers_claiming_at_once_exactly_one_wins(
    application_by, licensing_officer, second_officer
):
    case = application_by()
    seen_by_ruth, seen_by_alex = fresh(case), fresh(case)

    review.claim_application(seen_by_ruth, officer=licensing_officer)
    with pytest.raises(AlreadyHandled):
        review.claim_application(seen_by_alex, officer=second_officer)
    with pytest.raises(AlreadyHandled):  # reloaded: it is Ruth's now
        review.claim_application(fresh(case), officer=second_officer)

    assert fresh(case).claimed_by == licensing_officer


def test_of_two_officers_deciding_at_once_exactly_one_wins(
    application_by, licensing_officer, second_officer
):
    case = application_by(status=S.UNDER_REVIEW)
    version = case.version

    review.grant(fresh(case), officer=licensing_officer, version=version)
    with pytest.raises((AlreadyHandled, NotAllowed)):
        review.refuse(case, officer=second_officer, version=version, reason="No good reason.")
    with pytest.raises(AlreadyHandled):
        review.refuse(fresh(case), officer=second_officer, version=version, reason="No.")

    assert fresh(case).status == S.GRANTED
    assert Application.objects.get(case=case).decided_by == licensing_officer


def test_an_application_another_officer_holds_cannot_be_decided_by_me(
    application_by, licensing_officer, second_officer
):
    case = review.claim_application(application_by(), officer=second_officer)
    with pytest.raises(AlreadyHandled):
        review.grant(case, officer=licensing_officer, version=case.version)
    assert fresh(case).status == S.UNDER_REVIEW


def test_releasing_a_claim_frees_it_and_keeps_the_review_going(
    application_by, licensing_officer, second_officer
):
    case = review.claim_application(application_by(), officer=licensing_officer)
    assert review.release_application(case, officer=licensing_officer)
    case = fresh(case)
    assert case.claimed_by is None and case.status == S.UNDER_REVIEW
    assert not review.release_application(case, officer=licensing_officer)
    review.claim_application(case, officer=second_officer)
    assert fresh(case).claimed_by == second_officer


def test_a_stale_form_is_refused_and_changes_nothing(application_by, licensing_officer):
    case = application_by(status=S.UNDER_REVIEW)
    stale = case.version
    review.message_applicant(case, officer=licensing_officer, body="Hello")
    review.claim_application(fresh(case), officer=licensing_officer)  # moves the version on

    with pytest.raises(AlreadyHandled):
        review.refuse(fresh(case), officer=licensing_officer, version=stale, reason="No.")
    assert fresh(case).status == S.UNDER_REVIEW


def test_officers_of_another_unit_cannot_review(application_by, other_licensing_officer):
    case = application_by()
    with pytest.raises(NotAllowed):
        review.claim_application(case, officer=other_licensing_officer)
    with pytest.raises(NotAllowed):
        review.grant(case, officer=other_licensing_officer, version=case.version)
    with pytest.raises(NotAllowed):
        review.message_applicant(case, officer=other_licensing_officer, body="Hi")
    assert fresh(case).status == S.RECEIVED and not CaseMessage.objects.exists()


def test_asking_for_more_sends_one_message_and_stops_the_clock(application_by, licensing_officer):
    case = application_by(status=S.UNDER_REVIEW)
    case = review.request_information(
        case,
        officer=licensing_officer,
        body="Please send your GP's proforma.",
        version=case.version,
    )

    case = fresh(case)
    assert case.status == S.MORE_INFO and case.paused_at is not None
    message = CaseMessage.objects.get(case=case)
    assert message.signature == "Firearms Licensing Unit" and message.from_staff
    assert notices_for(case) == ["message"]


def test_a_three_day_wait_on_the_applicant_pushes_the_target_back_three_days(
    application_by, licensing_officer
):
    case = application_by(status=S.UNDER_REVIEW)
    target = case.triage_due_at
    case = review.request_information(
        case, officer=licensing_officer, body="Which cabinet?", version=case.version
    )
    # Three days pass while it waits.
    Case.objects.filter(pk=case.pk).update(paused_at=fresh(case).paused_at - timedelta(days=3))

    case = review.resume_review(fresh(case), officer=licensing_officer, version=case.version)

    case = fresh(case)
    assert case.status == S.UNDER_REVIEW and case.paused_at is None
    assert abs(case.triage_due_at - (target + timedelta(days=3))) < timedelta(seconds=5)


def test_going_on_without_an_answer_is_only_for_an_application_waiting_on_one(
    application_by, licensing_officer
):
    case = application_by(status=S.UNDER_REVIEW)
    with pytest.raises(NotAllowed):
        review.resume_review(case, officer=licensing_officer, version=case.version)


def test_a_visit_is_booked_for_later_and_the_applicant_sees_only_when(
    application_by, licensing_officer
):
    case = application_by(status=S.UNDER_REVIEW)
    at = timezone.now() + timedelta(days=5)
    review.book_visit(
        case, officer=licensing_officer, at=at, note="Dog on site", version=case.version
    )

    case = fresh(case)
    assert case.status == S.VISIT_BOOKED
    assert Visit.objects.get(case=case).note == "Dog on site"
    shown = CaseEvent.objects.get(case=case, to_status=S.VISIT_BOOKED)
    assert shown.for_reporter and shown.detail["visit_at"] == at.isoformat()
    assert set(shown.detail) == {"visit_at", "visit_when"}  # when, never the note
    assert "Dog" not in shown.note
    assert notices_for(case) == ["status"]


def test_a_visit_in_the_past_is_refused(application_by, licensing_officer):
    case = application_by(status=S.UNDER_REVIEW)
    with pytest.raises(NotAllowed):
        review.book_visit(
            case,
            officer=licensing_officer,
            at=timezone.now() - timedelta(hours=1),
            note="",
            version=case.version,
        )
    assert not Visit.objects.exists() and fresh(case).status == S.UNDER_REVIEW


def test_after_the_visit_the_application_is_under_review_again(application_by, licensing_officer):
    case = application_by(status=S.VISIT_BOOKED)
    review.visit_done(case, officer=licensing_officer, version=case.version)
    assert fresh(case).status == S.UNDER_REVIEW


def test_visit_done_needs_a_booked_visit(application_by, licensing_officer):
    case = application_by()
    with pytest.raises(NotAllowed):
        review.visit_done(case, officer=licensing_officer, version=case.version)
    assert fresh(case).status == S.RECEIVED


def test_a_referee_check_is_recorded_for_staff_only(application_by, licensing_officer):
    case = application_by(status=S.UNDER_REVIEW)
    review.record_referee_check(
        case, officer=licensing_officer, referee="  Ann   Jones ", outcome="concerns", note="Hmm"
    )
    check = RefereeCheck.objects.get(case=case)
    assert check.referee == "Ann Jones" and check.checked_by == licensing_officer
    event = CaseEvent.objects.get(case=case, kind=review.REFEREE_EVENT)
    assert not event.for_reporter
    assert notices_for(case) == []


def test_no_referee_check_on_a_decided_application(application_by, licensing_officer):
    case = application_by(status=S.GRANTED)
    with pytest.raises(NotAllowed):
        review.record_referee_check(
            case, officer=licensing_officer, referee="Ann", outcome="confirmed"
        )


@pytest.mark.parametrize(
    ("status", "action"),
    [
        (S.GRANTED, "grant"),
        (S.REFUSED, "grant"),
        (S.WITHDRAWN, "refuse"),
        (S.MORE_INFO, "grant"),
        (S.MORE_INFO, "ask"),
        (S.MORE_INFO, "visit"),
        (S.VISIT_BOOKED, "visit"),
        (S.GRANTED, "ask"),
    ],
)
def test_the_state_table_refuses_what_it_should(application_by, licensing_officer, status, action):
    case = application_by(status=status)
    calls = {
        "grant": lambda: review.grant(case, officer=licensing_officer, version=case.version),
        "refuse": lambda: review.refuse(
            case, officer=licensing_officer, version=case.version, reason="No."
        ),
        "ask": lambda: review.request_information(
            case, officer=licensing_officer, body="More?", version=case.version
        ),
        "visit": lambda: review.book_visit(
            case,
            officer=licensing_officer,
            at=timezone.now() + timedelta(days=1),
            note="",
            version=case.version,
        ),
    }
    with pytest.raises(NotAllowed):
        calls[action]()
    assert fresh(case).status == status
    assert not CaseMessage.objects.exists() and not Visit.objects.exists()


@pytest.mark.parametrize("reason", ["", "   \n "])
def test_refusing_needs_a_reason(application_by, licensing_officer, reason):
    case = application_by(status=S.UNDER_REVIEW)
    with pytest.raises(NotAllowed):
        review.refuse(case, officer=licensing_officer, version=case.version, reason=reason)
    assert fresh(case).status == S.UNDER_REVIEW


def test_a_refusal_records_the_reason_the_applicant_reads(application_by, licensing_officer):
    case = application_by(status=S.UNDER_REVIEW)
    review.refuse(
        case, officer=licensing_officer, version=case.version, reason=" No secure storage. "
    )
    case = fresh(case)
    application = Application.objects.get(case=case)
    assert case.status == S.REFUSED and case.explanation == "No secure storage."
    assert application.reason == "No secure storage." and application.decided_at is not None
    shown = CaseEvent.objects.get(case=case, to_status=S.REFUSED)
    assert shown.for_reporter and shown.detail == {"explanation": "No secure storage."}
    assert notices_for(case) == ["status"]


def test_a_notice_is_acknowledged_never_refused(application_by, other_licensing_officer):
    case = application_by(type_slug="procession", answers=PROCESSION)
    with pytest.raises(NotAllowed):
        review.refuse(case, officer=other_licensing_officer, version=case.version, reason="No.")
    assert fresh(case).status == S.RECEIVED


def test_a_grant_records_the_decision_and_a_certificates_end(application_by, licensing_officer):
    case = application_by(status=S.UNDER_REVIEW)
    review.grant(
        case,
        officer=licensing_officer,
        version=case.version,
        reason="Good reason shown.",
        conditions="Keep the cabinet bolted.",
    )
    case, application = fresh(case), Application.objects.get(case=case)
    assert case.status == S.GRANTED and case.claimed_by is None
    assert application.decided_by == licensing_officer
    assert application.conditions == "Keep the cabinet bolted."
    assert application.expires_on == review.expiry(timezone.localdate(), 5)
    assert notices_for(case) == ["status"]
    assert not PublicNotice.objects.exists()  # firearms: never public


def test_a_licence_granted_on_29_february_ends_on_28_february():
    assert review.expiry(date(2028, 2, 29), 5) == date(2033, 2, 28)
    assert review.expiry(date(2026, 3, 1), 5) == date(2031, 3, 1)


def test_a_grant_with_no_valid_years_has_no_end(application_by, other_licensing_officer):
    case = application_by(type_slug="procession", answers=PROCESSION)
    review.grant(case, officer=other_licensing_officer, version=case.version)
    assert Application.objects.get(case=case).expires_on is None


def test_granting_a_publishable_notice_with_consent_publishes_it(
    application_by, other_licensing_officer
):
    case = application_by(
        type_slug="procession", answers=PROCESSION, application__publish_consent=True
    )
    review.grant(case, officer=other_licensing_officer, version=case.version)
    notice = PublicNotice.objects.get(case=case)
    assert notice.title == "Walk for the river" and notice.neighbourhood == case.neighbourhood


def test_granting_without_consent_publishes_nothing(application_by, other_licensing_officer):
    case = application_by(type_slug="procession", answers=PROCESSION)
    review.grant(case, officer=other_licensing_officer, version=case.version)
    assert fresh(case).status == S.GRANTED
    assert not PublicNotice.objects.exists()


def test_messages_are_signed_as_the_unit_and_tell_the_applicant(application_by, licensing_officer):
    case = application_by(status=S.GRANTED)
    message = review.message_applicant(case, officer=licensing_officer, body="Your certificate.")
    assert message.signature == "Firearms Licensing Unit"
    assert notices_for(case) == ["message"]
