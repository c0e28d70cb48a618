"""Start `make run` as an operator would, in its own process group, on a free port."""

from __future__ import annotations

import contextlib
import os
import subprocess
import time
import urllib.request
from pathlib import Path

import psutil

from engage.embedded_redis import free_port

ROOT = Path(__file__).resolve().parents[2]


class MakeRun:
    def __init__(self, tmp: Path, *, extra_env: dict[str, str] | None = None) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {
            k: v
            for k, v in os.environ.items()
            if k
            not in {
                "DJANGO_SETTINGS_MODULE",
                "DJANGO_ALLOW_ASYNC_UNSAFE",
                "DEBUG",
                "REDIS_URL",
                "PYTEST_ADDOPTS",
                "MAKEFLAGS",
                "MFLAGS",
            }
        }
        self.database = tmp / "engage.sqlite3"
        env.update(PORT=str(self.port), DATABASE_URL=f"sqlite:///{self.database}")
        env.update(extra_env or {})
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "run"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        self.lines: list[str] = []
        started = time.monotonic()
        for line in self.process.stdout:
            self.lines.append(line)
            if "engage: ready" in line:
                break
            assert time.monotonic() - started < 120, self.output
        assert self.process.poll() is None, self.output

    @property
    def output(self) -> str:
        return "".join(self.lines)

    def finish_output(self, timeout: float = 30) -> str:
        rest, _ = self.process.communicate(timeout=timeout)
        self.lines.append(rest)
        return self.output

    def launcher(self) -> psutil.Process:
        for process in [
            psutil.Process(self.process.pid),
            *psutil.Process(self.process.pid).children(recursive=True),
        ]:
            if "engage.launcher" in " ".join(process.cmdline()):
                return process
        raise AssertionError("no launcher process")

    def child(self, word: str) -> psutil.Process:
        """The launcher's direct child whose command line contains `word`."""
        for process in self.launcher().children():
            if word in " ".join(process.cmdline()):
                return process
        raise LookupError(word)

    def wait_for_child(self, word: str, *, not_pid: int, timeout: float = 15) -> psutil.Process:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                child = self.child(word)
                if child.pid != not_pid and child.status() != psutil.STATUS_ZOMBIE:
                    return child
            except (LookupError, psutil.NoSuchProcess):
                pass
            time.sleep(0.1)
        raise AssertionError(f"no new {word} within {timeout}s:\n{self.output}")

    def descendants(self) -> list[psutil.Process]:
        return psutil.Process(self.process.pid).children(recursive=True)

    def get(self, path: str = "/") -> int:
        try:
            with urllib.request.urlopen(self.url + path, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except OSError:
            return 0

    def query(self, sql: str) -> list[tuple]:
        """Read the run's SQLite database directly, as another process (SELECTs only)."""
        import sqlite3

        db = sqlite3.connect(self.database, timeout=20)
        try:
            return db.execute(sql).fetchall()
        finally:
            db.close()

    def stop(self, timeout: float = 30) -> str:
        import os
        import signal

        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
        return self.finish_output(timeout)

    def kill(self) -> None:
        if self.process.poll() is None:
            for process in self.descendants():
                with contextlib.suppress(psutil.NoSuchProcess):
                    process.kill()
            self.process.kill()
