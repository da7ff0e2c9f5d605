"""The phones' server in a process of its own, for ``run`` and ``demo``: off the facilitator's screen.

With the server inside the TUI's event loop, a plenary's phones and the screen's drawing shared one loop and one
core (1,000 phones: posts p99 791 ms under ``run`` against 114 ms under ``serve``). So ``run`` starts
``python -m ai_toolkit.web.child``, which serves the same session from the same database (every command catches
up under the write lock, whoever wrote last), on the second core. What passes between the two:

- the listening socket: bound here first (a taken port is a plain message at once) and handed to the child
  (inherited on POSIX, ``socket.share`` on Windows). It stays open here while a crashed child is replaced, so the
  port is never lost and phones connecting meanwhile wait in the system's queue;
- the child's stdin: one line of settings, then ``changed`` whenever the facilitator changed the session here.
  At its end (the TUI quit, or was killed: the system closes the pipe) the child stops, so no orphan keeps the port;
- the child's stdout: ``ready`` once it serves, then ``changed`` after each change it saved; the TUI catches up
  (``Facilitation.refresh``) at most every ``CATCH_UP_SECONDS``, so a burst of phones is one batch on screen;
- the child's stderr goes to ``server.log`` in the session's folder: a crash's last words are kept, never drawn
  over the TUI.

``serve()`` returns when ``stop()`` was asked; when the child dies on its own it raises ``ServerStopped``, and
the TUI calls ``serve()`` again (``restartable``): a new child on the same socket.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
import logging
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

from ai_toolkit.errors import Code, Refused, StoreError, ToolkitError
from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model import events as ev
from ai_toolkit.web.app import DEFAULT_JOINS_PER_ADDRESS, DEFAULT_PER_MINUTE
from ai_toolkit.web.server import base_url, listen
from ai_toolkit.web.wire import LOW_CONNECTIONS, connections_allowed, open_files_allowed, phones_following

log = logging.getLogger(__name__)

CATCH_UP_SECONDS = 0.05
"""At most this often the facilitator's screen reads what the phones sent: 20 batches a second at the most."""
LOG_NAME = "server.log"
MAX_LOG_BYTES = 1024 * 1024
"""A longer log is started afresh when the server starts: it is for the last crash, not for history."""


class ServerStopped(ToolkitError):
    """The phones' server process ended without being asked to; the message says how (its last words)."""


class ServerProcess:
    """The participant server for ``facilitation``'s session, served by a child process until ``stop()``."""

    restartable = True

    def __init__(
        self,
        facilitation: Facilitation,
        *,
        host: str = "0.0.0.0",
        port: int = 8000,
        public_url: str | None = None,
        submissions_per_minute: int = DEFAULT_PER_MINUTE,
        joins_per_minute: int = DEFAULT_JOINS_PER_ADDRESS,
    ) -> None:
        if public_url and not public_url.startswith(("http://", "https://")):
            raise Refused(f"--public-url must start with http:// or https:// (got {public_url!r})", code=Code.BAD_URL)
        self.facilitation = facilitation
        self.host = host
        self.port = port
        self.public_url = public_url.rstrip("/") if public_url else None
        self.limits = {"per_minute": submissions_per_minute, "joins_per_minute": joins_per_minute}
        # The child inherits the raised open-file limit, so it sizes its connection cap the same way.
        self.max_connections = connections_allowed(open_files_allowed())
        self.started = False
        self._socket: socket.socket | None = None
        self._child: asyncio.subprocess.Process | None = None
        self._stopping = False
        self._catching_up = False
        self._last_catch_up = 0.0
        self._catch_up_pending = False
        self._telling = False

    # -- addresses ---------------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return base_url(self.host, self.port, self.public_url)

    @property
    def join_url(self) -> str:
        return f"{self.base_url}/j/{self.facilitation.state.info.join_token}"

    @property
    def facilitator_url(self) -> str:
        return f"{self.base_url}/f/{self.facilitation.state.info.facilitator_token}"

    @property
    def capacity_note(self) -> tuple[int, int] | None:
        """(connections, phones following live) when the open-file limit is too low for a plenary, else None."""
        if self.max_connections >= LOW_CONNECTIONS:
            return None
        return self.max_connections, phones_following(self.max_connections)

    @property
    def log_path(self) -> Path:
        return self.facilitation.folder / LOG_NAME

    # -- running -----------------------------------------------------------------------------------------
    def bind(self) -> None:
        """Take the port now, so a clash is a plain message before anything else starts."""
        if self._socket is None:
            self._socket = listen(self.host, self.port)
            self.port = self._socket.getsockname()[1]

    async def serve(self) -> None:
        """Run a child until ``stop()``; raises ``ServerStopped`` if it ends on its own (call again to restart)."""
        self.bind()
        assert self._socket is not None
        self._stopping = False
        self.started = False
        unsubscribe = self.facilitation.subscribe(self._heard_here)
        child: asyncio.subprocess.Process | None = None
        try:
            child = self._child = await self._start(self._socket)
            assert child.stdout is not None
            async for line in child.stdout:
                word = line.strip()
                if word == b"changed":
                    self._catch_up_soon()
                elif word == b"ready":
                    self.started = True
            code = await child.wait()
        finally:
            unsubscribe()
            self._child = None
            self.started = False
            if child is not None and child.returncode is None:  # cancelled: leave nothing behind
                with contextlib.suppress(ProcessLookupError):
                    child.kill()
            if self._stopping:
                self._close_socket()
        self._catch_up()  # whatever it saved last
        if self._stopping:
            return
        ended = f"ended by signal {-code}" if code < 0 else f"exit code {code}"
        raise ServerStopped(_last_words(self.log_path) or ended)

    def stop(self) -> None:
        """Ask the child to stop (it finishes what it is answering); a second call ends it at once."""
        child = self._child
        if child is None:
            self._stopping = True
            self._close_socket()
            return
        if self._stopping:
            with contextlib.suppress(ProcessLookupError):
                child.kill()
            return
        self._stopping = True
        if child.stdin is not None:
            child.stdin.close()

    def _close_socket(self) -> None:
        if self._socket is not None:
            self._socket.close()
            self._socket = None

    async def _start(self, sock: socket.socket) -> asyncio.subprocess.Process:
        settings: dict[str, Any] = {
            "sessions": str(self.facilitation.folder.parent),
            "session": self.facilitation.folder.name,
            "host": self.host,
            "public_url": self.public_url,
            "family": int(sock.family),
            **self.limits,
        }
        kwargs: dict[str, Any] = {}
        if sys.platform == "win32":
            kwargs["creationflags"] = subprocess.CREATE_NEW_PROCESS_GROUP  # Ctrl+C is the TUI's alone
        else:
            kwargs["pass_fds"] = (sock.fileno(),)
            kwargs["start_new_session"] = True  # signals from the terminal are the TUI's alone
            settings["fd"] = sock.fileno()
        with _log_file(self.log_path) as stderr:
            child = await asyncio.create_subprocess_exec(
                sys.executable, "-m", "ai_toolkit.web.child",
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=stderr, **kwargs,
            )  # fmt: skip
        if sys.platform == "win32":
            settings["share"] = base64.b64encode(sock.share(child.pid)).decode()  # type: ignore[attr-defined]
        assert child.stdin is not None
        child.stdin.write(json.dumps(settings).encode() + b"\n")
        return child

    # -- changes both ways -------------------------------------------------------------------------------
    def _catch_up_soon(self) -> None:
        """The child saved something: read it here, at most every ``CATCH_UP_SECONDS`` (a batch per frame)."""
        if self._catch_up_pending:
            return
        loop = asyncio.get_running_loop()
        self._catch_up_pending = True
        loop.call_later(max(0.0, self._last_catch_up + CATCH_UP_SECONDS - loop.time()), self._catch_up)

    def _catch_up(self) -> None:
        self._catch_up_pending = False
        with contextlib.suppress(RuntimeError):
            self._last_catch_up = asyncio.get_running_loop().time()
        self._catching_up = True
        try:
            self.facilitation.refresh()
        except StoreError as exc:  # busy for a moment: the next notice, or the TUI's own look, catches up
            log.warning("could not read the session: %s", exc.message)
        finally:
            self._catching_up = False

    def _heard_here(self, records: list[ev.Recorded]) -> None:
        """The facilitator changed the session here (or another process did): tell the child, once per turn."""
        if self._catching_up or self._telling:
            return  # what the child itself sent us, or already on its way
        self._telling = True
        try:
            asyncio.get_running_loop().call_soon(self._tell)
        except RuntimeError:  # not on the loop's thread: the child's own look finds it within a second
            self._telling = False

    def _tell(self) -> None:
        self._telling = False
        child = self._child
        if child is not None and child.stdin is not None and not child.stdin.is_closing():
            child.stdin.write(b"changed\n")


def _last_words(path: Path) -> str:
    """The last line a crashed child wrote, for the facilitator's notice."""
    try:
        with path.open("rb") as log_file:
            log_file.seek(max(0, path.stat().st_size - 4096))
            lines = [line.strip() for line in log_file.read().decode("utf-8", "replace").splitlines()]
    except OSError:
        return ""
    return next((line for line in reversed(lines) if line), "")[:200]


@contextlib.contextmanager
def _log_file(path: Path) -> Any:
    """The child's stderr: appended to, started afresh past ``MAX_LOG_BYTES``; nowhere if it cannot be written."""
    try:
        mode = "wb" if path.exists() and path.stat().st_size > MAX_LOG_BYTES else "ab"
        handle = path.open(mode)
    except OSError:
        yield subprocess.DEVNULL
        return
    with handle:
        yield handle
