"""A minimal SMTP sink on loopback that takes its time: each message is accepted after
`delay` seconds, and every accepted message's Message-ID is recorded in arrival order (and the
number of connections, `sessions`)."""

from __future__ import annotations

import contextlib
import re
import socketserver
import threading
import time


class _Session(socketserver.StreamRequestHandler):
    def handle(self) -> None:
        with self.server.lock:  # type: ignore[attr-defined]
            self.server.sessions += 1  # type: ignore[attr-defined]
        # The sender killed mid-conversation: that message was not accepted.
        with contextlib.suppress(OSError):
            self._converse()

    def _converse(self) -> None:
        server: SlowSink = self.server  # type: ignore[assignment]
        self.wfile.write(b"220 sink\r\n")
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line.strip().split(b" ", 1)[0].upper()
            if verb in {b"EHLO", b"HELO"}:
                self.wfile.write(b"250 sink\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go on\r\n")
                message = []
                while (chunk := self.rfile.readline()) not in {b".\r\n", b""}:
                    message.append(chunk)
                time.sleep(server.delay)
                found = re.search(rb"^Message-ID: *(\S+)", b"".join(message), re.M | re.I)
                with server.lock:
                    server.message_ids.append(found.group(1).decode() if found else "")
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            elif verb == b"RCPT" and any(a.encode() in line for a in server.refused):
                self.wfile.write(b"550 no such mailbox\r\n")  # as a real server refuses
            else:  # MAIL, RCPT, RSET, NOOP
                self.wfile.write(b"250 ok\r\n")


class SlowSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, delay: float = 0.02) -> None:
        super().__init__(("127.0.0.1", 0), _Session)
        self.delay = delay
        self.lock = threading.Lock()
        self.message_ids: list[str] = []
        self.sessions = 0  # SMTP connections accepted
        self.refused: set[str] = set()  # recipients answered 550
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)
        self.thread.start()

    @property
    def port(self) -> int:
        return self.server_address[1]

    def close(self) -> None:
        self.shutdown()
        self.server_close()
