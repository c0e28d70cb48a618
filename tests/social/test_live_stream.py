"""Team posts are rows of the neighbourhood stream: replayed on resume in order with concern
events, kept by the page as its resume point, and never sent or stored by a rolled-back sync."""

from __future__ import annotations

import pytest
from channels.db import database_sync_to_async as sync_to_async
from django.db import transaction
from django.test import Client

from concerns import services as concern_services
from concerns.models import ConcernEvent
from concerns.states import ConcernStatus as S
from engage.models import NeighbourhoodEvent
from social import services
from social.models import SyncKind, TeamPost
from tests.concerns.test_live import hello, next_event, socket

pytestmark = pytest.mark.django_db(transaction=True)


def publish_concern(concern_by, moderator):
    concern = concern_by("submitted")
    concern_services.transition_concern(concern, S.PUBLISHED, actor=moderator)
    return concern


def sync_post(fake_x, feed, text: str) -> None:
    fake_x.add_post("MPSCamdenTown", text)
    assert services.sync_team_feed(feed_id=feed.pk).new_posts == 1


async def events(listener, count: int) -> list[dict]:
    return [await next_event(listener) for _ in range(count)]


async def test_a_page_away_while_a_post_was_synced_gets_it_on_resume_between_the_concern_events(
    neighbourhood, feed, fake_x, concern_by, moderator
):
    path = f"/ws/neighbourhoods/{neighbourhood.slug}/"
    first = socket(path)
    await hello(first)
    await sync_to_async(publish_concern)(concern_by, moderator)
    seen = (await next_event(first))["id"]
    await first.disconnect()

    before = await sync_to_async(publish_concern)(concern_by, moderator)
    await sync_to_async(sync_post)(fake_x, feed, "Drop-in surgery at the library")
    after = await sync_to_async(publish_concern)(concern_by, moderator)

    again = socket(f"{path}?last={seen}")
    await hello(again)
    missed = await events(again, 3)
    assert [(e["type"], e.get("ref")) for e in missed] == [
        ("concern.published", before.ref),
        ("team.posted", None),
        ("concern.published", after.ref),
    ]
    assert "Drop-in surgery at the library" in missed[1]["html"]
    assert seen < missed[0]["id"] < missed[1]["id"] < missed[2]["id"]
    # A page resuming from the post's id gets what came after it, and nothing twice.
    await again.disconnect()
    from_post = socket(f"{path}?last={missed[1]['id']}")
    await hello(from_post)
    assert (await next_event(from_post))["id"] == missed[2]["id"]
    await sync_to_async(sync_post)(fake_x, feed, "Bike marking on Saturday")
    live = await next_event(from_post)
    assert live["type"] == "team.posted" and live["id"] > missed[2]["id"]
    await from_post.disconnect()


async def test_a_rolled_back_sync_publishes_and_stores_nothing(
    neighbourhood, feed, fake_x, concern_by, moderator
):
    listener = socket(f"/ws/neighbourhoods/{neighbourhood.slug}/")
    await hello(listener)
    await sync_to_async(fake_x.add_post)("MPSCamdenTown", "A post that never was")

    def sync_then_fail() -> None:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.sync_team_feed(feed_id=feed.pk)
            raise RuntimeError("something later in the transaction failed")

    await sync_to_async(sync_then_fail)()
    concern = await sync_to_async(publish_concern)(concern_by, moderator)

    # The publication is the barrier: a post pushed by the failed sync would have come first.
    received = await next_event(listener)
    assert (received["type"], received["ref"]) == ("concern.published", concern.ref)
    assert await sync_to_async(list)(NeighbourhoodEvent.objects.values_list("kind", flat=True)) == [
        "concern.published"
    ]
    assert not await sync_to_async(TeamPost.objects.exists)()
    await listener.disconnect()


async def test_a_concern_hidden_while_a_page_was_away_is_not_replayed_to_it_but_the_post_is(
    neighbourhood, feed, fake_x, concern_by, moderator
):
    path = f"/ws/neighbourhoods/{neighbourhood.slug}/"
    concern = await sync_to_async(publish_concern)(concern_by, moderator)
    await sync_to_async(sync_post)(fake_x, feed, "Drop-in surgery at the library")
    await sync_to_async(concern_services.transition_concern)(concern, S.HIDDEN, actor=moderator)
    barrier = await sync_to_async(publish_concern)(concern_by, moderator)

    listener = socket(f"{path}?last=0")
    await hello(listener)

    assert [(e["type"], e.get("ref")) for e in await events(listener, 2)] == [
        ("team.posted", None),
        ("concern.published", barrier.ref),
    ]
    await listener.disconnect()


async def test_one_status_change_has_its_own_id_on_the_concern_page_and_the_neighbourhood_page(
    neighbourhood, concern_by, moderator
):
    concern = await sync_to_async(publish_concern)(concern_by, moderator)
    on_concern = socket(f"/ws/concerns/{concern.ref}/")
    on_place = socket(f"/ws/neighbourhoods/{neighbourhood.slug}/")
    await hello(on_concern)
    await hello(on_place)

    for to in (S.HIDDEN, S.PUBLISHED):  # the hide reaches neither public page; the restore both
        await sync_to_async(concern_services.transition_concern)(concern, to, actor=moderator)

    event = await sync_to_async(ConcernEvent.objects.latest)("pk")
    entry = await sync_to_async(NeighbourhoodEvent.objects.latest)("pk")
    here, there = await next_event(on_concern), await next_event(on_place)
    assert (entry.kind, entry.source_id) == ("concern.status", event.pk)
    assert (here["id"], there["id"]) == (event.pk, entry.pk)
    assert {**here, "id": 0} == {**there, "id": 0}  # the same event otherwise, nothing added
    await on_concern.disconnect()
    await on_place.disconnect()


def test_the_page_resumes_after_the_newest_entry_it_shows_a_team_post_too(
    neighbourhood, feed, fake_x, concern_by, moderator
):
    publish_concern(concern_by, moderator)
    sync_post(fake_x, feed, "Drop-in surgery at the library")

    html = Client().get(neighbourhood.get_absolute_url()).content.decode()

    newest = NeighbourhoodEvent.objects.latest("pk")
    assert newest.kind == "team.posted"
    assert f'data-live-last="{newest.pk}"' in html


def test_a_post_deleted_on_x_leaves_the_stream(neighbourhood, feed, fake_x):
    kept = fake_x.add_post("MPSCamdenTown", "Kept")
    gone = fake_x.add_post("MPSCamdenTown", "Deleted on X")
    services.sync_team_feed(feed_id=feed.pk)
    fake_x.delete_post(gone["id"])

    services.sync_team_feed(feed_id=feed.pk, kind=SyncKind.FULL)

    assert [entry.payload["post_id"] for entry in NeighbourhoodEvent.objects.all()] == [
        str(kept["id"])
    ]
