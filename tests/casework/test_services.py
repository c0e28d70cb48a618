"""casework.services: opening a case once, the state table, races, history, messages, notices."""

from __future__ import annotations

import pytest
from django.core import mail

from casework import services
from casework.models import AccessAction, Case, CaseAccess, CaseEvent, CaseEventKind
from casework.services.cases import retention_days
from casework.states import CaseStatus, Grade
from engage import outbox
from engage.refusals import AlreadyHandled, NotAllowed

pytestmark = pytest.mark.django_db


def open_report(reporter, neighbourhood, **extra):
    fields = {
        "counter": "report",
        "kind": "crime.theft",
        "reporter": reporter,
        "summary": "My bike was taken from outside the station.",
        "answers": {"what": {"text": "My bike was taken from outside the station."}},
        "neighbourhood": neighbourhood,
    }
    return services.open_case(**{**fields, **extra})


def test_a_new_case_is_received_with_an_unguessable_reference_and_its_first_history_row(
    resident, neighbourhood
):
    case = open_report(resident, neighbourhood, grade=Grade.HIGH)

    assert case.status == CaseStatus.RECEIVED
    assert case.reference.startswith("R-") and len(case.reference) == 13
    assert case.grade_rank == 0 and case.triage_due_at > case.created_at
    assert list(case.events.values_list("kind", "for_reporter")) == [(CaseEventKind.RECEIVED, True)]


def test_the_high_risk_target_is_forty_five_minutes_from_arrival(resident, neighbourhood):
    case = open_report(resident, neighbourhood, grade=Grade.HIGH)

    assert (case.triage_due_at - case.created_at).total_seconds() == 45 * 60


def test_the_same_submission_sent_twice_makes_one_case(resident, neighbourhood):
    first = open_report(resident, neighbourhood, submission_key="draft-1")
    again = open_report(resident, neighbourhood, submission_key="draft-1")

    assert first.pk == again.pk and Case.objects.count() == 1


def test_retention_takes_the_most_specific_setting(settings):
    settings.REPORT_RETENTION_DAYS = {"default": 100, "crime": 200, "crime.hate": 300}

    assert retention_days("crime.hate") == 300
    assert retention_days("crime.theft") == 200
    assert retention_days("asb") == 100


def test_only_the_table_moves_a_case_and_only_for_those_it_names(report_by, call_handler, resident):
    case = report_by()

    with pytest.raises(NotAllowed):
        services.transition_case(case, CaseStatus.CRIME_RECORDED, actor=resident)
    with pytest.raises(NotAllowed):
        services.transition_case(case, CaseStatus.RECEIVED, actor=call_handler)  # no such move
    moved = services.transition_case(case, CaseStatus.CLOSED, actor=call_handler, note="Duplicate")

    assert moved.status == CaseStatus.CLOSED and moved.closed_at and moved.triaged_at


def test_of_two_handlers_acting_on_what_they_read_exactly_one_wins(report_by, call_handler):
    case = report_by()
    seen_by_other = Case.objects.get(pk=case.pk)

    services.transition_case(case, CaseStatus.CLOSED, actor=call_handler, version=case.version)
    with pytest.raises(AlreadyHandled):
        services.transition_case(
            seen_by_other,
            CaseStatus.WITH_TEAM,
            actor=call_handler,
            version=seen_by_other.version,
        )

    assert Case.objects.get(pk=case.pk).status == CaseStatus.CLOSED
    assert case.events.filter(kind=CaseEventKind.STATUS).count() == 1


def test_claiming_marks_the_case_being_assessed_and_blocks_another_handler(report_by, call_handler):
    from tests.factories import CallHandlerFactory

    other = CallHandlerFactory().user
    case = services.claim_case(report_by(), handler=call_handler)

    assert case.status == CaseStatus.ASSESSING and case.claimed_by == call_handler
    with pytest.raises(AlreadyHandled):
        services.claim_case(case, handler=other)
    services.release_case(case, handler=call_handler)
    case.refresh_from_db()
    assert case.status == CaseStatus.RECEIVED  # the reporter no longer reads "being assessed"
    assert services.claim_case(case, handler=other).claimed_by == other


def test_a_regrade_needs_a_reason_and_moves_the_target_from_arrival(report_by, call_handler):
    case = report_by()

    with pytest.raises(NotAllowed):
        services.regrade_case(
            case, grade=Grade.HIGH, reason=" ", version=case.version, handler=call_handler
        )
    regraded = services.regrade_case(
        case, grade=Grade.HIGH, reason="Repeat victim", version=case.version, handler=call_handler
    )

    assert regraded.grade == Grade.HIGH and regraded.graded_by == call_handler
    assert (regraded.triage_due_at - regraded.created_at).total_seconds() == 45 * 60
    event = regraded.events.get(kind=CaseEventKind.GRADED)
    assert event.note == "Repeat victim" and event.detail == {"from": "standard", "to": "high"}
    assert not event.for_reporter  # the grade is staff's business


def test_a_stale_regrade_is_refused_and_changes_nothing(report_by, call_handler):
    case = report_by()
    stale = case.version
    services.claim_case(case, handler=call_handler)

    with pytest.raises(AlreadyHandled):
        services.regrade_case(
            case, grade=Grade.LOW, reason="Lost only", version=stale, handler=call_handler
        )
    assert Case.objects.get(pk=case.pk).grade == Grade.STANDARD


def test_a_staff_message_reaches_the_reporters_history_and_emails_a_notice_without_its_text(
    report_by, call_handler, resident, django_capture_on_commit_callbacks
):
    case = report_by()
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(
            case,
            author=call_handler,
            body="Do you have the **frame number**?",
            signature="Contact centre",
        )
    outbox.sweep()

    event = case.events.get(kind=CaseEventKind.MESSAGE)
    assert event.for_reporter and "<strong>frame number</strong>" in event.message.body_html
    [letter] = [m for m in mail.outbox if case.reference in m.subject]
    assert letter.to == [resident.email] and "frame number" not in letter.body
    assert case.reference in letter.body


def test_an_empty_or_oversized_message_is_refused_plainly(report_by, call_handler):
    case = report_by()

    with pytest.raises(NotAllowed, match="empty"):
        services.post_message(case, author=call_handler, body="  ", signature="Contact centre")
    with pytest.raises(NotAllowed, match="5000"):
        services.post_message(
            case, author=call_handler, body="x" * 5001, signature="Contact centre"
        )


def test_information_added_to_a_closed_report_reopens_it(report_by, resident):
    case = report_by(closed=True)

    services.add_information(case, reporter=resident, body="I found the receipt with the serial.")
    case.refresh_from_db()

    assert case.status == CaseStatus.RECEIVED and case.closed_at is None
    assert list(case.events.values_list("kind", flat=True)) == [
        CaseEventKind.INFORMATION,
        CaseEventKind.STATUS,
    ]


def test_only_the_reporter_adds_information(report_by, other_resident):
    with pytest.raises(NotAllowed):
        services.add_information(report_by(), reporter=other_resident, body="Not mine")


def test_every_staff_view_is_logged(report_by, call_handler):
    case = report_by()

    services.record_access(case, user=call_handler)
    services.record_access(case, user=call_handler, action=AccessAction.DOWNLOAD, detail="a.jpg")

    assert list(CaseAccess.objects.values_list("user", "action", "detail")) == [
        (call_handler.pk, "view", ""),
        (call_handler.pk, "download", "a.jpg"),
    ]


def test_a_rolled_back_change_leaves_no_history_and_publishes_nothing(
    report_by, call_handler, django_capture_on_commit_callbacks
):
    from django.db import transaction

    case = report_by()
    before = CaseEvent.objects.count()
    with (
        django_capture_on_commit_callbacks() as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.transition_case(case, CaseStatus.CLOSED, actor=call_handler)
        raise RuntimeError("the request failed")

    assert CaseEvent.objects.count() == before and callbacks == []
