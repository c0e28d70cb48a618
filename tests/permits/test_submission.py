"""Sending an application: every question answered, screened for an emergency, filed once as
a permit case with its Application row, its documents and a receipt."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from casework.models import Case, CaseDocument
from casework.services import transition_case
from casework.states import CaseStatus
from engage.models import OutboxItem
from engage.refusals import EmergencyNotAcknowledged, NotAllowed
from permits import flow
from permits.models import Application, ApplicationDraft, DraftFile
from permits.services.applicant import answer_request, withdraw_application
from permits.services.drafts import save_answer, save_file, start_draft
from permits.services.submission import submit_application
from tests.factories import PostcodeAreaFactory, seeded_type
from tests.permits.applying import PDF, checked

pytestmark = pytest.mark.django_db


def on(days: int, at: str = "10:00") -> str:
    return f"{(timezone.localdate() + timedelta(days=days)).isoformat()}T{at}"


def event_draft(owner, days: int = 40, **changes) -> ApplicationDraft:
    answers = {
        "title": "Pratt Street party",
        "what": "Street party",
        "attendance": "Fewer than 500",
        "starts": on(days, "12:00"),
        "ends": on(days, "18:00"),
        "place": "Pratt Street, London NW1 7AB",
        "closures": "",
        "plan": "",
        "organiser": {"name": "Asha", "address": "", "phone": "07700 900 982", "email": ""},
        "publish_consent": "No",
        **changes,
    }
    draft = start_draft(type=seeded_type("event"), owner=owner)
    for key, value in answers.items():
        draft = save_answer(draft, key=key, value=value)
    return draft


def test_an_event_is_filed_as_a_permit_case_for_its_unit_with_its_start(resident, neighbourhood):
    PostcodeAreaFactory(code="NW1 7", neighbourhood=neighbourhood)
    case = submit_application(draft=event_draft(resident), applicant=resident)
    kind = seeded_type("event")
    assert case.counter == "permit" and case.reference.startswith("P-")
    assert case.status == CaseStatus.RECEIVED and case.unit == kind.unit
    assert case.summary == f"{kind.name}: Pratt Street party"
    assert case.neighbourhood == neighbourhood
    application = Application.objects.get(case=case)
    assert application.starts_at == flow.local_moment(on(40, "12:00"))
    assert case.triage_due_at == application.starts_at and not application.late
    assert not application.publish_consent
    assert case.purge_after.date() == (case.created_at + timedelta(days=2 * 365)).date()
    assert OutboxItem.objects.filter(dedupe_key=f"case-receipt-{case.pk}").exists()
    draft = ApplicationDraft.objects.get(case=case)
    assert draft.answers == {}


def test_a_type_without_a_date_is_due_its_review_days_on_and_has_no_neighbourhood(resident):
    draft = start_draft(type=seeded_type("firearms"), owner=resident)
    draft.answers = {"certificate": "Shotgun certificate"}
    draft.save()
    with pytest.raises(NotAllowed, match="not been answered"):
        submit_application(draft=draft, applicant=resident)
    answers = {
        "grant_or_renewal": "Grant (a first certificate)",
        "prohibited": "No",
        "date_of_birth": "1980-07-04",
        "home": "3 Church Lane, Little Hadham SG11 2DP",  # a postcode we do not cover
        "reason": "Clays",
        "storage": "A cabinet",
        "gp": {"name": "Dr Khan", "address": "", "phone": "01279 000 000", "email": ""},
        "referee_1": {"name": "Bill", "address": "", "phone": "07700 900 123", "email": ""},
        "referee_2": "",
    }
    for key, value in answers.items():
        draft = save_answer(draft, key=key, value=value)
    draft = save_file(draft, key="medical_proforma", clean=checked(PDF, "proforma.pdf"))
    case = submit_application(draft=draft, applicant=resident)
    expected = case.created_at + timedelta(days=112)
    assert abs(case.triage_due_at - expected) < timedelta(seconds=5)
    assert case.neighbourhood is None and Application.objects.get(case=case).starts_at is None
    document = CaseDocument.objects.get(case=case)
    assert case.answers["medical_proforma"] == {"document": document.pk, "name": "proforma.pdf"}
    assert "referee_2" not in case.answers and not DraftFile.objects.exists()


def test_sending_twice_files_one_case(resident):
    draft = event_draft(resident)
    first = submit_application(draft=draft, applicant=resident)
    assert submit_application(draft=draft, applicant=resident) == first
    assert Case.objects.count() == 1 and Application.objects.count() == 1


def test_only_the_owner_can_send_a_draft(resident, other_resident):
    with pytest.raises(NotAllowed):
        submit_application(draft=event_draft(resident), applicant=other_resident)
    assert not Case.objects.exists()


def test_a_stop_answer_files_nothing(resident):
    draft = start_draft(type=seeded_type("procession"), owner=resident)
    draft = save_answer(
        draft, key="moving", value="No, it is a static protest or gathering in one place"
    )
    with pytest.raises(NotAllowed, match="cannot be made here"):
        submit_application(draft=draft, applicant=resident)
    assert not Case.objects.exists()


def test_less_notice_than_the_lead_days_is_late_but_accepted(resident):
    case = submit_application(draft=event_draft(resident, days=10), applicant=resident)
    assert Application.objects.get(case=case).late


def test_clear_days_count_neither_the_day_of_notice_nor_the_day_itself():
    today = timezone.localdate()
    starts = flow.local_moment(on(7))
    assert flow.clear_days(starts, today) == 6
    kind = seeded_type("procession")  # six clear days
    assert not flow.is_late(kind, starts, today)
    assert flow.is_late(kind, flow.local_moment(on(6)), today)


def test_an_emergency_anywhere_in_the_words_is_refused_until_acknowledged(resident):
    draft = event_draft(
        resident,
        organiser={
            "name": "Asha",
            "address": "He has a gun and is threatening to shoot people right now",
            "phone": "07700 900 982",
            "email": "",
        },
    )
    with pytest.raises(EmergencyNotAcknowledged):
        submit_application(draft=draft, applicant=resident)
    assert not Case.objects.exists() and not OutboxItem.objects.exists()
    case = submit_application(draft=draft, applicant=resident, acknowledged_emergency=True)
    assert any(finding["lane"] == "urgent" for finding in case.screening)


def test_withdrawing_is_for_the_applicant_until_it_is_decided(
    application_by, other_resident, licensing_officer
):
    case = application_by()
    with pytest.raises(NotAllowed):
        withdraw_application(case, applicant=other_resident)
    withdrawn = withdraw_application(case, applicant=case.reporter)
    assert withdrawn.status == CaseStatus.WITHDRAWN
    with pytest.raises(NotAllowed, match="decided already"):
        withdraw_application(withdrawn, applicant=case.reporter)


def test_an_answer_to_a_request_is_screened_like_everything_else(application_by, licensing_officer):
    case = application_by()
    case = transition_case(case, CaseStatus.MORE_INFO, actor=licensing_officer)
    with pytest.raises(EmergencyNotAcknowledged):
        answer_request(
            case, applicant=case.reporter, body="He is hitting me right now, help, call police"
        )
    case.refresh_from_db()
    assert case.status == CaseStatus.MORE_INFO and not case.messages.exists()


def test_the_applicant_may_write_before_the_decision_without_moving_the_application(
    application_by, licensing_officer
):
    case = transition_case(application_by(), CaseStatus.UNDER_REVIEW, actor=licensing_officer)
    answer_request(case, applicant=case.reporter, body="I have moved house: 3 Oak Road.")
    case.refresh_from_db()
    assert case.status == CaseStatus.UNDER_REVIEW and case.paused_at is None
    assert case.messages.get().body == "I have moved house: 3 Oak Road."


def test_nothing_more_is_added_once_the_application_is_decided(application_by, licensing_officer):
    case = transition_case(application_by(), CaseStatus.REFUSED, actor=licensing_officer)
    with pytest.raises(NotAllowed, match="decided or withdrawn"):
        answer_request(case, applicant=case.reporter, body="But why?")
    assert not case.messages.exists()


def test_a_decision_made_while_the_applicant_writes_wins_and_nothing_is_added(
    application_by, licensing_officer
):
    """The applicant's page still says "under review"; the officer refused a moment ago."""
    seen = application_by(status=CaseStatus.UNDER_REVIEW)
    Case.objects.filter(pk=seen.pk).update(status=CaseStatus.REFUSED)
    with pytest.raises(NotAllowed):
        answer_request(seen, applicant=seen.reporter, body="One more thing.")
    assert not seen.messages.exists()
