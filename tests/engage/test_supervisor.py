"""The supervisor behind `make run` (engage/supervisor.py), on real (tiny) processes."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
import time

import psutil

from engage.supervisor import Backoff, Child, Supervisor


def test_restart_delays_double_from_one_second_to_thirty_and_reset_after_thirty_seconds_up():
    backoff = Backoff()

    crash_loop = [backoff.delay(uptime=0.5) for _ in range(7)]
    after_a_good_run = backoff.delay(uptime=31)

    assert crash_loop == [1, 2, 4, 8, 16, 30, 30]
    assert after_a_good_run == 1


def watching(supervisor: Supervisor) -> threading.Thread:
    thread = threading.Thread(target=lambda: _watch(supervisor), daemon=True)
    thread.start()
    return thread


def _watch(supervisor):
    with contextlib.suppress(Exception):  # Stopping, when the test sets the flag
        supervisor.watch()


def test_a_crashed_child_is_restarted_with_backoff_while_its_sibling_keeps_running(tmp_path):
    lines = []
    supervisor = Supervisor(lines.append, poll=0.02)
    steady = supervisor.start(
        Child("steady", [sys.executable, "-c", "import time; time.sleep(60)"])
    )
    crashing = supervisor.start(
        Child(
            "crashing",
            [sys.executable, "-c", "raise SystemExit(3)"],
            backoff=Backoff(initial=0.1, maximum=0.4),
        )
    )
    steady_pid = steady.process.pid
    thread = watching(supervisor)

    try:
        deadline = time.monotonic() + 10
        while crashing.restarts < 4 and time.monotonic() < deadline:
            time.sleep(0.05)
        steady_alive_throughout = steady.process.pid == steady_pid and steady.process.poll() is None
    finally:
        supervisor.stop_signal = signal.SIGTERM
        thread.join(5)
        supervisor.stop_all(timeout=5)

    assert crashing.restarts >= 4
    exits = [line for line in lines if line.startswith("the crashing exited (code 3)")]
    delays = [line.split("restarting it in ")[1].split("s.")[0] for line in exits[:4]]
    assert delays == ["0.1", "0.2", "0.4", "0.4"]
    assert steady.restarts == 0 and steady_alive_throughout


def test_stopping_kills_the_childs_whole_process_group_even_what_ignores_sigterm(tmp_path):
    pidfile = tmp_path / "grandchild.pid"
    script = (
        "import os, signal, subprocess, sys, time; "
        "p = subprocess.Popen([sys.executable, '-c', "
        "'import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
        "time.sleep(120)']); "
        f"open({str(pidfile)!r}, 'w').write(str(p.pid)); time.sleep(120)"
    )
    supervisor = Supervisor(lambda line: None)
    supervisor.start(Child("parent", [sys.executable, "-c", script]))
    deadline = time.monotonic() + 10
    while not (pidfile.exists() and pidfile.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    grandchild = psutil.Process(int(pidfile.read_text()))

    supervisor.stop_all(timeout=2)

    gone, alive = psutil.wait_procs([grandchild], timeout=10)
    assert alive == []


def test_a_child_killed_with_sigkill_leaves_no_orphan_in_its_group_before_the_restart(tmp_path):
    pidfile = tmp_path / "pool.pid"
    script = (
        "import subprocess, sys, time; "
        "p = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(120)']); "
        f"open({str(pidfile)!r}, 'w').write(str(p.pid)); time.sleep(120)"
    )
    supervisor = Supervisor(lambda line: None, poll=0.02)
    main = supervisor.start(
        Child("worker", [sys.executable, "-c", script], backoff=Backoff(initial=30))
    )
    deadline = time.monotonic() + 10
    while not (pidfile.exists() and pidfile.read_text()) and time.monotonic() < deadline:
        time.sleep(0.05)
    pool_child = psutil.Process(int(pidfile.read_text()))
    thread = watching(supervisor)

    try:
        main.process.send_signal(signal.SIGKILL)
        gone, alive = psutil.wait_procs([pool_child], timeout=10)
    finally:
        supervisor.stop_signal = signal.SIGTERM
        thread.join(5)
        supervisor.stop_all(timeout=5)

    assert alive == []
