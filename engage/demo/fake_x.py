"""The demo's own X: a loopback fake (engage/demo/x_api_fake.py, X API v2's wire format at the
HTTP layer) that `make run` starts beside the web server, so one demo team, Camden Town's, really
cross-posts officers' replies and syncs its feed back, with no X account or credentials.

    python -m engage.demo.fake_x --port 8765     what `start` runs as a child process

Standard library only at import (the fake too): the launcher calls `start` before Django is
set up. With real X credentials in the environment (X_BEARER_TOKEN) nothing is started and real
X is used.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from engage.demo.x_api_fake import FakeX

DEMO_HANDLE = "MPSCamdenTown"  # the Camden Town team's (engage/demo/places_data.py)
DEMO_TOKENS = ("demo-access-token", "demo-access-secret")
DEMO_BEARER = "demo-bearer"
# Above the demo's stored post ids (social/demo.py), so a sync after a cross-post finds it.
FIRST_ID = 1_950_000_000_000_000_000


def configure(env: dict[str, str]) -> int | None:
    """Choose a free loopback port for the fake and point `env` (the children's) at it; None
    when real X credentials are set (nothing to fake)."""
    if env.get("X_BEARER_TOKEN"):
        return None
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env.update(
        X_API_BASE_URL=f"http://127.0.0.1:{port}",
        X_BEARER_TOKEN=DEMO_BEARER,
        X_CONSUMER_KEY="demo-consumer-key",
        X_CONSUMER_SECRET="demo-consumer-secret",
        DEMO_FAKE_X="true",
    )
    return port


def command(port: int) -> list[str]:
    return [sys.executable, "-m", "engage.demo.fake_x", "--port", str(port)]


def start(root: Path, env: dict[str, str], logs: Path) -> subprocess.Popen | None:
    """Start the fake as a plain process (the launcher supervises it instead, via
    `configure` and `command`)."""
    port = configure(env)
    if port is None:
        return None
    log = open(logs / "fake-x.log", "ab")
    process = subprocess.Popen(
        command(port),
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and process.poll() is None:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            break
        except OSError:
            time.sleep(0.1)
    return process


def build() -> FakeX:
    """The fake with the demo team's account, which may post with the demo tokens."""
    fake = FakeX(bearer=DEMO_BEARER, first_id=FIRST_ID)
    fake.add_account(DEMO_HANDLE, name="Camden Town Safer Neighbourhood Team", tokens=DEMO_TOKENS)
    return fake


def main(argv: list[str]) -> None:
    port = int(argv[argv.index("--port") + 1]) if "--port" in argv else 8765
    fake = build()
    fake.serve(port)
    print(f"demo fake X on {fake.url} (@{DEMO_HANDLE} may post)", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    main(sys.argv[1:])
