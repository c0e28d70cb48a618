"""F0, the fan-out floor: a raw `websockets` server broadcasting in-process.

Every socket that connects is kept in a set. A message sent on the control path (`/control`) is
written to every other socket at once with `websockets.broadcast` (no Redis, no framework). The
benchmark stamps its send time before it writes to the control socket.

    python -m bench.baselines.ws_raw_broadcast --port 8101 [--deflate]
"""

from __future__ import annotations

import argparse
import asyncio

from websockets.asyncio.server import broadcast, serve

CONTROL = "/control"


async def main(port: int, deflate: bool) -> None:
    clients: set = set()

    async def handler(socket) -> None:
        if socket.request.path == CONTROL:
            async for message in socket:
                broadcast(clients, message)
            return
        clients.add(socket)
        try:
            await socket.wait_closed()
        finally:
            clients.discard(socket)

    async with serve(
        handler, "127.0.0.1", port, backlog=4096, compression="deflate" if deflate else None
    ) as server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--deflate", action="store_true", help="accept permessage-deflate")
    args = parser.parse_args()
    try:
        from uvloop import new_event_loop
    except ImportError:
        new_event_loop = None
    with asyncio.Runner(loop_factory=new_event_loop) as runner:
        runner.run(main(args.port, args.deflate))
