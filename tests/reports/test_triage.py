"""Triage decisions (reports.services.triage): each outcome, versions and claims (of two
handlers acting at once exactly one wins), the reporter told, and bulk results per report."""

from __future__ import annotations

from datetime import timedelta

import pytest

from casework import access
from casework.models import Case, CaseEvent, CaseEventKind, CaseMessage
from casework.services import claim_case
from casework.states import CaseStatus, Grade, Outcome
from engage.models import OutboxItem
from engage.refusals import AlreadyHandled, NotAllowed
from reports.services import triage
from tests.factories import CallHandlerFactory, CaseFactory, TOTPDeviceFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_handler(db):
    """Another call handler on the same shift."""
    user = UserFactory(email="second.handler@example.com", display_name="Alex")
    CallHandlerFactory(user=user)
    TOTPDeviceFactory(user=user)
    return user


def notices_for(case: Case) -> list[dict]:
    return [
        item.payload
        for item in OutboxItem.objects.filter(kind="casework.notice").order_by("pk")
        if item.payload["case"] == case.pk
    ]


def test_recording_a_crime_stores_the_crn_and_tells_the_reporter(report_by, call_handler):
    case = report_by()
    case = triage.record_crime(
        case, crime_reference=" crn  0123456/26 ", version=case.version, handler=call_handler
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CRIME_RECORDED
    assert case.outcome == Outcome.CRIME_RECORDED
    assert case.crime_reference == "CRN 0123456/26"
    assert case.triaged_at is not None
    assert [n["what"] for n in notices_for(case)] == ["status"]


@pytest.mark.parametrize(
    "crn", ["", "   ", "CRN ONLY LETTERS", "1" * 31, "12345<script>", "ø12345"]
)
def test_a_crime_reference_that_is_not_one_is_refused_and_nothing_changes(
    report_by, call_handler, crn
):
    case = report_by()
    with pytest.raises(NotAllowed):
        triage.record_crime(case, crime_reference=crn, version=case.version, handler=call_handler)
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED and case.crime_reference == ""
    assert notices_for(case) == []


@pytest.mark.parametrize("crn", ["4512345", "01/123456/26", "CRN-0001234/26"])
def test_crime_references_in_other_forces_formats_are_accepted(report_by, call_handler, crn):
    case = report_by()
    triage.record_crime(case, crime_reference=crn, version=case.version, handler=call_handler)
    case.refresh_from_db()
    assert case.crime_reference == crn


def test_of_two_handlers_deciding_at_once_one_wins_and_the_other_is_told(
    report_by, call_handler, second_handler
):
    case = report_by()
    read_by_second = Case.objects.get(pk=case.pk)
    triage.record_crime(case, crime_reference="4512345", version=case.version, handler=call_handler)
    with pytest.raises(AlreadyHandled):
        triage.close_no_further_action(
            read_by_second,
            explanation="Nothing to go on.",
            version=read_by_second.version,
            handler=second_handler,
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.CRIME_RECORDED and case.outcome == Outcome.CRIME_RECORDED
    assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.STATUS).count() == 1


def test_a_report_another_handler_has_claimed_cannot_be_decided_by_me(
    report_by, call_handler, second_handler
):
    case = claim_case(report_by(), handler=second_handler)
    with pytest.raises(AlreadyHandled):
        triage.record_crime(
            case, crime_reference="4512345", version=case.version, handler=call_handler
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.ASSESSING and case.claimed_by == second_handler


def test_the_handler_holding_the_claim_decides_and_the_claim_ends(report_by, call_handler):
    case = claim_case(report_by(), handler=call_handler)
    triage.record_crime(case, crime_reference="4512345", version=case.version, handler=call_handler)
    case.refresh_from_db()
    assert case.status == CaseStatus.CRIME_RECORDED and case.claimed_by is None


def test_regrading_needs_a_reason(report_by, call_handler):
    case = report_by()
    with pytest.raises(NotAllowed):
        triage.regrade(
            case, grade=Grade.HIGH, reason="  ", version=case.version, handler=call_handler
        )
    case.refresh_from_db()
    assert case.grade == Grade.STANDARD


def test_regrading_moves_the_lane_and_the_triage_target(report_by, call_handler, settings):
    case = report_by()
    before = case.triage_due_at
    triage.regrade(
        case,
        grade=Grade.HIGH,
        reason="The reporter says he comes back every night.",
        version=case.version,
        handler=call_handler,
    )
    case.refresh_from_db()
    assert case.grade == Grade.HIGH and case.grade_rank == 0
    expected = case.created_at + timedelta(minutes=settings.REPORT_TRIAGE_MINUTES["high"])
    assert case.triage_due_at == expected and case.triage_due_at != before
    assert case.grade_reason.startswith("The reporter says")


def test_an_officer_cannot_triage(report_by, officer, neighbourhood):
    case = report_by(team=neighbourhood.team)
    with pytest.raises(NotAllowed):
        triage.regrade(
            case, grade=Grade.HIGH, reason="Looks bad", version=case.version, handler=officer
        )
    with pytest.raises(NotAllowed):
        triage.record_crime(case, crime_reference="4512345", version=case.version, handler=officer)


def test_referring_passes_it_to_the_neighbourhoods_team_whose_officers_then_see_it(
    report_by, call_handler, officer, other_officer, neighbourhood
):
    case = report_by()
    assert not access.is_staff_on(case, officer, verified=True)
    triage.refer_to_team(
        case, team=None, explanation="", version=case.version, handler=call_handler
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.WITH_TEAM and case.outcome == Outcome.REFERRED
    assert case.team == neighbourhood.team
    assert neighbourhood.team.name in case.explanation
    assert access.is_staff_on(case, officer, verified=True)
    assert not access.is_staff_on(case, other_officer, verified=True)
    assert case.events.filter(kind=CaseEventKind.ASSIGNED).exists()
    assert [n["what"] for n in notices_for(case)] == ["status"]


def test_a_recorded_crime_passed_to_the_team_keeps_its_crn(report_by, call_handler):
    case = report_by()
    case = triage.record_crime(
        case, crime_reference="4512345", version=case.version, handler=call_handler
    )
    case = triage.refer_to_team(
        case, team=None, explanation="", version=case.version, handler=call_handler
    )
    assert case.outcome == Outcome.CRIME_RECORDED and case.crime_reference == "4512345"


def test_referring_where_no_team_serves_asks_for_a_team(call_handler, resident):
    case = CaseFactory(reporter=resident, neighbourhood=None)
    with pytest.raises(NotAllowed):
        triage.refer_to_team(
            case, team=None, explanation="", version=case.version, handler=call_handler
        )


def test_no_further_action_needs_a_reason_the_reporter_is_told(report_by, call_handler):
    case = report_by()
    with pytest.raises(NotAllowed):
        triage.close_no_further_action(
            case, explanation=" ", version=case.version, handler=call_handler
        )
    triage.close_no_further_action(
        case, explanation="No lines of enquiry.", version=case.version, handler=call_handler
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.outcome == Outcome.NO_FURTHER_ACTION
    assert case.explanation == "No lines of enquiry." and case.closed_at is not None
    assert [n["what"] for n in notices_for(case)] == ["status"]


def test_the_assigned_teams_officer_closes_a_referred_report_keeping_its_outcome(
    report_by, officer, other_officer
):
    case = report_by(with_team=True)
    with pytest.raises(NotAllowed):
        triage.close_no_further_action(
            case, explanation="Spoken to.", version=case.version, handler=other_officer
        )
    triage.close_no_further_action(
        case, explanation="We spoke to the neighbours.", version=case.version, handler=officer
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.outcome == Outcome.REFERRED


def test_a_duplicate_names_nothing_of_the_other_report(report_by, call_handler, other_resident):
    first = report_by(reporter=other_resident)
    case = report_by()
    triage.mark_duplicate(
        case, of_reference=first.reference.lower(), version=case.version, handler=call_handler
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.outcome == Outcome.DUPLICATE
    assert case.duplicate_of == first
    assert first.reference not in case.explanation
    assert other_resident.display_name not in case.explanation
    assert [n["what"] for n in notices_for(case)] == ["status"]


def test_a_duplicate_of_nothing_itself_or_a_permit_is_refused(report_by, call_handler):
    case = report_by()
    permit = CaseFactory(counter="permit", kind="permit.street_party")
    for reference in ("R-00000-00000", case.reference, permit.reference, ""):
        with pytest.raises(NotAllowed):
            triage.mark_duplicate(
                case, of_reference=reference, version=case.version, handler=call_handler
            )
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED


def test_messages_are_signed_by_the_contact_centre_or_the_officers_team(
    report_by, call_handler, officer
):
    case = report_by(with_team=True)
    triage.message_reporter(case, author=call_handler, body="Can you send a photo?")
    triage.message_reporter(case, author=officer, body="We will visit tomorrow.")
    signatures = list(CaseMessage.objects.filter(case=case).values_list("signature", flat=True))
    assert signatures == ["Contact centre", case.team.name]
    assert [n["what"] for n in notices_for(case)] == ["message", "message"]


def test_nobody_else_can_message_the_reporter(report_by, other_officer, moderator):
    case = report_by(with_team=True)
    for user in (other_officer, moderator):
        with pytest.raises(NotAllowed):
            triage.message_reporter(case, author=user, body="Hello")
    assert not CaseMessage.objects.filter(case=case).exists()


def test_bulk_applies_each_report_on_its_own_and_reports_the_handled_ones(
    report_by, call_handler, second_handler
):
    fresh, stale, claimed = report_by(), report_by(), report_by()
    stale_version = stale.version
    triage.record_crime(
        stale, crime_reference="4512345", version=stale.version, handler=second_handler
    )
    claimed = claim_case(claimed, handler=second_handler)
    result = triage.triage_many(
        cases=[(fresh, fresh.version), (stale, stale_version), (claimed, claimed.version)],
        handler=call_handler,
        action="nfa",
        explanation="Duplicate call, already dealt with by phone.",
    )
    assert result.done == [fresh.reference]
    assert [line.split(":")[0] for line in result.skipped] == [stale.reference, claimed.reference]
    assert Case.objects.get(pk=fresh.pk).outcome == Outcome.NO_FURTHER_ACTION
    assert Case.objects.get(pk=stale.pk).outcome == Outcome.CRIME_RECORDED
    assert Case.objects.get(pk=claimed.pk).status == CaseStatus.ASSESSING


def test_bulk_claim_takes_the_unchanged_ones_only(report_by, call_handler, second_handler):
    free, taken = report_by(), report_by()
    seen = taken.version
    claim_case(taken, handler=second_handler)
    taken.refresh_from_db()
    result = triage.triage_many(
        cases=[(free, free.version), (taken, seen)], handler=call_handler, action="claim"
    )
    assert result.done == [free.reference] and len(result.skipped) == 1
    assert Case.objects.get(pk=free.pk).claimed_by == call_handler
    assert Case.objects.get(pk=taken.pk).claimed_by == second_handler


def test_bulk_duplicates_close_as_duplicates_of_one_report(report_by, call_handler):
    original, one, two = report_by(), report_by(), report_by()
    result = triage.triage_many(
        cases=[(one, one.version), (two, two.version)],
        handler=call_handler,
        action="duplicate",
        of_reference=original.reference,
    )
    assert sorted(result.done) == sorted([one.reference, two.reference])
    assert set(Case.objects.filter(duplicate_of=original).values_list("pk", flat=True)) == {
        one.pk,
        two.pk,
    }


def test_bulk_refuses_an_action_it_does_not_offer(report_by, call_handler):
    case = report_by()
    with pytest.raises(NotAllowed):
        triage.triage_many(cases=[(case, case.version)], handler=call_handler, action="record")
