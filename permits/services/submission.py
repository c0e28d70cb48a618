"""Sending an application: screened, filed as a private case of the permit counter, once."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone

from casework import notices
from casework.models import Case, Counter
from casework.services import open_case
from casework.services.documents import attach_stored, discard_files
from engage.refusals import EmergencyNotAcknowledged, NotAllowed
from engage.selectors import find_neighbourhoods
from moderation.screening import screen
from permits import flow
from permits.models import Application, ApplicationDraft, PublishAs, QuestionKind

if TYPE_CHECKING:
    from engage.models import Neighbourhood, User
    from moderation.screening import Screening
    from permits.models import ApplicationType, Question

POSTCODE = re.compile(r"\b([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})\b")


def free_text(questions: list[Question], answers: dict[str, Any]) -> str:
    """Everything the applicant wrote in their own words, for the 999 screen: every text,
    long text and address answer, and the names and addresses of the people they named."""
    parts: list[str] = []
    for question in questions:
        value = answers.get(question.key)
        if question.kind in flow.FREE_TEXT and isinstance(value, str):
            parts.append(value)
        elif question.kind == QuestionKind.PERSON and isinstance(value, dict):
            parts += [str(value.get("name", "")), str(value.get("address", ""))]
    return "\n\n".join(part for part in parts if part)


def neighbourhood_of(questions: list[Question], answers: dict[str, Any]) -> Neighbourhood | None:
    """The neighbourhood of the first postcode in an address answer that we cover. (Users
    have no home neighbourhood of their own to fall back on: None, and the unit sees it.)"""
    for question in questions:
        value = answers.get(question.key)
        if question.kind != QuestionKind.ADDRESS or not isinstance(value, str):
            continue
        for outward, inward in POSTCODE.findall(value.upper()):
            found = find_neighbourhoods(f"{outward} {inward}")
            if found.by_postcode:
                return found.matches[0]
    return None


def summary_of(kind: ApplicationType, questions: list[Question], answers: dict[str, Any]) -> str:
    """The case's one line: the type, and what the applicant called it if the type asks."""
    for question in questions:
        if question.publish_as == PublishAs.TITLE and answers.get(question.key):
            return f"{kind.name}: {answers[question.key]}"
    return kind.name


def _as_record(screening: Screening) -> list[dict[str, object]]:
    return [
        {"detector": f.detector, "lane": f.lane, "reason": f.reason} for f in screening.findings
    ]


def _ready(draft: ApplicationDraft, questions: list[Question]) -> None:
    if not draft.type.active:
        raise NotAllowed(
            "We no longer take this kind of application online. Call 101 to ask how to apply."
        )
    starts = flow.starts_at(questions, flow.given(questions, draft.answers))
    if starts is not None and starts < timezone.now():
        raise NotAllowed(
            "The date it starts has passed since you saved this application: change it, then send."
        )
    if flow.stopped_by(questions, draft.answers) is not None:
        raise NotAllowed("One of your answers means this application cannot be made here.")
    if flow.unanswered(questions, draft.answers) is not None:
        raise NotAllowed("Some questions have not been answered yet: answer them, then send.")
    missing = [
        q.key
        for q in flow.asked(questions, draft.answers)
        if q.required and draft.answers.get(q.key) in flow.EMPTY
    ]
    if missing:
        raise NotAllowed("Some questions have not been answered yet: answer them, then send.")


@transaction.atomic
def submit_application(
    *, draft: ApplicationDraft, applicant: User, acknowledged_emergency: bool = False
) -> Case:
    """File the draft as a case, exactly once: the draft row is locked and the case is keyed by
    the draft's id, so a double click or a retry returns the first case. Only the draft's
    owner may send it, with every question asked answered and no answer that stops it. Text
    that reads as an emergency is refused until the applicant has seen the 999 page. The
    review target is the date it starts, else `review_days` on; the receipt goes by email."""
    draft = ApplicationDraft.objects.select_for_update().select_related("type").get(pk=draft.pk)
    if draft.case_id is not None:
        return Case.objects.get(pk=draft.case_id)
    if draft.owner_id != applicant.pk:
        raise NotAllowed("Only the person who started this application can send it.")
    kind = draft.type
    questions = flow.all_questions(kind)
    _ready(draft, questions)
    answers = flow.given(questions, draft.answers)
    asked = flow.asked(questions, draft.answers)
    # All of it, as a report is screened: nobody reads an application before the unit does.
    screening = screen(free_text(asked, answers))
    if screening.is_emergency and not acknowledged_emergency:
        raise EmergencyNotAcknowledged()
    starts = flow.starts_at(questions, answers)
    case = open_case(
        counter=Counter.PERMIT,
        kind=kind.kind,
        reporter=applicant,
        summary=summary_of(kind, asked, answers),
        answers=answers,
        neighbourhood=neighbourhood_of(asked, answers),
        screening=_as_record(screening),
        submission_key=str(draft.pk),
        unit=kind.unit,
        due_at=starts or timezone.now() + timedelta(days=kind.review_days),
        keep_days=kind.retention_days,
    )
    Application.objects.create(
        case=case,
        type=kind,
        starts_at=starts,
        late=flow.is_late(kind, starts),
        publish_consent=answers.get(flow.CONSENT_KEY) == "Yes",
    )
    _move_files(draft, case)
    notices.tell_reporter(case, "receipt", key=f"case-receipt-{case.pk}")
    draft.case = case
    draft.answers = {}  # the case holds them now, under its access log and retention
    draft.save(update_fields=["case", "answers"])
    return case


def _move_files(draft: ApplicationDraft, case: Case) -> None:
    """The draft's documents become the case's (the same stored files, not copies), and each
    file answer names its CaseDocument instead of the draft's file."""
    answers, unused = dict(case.answers), []
    for held in draft.files.all():
        if held.question_key not in answers:  # a question a later answer made irrelevant
            unused.append(held.file.name or "")
            continue
        document = attach_stored(
            case,
            uploaded_by=draft.owner,
            stored_name=held.file.name or "",
            name=held.name,
            content_type=held.content_type,
            size=held.size,
            sha256=held.sha256,
        )
        answers[held.question_key] = {"document": document.pk, "name": document.name}
    if answers != case.answers:
        Case.objects.filter(pk=case.pk).update(answers=answers)
        case.answers = answers
    discard_files(unused)
    # Deleted here so that deleting the draft later (or its expiry) cannot take the files.
    draft.files.all().delete()
