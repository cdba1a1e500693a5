"""An HTTP-aware TCP proxy between the till's :class:`~pos.sync.transport.HttpTransport` and
the real head-office server, that a test tells what to do with each request.

Every connection carries one request (the proxy asks head office to close after it and tells
the till the same), so each request meets exactly one decision, in the order the till sends
them (its sync worker sends one request at a time): no timing is involved. A decision is
taken from, in this order, the queue planned for the request's path
(:meth:`FaultProxy.plan`), then :attr:`FaultProxy.policy` (a function of the path and how
many requests that path has seen), then :data:`PASS`.

=======================  ==================================================================
action                   what the till sees
=======================  ==================================================================
:data:`PASS`             head office's answer
:data:`DROP`             the connection closes before the request reaches head office
:data:`LOSE_REPLY`       head office handles the request (and commits); the connection
                         closes before a byte of its answer reaches the till
``Cut(fraction=0.8)``    the first 80 % of head office's answer (headers included), then EOF
``Delay(seconds)``       head office's answer, held back that long after head office replied
``Answer(503, ...)``     the proxy's own answer (503 with ``Retry-After``, 413...); head office
                         never sees the request
=======================  ==================================================================
"""

from __future__ import annotations

import contextlib
import gzip
import json
import socket
import threading
from collections import defaultdict, deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Action:
    kind: str  # pass | drop | lose_reply | cut | delay | answer
    fraction: float = 1.0
    seconds: float = 0.0
    status: int = 200
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""


PASS = Action("pass")
DROP = Action("drop")
LOSE_REPLY = Action("lose_reply")


def Cut(fraction: float) -> Action:
    return Action("cut", fraction=fraction)


def Delay(seconds: float) -> Action:
    return Action("delay", seconds=seconds)


def Answer(status: int, body: bytes = b"", **headers: str) -> Action:
    return Action("answer", status=status, body=body,
                  headers=tuple((k.replace("_", "-"), v) for k, v in headers.items()))


def Unavailable(retry_after: int) -> Action:
    return Answer(503, b'{"detail":{"code":"busy","message":"proxy says busy"}}',
                  Retry_After=str(retry_after), Content_Type="application/json")


TOO_LARGE = Answer(413, b'{"detail":{"code":"batch_too_large","message":"proxy"}}',
                   Content_Type="application/json")

REASONS = {200: "OK", 413: "Payload Too Large", 503: "Service Unavailable"}


@dataclass(frozen=True)
class Seen:
    """One request as the proxy handled it."""

    method: str
    path: str  # without the query
    n: int  # 1 for the first request on this path
    action: str
    status: int | None  # head office's (or the proxy's) status; None when none was had
    request_body: bytes = b""

    def json(self) -> Any:
        """The request's JSON body (inflated when the till gzipped it)."""
        body = self.request_body
        return json.loads(gzip.decompress(body) if body[:2] == b"\x1f\x8b" else body)

    def events(self) -> list[dict[str, Any]]:
        """The events of a push."""
        found: list[dict[str, Any]] = self.json()["events"]
        return found


Policy = Callable[[str, int], Action]


@dataclass
class FaultProxy:
    upstream: str  # http://127.0.0.1:<port>
    policy: Policy | None = None
    seen: list[Seen] = field(default_factory=list)

    def __post_init__(self) -> None:
        parts = urlsplit(self.upstream)
        self._target = (parts.hostname or "127.0.0.1", parts.port or 80)
        self._plans: dict[str, deque[Action]] = defaultdict(deque)
        self._counts: dict[str, int] = defaultdict(int)
        self._lock = threading.Lock()
        self._server = socket.create_server(("127.0.0.1", 0))
        self._server.settimeout(0.2)
        self.port = self._server.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, name="fault-proxy", daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- what the test says ----------------------------------------------------------------

    def plan(self, path: str, actions: Iterable[Action]) -> None:
        """The next requests on ``path`` (``/api/v1/sync/push``...) meet ``actions``, one each."""
        with self._lock:
            self._plans[path].extend(actions)

    def clear(self) -> None:
        with self._lock:
            self._plans.clear()
            self.policy = None

    def requests(self, path: str | None = None, action: str | None = None) -> list[Seen]:
        with self._lock:
            return [s for s in self.seen if (path is None or s.path == path)
                    and (action is None or s.action == action)]

    def close(self) -> None:
        self._stop.set()
        self._thread.join(5)
        self._server.close()

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- the proxy ---------------------------------------------------------------------------

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                client, _addr = self._server.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            # A thread per connection; the till sends its next request only once the last
            # one is over (answered, failed or timed out), so decisions keep its order.
            threading.Thread(target=self._connection, args=(client,), daemon=True).start()

    def _connection(self, client: socket.socket) -> None:
        try:
            self._handle(client)
        except OSError:
            pass
        finally:
            client.close()

    def _decide(self, path: str) -> tuple[Action, int]:
        with self._lock:
            self._counts[path] += 1
            n = self._counts[path]
            if self._plans[path]:
                return self._plans[path].popleft(), n
            policy = self.policy
        return (policy(path, n) if policy else PASS), n

    def _handle(self, client: socket.socket) -> None:
        client.settimeout(30)
        request = _read_request(client)
        if request is None:
            return
        head, body = request
        method, target = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ")[:2]
        path = urlsplit(target).path
        action, n = self._decide(path)
        status: int | None = None
        try:
            if action.kind == "drop":
                return
            if action.kind == "answer":
                status = action.status
                client.sendall(_answer(action))
                return
            reply = self._forward(head, body)
            status = _status_of(reply)
            if action.kind == "lose_reply":
                return
            if action.kind == "cut":
                client.sendall(reply[:int(len(reply) * action.fraction)])
                return
            if action.kind == "delay":
                self._stop.wait(action.seconds)  # the proxy's thread, never the test's
            with contextlib.suppress(OSError):  # the till may have given up waiting
                client.sendall(reply)
        finally:
            with self._lock:
                self.seen.append(Seen(method, path, n, action.kind, status, body))
            if action.kind in ("drop", "lose_reply", "cut"):
                _abort(client)

    def _forward(self, head: bytes, body: bytes) -> bytes:
        with socket.create_connection(self._target, timeout=60) as upstream:
            upstream.sendall(_with_header(head, b"Connection", b"close") + body)
            chunks = []
            while True:
                chunk = upstream.recv(65536)
                if not chunk:
                    break
                chunks.append(chunk)
        reply = b"".join(chunks)
        end = reply.find(b"\r\n\r\n")
        if end < 0:
            return reply
        return _with_header(reply[:end + 4], b"Connection", b"close") + reply[end + 4:]


def _read_request(client: socket.socket) -> tuple[bytes, bytes] | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = client.recv(65536)
        if not chunk:
            return None
        data += chunk
    end = data.index(b"\r\n\r\n") + 4
    head, body = data[:end], data[end:]
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
        if name.strip().lower() == b"transfer-encoding":
            raise AssertionError("the fault proxy does not take chunked requests")
    while len(body) < length:
        chunk = client.recv(65536)
        if not chunk:
            return None
        body += chunk
    return head, body


def _with_header(head: bytes, name: bytes, value: bytes) -> bytes:
    lines = head[:-4].split(b"\r\n")
    kept = [lines[0]] + [line for line in lines[1:]
                         if line.partition(b":")[0].strip().lower() != name.lower()]
    return b"\r\n".join([*kept, name + b": " + value]) + b"\r\n\r\n"


def _status_of(reply: bytes) -> int | None:
    try:
        return int(reply.split(b" ", 2)[1])
    except (IndexError, ValueError):
        return None


def _answer(action: Action) -> bytes:
    lines = [f"HTTP/1.1 {action.status} {REASONS.get(action.status, 'Error')}",
             f"Content-Length: {len(action.body)}", "Connection: close",
             *[f"{k}: {v}" for k, v in action.headers]]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + action.body


def _abort(client: socket.socket) -> None:
    """Close so the till sees the connection end where it was cut (not a clean reply)."""
    with contextlib.suppress(OSError):
        client.shutdown(socket.SHUT_RDWR)
