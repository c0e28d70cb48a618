"""Learning from moderators: moving an item to another lane, and diversions, keep the post and
both judgements as a training example; staff only, purged with the post and after retention;
exported as JSON lines in the corpus's format."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from engage.refusals import AlreadyHandled, NotAllowed
from moderation import selectors, services
from moderation.models import (
    Action,
    Decision,
    ExampleSource,
    QueueEvent,
    QueueItem,
    ScreeningExample,
)
from moderation.services import Ruling, learning
from tests.conftest import signed_in

KNIFE = ("Man with a knife", "A man is waving a knife outside the station right now.")


def move(item, moderator, lane, note=""):
    item.refresh_from_db()
    return services.move_lane(
        item=item, moderator=moderator, lane=lane, version=item.version, note=note
    )


def test_moving_an_item_out_of_urgent_needs_a_reason_and_keeps_both_judgements(submit, moderator):
    item = submit(*KNIFE)  # as if a moderator knew it for a film shoot
    assert item.lane == "urgent"

    with pytest.raises(NotAllowed, match="Say why"):
        move(item, moderator, "standard")
    decision = move(item, moderator, "standard", note="A film shoot, not a real fight.")

    item.refresh_from_db()
    assert item.lane == "standard" and item.deadline == item.created_at + timedelta(hours=24)
    assert selectors.lane_counts(moderator)["urgent"] == 0
    assert selectors.lane_counts(moderator)["standard"] == 1
    assert decision.action == Action.MOVE and "film shoot" in decision.reason
    example = ScreeningExample.objects.get()
    assert (example.screened_lane, example.moderator_label, example.source) == (
        item.concern.lane,
        "clean",
        ExampleSource.MOVED,
    )
    assert example.text.startswith(KNIFE[0]) and KNIFE[1] in example.text
    assert QueueEvent.objects.filter(item=item, kind="item.lane").exists()


def test_moving_an_item_up_to_urgent_needs_no_reason_and_records_an_emergency(submit, moderator):
    item = submit(title="Bins", body="The bins on Camden Road were left out again.")
    assert item.lane == "standard"

    move(item, moderator, "urgent")

    item.refresh_from_db()
    assert item.lane == "urgent" and item.deadline == item.created_at + timedelta(minutes=15)
    example = ScreeningExample.objects.get()
    assert (example.screened_lane, example.moderator_label) == ("standard", "emergency")


def test_a_moderator_moved_out_of_safeguarding_may_be_published(submit, moderator):
    item = submit(
        title="Safeguarding talk at the school",
        body="Our school's safeguarding lead gave a talk about online safety.",
    )
    move(item, moderator, "safeguarding")
    item.refresh_from_db()
    with pytest.raises(NotAllowed, match="never published"):
        services.decide(
            item=item,
            moderator=moderator,
            ruling=Ruling(action=Action.APPROVE, version=item.version),
        )

    move(item, moderator, "standard", note="A talk about safeguarding, nobody at risk.")
    item.refresh_from_db()
    services.decide(
        item=item, moderator=moderator, ruling=Ruling(action=Action.APPROVE, version=item.version)
    )
    assert item.concern.__class__.objects.public().filter(pk=item.concern_id).exists()


def test_a_stale_or_pointless_move_changes_nothing(submit, moderator):
    item = submit()
    stale = item.version
    move(item, moderator, "personal_data")

    with pytest.raises(AlreadyHandled):
        services.move_lane(item=item, moderator=moderator, lane="urgent", version=stale)
    with pytest.raises(NotAllowed, match="already in"):
        move(item, moderator, "personal_data")
    assert ScreeningExample.objects.count() == 1


def test_a_scoped_moderator_cannot_move_items_outside_their_wards(submit, scoped_moderator):
    item = submit()
    with pytest.raises(NotAllowed, match="outside the neighbourhoods"):
        move(item, scoped_moderator, "urgent")
    assert not ScreeningExample.objects.exists()


@pytest.mark.parametrize(
    "diverted_to, label", [("999", "emergency"), ("safeguarding", "safeguarding")]
)
def test_a_diversion_records_what_the_moderator_judged(submit, moderator, diverted_to, label):
    item = submit(*KNIFE)

    services.decide(
        item=item,
        moderator=moderator,
        ruling=Ruling(
            action=Action.DIVERT,
            version=item.version,
            diverted_to=diverted_to,
            reason_extra="Sent on.",
        ),
    )

    example = ScreeningExample.objects.get()
    assert (example.moderator_label, example.source) == (label, ExampleSource.DIVERTED)
    assert example.screened_lane == "urgent" and KNIFE[1] in example.text


def test_approving_records_no_example(submit, moderator):
    item = submit()
    services.decide(
        item=item, moderator=moderator, ruling=Ruling(action=Action.APPROVE, version=item.version)
    )
    assert not ScreeningExample.objects.exists()


def test_examples_go_with_the_post_and_after_their_retention(submit, moderator, settings):
    first, second = submit(), submit(title="Another", body="Bins left out again.")
    move(first, moderator, "urgent")
    move(second, moderator, "urgent")

    # The log protects what it refers to: purging a post removes its log rows first.
    Decision.objects.filter(concern=first.concern).delete()
    QueueItem.objects.filter(concern=first.concern).delete()
    first.concern.delete()
    assert ScreeningExample.objects.count() == 1

    ScreeningExample.objects.update(purge_after=timezone.now() - timedelta(seconds=1))
    assert learning.purge_expired() == 1 and not ScreeningExample.objects.exists()


def test_examples_are_staff_only(submit, moderator, resident, client):
    move(submit(), moderator, "urgent")
    example = ScreeningExample.objects.get()
    url = f"/admin/moderation/screeningexample/{example.pk}/change/"
    for visitor in (client, signed_in(resident)):
        response = visitor.get(url)
        assert response.status_code in (302, 404) and example.text not in response.content.decode()


def test_export_writes_corpus_lines_with_both_labels(submit, moderator, tmp_path):
    move(submit(title="Bins", body="The bins were left out again."), moderator, "urgent")
    agreed = submit(*KNIFE)
    services.decide(
        item=agreed,
        moderator=moderator,
        ruling=Ruling(
            action=Action.DIVERT, version=agreed.version, diverted_to="999", reason_extra="999"
        ),
    )

    everything, errors = StringIO(), StringIO()
    call_command("export_screening_examples", stdout=everything, stderr=errors)
    rows = [json.loads(line) for line in everything.getvalue().splitlines()]
    assert [(r["label"], r["screened_label"]) for r in rows] == [
        ("emergency", "clean"),
        ("emergency", "emergency"),
    ]
    assert set(rows[0]) >= {"text", "label", "kind", "also", "writer"}
    assert "2 examples written" in errors.getvalue()

    path = tmp_path / "examples.jsonl"
    call_command(
        "export_screening_examples",
        "--output",
        str(path),
        "--disagreements-only",
        stderr=StringIO(),
    )
    lines = path.read_text().splitlines()
    assert len(lines) == 1 and json.loads(lines[0])["text"].startswith("Bins")


def test_the_move_form_on_the_item_page_moves_it(submit, moderator):
    item = submit()
    client = signed_in(moderator, two_factor=True)
    page = client.get(item.get_absolute_url()).content.decode()
    assert "Wrong lane?" in page

    response = client.post(
        f"/moderation/items/{item.pk}/lane/", {"move-lane": "urgent", "move-version": item.version}
    )

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.lane == "urgent"
    assert "Moved to the urgent lane" in client.get(item.get_absolute_url()).content.decode()
