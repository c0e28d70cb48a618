"""A concern's public changes on its neighbourhood's stream: transition_concern stores the entry
in the change's own transaction, and concerns.live only sends it, with that id, after commit."""

from __future__ import annotations

import pytest
from django.db import transaction

from concerns import live, services
from concerns.models import ConcernEvent, EventKind
from concerns.states import ConcernStatus as S
from engage import realtime
from engage.models import NeighbourhoodEvent

pytestmark = pytest.mark.django_db


def test_a_publication_is_on_its_neighbourhood_stream_before_commit_and_sent_with_that_id(
    concern_by, moderator, neighbourhood, published_events, django_capture_on_commit_callbacks
):
    concern = concern_by("submitted")

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        services.transition_concern(concern, S.PUBLISHED, actor=moderator)
        entry = NeighbourhoodEvent.objects.get()  # stored before anything is sent
        assert published_events() == []

    event = ConcernEvent.objects.get(kind=EventKind.PUBLISHED)
    assert (entry.neighbourhood_id, entry.kind, entry.source_id) == (
        neighbourhood.pk,
        EventKind.PUBLISHED,
        event.pk,
    )
    streams, payload = published_events()[0]
    assert streams == [f"concern:{concern.ref}", f"neighbourhood:{neighbourhood.slug}"]
    assert payload["id"] == event.pk
    assert payload[realtime.POSITIONS] == {f"neighbourhood:{neighbourhood.slug}": entry.pk}


def test_a_rolled_back_transition_leaves_nothing_on_the_neighbourhood_stream(concern_by, moderator):
    concern = concern_by("submitted")

    with pytest.raises(RuntimeError), transaction.atomic():
        services.transition_concern(concern, S.PUBLISHED, actor=moderator)
        assert NeighbourhoodEvent.objects.exists()
        raise RuntimeError("something later in the request failed")

    assert not NeighbourhoodEvent.objects.exists()


def test_a_change_the_public_never_saw_is_not_on_the_neighbourhood_stream(concern_by, moderator):
    concern = concern_by("submitted")

    services.transition_concern(concern, S.REJECTED, actor=moderator, note="Not for us.")

    assert ConcernEvent.objects.filter(kind=EventKind.STATUS, is_public=False).exists()
    assert not NeighbourhoodEvent.objects.exists()


def test_a_public_status_change_cannot_be_sent_without_its_neighbourhood_entry(concern_by):
    """Guards the split: a change the neighbourhood page would otherwise never get, live or on
    resume, fails loudly in its transaction."""
    event = ConcernEvent.objects.create(
        concern=concern_by("published"),
        kind=EventKind.STATUS,
        from_status=S.PUBLISHED,
        to_status=S.IN_PROGRESS,
        is_public=True,
    )

    with pytest.raises(ValueError, match="neighbourhood entry is missing"):
        live.prepare_publish(event, [])
