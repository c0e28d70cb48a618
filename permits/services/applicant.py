"""What the applicant does to an application once it is sent: answer a request for more
information, or withdraw it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from casework.services import add_document, add_information, transition_case
from casework.states import DECIDED, CaseStatus
from engage.refusals import EmergencyNotAcknowledged, NotAllowed
from moderation.screening import screen
from permits.models import Application
from permits.services.notices import withdraw_notice

if TYPE_CHECKING:
    from casework.documents import CleanFile
    from casework.models import Case, CaseMessage
    from engage.models import User


def _own(case: Case, applicant: User) -> None:
    if case.reporter_id != applicant.pk:
        raise NotAllowed("Only the person who made the application can do this.")


@transaction.atomic
def withdraw_application(case: Case, *, applicant: User) -> Case:
    """The applicant takes their application back, at any time until it is decided (the
    state table allows it from every open permit state). A notice already public comes down."""
    _own(case, applicant)
    if case.status in DECIDED:
        raise NotAllowed("This application has been decided already, so it cannot be withdrawn.")
    case = transition_case(case, CaseStatus.WITHDRAWN, actor=applicant, note="Withdrawn.")
    application = Application.objects.filter(case=case).first()
    if application is not None:
        withdraw_notice(application)
    return case


@transaction.atomic
def answer_request(
    case: Case,
    *,
    applicant: User,
    body: str,
    clean: CleanFile | None = None,
    acknowledged_emergency: bool = False,
) -> CaseMessage:
    """The applicant answers a request for more information: their answer (and a document,
    if they add one) goes on the case and it goes back to under review, which starts the
    review clock again (casework.services.cases). Their words are screened like everything
    else they write: an emergency gets the 999 page first."""
    _own(case, applicant)
    if case.status != CaseStatus.MORE_INFO:
        raise NotAllowed("Nobody is waiting on an answer from you on this application now.")
    if screen(body).is_emergency and not acknowledged_emergency:
        raise EmergencyNotAcknowledged()
    message = add_information(case, reporter=applicant, body=body)
    if clean is not None:
        add_document(case, uploaded_by=applicant, clean=clean)
    transition_case(case, CaseStatus.UNDER_REVIEW, actor=applicant, note="Answered.")
    return message
