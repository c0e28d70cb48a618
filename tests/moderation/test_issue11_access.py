"""Private means private for what issue 11 added: the lane move, the training examples and the
urgent escalations, as a matrix of personas (anonymous, another resident, another team's
officer, a moderator of another ward, the right moderator)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from moderation.models import QueueItem, ScreeningExample, UrgentEscalation
from moderation.services import escalation
from tests.conftest import signed_in

KNIFE = ("Man with a knife", "A man is waving a knife outside the station right now.")


@pytest.fixture
def personas(client, other_resident, other_officer, scoped_moderator, moderator):
    return {
        "anonymous": client,
        "another resident": signed_in(other_resident),
        "another team's officer": signed_in(other_officer, two_factor=True),
        "another ward's moderator": signed_in(scoped_moderator, two_factor=True),
        "the right moderator": signed_in(moderator, two_factor=True),
    }


WRONG = ("anonymous", "another resident", "another team's officer", "another ward's moderator")


@pytest.mark.parametrize("persona", WRONG)
def test_only_the_right_moderator_moves_an_item_to_another_lane(personas, persona, submit):
    item = submit()
    response = personas[persona].post(
        f"/moderation/items/{item.pk}/lane/", {"move-lane": "urgent", "move-version": item.version}
    )
    item.refresh_from_db()
    assert response.status_code in (302, 403, 404)
    if response.status_code == 302:  # anonymous: to sign-in, nothing done
        assert "/account/" in response["Location"] or "login" in response["Location"]
    assert item.lane == "standard" and not ScreeningExample.objects.exists()

    assert (
        personas["the right moderator"]
        .post(
            f"/moderation/items/{item.pk}/lane/",
            {"move-lane": "urgent", "move-version": item.version},
        )
        .status_code
        == 302
    )
    item.refresh_from_db()
    assert item.lane == "urgent" and ScreeningExample.objects.count() == 1


@pytest.mark.parametrize("persona", WRONG)
def test_urgent_escalations_and_the_post_they_quote_reach_only_the_right_moderator(
    personas, persona, submit, settings
):
    settings.URGENT_WEBHOOK_URL = ""
    item = submit(*KNIFE)
    QueueItem.objects.filter(pk=item.pk).update(created_at=timezone.now() - timedelta(minutes=6))
    escalation.sweep()
    assert UrgentEscalation.objects.count() == 1

    for path in ("/moderation/dashboard/", "/moderation/", item.get_absolute_url()):
        page = personas[persona].get(path)
        assert item.concern.ref not in page.content.decode(), (persona, path)
        assert KNIFE[1] not in page.content.decode(), (persona, path)
    right = personas["the right moderator"].get("/moderation/dashboard/").content.decode()
    assert item.concern.ref in right


@pytest.mark.parametrize("persona", WRONG[1:])
def test_screening_examples_are_not_in_the_admin_for_anyone_but_staff_admins(
    personas, persona, submit, moderator
):
    item = submit()
    personas["the right moderator"].post(
        f"/moderation/items/{item.pk}/lane/", {"move-lane": "urgent", "move-version": item.version}
    )
    example = ScreeningExample.objects.get()
    for path in (
        "/admin/moderation/screeningexample/",
        f"/admin/moderation/screeningexample/{example.pk}/change/",
    ):
        response = personas[persona].get(path)
        assert response.status_code in (302, 403, 404)
        assert example.text not in response.content.decode()
