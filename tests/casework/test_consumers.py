"""A case's socket carries its history to its reporter (their entries only) and to the staff
on it (all of it, after two-factor); anyone else is closed with 4404 at connect, and someone
who loses the case mid-socket stops hearing it."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async as sync_to_async

from casework.models import Case, CaseEventKind
from casework.services import post_message, record
from tests.conftest import signed_in
from tests.sockets import hello, next_event, socket

pytestmark = pytest.mark.django_db(transaction=True)


def path(case: Case, last: int | None = None) -> str:
    return f"/ws/cases/{case.reference}/" + ("" if last is None else f"?last={last}")


async def listen(case, user=None, *, two_factor=False, last=None):
    client = await sync_to_async(signed_in)(user, two_factor=two_factor) if user else None
    communicator = socket(path(case, last), client=client)
    await hello(communicator)
    return communicator


def message(case, author, body="We have recorded your report."):
    return post_message(case, author=author, body=body, signature="Contact centre")


async def test_the_reporter_gets_a_staff_message_live(report_by, resident, call_handler):
    case = await sync_to_async(report_by)()
    mine = await listen(case, resident)

    await sync_to_async(message)(case, call_handler)
    event = await next_event(mine)

    assert event["type"] == CaseEventKind.MESSAGE and event["status_label"] == "Received"
    assert 'class="app-case-event"' in event["html"]
    assert not {"grade", "claimed_by", "version"} & event.keys()  # staff's business only
    await mine.disconnect()


async def test_the_reporter_hears_only_their_own_entries(report_by, resident, call_handler):
    case = await sync_to_async(report_by)()
    mine = await listen(case, resident)

    await sync_to_async(record)(case, CaseEventKind.CLAIMED, actor=call_handler)
    await sync_to_async(message)(case, call_handler)

    assert (await next_event(mine))["type"] == CaseEventKind.MESSAGE  # the claim was skipped
    await mine.disconnect()


async def test_a_verified_call_handler_hears_everything_with_the_grade(report_by, call_handler):
    case = await sync_to_async(report_by)()
    theirs = await listen(case, call_handler, two_factor=True)

    await sync_to_async(record)(case, CaseEventKind.CLAIMED, actor=call_handler)
    event = await next_event(theirs)

    assert event["type"] == CaseEventKind.CLAIMED and event["grade"] == "standard"
    await theirs.disconnect()


async def test_an_officer_of_the_team_hears_the_case(report_by, officer, call_handler):
    case = await sync_to_async(report_by)(with_team=True)
    theirs = await listen(case, officer, two_factor=True)

    await sync_to_async(message)(case, call_handler)

    assert (await next_event(theirs))["type"] == CaseEventKind.MESSAGE
    await theirs.disconnect()


REFUSED = {
    "anonymous": (None, False),
    "other_resident": ("other_resident", False),
    "moderator": ("moderator", True),
    "other_officer": ("other_officer", True),
    "call_handler_without_two_factor": ("call_handler", False),
    "staff_admin": ("staff_admin", True),
}


@pytest.mark.parametrize("persona", REFUSED)
async def test_anyone_else_is_closed_as_if_the_case_did_not_exist(persona, report_by, request):
    fixture, two_factor = REFUSED[persona]
    case = await sync_to_async(report_by)(with_team=True)
    user = await sync_to_async(request.getfixturevalue)(fixture) if fixture else None
    client = await sync_to_async(signed_in)(user, two_factor=two_factor) if user else None

    connected, code = await socket(path(case), client=client).connect(timeout=5)

    assert not connected and code == 4404


async def test_an_unknown_reference_is_closed_the_same_way(resident):
    client = await sync_to_async(signed_in)(resident)

    connected, code = await socket("/ws/cases/R-00000-00000/", client=client).connect(timeout=5)

    assert not connected and code == 4404


async def test_resuming_from_last_replays_the_missed_entries(report_by, resident, call_handler):
    case = await sync_to_async(report_by)()
    first = await sync_to_async(message)(case, call_handler, "First.")
    seen = await sync_to_async(
        lambda: case.events.get(kind=CaseEventKind.MESSAGE, message=first).pk
    )()
    await sync_to_async(record)(case, CaseEventKind.CLAIMED, actor=call_handler)  # not theirs
    await sync_to_async(message)(case, call_handler, "Second.")
    await sync_to_async(message)(case, call_handler, "Third.")

    mine = await listen(case, resident, last=seen)
    replayed = [await next_event(mine) for _ in range(2)]

    assert [event["type"] for event in replayed] == [CaseEventKind.MESSAGE] * 2
    assert all(event["id"] > seen for event in replayed) and "html" in replayed[0]
    await mine.disconnect()


async def test_an_officer_whose_team_lost_the_case_stops_hearing_it(
    report_by, officer, other_neighbourhood, call_handler
):
    case = await sync_to_async(report_by)(with_team=True)
    theirs = await listen(case, officer, two_factor=True)

    await sync_to_async(
        lambda: Case.objects.filter(pk=case.pk).update(team=other_neighbourhood.team)
    )()
    await sync_to_async(message)(case, call_handler)

    assert await theirs.receive_output(timeout=5) == {"type": "websocket.close", "code": 4404}


async def test_a_reporter_who_signs_out_stops_hearing_it(report_by, resident, call_handler):
    case = await sync_to_async(report_by)()
    client = await sync_to_async(signed_in)(resident)
    mine = socket(path(case), client=client)
    await hello(mine)

    await sync_to_async(client.logout)()
    await sync_to_async(message)(case, call_handler)

    assert await mine.receive_output(timeout=5) == {"type": "websocket.close", "code": 4404}


async def test_the_units_licensing_officer_hears_an_application_as_staff(
    application_by, licensing_officer, call_handler
):
    case = await sync_to_async(application_by)()
    theirs = await listen(case, licensing_officer, two_factor=True)

    await sync_to_async(record)(case, CaseEventKind.CLAIMED, actor=licensing_officer)
    event = await next_event(theirs)

    assert event["type"] == CaseEventKind.CLAIMED and "grade" in event
    await theirs.disconnect()
    client = await sync_to_async(signed_in)(call_handler, two_factor=True)
    handler = socket(path(case), client=client)
    connected, code = await handler.connect()
    assert not connected and code == 4404  # a call handler never hears an application


APPLICATION_REFUSED = {
    "anonymous": (None, False),
    "other_resident": ("other_resident", False),
    "officer": ("officer", True),
    "call_handler": ("call_handler", True),
    "moderator": ("moderator", True),
    "staff_admin": ("staff_admin", True),
    "another_units_officer": ("other_licensing_officer", True),
    "licensing_officer_without_two_factor": ("licensing_officer", False),
}


@pytest.mark.parametrize("persona", APPLICATION_REFUSED)
async def test_nobody_but_the_applicant_and_the_unit_hears_an_application(
    persona, application_by, request
):
    fixture, two_factor = APPLICATION_REFUSED[persona]
    case = await sync_to_async(application_by)()
    user = await sync_to_async(request.getfixturevalue)(fixture) if fixture else None
    client = await sync_to_async(signed_in)(user, two_factor=two_factor) if user else None

    connected, code = await socket(path(case), client=client).connect(timeout=5)

    assert not connected and code == 4404
