"""Sending a report (reports.services.submit_report): once, screened, graded, receipted."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db import transaction

from casework.models import Case, CaseEvent
from engage import outbox
from engage.refusals import EmergencyNotAcknowledged, NotAllowed
from reports import services
from reports.models import ReportDraft
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "when": {"date": "2026-03-02", "precision": "unknown", "at": "", "start": "", "end": ""},
    "where": {"postcode": "", "place": "Library", "neighbourhood": None},
    "what": {"text": "My bike was taken from the rack."},
    "people": {"suspect_known": "no", "descriptions": ""},
    "witnesses": {"any": "no", "details": ""},
    "contact": {"phone": "07700 900 982", "email": ""},
}


def _draft(owner, **fields) -> ReportDraft:
    fields.setdefault("answers", dict(ANSWERS))
    return ReportDraft.objects.create(kind=fields.pop("kind", "crime.theft"), owner=owner, **fields)


def test_a_report_becomes_one_received_case_with_a_receipt(resident):
    draft = _draft(resident)
    case = services.submit_report(draft=draft, reporter=resident)
    assert case.status == "received" and case.counter == "report" and case.grade == "standard"
    assert case.summary == "My bike was taken from the rack."
    assert case.triage_due_at > case.created_at
    assert CaseEvent.objects.filter(case=case, kind="case.received", for_reporter=True).exists()
    draft.refresh_from_db()
    assert draft.case == case
    outbox.sweep()
    assert len(mail.outbox) == 1 and case.reference in mail.outbox[0].body


def test_submitting_twice_returns_the_first_case(resident):
    draft = _draft(resident)
    first = services.submit_report(draft=draft, reporter=resident)
    second = services.submit_report(draft=draft, reporter=resident)
    assert first == second and Case.objects.count() == 1


def test_an_emergency_is_refused_until_acknowledged_and_nothing_is_filed(resident):
    answers = {**ANSWERS, "what": {"text": "A man is waving a knife outside the station right now"}}
    draft = _draft(resident, answers=answers)
    with pytest.raises(EmergencyNotAcknowledged):
        services.submit_report(draft=draft, reporter=resident)
    assert not Case.objects.exists()
    case = services.submit_report(draft=draft, reporter=resident, acknowledged_emergency=True)
    assert case.grade == "high" and case.screening


def test_someone_at_risk_sends_the_report_to_the_high_lane(resident):
    case = services.submit_report(draft=_draft(resident, at_risk=True), reporter=resident)
    assert case.grade == "high" and "at risk" in case.grade_reason


def test_a_repeat_victim_is_graded_up(resident):
    CaseFactory(reporter=resident)
    case = services.submit_report(draft=_draft(resident), reporter=resident)
    assert case.grade == "medium" and "Repeat victim" in case.grade_reason


def test_a_report_with_questions_unanswered_is_refused(resident):
    draft = _draft(resident, answers={"what": {"text": "Taken."}})
    with pytest.raises(NotAllowed, match="not been answered"):
        services.submit_report(draft=draft, reporter=resident)


def test_answers_to_steps_the_type_does_not_ask_are_not_sent(resident):
    draft = _draft(resident, answers={**ANSWERS, "hate": {"motives": ["race"]}})
    case = services.submit_report(draft=draft, reporter=resident)
    assert "hate" not in case.answers and "what" in case.answers


def test_a_rolled_back_submission_sends_no_receipt(resident):
    draft = _draft(resident)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.submit_report(draft=draft, reporter=resident)
        raise RuntimeError("the request failed after the service ran")
    outbox.sweep()
    assert not Case.objects.exists() and mail.outbox == []


def test_a_signed_out_tip_off_is_anonymous_unless_it_leaves_a_way_to_call_back():
    tip = {"where": ANSWERS["where"], "what": ANSWERS["what"], "contact": {"phone": ""}}
    silent = _draft(None, kind="tell_us", session_key="s1", answers=tip)
    assert services.submit_report(draft=silent, reporter=None).anonymous
    callback = {**tip, "contact": {"phone": "07700 900 982"}}
    caller = _draft(None, kind="tell_us", session_key="s2", answers=callback)
    case = services.submit_report(draft=caller, reporter=None)
    assert not case.anonymous and case.reporter is None


def test_a_sent_draft_keeps_no_copy_of_the_answers(resident):
    draft = _draft(resident)

    case = services.submit_report(draft=draft, reporter=resident)

    draft.refresh_from_db()
    assert draft.case == case and draft.answers == {}
    assert case.answers["what"]["text"] == "My bike was taken from the rack."
