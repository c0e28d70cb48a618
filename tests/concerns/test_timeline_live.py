"""A concern page kept open, with the stream's pushes applied as static/js/live.js applies them,
shows the same timeline as the page loaded afresh after the same changes (Zulip's test of
its event system: the live state and a reload agree)."""

from __future__ import annotations

import re

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.test import Client

from concerns import services
from concerns.models import Reply
from concerns.states import ConcernStatus as S
from tests.concerns.test_live import hello, next_event, socket
from tests.factories import ResidentUpdateFactory

pytestmark = pytest.mark.django_db(transaction=True)
ITEM = '<li class="app-timeline__item'


def timeline(page_html: str) -> list[str]:
    """The page's timeline items, whitespace normalised, in order (the texts written here
    hold no lists, so the first list end is the timeline's)."""
    inside = page_html.split('id="timeline">', 1)[1]
    inside = re.split(r"</li>\s*</ol>", inside, maxsplit=1)[0] + "</li>"
    return [" ".join((ITEM + chunk).split()) for chunk in inside.split(ITEM)[1:]]


def element_id(item: str) -> str | None:
    match = re.match(r'<li [^>]*\bid="([^"]+)"', item)
    return match and match.group(1)


def apply_push(items: list[str], html: str) -> None:
    """What live.js does with a pushed item: replace the element with its id, else append."""
    item = " ".join(html.split())
    ids = [element_id(existing) for existing in items]
    if element_id(item) and element_id(item) in ids:
        items[ids.index(element_id(item))] = item
    else:
        items.append(item)


async def pushed_until(listener, last_type: str, last_status: str) -> list[dict]:
    """Every event the stream sends, up to the one the last change makes: pushes arrive in
    order, so anything sent for the changes before it has arrived by then."""
    events = [await next_event(listener)]
    while (events[-1]["type"], events[-1]["status"]) != (last_type, last_status):
        events.append(await next_event(listener))
    return events


def page(concern) -> str:
    return Client().get(concern.get_absolute_url()).content.decode()


def change_everything(concern, officer, moderator, resident) -> None:
    """A concern's busy day: every kind of timeline entry, and a reply edited in place."""
    services.transition_concern(concern, S.ACKNOWLEDGED, actor=officer)
    reply = services.reply_to_concern(concern=concern, author=officer, body="We are **on it**.")
    update = ResidentUpdateFactory(concern=concern, author=resident)
    services.publish_update(update=update, actor=moderator)
    services.edit_reply(
        reply=Reply.objects.get(pk=reply.pk),
        editor=officer,
        body="We are on it, with a patrol on Friday.",
    )
    concern.refresh_from_db()
    services.transition_concern(concern, S.IN_PROGRESS, actor=officer)


async def test_an_open_page_with_the_pushes_applied_equals_the_page_reloaded(
    concern_by, officer, moderator, resident
):
    concern = await sync_to_async(concern_by)("published")
    listener = socket(f"/ws/concerns/{concern.ref}/")
    await hello(listener)
    live = timeline(await sync_to_async(page)(concern))

    await sync_to_async(change_everything)(concern, officer, moderator, resident)
    events = await pushed_until(listener, "concern.status", S.IN_PROGRESS)
    await listener.disconnect()

    assert {e["type"] for e in events} >= {
        "concern.status",
        "reply.added",
        "reply.edited",
        "update.added",
    }
    for event in events:
        apply_push(live, event["html"])
    reloaded = timeline(await sync_to_async(page)(concern))
    assert len(reloaded) == 4  # two status changes, a reply (edited in place), an update
    assert live == reloaded


async def test_recording_the_outcome_shows_the_same_on_an_open_page_as_on_a_reload(
    concern_by, officer
):
    concern = await sync_to_async(concern_by)("in_progress")
    listener = socket(f"/ws/concerns/{concern.ref}/")
    await hello(listener)
    live = timeline(await sync_to_async(page)(concern))

    await sync_to_async(services.record_outcome)(
        concern=concern, actor=officer, outcome="Patrols every school morning."
    )
    events = await pushed_until(listener, "concern.outcome", S.RESOLVED)
    await listener.disconnect()

    for event in events:
        apply_push(live, event["html"])
    assert live == timeline(await sync_to_async(page)(concern))
