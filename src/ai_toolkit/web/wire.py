"""The wire between the phones and the server: every connection bounded in size, time and number.

The room's Wi-Fi is open to everyone in the hall, and one hostile person is enough to take a server down that
trusts its connections: uvicorn with httptools has no limit on the size or number of header lines (one connection
sending headers for ever grew a server to 3 GiB in 14 s), no timeout while a request's head or body is being read
(slow senders hold a connection for ever), and no cap on open connections (1,100 half-open connections used up a
desktop's 1,024 open files, and ordinary requests were refused). So this protocol, a small extension of uvicorn's
httptools protocol, bounds everything before a request reaches the web form (``docs/security.md`` says why each
limit is what it is):

- the request's head: at most ``MAX_HEAD`` bytes, ``MAX_HEADERS`` lines and a ``MAX_URL`` address (431 or 414);
- time: the head within ``HEAD_SECONDS`` of its first byte, the body within ``BODY_SECONDS`` of the head, and a
  connection without a request is closed after ``IDLE_SECONDS`` (uvicorn's keep-alive timeout covers the pause
  between requests; a fresh connection that says nothing is closed just the same);
- number: at most ``max_connections`` open at once (sized to the process's open-file limit, raised where the
  system allows) and ``PER_ADDRESS`` from one network address. At the cap a new connection first makes room by
  closing the connection that has waited longest without a request in progress (an idle keep-alive, a head that
  is still arriving), then the oldest change stream (the phone's page opens it again by itself); only when every
  connection is busy with a request is the newcomer refused with 503;
- TCP_NODELAY on every accepted connection: a response written in two pieces (head, then body) otherwise waits
  for the phone's delayed acknowledgement, about 40 ms on every request of a kept-alive connection.
"""

from __future__ import annotations

import asyncio
import http
import logging
import socket
from collections import Counter
from dataclasses import dataclass, field
from typing import ClassVar

import httptools
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

log = logging.getLogger(__name__)

MAX_HEAD = 16 * 1024
"""Bytes of a request line and its headers: a phone's browser sends under 2 KiB, cookies included."""
MAX_HEADERS = 64
"""Header lines of one request: browsers send about 15."""
MAX_URL = 4 * 1024
"""Our addresses are under 200 characters; a language switch or a form's query adds a few more."""
HEAD_SECONDS = 10.0
"""From a request's first byte to its last header: a phone on weak Wi-Fi sends a 2 KiB head in well under that."""
BODY_SECONDS = 30.0
"""From the last header to the last byte of the body: 64 KiB at most, even over a poor connection."""
IDLE_SECONDS = 20
"""A connection with no request in progress, fresh or kept alive between requests. A phone sends its next
contribution within seconds of the last, so most reuse their connection; an idle one costs only an open file."""
PER_ADDRESS = 64
"""Connections from one network address: a phone's browser opens up to 6, a few tabs add some more. The laptop's
own loopback address (127.0.0.1, ::1), the one reverse proxy whose forwarded headers are trusted, is not capped."""
ACCEPT_BATCH = 16
"""Connections asyncio accepts in one turn of the loop, before any of them is counted (it would take as many as
the listen backlog, 2,048, and run out of open files in one go): the server's overshoot past its cap is about
three such batches, whose sockets are closed a turn or two later."""
LISTEN_BACKLOG = 2048
"""Connections the system holds for us until we accept them: a hall's phones joining at once wait there."""
RESERVED_FILES = 96
"""Open files the server needs besides its counted connections: accept batches not yet counted, the database and
its journal, logs, pipes, static files being sent."""
WANTED_FILES = 65_536
"""How far the open-file limit is raised when the system allows: far beyond any hall."""
SEND_TIMEOUT_MS = 60_000
"""A peer that acknowledges nothing for a minute is gone (a phone that left, a laptop that slept): drop it."""
WARN_SECONDS = 10.0
_UNCAPPED = frozenset({"127.0.0.1", "::1"})


def open_files_allowed(wanted: int = WANTED_FILES) -> int:
    """This process's limit on open files, first raised toward ``wanted`` as far as the system allows.

    Linux desktops start processes with a soft limit of 1,024 and a much higher hard limit; macOS with 256 and a
    kernel maximum of 10,240 per process. Windows has no such limit for sockets (a fixed generous figure).
    """
    try:
        import resource  # POSIX only
    except ImportError:
        return 8192
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    ceiling = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < ceiling:
        for target in (ceiling, min(ceiling, 10_240)):  # macOS refuses more than OPEN_MAX
            try:
                resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
                break
            except (ValueError, OSError):
                continue
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    return wanted if soft == resource.RLIM_INFINITY else int(soft)


def connections_allowed(open_files: int) -> int:
    """How many connections the server keeps open at most, with ``open_files`` allowed to the process."""
    return max(16, open_files - RESERVED_FILES)


LOW_CONNECTIONS = 2 * 1000 + 100
"""Fewer connections than this is worth a word at start: a 1,000-person plenary needs about two per phone."""


def phones_following(connections: int) -> int:
    """Phones that can follow the room live at once: each keeps a change stream and a connection to send on."""
    return connections // 2


@dataclass
class WireLimits:
    max_connections: int
    per_address: int = PER_ADDRESS
    max_head: int = MAX_HEAD
    max_headers: int = MAX_HEADERS
    max_url: int = MAX_URL
    head_seconds: float = HEAD_SECONDS
    body_seconds: float = BODY_SECONDS
    idle_seconds: float = IDLE_SECONDS
    streams: tuple[str, ...] = ()
    """Path endings of long-lived change streams (``/events``): the second to go when room must be made."""


@dataclass
class Wire:
    """The connections of one server: how many, from where, and which may be closed first to make room."""

    limits: WireLimits
    open: int = 0
    by_address: Counter[str] = field(default_factory=Counter)
    waiting: dict[GuardedHttp, None] = field(default_factory=dict)
    """Connections without a request in progress, oldest first (a dict keeps insertion order)."""
    streams: dict[GuardedHttp, None] = field(default_factory=dict)
    """Connections carrying a change stream, oldest first."""
    refused: Counter[int] = field(default_factory=Counter)
    """Refusals by status (431, 503...), for the tests and the benchmark."""
    shed: int = 0
    """Connections closed to make room for newer ones."""
    warned: float = float("-inf")
    """When a refusal was last written to the log: at most one line every ``WARN_SECONDS`` (a flood of bad
    requests must not fill the disk with its own story)."""

    def protocol(self) -> type[GuardedHttp]:
        """The protocol class uvicorn makes one of per connection, bound to this server's counts."""
        return type("BoundGuardedHttp", (GuardedHttp,), {"wire": self})

    def make_room(self) -> bool:
        """Close the connection that has waited longest, else the oldest stream. False if all are busy."""
        for pool in (self.waiting, self.streams):
            while pool:
                oldest = next(iter(pool))
                del pool[oldest]
                if oldest.release():
                    self.shed += 1
                    return True
        return False


def tune(sock: socket.socket | None) -> None:
    """TCP_NODELAY (no waiting for the peer's delayed ACK), and give up on a peer silent for a minute."""
    if sock is None or sock.family not in (socket.AF_INET, socket.AF_INET6):
        return
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if hasattr(socket, "TCP_USER_TIMEOUT"):  # Linux
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_USER_TIMEOUT, SEND_TIMEOUT_MS)
    except OSError:  # the peer is already gone
        pass


class _Refusal(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


class GuardedHttp(HttpToolsProtocol):
    """uvicorn's httptools protocol with the limits of ``WireLimits`` (one instance per connection)."""

    wire: ClassVar[Wire]

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        tune(transport.get_extra_info("socket"))
        super().connection_made(transport)
        self._counted = False
        self._refused = False
        self._timer: asyncio.TimerHandle | None = None
        self._head_bytes = 0
        self._header_lines = 0
        self._in_head = True
        self._address = self.client[0] if self.client else ""
        wire, limits = self.wire, self.wire.limits
        if wire.by_address[self._address] >= limits.per_address and self._address not in _UNCAPPED:
            self._refuse(503)
            return
        if wire.open >= limits.max_connections and not wire.make_room():
            self._refuse(503)
            return
        self._counted = True
        wire.open += 1
        wire.by_address[self._address] += 1
        self._wait(limits.idle_seconds)

    def connection_lost(self, exc: Exception | None) -> None:
        self._forget()
        super().connection_lost(exc)

    # -- counting and timing -------------------------------------------------------------------------------
    def _forget(self) -> None:
        """No longer counted: closed, or being closed to make room."""
        self._cancel_timer()
        wire = self.wire
        wire.waiting.pop(self, None)
        wire.streams.pop(self, None)
        if self._counted:
            self._counted = False
            wire.open -= 1
            wire.by_address[self._address] -= 1
            if wire.by_address[self._address] <= 0:
                del wire.by_address[self._address]

    def release(self) -> bool:
        """Close this connection to make room for a newer one; True if that freed a place."""
        if not self._counted or self.transport.is_closing():
            return False
        self._forget()
        self.transport.close()
        return True

    def _wait(self, seconds: float) -> None:
        """No request in progress: may be closed to make room, and is closed after ``seconds`` anyway."""
        self.wire.waiting[self] = None
        self._arm(seconds)

    def _arm(self, seconds: float) -> None:
        self._cancel_timer()
        self._timer = self.loop.call_later(seconds, self._expired)

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _expired(self) -> None:
        self._timer = None
        if not self.transport.is_closing():
            self.transport.close()

    # -- reading requests ----------------------------------------------------------------------------------
    def data_received(self, data: bytes) -> None:
        if self._refused:
            return
        self._unset_keepalive_if_required()
        if self._in_head:
            if self._head_bytes == 0:  # a request begins: its head must arrive in time
                self._arm(self.wire.limits.head_seconds)
            self._head_bytes += len(data)
            if self._head_bytes > self.wire.limits.max_head:
                self._refuse(431)
                return
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self._refuse(400)  # no WebSockets here
        except httptools.HttpParserError as exc:
            refusal = exc.__context__
            self._refuse(refusal.status if isinstance(refusal, _Refusal) else 400)

    def on_url(self, url: bytes) -> None:
        if len(self.url) + len(url) > self.wire.limits.max_url:
            raise _Refusal(414)
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_lines += 1
        if self._header_lines > self.wire.limits.max_headers:
            raise _Refusal(431)
        super().on_header(name, value)

    def on_headers_complete(self) -> None:
        self._in_head = False
        self._cancel_timer()
        self.wire.waiting.pop(self, None)
        if _has_body(self.headers):
            self._arm(self.wire.limits.body_seconds)
        super().on_headers_complete()
        path = self.scope.get("path", "")
        if self.wire.limits.streams and path.endswith(self.wire.limits.streams) and self._counted:
            self.wire.streams[self] = None

    def on_message_complete(self) -> None:
        self._cancel_timer()
        self._in_head = True
        self._head_bytes = 0
        self._header_lines = 0
        super().on_message_complete()

    def on_response_complete(self) -> None:
        self.wire.streams.pop(self, None)
        super().on_response_complete()
        if self._counted and self.timeout_keep_alive_task is not None:
            # uvicorn's keep-alive timer closes it after IDLE_SECONDS; until then it may make room for another.
            self.wire.waiting[self] = None

    def _refuse(self, status: int) -> None:
        """Answer ``status`` in plain text and close: the request never reaches the application."""
        self._refused = True
        self.wire.refused[status] += 1
        self._forget()
        if self.transport.is_closing():
            return
        phrase = http.HTTPStatus(status).phrase
        body = f"{status} {phrase}\n".encode()
        head = (
            f"HTTP/1.1 {status} {phrase}\r\ncontent-type: text/plain; charset=utf-8\r\n"
            f"content-length: {len(body)}\r\nconnection: close\r\n"
        )
        if status == 503:
            head += "retry-after: 2\r\n"
        self.transport.write(head.encode() + b"\r\n" + body)
        self.transport.close()
        now = self.loop.time()
        if status != 503 and now - self.wire.warned >= WARN_SECONDS:
            self.wire.warned = now
            total = sum(n for code, n in self.wire.refused.items() if code != 503)
            log.warning(
                "refused a request from %s: %s %s (%d refused so far)", self._address or "?", status, phrase, total
            )


def _has_body(headers: list[tuple[bytes, bytes]]) -> bool:
    for name, value in headers:
        if name == b"content-length":
            return value.strip() not in (b"", b"0")
        if name == b"transfer-encoding":
            return True
    return False
