"""The review: what a licensing officer of the application's unit may do with it.

Every decision carries the case version the officer read: if anyone changed the case since
(another officer's claim or decision, the applicant's answer), nothing is applied and they get
AlreadyHandled, the polite "someone already handled this". An application another officer has
claimed can be decided only by them until the claim runs out. Status changes go through
casework.services.transition_case (the only status writer, against casework.states' permit
path, which also pauses and resumes the review clock); the applicant hears of each by email
(casework.notices: never the case's text).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone

from casework import access, notices
from casework.models import Case, CaseEventKind, CaseMessage, CaseQuerySet, Counter
from casework.services import post_message, record, transition_case
from casework.states import IN_REVIEW, CaseStatus, Role
from engage import claims
from engage.refusals import AlreadyHandled, NotAllowed
from permits.models import Application, RefereeCheck, Visit
from permits.services import notices as public_notices

if TYPE_CHECKING:
    from engage.models import User

REVIEWABLE = IN_REVIEW | {CaseStatus.MORE_INFO}
REASON_MAX = 5000
# History rows only the review has (staff-only: never for_reporter). Plain strings rather
# than casework.models.CaseEventKind choices, which would need a casework migration.
REFEREE_EVENT = "permit.referee"
VISIT_DONE_NOTE = "Home visit done (or called off)."
RESUMED_NOTE = "Review went on without the applicant's answer."
CLAIMED_BY_OTHER = (
    "Another licensing officer is reviewing this application, or it has been decided. Pick "
    "another from the queue."
)
STALE = (
    "Someone has already handled this application since you opened it. Nothing you did was "
    "applied; here it is as it is now."
)


def reviewable() -> CaseQuerySet:
    """Applications still open to their reviewers (claims and decisions act only on these)."""
    return Case.objects.filter(counter=Counter.PERMIT, status__in=REVIEWABLE)


def _as_reviewer(case: Case, officer: User, version: int | None = None) -> None:
    """The review is the unit's: refuse anyone else, a form read before the latest change,
    and anyone acting on an application another officer holds."""
    if Role.LICENSING not in access.roles_on(case, officer, verified=True):
        raise NotAllowed("Only a licensing officer of the reviewing unit can do that.")
    if version is not None and version != case.version:
        raise AlreadyHandled(STALE)
    if case.claimed_by_other(officer):
        raise AlreadyHandled(CLAIMED_BY_OTHER)


def _tell(case: Case) -> None:
    notices.tell_reporter(case, "status", key=f"case-status-{case.pk}-{case.version}")


def signature_for(case: Case) -> str:
    """Officers sign as their unit (the applicant writes back to the unit, not a person)."""
    return case.unit.name if case.unit else "Licensing"


@transaction.atomic
def claim_application(case: Case, *, officer: User) -> Case:
    """Reserve an application under review ("being reviewed by ..."). The first claim of a
    received application starts its review: the applicant is told it is under review."""
    _as_reviewer(case, officer)
    if case.status == CaseStatus.RECEIVED:
        # The transition first: its conditional UPDATE (still received?) picks the one
        # winner of two officers claiming at once, and the claim then lands on the row as
        # the transition left it (which keeps claims: under review is no final state).
        case = transition_case(case, CaseStatus.UNDER_REVIEW, actor=officer)
        _tell(case)
    if not claims.claim(reviewable(), case.pk, user=officer, minutes=settings.CASE_CLAIM_MINUTES):
        raise AlreadyHandled(CLAIMED_BY_OTHER)
    case.refresh_from_db()
    record(case, CaseEventKind.CLAIMED, actor=officer)
    return case


@transaction.atomic
def release_application(case: Case, *, officer: User) -> bool:
    """Give the claim back. The status stays as it is (a review that has begun is still under
    review); the application shows as free on the queue again. False if they held none."""
    if not claims.release(reviewable(), case.pk, user=officer):
        return False
    case.refresh_from_db()
    record(case, CaseEventKind.RELEASED, actor=officer)
    return True


@transaction.atomic
def request_information(case: Case, *, officer: User, body: str, version: int) -> Case:
    """Ask the applicant for more: the message (on their page, and an email saying it is
    there) and "more information needed", which stops the review clock until they answer."""
    _as_reviewer(case, officer, version)
    case = transition_case(
        case, CaseStatus.MORE_INFO, actor=officer, version=version, note="Asked for more."
    )
    # post_message emails the "message" notice: one email for the one thing that happened.
    post_message(case, author=officer, body=body, signature=signature_for(case))
    return case


@transaction.atomic
def resume_review(case: Case, *, officer: User, version: int) -> Case:
    """Go on without the applicant's answer: under review again, the clock running, the target
    pushed back by the time it waited (transition_case)."""
    _as_reviewer(case, officer, version)
    if case.status != CaseStatus.MORE_INFO:
        raise NotAllowed("This application is not waiting on its applicant.")
    case = transition_case(
        case, CaseStatus.UNDER_REVIEW, actor=officer, version=version, note=RESUMED_NOTE
    )
    _tell(case)
    return case


@transaction.atomic
def book_visit(case: Case, *, officer: User, at: datetime, note: str, version: int) -> Visit:
    """Book a home visit in the future. The applicant's history shows when; the note is the
    reviewer's alone."""
    _as_reviewer(case, officer, version)
    if at <= timezone.now():
        raise NotAllowed("A visit is booked for a time still to come.")
    case = transition_case(
        case,
        CaseStatus.VISIT_BOOKED,
        actor=officer,
        version=version,
        note="Home visit booked.",
        detail={
            "visit_at": at.isoformat(),
            "visit_when": formats.date_format(timezone.localtime(at), "l j F Y, H:i"),
        },
    )
    visit = Visit.objects.create(case=case, at=at, note=note.strip()[:300], booked_by=officer)
    _tell(case)
    return visit


@transaction.atomic
def visit_done(case: Case, *, officer: User, version: int) -> Case:
    """The visit happened, or was called off: the application is under review again."""
    _as_reviewer(case, officer, version)
    if case.status != CaseStatus.VISIT_BOOKED:
        raise NotAllowed("No visit is booked on this application.")
    case = transition_case(
        case, CaseStatus.UNDER_REVIEW, actor=officer, version=version, note=VISIT_DONE_NOTE
    )
    _tell(case)
    return case


@transaction.atomic
def record_referee_check(
    case: Case, *, officer: User, referee: str, outcome: str, note: str = ""
) -> RefereeCheck:
    """Record speaking to a referee, while the application is under review. Staff-only: the
    applicant's history never shows it (a referee's concerns are not theirs to read)."""
    _as_reviewer(case, officer)
    if case.status not in REVIEWABLE:
        raise NotAllowed("This application has been decided: referee checks are closed.")
    referee = " ".join(referee.split())
    if not referee:
        raise NotAllowed("Name the referee you spoke to.")
    check = RefereeCheck.objects.create(
        case=case, referee=referee[:120], outcome=outcome, note=note.strip(), checked_by=officer
    )
    record(
        case,
        REFEREE_EVENT,
        actor=officer,
        note=f"Referee {check.referee}: {check.get_outcome_display().lower()}",
    )
    return check


def expiry(today: date, years: int) -> date:
    """`years` after `today`; a licence granted on 29 February ends on 28 February."""
    try:
        return today.replace(year=today.year + years)
    except ValueError:
        return today.replace(year=today.year + years, day=28)


@transaction.atomic
def grant(
    case: Case, *, officer: User, version: int, reason: str = "", conditions: str = ""
) -> Case:
    """Grant the application (acknowledge, for a notice): who decided and when, the reasons
    and conditions the letter gives, a certificate's end (today + the type's valid_years),
    and the public notice when the type is publishable and the organiser agreed."""
    _as_reviewer(case, officer, version)
    reason, conditions = _text(reason), _text(conditions)
    notice = Application.objects.filter(case=case, type__is_notification=True).exists()
    detail = {"explanation": reason, "conditions": conditions, "acknowledged": notice}
    case = transition_case(
        case,
        CaseStatus.GRANTED,
        actor=officer,
        version=version,
        note="Granted.",
        detail={key: value for key, value in detail.items() if value},
        explanation=reason,
    )
    application = Application.objects.select_related("type").get(case=case)
    years = application.type.valid_years
    application.decided_by, application.decided_at = officer, timezone.now()
    application.reason, application.conditions = reason, conditions
    application.expires_on = expiry(timezone.localdate(), years) if years > 0 else None
    application.save(
        update_fields=["decided_by", "decided_at", "reason", "conditions", "expires_on"]
    )
    public_notices.publish_granted(application)
    _tell(case)
    return case


@transaction.atomic
def refuse(case: Case, *, officer: User, version: int, reason: str) -> Case:
    """Refuse the application, with the reason the applicant reads (in their history and the
    letter): required. A notice (a march, an event) is acknowledged, never refused here:
    stopping one is a matter for the law (e.g. Public Order Act 1986 s.13), not this form."""
    reason = _text(reason)
    if not reason:
        raise NotAllowed("Say why it is refused: the applicant reads it.")
    _as_reviewer(case, officer, version)
    application = Application.objects.select_related("type").get(case=case)
    if application.type.is_notification:
        raise NotAllowed("A notice is acknowledged, not refused.")
    case = transition_case(
        case,
        CaseStatus.REFUSED,
        actor=officer,
        version=version,
        note="Refused.",
        detail={"explanation": reason},
        explanation=reason,
    )
    application.decided_by, application.decided_at = officer, timezone.now()
    application.reason = reason
    application.save(update_fields=["decided_by", "decided_at", "reason"])
    _tell(case)
    return case


def message_applicant(case: Case, *, officer: User, body: str) -> CaseMessage:
    """The unit's officers write to the applicant (on their page, live, and an email notice),
    signed as the unit."""
    if Role.LICENSING not in access.roles_on(case, officer, verified=True):
        raise NotAllowed("Only a licensing officer of the reviewing unit can write about it.")
    if case.reporter_id is None:
        raise NotAllowed("There is no account to write to.")
    return post_message(case, author=officer, body=body, signature=signature_for(case))


def _text(value: str) -> str:
    value = (value or "").strip()
    if len(value) > REASON_MAX:
        raise NotAllowed(f"Keep it under {REASON_MAX} characters.")
    return value
