"""Nothing of one test may still touch the database when the next begins.

A transactional test ends with a flush: PostgreSQL's TRUNCATE of every table takes an access
exclusive lock on each in turn. A read still running on another connection of this process
(a socket's handshake read on its own thread, a live-server request, Channels' database
thread) holds share locks on the tables it joins and waits for the next one: a deadlock, which
PostgreSQL breaks by failing the flush, and the rows left behind then broke the next test's
setup (issue 20). So, before each flush:

1. `settle()` waits for this process's own background database work to finish: the handshake
   read threads, Channels' single database thread, and the requests and sockets of live
   servers registered here. That removes the race at its root.
2. `wait_for_other_sessions()` (PostgreSQL) waits for any other session on the test database
   that is running a statement or holds a transaction open, logs what it holds (pg_stat_activity
   joined with pg_locks: the diagnosis the issue asks for), and ends it if it outlives the wait.
3. A flush that still fails is retried once after step 2; if that fails too, the next
   transactional test flushes before it starts. A failed flush never cascades.
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import TimeoutError as FutureTimeout

from asgiref.sync import SyncToAsync
from django.db import connection, connections

from engage import handshake_reads

log = logging.getLogger("tests.quiescence")
SETTLE_SECONDS = 10.0
live_servers: list = []  # uvicorn.Server instances serving this test process (browser tests)


def settle(timeout: float = SETTLE_SECONDS) -> list[str]:
    """Wait for this process's background database work; the names of what did not finish."""
    deadline = time.monotonic() + timeout
    late = []
    for server in live_servers:
        while server.server_state.tasks and time.monotonic() < deadline:
            time.sleep(0.01)  # requests and sockets still being served
        if server.server_state.tasks:
            late.append(f"live server: {len(server.server_state.tasks)} requests or sockets")
    if not handshake_reads.wait_for_reads(max(0.0, deadline - time.monotonic())):
        late.append("socket handshake reads")
    try:  # FIFO and one thread: this done means everything queued before it is done; and the
        # thread lets go of its connection, which a later test without database access would
        # otherwise find open (Channels checks it before each call, and that check is a query)
        SyncToAsync.single_thread_executor.submit(connections.close_all).result(
            max(0.1, deadline - time.monotonic())
        )
    except FutureTimeout:
        late.append("Channels' database thread")
    return late


def _busy_sessions(cursor) -> list[tuple]:
    cursor.execute(
        "SELECT a.pid, a.state, a.application_name, left(a.query, 200), "
        "       string_agg(DISTINCT l.mode || ' on ' || coalesce(l.relation::regclass::text, "
        "                  l.locktype), ', ') "
        "FROM pg_stat_activity a LEFT JOIN pg_locks l ON l.pid = a.pid "
        "WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() "
        "  AND a.backend_type = 'client backend' AND a.state <> 'idle' "
        "GROUP BY a.pid, a.state, a.application_name, a.query"
    )
    return cursor.fetchall()


def wait_for_other_sessions(timeout: float = 5.0) -> list[tuple]:
    """PostgreSQL only: wait for other sessions on this database to be idle outside a
    transaction; end those that are not within `timeout`. Returns what had to be ended."""
    if connection.vendor != "postgresql":
        return []
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        busy = _busy_sessions(cursor)
        while busy and time.monotonic() < deadline:
            time.sleep(0.05)
            busy = _busy_sessions(cursor)
        for pid, state, application, query, locks in busy:
            log.warning(
                "ending session %s (%s, %s) still busy at flush: %s; holds %s",
                pid,
                state,
                application,
                query,
                locks,
            )
            cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
    return busy


# Rows that migrations put in (the permits counter's seeded types) are flushed with the rest;
# these put them back after every flush, so a later test finds the database as migrated.
AFTER_FLUSH: list = []


def install_flush_guard() -> None:
    """Wrap Django's TransactionTestCase flush and setup as the module docstring says."""
    from django.test import TransactionTestCase

    teardown = TransactionTestCase._fixture_teardown
    setup = TransactionTestCase._fixture_setup.__func__  # a classmethod
    state = {"dirty": False}

    def guarded_teardown(self) -> None:
        wait_for_other_sessions()
        try:
            teardown(self)
        except Exception:
            log.warning("the flush failed; retrying once", exc_info=True)
            wait_for_other_sessions(timeout=0)
            try:
                teardown(self)
            except Exception:
                state["dirty"] = True
                raise
        state["dirty"] = False
        for restore in AFTER_FLUSH:
            restore()

    def guarded_setup(cls) -> None:
        if state["dirty"]:
            wait_for_other_sessions(timeout=0)
            teardown(cls())  # the flush reads only class attributes
            state["dirty"] = False
        setup(cls)

    TransactionTestCase._fixture_teardown = guarded_teardown
    TransactionTestCase._fixture_setup = classmethod(guarded_setup)
