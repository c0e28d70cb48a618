"""Opening a case, moving it through the state table, and logging who read it."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from casework import access
from casework.models import AccessAction, Case, CaseAccess, CaseEvent, CaseEventKind, Counter
from casework.services import publishing
from casework.states import FINAL_STATES, UNTRIAGED, CaseStatus, Grade, Role, is_allowed
from engage.refusals import AlreadyHandled, NotAllowed

if TYPE_CHECKING:
    from engage.models import LicensingUnit, Neighbourhood, User


def triage_due(grade: str, since: datetime | None = None) -> datetime:
    minutes = settings.REPORT_TRIAGE_MINUTES.get(grade, 24 * 60)
    return (since or timezone.now()) + timedelta(minutes=minutes)


def retention_days(kind: str) -> int:
    """REPORT_RETENTION_DAYS by type: the most specific key wins ('crime.theft', 'crime',
    then 'default')."""
    table = settings.REPORT_RETENTION_DAYS
    parts = kind.split(".")
    for depth in range(len(parts), 0, -1):
        key = ".".join(parts[:depth])
        if key in table:
            return int(table[key])
    return int(table["default"])


@transaction.atomic
def open_case(
    *,
    counter: str,
    kind: str,
    reporter: User | None,
    summary: str,
    answers: dict[str, Any],
    neighbourhood: Neighbourhood | None = None,
    grade: str = Grade.STANDARD,
    thrive: dict[str, int] | None = None,
    grade_reason: str = "",
    screening: list[dict[str, object]] | None = None,
    anonymous: bool = False,
    submission_key: str | None = None,
    source_concern_ref: str = "",
    unit: LicensingUnit | None = None,
    due_at: datetime | None = None,
    keep_days: int | None = None,
) -> Case:
    """File a new private case in `received`, with its first history row. Idempotent per
    `submission_key`: the same form sent twice (a double click, a retry after a timeout)
    returns the case the first one made. Reports take their target from the grade and their
    retention from REPORT_RETENTION_DAYS; applications name theirs (`due_at`, `keep_days`,
    from the application type) and the `unit` that reviews them."""
    if submission_key:
        existing = Case.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    now = timezone.now()
    case = Case(
        counter=counter,
        kind=kind,
        reporter=reporter,
        anonymous=anonymous,
        neighbourhood=neighbourhood,
        summary=summary,
        answers=answers,
        screening=screening or [],
        grade=grade,
        thrive=thrive or {},
        grade_reason=grade_reason[:300],
        submission_key=submission_key,
        source_concern_ref=source_concern_ref,
        created_at=now,
        unit=unit,
        triage_due_at=due_at or triage_due(grade, now),
        purge_after=now + timedelta(days=keep_days or retention_days(kind)),
    )
    try:
        with transaction.atomic():
            case.save()
    except IntegrityError:
        if not submission_key:
            raise
        return Case.objects.get(submission_key=submission_key)
    record(case, CaseEventKind.RECEIVED, actor=reporter, to_status=case.status, for_reporter=True)
    return case


@transaction.atomic
def transition_case(
    case: Case,
    to: str,
    *,
    actor: User | None,
    note: str = "",
    version: int | None = None,
    system: bool = False,
    detail: dict[str, Any] | None = None,
    **changes: Any,
) -> Case:
    """Move `case` to `to` if casework.states allows it for this actor's roles. Conditional on
    the status (and, given, the version) the actor saw: of two acting at once exactly one wins,
    the other gets AlreadyHandled. The event and the live push happen only for the winner.
    `detail` is what the reporter's history shows of the change (a crime reference number, the
    explanation they read); `note` is for staff only."""
    frm = case.status
    roles: set[str] = {Role.SYSTEM} if system else access.roles_on(case, actor, verified=True)
    if not is_allowed(frm, to, roles):
        raise NotAllowed(
            f"A case that is {CaseStatus(frm).label.lower()} can't be moved to "
            f"{CaseStatus(to).label.lower()} by you."
        )
    rows = Case.objects.filter(pk=case.pk, status=frm)
    if version is not None:
        rows = rows.filter(version=version)
    now = timezone.now()
    if to in FINAL_STATES:
        changes.setdefault("closed_at", now)
        changes.setdefault("claimed_by", None)
        changes.setdefault("claim_expires_at", None)
    elif frm in FINAL_STATES:
        changes.setdefault("closed_at", None)
    changes.update(_clock_changes(case, frm, to, now))
    if case.counter == Counter.REPORT and frm in UNTRIAGED and to not in UNTRIAGED:
        changes.setdefault("triaged_at", now)
        changes.setdefault("claimed_by", None)
        changes.setdefault("claim_expires_at", None)
    if not rows.update(status=to, version=F("version") + 1, **changes):
        raise AlreadyHandled(
            "Someone else has already changed this case. Nothing you did was applied; "
            "reload it to see what they did."
        )
    case.refresh_from_db()
    record(
        case,
        CaseEventKind.STATUS,
        actor=actor,
        from_status=frm,
        to_status=to,
        note=note,
        detail=detail,
        for_reporter=True,
    )
    return case


def _clock_changes(case: Case, frm: str, to: str, now: datetime) -> dict[str, Any]:
    """An application's review clock stops while it waits on the applicant ("more information
    needed") and starts again when it moves on, the target pushed back by the time it waited."""
    if to == CaseStatus.MORE_INFO and frm != CaseStatus.MORE_INFO:
        return {"paused_at": now}
    if frm == CaseStatus.MORE_INFO and case.paused_at is not None:
        return {"paused_at": None, "triage_due_at": case.triage_due_at + (now - case.paused_at)}
    return {}


def record(
    case: Case,
    kind: str,
    *,
    actor: User | None,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
    detail: dict[str, Any] | None = None,
    for_reporter: bool = False,
    message_id: int | None = None,
) -> CaseEvent:
    """Append to the case's history (never edited) and push it after commit."""
    event = CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        note=note,
        detail=detail or {},
        for_reporter=for_reporter,
        message_id=message_id,
    )
    publishing.after_commit(event)
    return event


def record_access(
    case: Case, *, user: User, action: str = AccessAction.VIEW, detail: str = ""
) -> None:
    """Log that staff read the case (criminal-offence data: every view is accountable). The
    reporter reading their own case is not logged: it is their data."""
    CaseAccess.objects.create(
        case=case, case_reference=case.reference, user=user, action=action, detail=detail[:200]
    )
