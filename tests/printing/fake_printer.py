"""A fake network printer on a free loopback port (a real socket server thread) that
answers ``DLE EOT`` status queries, for connection, queue and setup-screen tests."""

from __future__ import annotations

import socket
import struct
import threading

from pos.printing.connections import status_query

READY = 0x12  # 0b00010010: the fixed bits, nothing wrong
OFFLINE = READY | 0x08
PAPER_END = READY | 0x60  # DLE EOT 4: roll paper end sensor
PAPER_NEAR_END = READY | 0x0C
STOPPED_NO_PAPER = READY | 0x20  # DLE EOT 2: printing stopped by paper end
COVER_OPEN = READY | 0x04  # DLE EOT 2
QUERIES = status_query(1) + status_query(4)


class FakePrinter:
    """A network printer on 127.0.0.1: records what it receives and answers ``DLE EOT n``
    (anywhere in the stream, as a real one does) from ``answers``.

    ``answer=False``: never answers status. ``drop_after``: resets the connection once that
    many bytes arrived (after answering the first status). ``read=False``: never reads,
    with a tiny receive window, so a sender stalls.
    """

    def __init__(self, answers: dict[int, int] | None = None, *, answer: bool = True,
                 drop_after: int | None = None, read: bool = True) -> None:
        self.answers = {1: READY, 2: READY, 3: READY, 4: READY, **(answers or {})}
        self.answer = answer
        self.drop_after = drop_after
        self.read = read
        self.received = bytearray()
        self.done = threading.Event()
        self.release = threading.Event()
        self.error: BaseException | None = None
        self.listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if not read:
            self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(1)
        self.port = self.listener.getsockname()[1]
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        try:
            self.listener.settimeout(10)
            conn, _ = self.listener.accept()
            with conn:
                conn.settimeout(10)
                if not self.read:
                    self.release.wait(10)
                    return
                scanned = 0
                while True:
                    chunk = conn.recv(65536)
                    if not chunk:
                        return
                    self.received += chunk
                    while True:  # answer every complete DLE EOT n not yet answered
                        at = self.received.find(b"\x10\x04", scanned)
                        if at < 0 or at + 2 >= len(self.received):
                            scanned = max(scanned, len(self.received) - 2)
                            break
                        n = self.received[at + 2]
                        if self.answer and n in self.answers:
                            conn.sendall(bytes((self.answers[n],)))
                        scanned = at + 3
                    if self.drop_after is not None and len(self.received) >= self.drop_after:
                        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                                        struct.pack("ii", 1, 0))  # close with RST
                        return
        except BaseException as exc:  # reported to the test
            self.error = exc
        finally:
            self.done.set()

    def close(self) -> None:
        self.release.set()
        self.done.wait(10)
        self.listener.close()
