"""Handshake reads for stream sockets: read-only, off the event loop, shared.

They run on a few threads of their own rather than Channels' single database thread, and are
shared by sockets that ask the same thing at the same time (a reconnect storm: a thousand
sockets of one concern cost a few queries, not thousands). docs/realtime.md, "Handshakes".
"""

from __future__ import annotations

import asyncio
import itertools
import queue
import threading
import weakref
from collections.abc import Callable, Hashable
from concurrent.futures import Future
from typing import Any

from channels.db import database_sync_to_async
from django.db import connections

READ_THREADS = 3  # PostgreSQL connections a socket process holds at most, and only while busy


class _ReadThreads:
    """Threads for the read-only queries of socket handshakes, so they neither queue behind nor
    hold up Channels' single database thread (`database_sync_to_async` runs everything on one
    thread). A thread keeps its database connection while more work is queued and closes it
    before it waits for more: an idle thread holds no connection (as DB_CONN_MAX_AGE=0 asks),
    while a storm of handshakes pays for a connection per burst per thread, not per query.

    A read outlives the socket that asked for it (a thread cannot be cancelled), so anything
    that must know no read is running (a test's database flush, a clean shutdown) waits for
    `wait_idle()`: a read in flight takes share locks on the tables it joins."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.jobs: queue.SimpleQueue = queue.SimpleQueue()
        self.threads: list[threading.Thread] = []
        self.lock = threading.Lock()
        self.unfinished = 0
        self.idle = threading.Condition(self.lock)

    def submit(self, fn: Callable, *args: Any) -> Future:
        future: Future = Future()
        with self.lock:
            self.unfinished += 1
            self.jobs.put((future, fn, args))
            self.threads = [thread for thread in self.threads if thread.is_alive()]
            if len(self.threads) < self.size:
                thread = threading.Thread(
                    target=self._work, daemon=True, name=f"live-read-{len(self.threads)}"
                )
                thread.start()
                self.threads.append(thread)
        return future

    def wait_idle(self, timeout: float) -> bool:
        """True once no read is queued or running (and so no thread holds a connection)."""
        with self.idle:
            return self.idle.wait_for(lambda: self.unfinished == 0, timeout)

    def _next_job(self) -> tuple:
        try:
            return self.jobs.get_nowait()
        except queue.Empty:
            # Nothing queued: hold no connection while waiting (one may still be open if the
            # last read saw more work queued, which another thread then took).
            if any(conn.connection is not None for conn in connections.all(initialized_only=True)):
                connections.close_all()
            return self.jobs.get()

    def _work(self) -> None:
        while True:
            future, fn, args = self._next_job()
            try:
                self._run(future, fn, args)
            finally:
                with self.idle:
                    self.unfinished -= 1
                    self.idle.notify_all()

    def _run(self, future: Future, fn: Callable, args: tuple) -> None:
        if not future.set_running_or_notify_cancel():
            return
        try:
            result = fn(*args)
        except BaseException as error:  # noqa: BLE001 - handed to the waiting socket
            connections.close_all()  # whatever state the connection is in, start afresh
            future.set_exception(error)
            return
        if self.jobs.empty():
            connections.close_all()  # before answering: no idle connection outlives a burst
        future.set_result(result)


_threads = _ReadThreads(READ_THREADS)


def wait_for_reads(timeout: float = 10.0) -> bool:
    """Wait until no handshake read is queued or running in this process; False on timeout."""
    return _threads.wait_idle(timeout)


def _run_read(fn: Callable, *args: Any) -> asyncio.Future:
    if connections["default"].vendor == "sqlite":
        # SQLite (development and tests): one writer, and reads from other threads can meet
        # "database table is locked"; keep Channels' single database thread.
        return asyncio.ensure_future(database_sync_to_async(fn)(*args))
    return asyncio.wrap_future(_threads.submit(fn, *args))


class _Batches:
    """Per event loop: at most one read in flight per key. Requests that arrive while it runs
    wait and go together in the next read, which therefore starts after each of them
    registered with the relay (subscribe first, then read, for every socket in the batch)."""

    def __init__(self) -> None:
        self.waiting: dict[Hashable, tuple[Callable, list]] = {}
        self.running: set[Hashable] = set()

    async def read(self, key: Hashable | None, fn: Callable[[list], list], item: Any) -> Any:
        future = asyncio.get_running_loop().create_future()
        key = ("alone", next(_alone)) if key is None else key
        self.waiting.setdefault(key, (fn, []))[1].append((item, future))
        if key not in self.running:
            self._launch(key)
        return await future

    def _launch(self, key: Hashable) -> None:
        fn, group = self.waiting.pop(key)
        self.running.add(key)
        reading = _run_read(fn, [item for item, _ in group])
        reading.add_done_callback(lambda done: self._done(key, group, done))

    def _done(self, key: Hashable, group: list, done: asyncio.Future) -> None:
        self.running.discard(key)
        error = done.exception() if not done.cancelled() else asyncio.CancelledError()
        results: list = [] if error else done.result()
        for index, (_, future) in enumerate(group):
            if not future.done():
                if error:
                    future.set_exception(error)
                else:
                    future.set_result(results[index])
        if key in self.waiting:
            self._launch(key)


_alone = itertools.count()
_batches: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Batches] = (
    weakref.WeakKeyDictionary()
)


async def read_together(key: Hashable | None, fn: Callable[[list], list], item: Any) -> Any:
    """`fn(items)` -> one result per item, run off the event loop with every other request of
    the same `key` waiting at that moment (None: alone). Read-only work only."""
    loop = asyncio.get_running_loop()
    if loop not in _batches:
        _batches[loop] = _Batches()
    return await _batches[loop].read(key, fn, item)
