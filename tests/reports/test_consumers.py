"""The contact centre's live queue: call handlers after two-factor hear every report's claims
and arrivals, without a word of what the reports say; anyone else is closed with 4404."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async as sync_to_async

from casework.models import CaseEventKind
from casework.services import claim_case, open_case
from permits.services import review
from tests.conftest import signed_in
from tests.factories import ApplicationCaseFactory, CallHandlerFactory
from tests.sockets import hello, next_event, socket

pytestmark = pytest.mark.django_db(transaction=True)
PATH = "/ws/contact-centre/"
SECRET = "The man with the scar took my bike"


async def test_a_call_handler_hears_a_new_report_and_a_claim_without_its_text(
    call_handler, resident, neighbourhood
):
    client = await sync_to_async(signed_in)(call_handler, two_factor=True)
    queue = socket(PATH, client=client)
    await hello(queue)

    case = await sync_to_async(open_case)(
        counter="report",
        kind="crime.theft",
        reporter=resident,
        summary=SECRET,
        answers={"what": {"text": SECRET}},
        neighbourhood=neighbourhood,
    )
    arrived = await next_event(queue)
    other = await sync_to_async(lambda: CallHandlerFactory().user)()
    await sync_to_async(claim_case)(case, handler=other)
    claimed = await next_event(queue)

    assert arrived["type"] == CaseEventKind.RECEIVED and arrived["case"] == case.pk
    assert claimed["status"] == "assessing" and claimed["claimed_by"] == other.display_name
    assert SECRET not in str(arrived) + str(claimed)
    await queue.disconnect()


async def test_the_contact_centre_never_hears_an_application(
    call_handler, resident, neighbourhood, licensing_officer
):
    """An application's arrival and review go to its own stream only: the next thing the
    queue hears after a licence application is the report that follows it."""
    client = await sync_to_async(signed_in)(call_handler, two_factor=True)
    queue = socket(PATH, client=client)
    await hello(queue)

    application = await sync_to_async(ApplicationCaseFactory)(reporter=resident)
    await sync_to_async(review.claim_application)(application, officer=licensing_officer)
    report = await sync_to_async(open_case)(
        counter="report", kind="crime.theft", reporter=resident, summary="x", answers={}
    )
    heard = await next_event(queue)

    assert heard["case"] == report.pk and heard["type"] == CaseEventKind.RECEIVED
    await queue.disconnect()


REFUSED = {
    "anonymous": (None, False),
    "resident": ("resident", False),
    "officer": ("officer", True),
    "moderator": ("moderator", True),
    "staff_admin": ("staff_admin", True),
    "call_handler_without_two_factor": ("call_handler", False),
}


@pytest.mark.parametrize("persona", REFUSED)
async def test_anyone_else_is_refused_the_queue_stream(persona, request):
    fixture, two_factor = REFUSED[persona]
    user = await sync_to_async(request.getfixturevalue)(fixture) if fixture else None
    client = await sync_to_async(signed_in)(user, two_factor=two_factor) if user else None

    connected, code = await socket(PATH, client=client).connect(timeout=5)

    assert not connected and code == 4404
