"""Group commit: the phones' submissions that arrive together are saved together, with one fsync.

An acknowledged submission must survive a power cut (``synchronous=FULL``), and an fsync is the dearest thing a
request does. So a handler does not write itself: it hands its service call to ``GroupCommit.run`` and waits.
The calls queued while the event loop was busy reading requests run on the loop's next turn inside one
transaction (``Facilitation.together``: a savepoint each, one COMMIT), and every handler gets its own result or
its own refusal only after that COMMIT is on disk. Everything stays on the event loop's thread, as the rest of
the web does, so the service's state is never touched from two threads.

The loop never waits for another process's write lock (the facilitator's screen, a command in a shell, or a
stuck program holding the database): before each group the lock is probed without waiting (``WriteLock``); when
it is taken, a worker thread waits for it while the loop goes on serving pages, and a submission that has waited
``BUSY_SECONDS`` is answered "busy, try again" (503, the text kept in the form) instead of hanging.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from ai_toolkit.errors import StoreError
from ai_toolkit.facilitation import Facilitation
from ai_toolkit.facilitation.sessions import write_lock

T = TypeVar("T")

MAX_GROUP = 256
"""More than this waits for the next turn, so one burst never holds the loop for long."""

BUSY_SECONDS = 5.0
"""How long a submission waits for another process's write lock before the phone hears "try again"."""


@dataclass
class _Waiting:
    command: Callable[[], Any]
    future: asyncio.Future[Any]
    deadline: float


class GroupCommit:
    def __init__(self, facilitation: Facilitation, *, busy_seconds: float = BUSY_SECONDS) -> None:
        self.facilitation = facilitation
        self.busy_seconds = busy_seconds
        self.lock = write_lock(facilitation)
        self._queue: list[_Waiting] = []
        self._scheduled = False
        self._waiting_for_lock = False
        self.groups = 0
        """How many COMMITs the submissions took (for the benchmark's curiosity and the tests)."""
        self.busy = 0
        """Submissions answered "busy" because another process held the write lock too long."""

    async def run(self, command: Callable[[], T]) -> T:
        """Run ``command`` (a service call) with the others of this turn; its result, or its exception."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._queue.append(_Waiting(command, future, loop.time() + self.busy_seconds))
        self._schedule(loop)
        return await future

    def close(self) -> None:
        self.lock.close()

    def _schedule(self, loop: asyncio.AbstractEventLoop) -> None:
        if not self._scheduled and not self._waiting_for_lock:
            self._scheduled = True
            loop.call_soon(self._flush)

    def _flush(self) -> None:
        self._scheduled = False
        loop = asyncio.get_running_loop()
        self._queue = [w for w in self._queue if not w.future.cancelled()]
        if not self._queue:
            return
        if not self.lock.free():
            self._wait_for_lock(loop)
            return
        batch, self._queue = self._queue[:MAX_GROUP], self._queue[MAX_GROUP:]
        if self._queue:
            self._schedule(loop)
        self.groups += 1
        try:
            results = self.facilitation.together([w.command for w in batch])
        except Exception as exc:  # the COMMIT failed: every one of them hears it
            for w in batch:
                if not w.future.done():
                    w.future.set_exception(exc)
            return
        for w, result in zip(batch, results, strict=True):
            if w.future.done():
                continue
            if isinstance(result, Exception):
                w.future.set_exception(result)
            else:
                w.future.set_result(result)

    def _wait_for_lock(self, loop: asyncio.AbstractEventLoop) -> None:
        """Wait in a worker thread until the lock is free or the first submission's time is up."""
        self._waiting_for_lock = True
        wait = max(0.0, min(w.deadline for w in self._queue) - loop.time())
        waited = loop.run_in_executor(None, self.lock.free, wait)
        waited.add_done_callback(lambda done: self._waited(loop, done))

    def _waited(self, loop: asyncio.AbstractEventLoop, done: asyncio.Future[bool]) -> None:
        self._waiting_for_lock = False
        free = not done.cancelled() and done.exception() is None and done.result()
        if not free:
            now = loop.time()
            late = [w for w in self._queue if w.deadline <= now]
            self._queue = [w for w in self._queue if w.deadline > now]
            for w in late:
                if not w.future.done():
                    self.busy += 1
                    w.future.set_exception(
                        StoreError(f"{self.lock.path} is busy: another program holds the session's write lock")
                    )
        self._schedule(loop)
