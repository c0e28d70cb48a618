"""The staff side of a case in triage: claims, versions and the grade (engage.claims holds the
claim rules shared with moderation's queue)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.db.models import F

from casework.models import Case, CaseEventKind
from casework.services.cases import record, transition_case, triage_due
from casework.states import CaseStatus, Counter, Grade, grade_rank
from engage import claims
from engage.refusals import AlreadyHandled, NotAllowed

if TYPE_CHECKING:
    from engage.models import User

CLAIMED_BY_OTHER = (
    "Another call handler is assessing this report, or it has been triaged. Pick another "
    "from the queue."
)


@transaction.atomic
def claim_case(case: Case, *, handler: User) -> Case:
    """Reserve an untriaged case ("being assessed by ..."); the reporter sees "being assessed"."""
    if not claims.claim(
        Case.objects.filter(counter=Counter.REPORT).untriaged(),
        case.pk,
        user=handler,
        minutes=settings.CASE_CLAIM_MINUTES,
    ):
        raise AlreadyHandled(CLAIMED_BY_OTHER)
    case.refresh_from_db()
    if case.status == CaseStatus.RECEIVED:
        return transition_case(case, CaseStatus.ASSESSING, actor=handler)
    record(case, CaseEventKind.CLAIMED, actor=handler)
    return case


@transaction.atomic
def release_case(case: Case, *, handler: User) -> None:
    """Give the claim back: the case waits for a handler again, and its reporter's page stops
    saying someone is assessing it."""
    if claims.release(
        Case.objects.filter(counter=Counter.REPORT).untriaged(), case.pk, user=handler
    ):
        case.refresh_from_db()
        record(case, CaseEventKind.RELEASED, actor=handler)
        if case.status == CaseStatus.ASSESSING:
            transition_case(case, CaseStatus.RECEIVED, actor=handler, system=True)


@transaction.atomic
def raise_grade(case: Case, *, grade: str, reason: str) -> bool:
    """Screening of something the reporter added found it more serious: an untriaged case
    moves up to `grade` (never down; a handler's regrade is the only way down), with the
    target that lane sets from the report's arrival. False if nothing changed."""
    if grade_rank(grade) >= case.grade_rank:
        return False
    raised = (
        Case.objects.filter(counter=Counter.REPORT)
        .untriaged()
        .filter(pk=case.pk, grade_rank__gt=grade_rank(grade))
    )
    before = case.grade
    if not raised.update(
        grade=grade,
        grade_rank=grade_rank(grade),
        grade_reason=reason[:300],
        triage_due_at=triage_due(grade, case.created_at),
        version=F("version") + 1,
    ):
        return False
    case.refresh_from_db()
    record(
        case, CaseEventKind.GRADED, actor=None, note=reason, detail={"from": before, "to": grade}
    )
    return True


@transaction.atomic
def regrade_case(case: Case, *, grade: str, reason: str, version: int, handler: User) -> Case:
    """A handler re-THRIVEs a case: another lane, either way, with the reason recorded. The
    triage target becomes the new lane's, counted from when the report arrived."""
    reason = reason.strip()
    if not reason:
        raise NotAllowed("Say why the grade changes: it is kept in the case's history.")
    if grade == case.grade:
        return case
    if case.claimed_by_other(handler):
        raise AlreadyHandled(CLAIMED_BY_OTHER)
    before = case.grade
    if not claims.change_if_unchanged(
        Case.objects.filter(counter=Counter.REPORT).untriaged(),
        case.pk,
        version=version,
        grade=Grade(grade),
        grade_rank=grade_rank(grade),
        grade_reason=reason[:300],
        graded_by=handler,
        triage_due_at=triage_due(grade, case.created_at),
    ):
        raise AlreadyHandled(
            "Someone changed this case while you were looking at it. Nothing you did was "
            "applied; check it again."
        )
    case.refresh_from_db()
    record(
        case,
        CaseEventKind.GRADED,
        actor=handler,
        note=reason,
        detail={"from": before, "to": grade},
    )
    return case
