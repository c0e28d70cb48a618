"""Neighbourhood streams moving to rows of their own keep the resume ids pages already hold."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from concerns.models import ConcernEvent
from engage.models import NeighbourhoodEvent
from engage.services import append_to_neighbourhood_streams
from tests.factories import ConcernFactory

BEFORE = [("concerns", "0011_notification_claimed_at"), ("engage", "0004_outbox_schedule")]


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_the_past_stream_keeps_its_ids_and_new_entries_come_after_every_concern_event():
    migrate(BEFORE)
    try:
        concern = ConcernFactory(published=True)
        published = ConcernEvent.objects.create(
            concern=concern, kind="concern.published", is_public=True
        )
        ConcernEvent.objects.create(concern=concern, kind="concern.status", is_public=False)
        # The newest id a page of this neighbourhood could hold (it rendered any public event).
        reply = ConcernEvent.objects.create(concern=concern, kind="reply.added", is_public=True)
    finally:
        migrate(None)

    assert list(NeighbourhoodEvent.objects.values_list("pk", "kind", "source_id")) == [
        (published.pk, "concern.published", published.pk)
    ]
    (entry,) = append_to_neighbourhood_streams(
        [
            NeighbourhoodEvent(
                neighbourhood_id=concern.neighbourhood_id, kind="team.posted", source_id=1
            )
        ]
    )
    assert entry.pk > reply.pk
