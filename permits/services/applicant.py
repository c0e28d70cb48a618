"""What the applicant does to an application once it is sent: answer a request for more
information, or withdraw it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from casework.models import Case
from casework.services import add_document, add_information, transition_case
from casework.states import DECIDED, IN_REVIEW, CaseStatus
from engage.refusals import EmergencyNotAcknowledged, NotAllowed
from moderation.screening import screen
from permits.models import Application, PublicNotice
from permits.services.notices import withdraw_notice

if TYPE_CHECKING:
    from casework.documents import CleanFile
    from casework.models import CaseMessage
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
    """The applicant writes to the reviewers (and may add a document) at any time until the
    application is decided. An answer to a request for more information also sends it back
    to under review, which starts the review clock again (casework.services.cases). Their
    words are screened like everything else they write: an emergency gets the 999 page first."""
    _own(case, applicant)
    case = Case.objects.select_for_update().get(pk=case.pk)  # a decision racing this one
    if case.status not in IN_REVIEW | {CaseStatus.MORE_INFO}:
        raise NotAllowed(
            "This application has been decided or withdrawn, so messages can no longer be "
            "added here. Write to the unit at the address on your letter."
        )
    if screen(body).is_emergency and not acknowledged_emergency:
        raise EmergencyNotAcknowledged()
    message = add_information(case, reporter=applicant, body=body)
    if clean is not None:
        add_document(case, uploaded_by=applicant, clean=clean)
    if case.status == CaseStatus.MORE_INFO:
        transition_case(case, CaseStatus.UNDER_REVIEW, actor=applicant, note="Answered.")
    return message


@transaction.atomic
def stop_showing(case: Case, *, applicant: User) -> bool:
    """The organiser takes their march or event off the neighbourhood page (it was called
    off, or they changed their mind): at any time, whatever the application's state. False if
    nothing was showing."""
    _own(case, applicant)
    application = Application.objects.filter(case=case).first()
    if application is None or not PublicNotice.objects.listed().filter(case=case).exists():
        return False
    withdraw_notice(application)
    return True
