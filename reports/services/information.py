"""The reporter adds to their report: screened like the report itself, since what someone adds
later ("he is outside my door now") can be the most urgent thing they write."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from casework import services as case_services
from casework.states import Grade
from engage.refusals import EmergencyNotAcknowledged
from moderation.lanes import SAFEGUARDING
from moderation.screening import screen

if TYPE_CHECKING:
    from casework.models import Case, CaseMessage
    from engage.models import User

RAISED_BY_SCREENING = "Information the reporter added reads as {what}"


@transaction.atomic
def add_report_information(
    case: Case, *, reporter: User, body: str, acknowledged_emergency: bool = False
) -> CaseMessage:
    """Add the reporter's words to their case. Words that read as an emergency are refused
    until the reporter has seen the 999 page; an emergency or a safeguarding concern moves an
    untriaged report up to the high-risk lane (casework.services.raise_grade)."""
    screening = screen(body)
    if screening.is_emergency and not acknowledged_emergency:
        raise EmergencyNotAcknowledged()
    message = case_services.add_information(case, reporter=reporter, body=body)
    safeguarding = any(finding.lane == SAFEGUARDING for finding in screening.findings)
    if screening.is_emergency or safeguarding:
        what = "an emergency" if screening.is_emergency else "someone at risk of harm"
        case.refresh_from_db()
        case_services.raise_grade(
            case, grade=Grade.HIGH, reason=RAISED_BY_SCREENING.format(what=what)
        )
    return message
