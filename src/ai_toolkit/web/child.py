"""The phones' server process that ``run`` starts (``python -m ai_toolkit.web.child``): see ``web.process``.

It reads one line of settings on stdin, serves the session on the socket it was handed, says ``ready`` and then
``changed`` after every change it saved on stdout, catches up at once when its parent writes ``changed``, and
stops when stdin ends: the TUI quit, or died (the system closes its end of the pipe), so nothing is left holding
the port. It runs its own event loop on its own core; the store lets it and the TUI write the same session.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import os
import socket
import sys
import threading
from typing import Any, BinaryIO

from ai_toolkit.errors import ToolkitError
from ai_toolkit.facilitation import Facilitation, open_session
from ai_toolkit.facilitation.sessions import SessionsDir
from ai_toolkit.model import events as ev
from ai_toolkit.web.server import ParticipantServer


def main() -> int:
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s: %(message)s", stream=sys.stderr)
    settings: dict[str, Any] = json.loads(sys.stdin.buffer.readline() or b"{}")
    if not settings:
        return 0  # the parent went away before it said anything
    sock = _adopt(settings)
    try:
        f = open_session(SessionsDir(settings["sessions"]), settings["session"])
    except ToolkitError as exc:
        print(f"cannot open the session: {exc.message}", file=sys.stderr)
        return 2
    server = ParticipantServer(
        f,
        host=settings["host"],
        port=sock.getsockname()[1],
        public_url=settings.get("public_url"),
        submissions_per_minute=settings["per_minute"],
        joins_per_minute=settings["joins_per_minute"],
        quiet_gc=True,
        sock=sock,
    )
    try:
        asyncio.run(_serve(server, f, _Parent(sys.stdout.buffer)))
    finally:
        f.close()
    return 0


def _adopt(settings: dict[str, Any]) -> socket.socket:
    """The listening socket the parent bound: inherited (POSIX) or shared (Windows)."""
    if "share" in settings:
        return socket.fromshare(base64.b64decode(settings["share"]))  # type: ignore[attr-defined]
    return socket.socket(settings["family"], socket.SOCK_STREAM, socket.IPPROTO_TCP, fileno=settings["fd"])


class _Parent:
    """Lines to the parent. Never blocks: if the parent is not reading, a ``changed`` is dropped (its own
    look at the database finds the change within a second)."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        with contextlib.suppress(OSError, AttributeError):
            os.set_blocking(out.fileno(), False)

    def say(self, word: str) -> None:
        with contextlib.suppress(OSError, ValueError):  # BlockingIOError, a closed pipe
            self.out.write(word.encode() + b"\n")
            self.out.flush()


async def _serve(server: ParticipantServer, f: Facilitation, parent: _Parent) -> None:
    loop = asyncio.get_running_loop()
    quiet = False
    pending = False

    def tell() -> None:
        nonlocal pending
        pending = False
        parent.say("changed")

    def heard(records: list[ev.Recorded]) -> None:
        nonlocal pending
        if not quiet and not pending:  # one line per turn of the loop, however many groups were saved
            pending = True
            loop.call_soon(tell)

    def from_parent(line: bytes) -> None:
        nonlocal quiet
        if line.strip() == b"changed":
            quiet = True  # the parent knows: do not echo it back
            try:
                server.poke()
            finally:
                quiet = False

    f.subscribe(heard)
    threading.Thread(target=_read_parent, args=(loop, from_parent, server.stop), daemon=True).start()
    task = asyncio.create_task(server.serve())
    while not server.started and not task.done():
        await asyncio.sleep(0.01)
    if server.started:
        parent.say("ready")
    await task


def _read_parent(loop: asyncio.AbstractEventLoop, on_line: Any, on_end: Any) -> None:
    """stdin, line by line, in a thread (works on every system's pipes); its end stops the server."""
    for line in sys.stdin.buffer:
        loop.call_soon_threadsafe(on_line, line)
    with contextlib.suppress(RuntimeError):  # the loop already closed
        loop.call_soon_threadsafe(on_end)


if __name__ == "__main__":
    sys.exit(main())
