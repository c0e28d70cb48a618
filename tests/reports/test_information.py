"""The 999 gate reads all of a report, and what the reporter adds later too."""

from __future__ import annotations

import pytest
from django.urls import reverse

from casework.models import CaseMessage
from casework.states import Grade
from engage.refusals import EmergencyNotAcknowledged
from reports import services
from reports.models import ReportDraft
from tests.conftest import signed_in
from tests.reports.test_submission import ANSWERS

pytestmark = pytest.mark.django_db

DANGER = "He is in my house right now with a knife and says he will hurt me."


def test_danger_written_after_a_long_account_still_gets_the_999_page(resident):
    long_account = "My bike was taken from the rack by the library. " * 40 + DANGER
    answers = {**ANSWERS, "what": {"text": long_account}}
    draft = ReportDraft.objects.create(kind="crime.theft", owner=resident, answers=answers)

    assert len(long_account) > 1200
    with pytest.raises(EmergencyNotAcknowledged):
        services.submit_report(draft=draft, reporter=resident)


def test_danger_in_the_contact_notes_gets_the_999_page(resident):
    contact = {**ANSWERS["contact"], "avoid_times": DANGER}
    draft = ReportDraft.objects.create(
        kind="crime.theft", owner=resident, answers={**ANSWERS, "contact": contact}
    )

    with pytest.raises(EmergencyNotAcknowledged):
        services.submit_report(draft=draft, reporter=resident)


def test_added_information_that_reads_as_an_emergency_shows_the_999_page_first(report_by, resident):
    case = report_by()
    client = signed_in(resident)
    url = reverse("reports:status", args=[case.reference])

    first = client.post(url, {"body": DANGER})

    assert "call 999 now" in first.content.decode() and not CaseMessage.objects.exists()
    sent = client.post(url, {"body": DANGER, "emergency_understood": "1"})
    case.refresh_from_db()
    assert sent.status_code == 302 and CaseMessage.objects.get().body == DANGER
    assert case.grade == Grade.HIGH
    assert (case.triage_due_at - case.created_at).total_seconds() == 45 * 60


def test_ordinary_added_information_leaves_the_grade_alone(report_by, resident):
    case = report_by()

    services.add_report_information(case, reporter=resident, body="The frame number is WX123.")
    case.refresh_from_db()

    assert case.grade == Grade.STANDARD and case.messages.count() == 1


def test_a_triaged_report_is_not_regraded_by_what_is_added(report_by, resident):
    case = report_by(recorded=True)

    services.add_report_information(
        case, reporter=resident, body=DANGER, acknowledged_emergency=True
    )
    case.refresh_from_db()

    assert case.grade == Grade.STANDARD  # past triage: its handler reads the message
