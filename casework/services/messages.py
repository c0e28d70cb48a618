"""Messages on a case: staff to the reporter, and the reporter adding information."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from casework import notices
from casework.models import Case, CaseEventKind, CaseMessage
from casework.services.cases import record, transition_case
from casework.states import CaseStatus
from engage import text
from engage.refusals import NotAllowed

if TYPE_CHECKING:
    from engage.models import User

MESSAGE_MAX = 5000


def _clean(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise NotAllowed("Write the message first: it was empty.")
    if len(body) > MESSAGE_MAX:
        raise NotAllowed(f"Keep a message under {MESSAGE_MAX} characters; this one is longer.")
    return body


@transaction.atomic
def post_message(case: Case, *, author: User, body: str, signature: str) -> CaseMessage:
    """Staff write to the reporter: in the case, live on their page, and by email (a notice
    that a message is waiting, never its text: mail is not a private channel)."""
    message = CaseMessage.objects.create(
        case=case,
        author=author,
        from_staff=True,
        signature=signature,
        body=_clean(body),
        body_html=text.render_markdown(body.strip()),
    )
    record(case, CaseEventKind.MESSAGE, actor=author, for_reporter=True, message_id=message.pk)
    notices.tell_reporter(case, "message", key=f"case-message-{message.pk}")
    return message


@transaction.atomic
def add_information(case: Case, *, reporter: User, body: str) -> CaseMessage:
    """The reporter adds to their report. A closed report opens again for another look, and
    the reporter's page says so."""
    if case.reporter_id != reporter.pk:
        raise NotAllowed("Only the person who made the report can add to it.")
    message = CaseMessage.objects.create(
        case=case,
        author=reporter,
        from_staff=False,
        body=_clean(body),
        body_html=text.render_markdown(body.strip()),
    )
    record(
        case, CaseEventKind.INFORMATION, actor=reporter, for_reporter=True, message_id=message.pk
    )
    if case.status == CaseStatus.CLOSED:
        transition_case(
            case, CaseStatus.RECEIVED, actor=reporter, system=True, note="New information."
        )
    return message
