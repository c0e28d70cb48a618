"""Triage: what a call handler (or the assigned team's officer) may decide about a report.

Every decision carries the case version the person read: if anyone changed the case since
(another handler's claim or decision), nothing is applied and they get AlreadyHandled, the
polite "someone already handled this". A case another handler has claimed can be decided only
by that handler until the claim runs out. Status changes go through
casework.services.transition_case (the only status writer, against casework.states' table);
the reporter hears of each outcome by email (casework.notices: never the case's text).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db import transaction

from casework import access, notices
from casework.models import Case, CaseEventKind, CaseMessage, Counter
from casework.services import (
    claim_case,
    post_message,
    record,
    regrade_case,
    transition_case,
)
from casework.services.queue import CLAIMED_BY_OTHER
from casework.states import CaseStatus, Outcome, Role
from engage.refusals import AlreadyHandled, NotAllowed, Refusal
from reports.services import handover

if TYPE_CHECKING:
    from engage.models import Team, User

CRN_MAX = 30
# Forces write CRNs differently ("CRN 0123456/26", "01/123456/26", "4512345"): be liberal,
# but a CRN is letters, digits and separators, and has at least one digit.
CRN_FORMAT = re.compile(r"[A-Z0-9][A-Z0-9 /.\-]*")
DUPLICATE_EXPLANATION = (
    "Your report is about something we already have a report of, so we will deal with them "
    "together. You do not need to do anything; we have kept what you told us."
)
CONTACT_CENTRE = "Contact centre"


def _as_handler(case: Case, handler: User) -> None:
    """Triage is the contact centre's: refuse anyone else, and anyone acting on a report
    another handler is assessing."""
    if Role.HANDLER not in access.roles_on(case, handler, verified=True):
        raise NotAllowed("Only a call handler can triage a report.")
    if case.claimed_by_other(handler):
        raise AlreadyHandled(CLAIMED_BY_OTHER)


def _tell(case: Case) -> None:
    notices.tell_reporter(case, "status", key=f"case-status-{case.pk}-{case.version}")


def clean_crime_reference(text: str) -> str:
    """The CRN as stored: trimmed, upper case, spaces collapsed; NotAllowed if it is not one."""
    crn = " ".join((text or "").split()).upper()
    if not crn:
        raise NotAllowed("Enter the crime reference number the records system gave you.")
    if len(crn) > CRN_MAX:
        raise NotAllowed(f"A crime reference number is at most {CRN_MAX} characters.")
    if not CRN_FORMAT.fullmatch(crn) or not any(ch.isdigit() for ch in crn):
        raise NotAllowed(
            "A crime reference number is digits, with letters, spaces or / if your force "
            "writes them, for example CRN 0123456/26."
        )
    return crn


def regrade(case: Case, *, grade: str, reason: str, version: int, handler: User) -> Case:
    """A call handler moves an untriaged report to another lane, with a reason (kept in the
    history); the triage target becomes the new lane's, counted from when it arrived."""
    _as_handler(case, handler)
    return regrade_case(case, grade=grade, reason=reason, version=version, handler=handler)


@transaction.atomic
def record_crime(case: Case, *, crime_reference: str, version: int, handler: User) -> Case:
    """A call handler records an untriaged report as a crime with its CRN: status and outcome
    "crime recorded"; the reporter is told, and the report is handed to the records system."""
    crn = clean_crime_reference(crime_reference)
    _as_handler(case, handler)
    case = transition_case(
        case,
        CaseStatus.CRIME_RECORDED,
        actor=handler,
        version=version,
        note=f"Crime recorded: {crn}",
        detail={"crime_reference": crn},
        outcome=Outcome.CRIME_RECORDED,
        crime_reference=crn,
        explanation=f"We have recorded this as a crime. Your crime reference number is {crn}.",
    )
    handover.queue_hand_over(case)  # in this transaction: sent exactly when the decision commits
    _tell(case)
    return case


@transaction.atomic
def refer_to_team(
    case: Case, *, team: Team | None, explanation: str, version: int, handler: User
) -> Case:
    """A call handler passes a report (untriaged, or recorded as a crime) to a neighbourhood
    team, by default the one serving where it happened: status "with the team", outcome
    "referred" (a recorded crime keeps its outcome and CRN). The team's officers see it from
    then on; the reporter is told."""
    _as_handler(case, handler)
    team = team or (case.neighbourhood.team if case.neighbourhood else None)
    if team is None:
        raise NotAllowed("Choose the team to pass it to: no team serves where it happened.")
    explanation = explanation.strip() or (
        f"We have passed your report to the {team.name}, who look after the area where it "
        "happened. They may contact you."
    )
    outcome = case.outcome if case.outcome == Outcome.CRIME_RECORDED else Outcome.REFERRED
    case = transition_case(
        case,
        CaseStatus.WITH_TEAM,
        actor=handler,
        version=version,
        note=explanation,
        detail={"explanation": explanation},
        team=team,
        outcome=outcome,
        explanation=explanation,
    )
    record(case, CaseEventKind.ASSIGNED, actor=handler, detail={"team": team.pk})
    _tell(case)
    return case


@transaction.atomic
def close_no_further_action(case: Case, *, explanation: str, version: int, handler: User) -> Case:
    """Close a report with the reason the reporter reads (required). From triage it is "no
    further action" and only a call handler's; a recorded or referred report may also be closed
    by an officer of its team, keeping its outcome (and CRN)."""
    explanation = explanation.strip()
    if not explanation:
        raise NotAllowed("Say why no further action is taken: the reporter reads it.")
    outcome = case.outcome
    if case.is_untriaged:
        _as_handler(case, handler)
        outcome = Outcome.NO_FURTHER_ACTION
    case = transition_case(
        case,
        CaseStatus.CLOSED,
        actor=handler,
        version=version,
        note=explanation,
        detail={"explanation": explanation},
        explanation=explanation,
        outcome=outcome,
    )
    _tell(case)
    return case


@transaction.atomic
def mark_duplicate(case: Case, *, of_reference: str, version: int, handler: User) -> Case:
    """A call handler closes an untriaged report as a duplicate of another report (which must
    exist, be a report and not be this one). The reporter's explanation names nothing of the
    other report: it may be someone else's."""
    reference = (of_reference or "").strip().upper()
    other = (
        Case.objects.filter(reference=reference, counter=Counter.REPORT).exclude(pk=case.pk).first()
    )
    if other is None:
        raise NotAllowed(f"There is no other report {reference or 'with that reference'}.")
    _as_handler(case, handler)
    if not case.is_untriaged:
        raise AlreadyHandled("This report has been triaged already: reload it to see how.")
    case = transition_case(
        case,
        CaseStatus.CLOSED,
        actor=handler,
        version=version,
        note=f"Duplicate of {other.reference}",  # staff only: the reporter never sees another's
        detail={"explanation": DUPLICATE_EXPLANATION},
        outcome=Outcome.DUPLICATE,
        duplicate_of=other,
        explanation=DUPLICATE_EXPLANATION,
    )
    _tell(case)
    return case


def signature_for(case: Case, user: User) -> str:
    """How staff sign a message: the contact centre, or the officer's team."""
    roles = access.roles_on(case, user, verified=True)
    if Role.HANDLER in roles or case.team is None:
        return CONTACT_CENTRE
    return case.team.name


def message_reporter(case: Case, *, author: User, body: str) -> CaseMessage:
    """Staff on the case write to the reporter (in the case, live, and an email notice)."""
    if not access.is_staff_on(case, author, verified=True):
        raise NotAllowed("Only the contact centre and the assigned team can write about a case.")
    if case.reporter_id is None:
        raise NotAllowed("This report was made without an account: there is nobody to write to.")
    return post_message(case, author=author, body=body, signature=signature_for(case, author))


BULK_ACTIONS = ("claim", "nfa", "duplicate")


@dataclass
class BulkResult:
    done: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def triage_many(
    *,
    cases: list[tuple[Case, int]],
    handler: User,
    action: str,
    explanation: str = "",
    of_reference: str = "",
) -> BulkResult:
    """Claim, close with no further action (one reason) or close as duplicates of one report,
    for several reports at once: each in its own transaction with the version its row showed,
    so one already handled never undoes the others; the handler is told which, and why."""
    if action not in BULK_ACTIONS:
        raise NotAllowed("Choose claim, no further action or duplicate for the ticked reports.")
    result = BulkResult()
    for case, version in cases:
        try:
            if action == "claim":
                if case.version != version:
                    raise AlreadyHandled("someone changed it since you saw the queue.")
                claim_case(case, handler=handler)
            elif action == "nfa":
                close_no_further_action(
                    case, explanation=explanation, version=version, handler=handler
                )
            else:
                mark_duplicate(case, of_reference=of_reference, version=version, handler=handler)
        except Refusal as error:
            result.skipped.append(f"{case.reference}: {error.message}")
        else:
            result.done.append(case.reference)
    return result
