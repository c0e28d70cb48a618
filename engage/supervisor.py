"""A small process supervisor for the embedded topology (`make run`): Redis, the Celery worker,
Celery beat and the web server, each in its own process group.

- A child that exits is started again after a back-off: 1 s, doubling to 30 s, and back to 1 s
  once a run has stayed up for 30 s (systemd's `Restart=always` with `RestartSteps`, the same
  policy as docs/deploy.md). The others keep running meanwhile: the web server stays up while a
  worker or Redis is down.
- Stopping signals each child's whole process group (a Celery worker's pool children too), waits,
  then kills the group; nothing started here outlives the launcher.
- SIGINT, SIGTERM and SIGHUP only set a flag; every wait here looks at it. So a signal never
  lands half-way through starting or stopping a child (the old launcher raised from the handler
  and crashed in its own clean-up, leaving the worker and Redis running).

Standard library only: it runs before Django is configured.
"""

from __future__ import annotations

import contextlib
import ctypes
import os
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


class Stopping(Exception):
    """Raised by a wait when a stop signal arrived: unwind to the clean-up."""


@dataclass
class Backoff:
    """Delay before the next restart: `initial`, doubling up to `maximum`; a run that lasted
    `reset_after` seconds or more starts the sequence again."""

    initial: float = 1.0
    maximum: float = 30.0
    reset_after: float = 30.0
    _next: float = 0.0

    def delay(self, uptime: float) -> float:
        if uptime >= self.reset_after or not self._next:
            self._next = self.initial
        delay = self._next
        self._next = min(self._next * 2, self.maximum)
        return delay


@dataclass
class Child:
    """One supervised program. `ready`, if given, is polled after a (re)start until it returns
    True (Redis answering PING, say) before the start counts as done."""

    name: str
    argv: list[str]
    env: dict[str, str] | None = None
    cwd: Path | None = None
    log: Path | None = None  # None: inherit the launcher's stdout
    backoff: Backoff = field(default_factory=Backoff)
    process: subprocess.Popen | None = None
    started_at: float = 0.0
    restart_at: float | None = None
    restarts: int = 0


def _die_with_parent() -> None:
    """In the child, before exec: a session (and so a process group) of its own, and SIGKILL if
    the launcher itself is killed (-9), so no child is left running without a supervisor."""
    os.setsid()
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:
        pass  # not Linux: the group kill on a clean stop still applies


class Supervisor:
    def __init__(self, say: Callable[[str], None], *, poll: float = 0.2) -> None:
        self.say = say
        self.poll = poll
        self.children: list[Child] = []
        self.stop_signal: int | None = None
        self._previous: dict[int, signal._HANDLER] = {}

    # --- signals -----------------------------------------------------------------------------
    def install_signals(self) -> None:
        for signum in STOP_SIGNALS:
            self._previous[signum] = signal.signal(signum, self._on_signal)

    def restore_signals(self) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)

    def _on_signal(self, signum: int, frame: FrameType | None) -> None:
        if self.stop_signal is None:
            self.stop_signal = signum  # only a flag: the waits below notice it

    @property
    def stopping(self) -> bool:
        return self.stop_signal is not None

    def sleep(self, seconds: float) -> None:
        """Sleep, but wake (raising Stopping) as soon as a stop signal arrives."""
        deadline = time.monotonic() + seconds
        while not self.stopping:
            left = deadline - time.monotonic()
            if left <= 0:
                return
            time.sleep(min(self.poll, left))
        raise Stopping

    # --- children ----------------------------------------------------------------------------
    def start(
        self, child: Child, ready: Callable[[], bool] | None = None, timeout: float = 30.0
    ) -> Child:
        if child not in self.children:
            self.children.append(child)
        self._spawn(child)
        deadline = time.monotonic() + timeout
        while ready is not None and not ready():
            assert child.process is not None  # _spawn has just started it
            if child.process.poll() is not None:
                raise SystemExit(
                    f"engage: the {child.name} exited at start (exit "
                    f"{child.process.returncode}); see {child.log or 'above'}."
                )
            if time.monotonic() > deadline:
                raise SystemExit(
                    f"engage: the {child.name} was not ready within "
                    f"{timeout:.0f}s; see {child.log or 'above'}."
                )
            self.sleep(0.05)
        return child

    def _spawn(self, child: Child) -> None:
        if self.stopping:
            raise Stopping
        output = open(child.log, "ab") if child.log else None
        try:
            child.process = subprocess.Popen(
                child.argv,
                cwd=child.cwd,
                env=child.env,
                stdout=output,
                stderr=subprocess.STDOUT if output else None,
                preexec_fn=_die_with_parent,
            )
        finally:
            if output:
                output.close()
        child.started_at = time.monotonic()
        child.restart_at = None

    def run_once(self, argv: list[str], *, env: dict[str, str], cwd: Path) -> int:
        """Run a one-off command (migrate, seed) to completion, unless a stop signal comes."""
        process = subprocess.Popen(argv, cwd=cwd, env=env, preexec_fn=_die_with_parent)
        try:
            while process.poll() is None:
                self.sleep(self.poll)
        except Stopping:
            self._stop_group(process, "the one-off command", timeout=5)
            raise
        return process.returncode

    def watch(self) -> int:
        """Keep every child running until a stop signal; return the signal number."""
        while True:
            now = time.monotonic()
            for child in self.children:
                self._tend(child, now)
            self.sleep(self.poll)

    def _tend(self, child: Child, now: float) -> None:
        if child.restart_at is not None:
            if now >= child.restart_at:
                child.restarts += 1
                self._spawn(child)
                assert child.process is not None  # _spawn has just started it
                self.say(
                    f"restarted the {child.name} (pid {child.process.pid}, "
                    f"restart {child.restarts})"
                )
            return
        if child.process is None or child.process.poll() is None:
            return
        code = child.process.returncode
        uptime = now - child.started_at
        self._reap_group(child.process)  # e.g. a worker's pool children left by kill -9
        delay = child.backoff.delay(uptime)
        child.restart_at = now + delay
        self.say(
            f"the {child.name} exited (code {code}) after {uptime:.1f}s; restarting it "
            f"in {delay:.1f}s. Its log: {child.log or 'above'}"
        )

    # --- stopping ----------------------------------------------------------------------------
    def stop_all(self, timeout: float = 10.0) -> None:
        """Stop in reverse start order (the web server first: no new work; Redis last)."""
        for child in reversed(self.children):
            if child.process is not None:
                self._stop_group(child.process, f"the {child.name}", timeout=timeout)
                child.process = None

    def _stop_group(self, process: subprocess.Popen, name: str, *, timeout: float) -> None:
        if process.poll() is None:
            self.say(f"stopping {name}")
            _signal_group(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.say(f"{name} did not stop in {timeout:.0f}s; killing it")
        self._reap_group(process, grace=min(timeout, 5))

    def _reap_group(self, process: subprocess.Popen, grace: float = 5) -> None:
        """Whatever is left in the child's process group goes too (SIGTERM, then SIGKILL)."""
        if not _group_alive(process.pid):
            process.poll()
            return
        _signal_group(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while _group_alive(process.pid) and time.monotonic() < deadline:
            process.poll()
            time.sleep(0.05)
        _signal_group(process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(5)


def _signal_group(pgid: int, signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pgid, signum)


def _group_alive(pgid: int) -> bool:
    """True while any process (zombies aside) is left in the group."""
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    proc = Path("/proc")
    if not proc.is_dir():
        return True
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def log_to(path: Path) -> Callable[[str], None]:
    """A `say` that prints and appends a timestamped line to `path` (var/log/launcher.log);
    a closed terminal (SIGHUP) must not stop the clean-up, so print failures are ignored."""
    path.parent.mkdir(parents=True, exist_ok=True)

    def say(message: str) -> None:
        with contextlib.suppress(OSError, ValueError):
            print(f"engage: {message}", flush=True)
        with open(path, "a") as log:
            log.write(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {message}\n")

    return say
