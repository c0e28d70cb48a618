"""A private PostgreSQL cluster in a temporary directory on its own port, which a test may
restart: never the machine's shared server (other agents and CI use it). Runs as the
`postgres` user when we are root (initdb refuses root)."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from engage.embedded_redis import free_port


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"))
    return Path(found[-1]).parent if found else None


class PrivatePostgres:
    def __init__(self) -> None:
        bin_dir = binaries()
        if bin_dir is None:
            raise RuntimeError("no PostgreSQL server binaries (/usr/lib/postgresql/*/bin)")
        self.bin = bin_dir
        self.port = free_port()
        self.root = Path(tempfile.mkdtemp(prefix="engage-pg-"))
        self.data = self.root / "data"
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._as_owner(
            "initdb",
            "-D",
            str(self.data),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
        )
        self.start()
        self._as_owner(
            "createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "engage"
        )

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/engage"

    def _as_owner(self, program: str, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bin / program), *args]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(
            command, check=True, capture_output=True, text=True, timeout=120, cwd=self.root
        )

    def _pg_ctl(self, action: str, *extra: str) -> None:
        self._as_owner(
            "pg_ctl",
            "-D",
            str(self.data),
            "-w",
            "-l",
            str(self.root / "log"),
            "-o",
            f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 "
            "-c fsync=off -c full_page_writes=off",
            *extra,
            action,
        )

    def start(self) -> None:
        self._pg_ctl("start")

    def restart(self) -> None:
        self._pg_ctl("restart", "-m", "fast")

    def stop(self, mode: str = "fast") -> None:
        """`fast`: as an operator's restart (backends ended, committed work kept)."""
        with contextlib.suppress(subprocess.CalledProcessError):
            self._pg_ctl("stop", "-m", mode)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.root, ignore_errors=True)
