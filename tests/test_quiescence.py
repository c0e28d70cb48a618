"""The suite's own isolation (tests/quiescence.py): nothing a test started still reads the
database when its flush runs, and a session that would block the flush is ended first."""

from __future__ import annotations

import threading
import time

import psycopg
import pytest
from django.db import connection

from engage import handshake_reads
from engage.models import Team
from tests import quiescence


@pytest.mark.django_db(transaction=True)
def test_a_handshake_read_still_running_when_a_test_ends_is_waited_for():
    finished = threading.Event()

    def slow_read():
        time.sleep(0.3)
        count = Team.objects.count()  # a real query on the read thread's own connection
        finished.set()
        return count

    future = handshake_reads._threads.submit(slow_read)

    assert quiescence.settle() == []
    assert finished.is_set() and future.result(0) == 0
    assert handshake_reads.wait_for_reads(0)


@pytest.mark.django_db(transaction=True)
def test_an_idle_read_thread_holds_no_connection():
    if connection.vendor != "postgresql":
        pytest.skip("looks the read thread's session up in pg_stat_activity")

    def backend_pid() -> int:
        with connection.cursor() as cursor:  # the read thread's own connection
            cursor.execute("SELECT pg_backend_pid()")
            return cursor.fetchone()[0]

    pid = handshake_reads._threads.submit(backend_pid).result(5)
    assert handshake_reads.wait_for_reads(5)

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE pid = %s", [pid])
        assert cursor.fetchone()[0] == 0


@pytest.mark.django_db
def test_a_session_holding_a_lock_in_an_open_transaction_is_ended_before_the_flush():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL sessions and locks")
    settings_dict = connection.settings_dict
    straggler = psycopg.connect(
        dbname=settings_dict["NAME"],
        host=settings_dict["HOST"],
        port=settings_dict["PORT"],
        user=settings_dict["USER"],
    )
    straggler.execute("SELECT count(*) FROM engage_team")  # psycopg opened a transaction

    ended = quiescence.wait_for_other_sessions(timeout=0.2)

    assert [row[0] for row in ended] == [straggler.info.backend_pid]
    assert "AccessShareLock on engage_team" in ended[0][4]
    with pytest.raises(psycopg.OperationalError):
        straggler.execute("SELECT 1")
    straggler.close()
