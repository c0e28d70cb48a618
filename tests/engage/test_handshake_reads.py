"""Handshake reads: shared by sockets asking at once, on threads that hold no idle connection."""

from __future__ import annotations

import asyncio
import threading

from engage import handshake_reads


async def test_reads_asked_while_one_runs_are_shared_and_start_after_they_were_asked():
    """Subscribe first, then read: a socket may only join a read that has not started yet."""
    started: list[list[int]] = []
    release = asyncio.Event()

    async def held(fn, items):  # stands in for the database: the first read waits
        started.append(list(items))
        if len(started) == 1:
            await release.wait()
        return fn(items)

    original = handshake_reads._run_read
    handshake_reads._run_read = lambda fn, items: asyncio.ensure_future(held(fn, items))
    try:

        def double(items):
            return [item * 2 for item in items]

        first = asyncio.ensure_future(handshake_reads.read_together("k", double, 1))
        await asyncio.sleep(0)
        later = [
            asyncio.ensure_future(handshake_reads.read_together("k", double, n)) for n in (2, 3, 4)
        ]
        alone = asyncio.ensure_future(handshake_reads.read_together(None, double, 5))
        await asyncio.sleep(0.01)
        assert started == [[1], [5]]  # 2, 3, 4 wait: the read in flight began before them

        release.set()
        assert await first == 2 and [await f for f in later] == [4, 6, 8] and await alone == 10
        assert started == [[1], [5], [2, 3, 4]]  # one read for the three
    finally:
        handshake_reads._run_read = original


async def test_a_failed_shared_read_fails_each_of_its_sockets_and_the_next_read_runs():
    def broken(items):
        raise RuntimeError("database gone")

    results = await asyncio.gather(
        *(handshake_reads.read_together("gone", broken, n) for n in range(3)),
        return_exceptions=True,
    )
    assert all(isinstance(r, RuntimeError) for r in results)
    assert await handshake_reads.read_together("gone", lambda items: items, 7) == 7


def test_read_threads_keep_a_connection_through_a_burst_and_close_it_before_idling(monkeypatch):
    closed: list[int] = []
    monkeypatch.setattr(handshake_reads.connections, "close_all", lambda: closed.append(len(done)))
    pool = handshake_reads._ReadThreads(1)
    gate, done = threading.Event(), []

    def job(n):
        if n == 0:
            gate.wait(5)
        done.append(n)
        return n

    futures = [pool.submit(job, n) for n in range(4)]  # 1-3 queue behind the first
    gate.set()
    assert [f.result(5) for f in futures] == [0, 1, 2, 3]
    assert closed == [4]  # once, after the last of the burst, before answering it

    def fails(_):
        raise ValueError("bad state")

    assert isinstance(pool.submit(fails, 0).exception(5), ValueError)
    assert closed == [4, 4]  # a failed read never leaves its connection open
