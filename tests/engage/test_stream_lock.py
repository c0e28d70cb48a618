"""engage.services.append_to_neighbourhood_streams locks the neighbourhood FOR NO KEY UPDATE:
appends to one stream queue behind each other (ids commit in order), but a transaction that
only inserts a row pointing at the neighbourhood (a new post, a follow) is not made to wait
when its foreign keys are checked (FOR KEY SHARE; Django's keys are checked at commit, so
the test asks for the check at once). FOR UPDATE would make every post in a neighbourhood
queue behind its stream appends, and them behind it."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from concerns.services import follow
from engage.models import NeighbourhoodEvent
from engage.services import append_to_neighbourhood_streams


@pytest.mark.django_db(transaction=True)
def test_an_open_insert_pointing_at_the_neighbourhood_does_not_block_a_stream_append(
    neighbourhood, resident
):
    if connection.vendor != "postgresql":
        pytest.skip("row-lock modes: PostgreSQL (CI runs it)")
    inserted, release = threading.Event(), threading.Event()

    def hold_an_insert_open() -> None:
        try:
            with transaction.atomic():
                follow(user=resident, neighbourhood=neighbourhood)
                with connection.cursor() as cursor:  # the commit-time key check, now
                    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # FOR KEY SHARE on the row
                inserted.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold_an_insert_open)
    holder.start()
    try:
        assert inserted.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '2s'")  # FOR UPDATE would wait here
            entry = NeighbourhoodEvent(neighbourhood=neighbourhood, kind="test.lock", source_id=1)
            appended = append_to_neighbourhood_streams([entry])
        assert appended[0].pk is not None
    finally:
        release.set()
        holder.join(10)
