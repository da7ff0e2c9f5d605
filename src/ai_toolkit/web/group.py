"""Group commit: the phones' submissions that arrive together are saved together, with one fsync.

An acknowledged submission must survive a power cut (``synchronous=FULL``), and an fsync is the dearest thing a
request does. So a handler does not write itself: it hands its service call to ``GroupCommit.run`` and waits.
The calls queued while the event loop was busy reading requests run on the loop's next turn inside one
transaction (``Facilitation.together``: a savepoint each, one COMMIT), and every handler gets its own result or
its own refusal only after that COMMIT is on disk. Everything stays on the event loop's thread, as the rest of
the web does, so the service's state is never touched from two threads.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

from ai_toolkit.facilitation import Facilitation

T = TypeVar("T")

MAX_GROUP = 256
"""More than this waits for the next turn, so one burst never holds the loop for long."""


class GroupCommit:
    def __init__(self, facilitation: Facilitation) -> None:
        self.facilitation = facilitation
        self._queue: list[tuple[Callable[[], Any], asyncio.Future[Any]]] = []
        self._scheduled = False
        self.groups = 0
        """How many COMMITs the submissions took (for the benchmark's curiosity and the tests)."""

    async def run(self, command: Callable[[], T]) -> T:
        """Run ``command`` (a service call) with the others of this turn; its result, or its exception."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[T] = loop.create_future()
        self._queue.append((command, future))
        if not self._scheduled:
            self._scheduled = True
            loop.call_soon(self._flush)
        return await future

    def _flush(self) -> None:
        self._scheduled = False
        batch, self._queue = self._queue[:MAX_GROUP], self._queue[MAX_GROUP:]
        if self._queue:
            self._scheduled = True
            asyncio.get_running_loop().call_soon(self._flush)
        batch = [(command, future) for command, future in batch if not future.cancelled()]
        if not batch:
            return
        self.groups += 1
        try:
            results = self.facilitation.together([command for command, _ in batch])
        except Exception as exc:  # the COMMIT failed: every one of them hears it
            for _, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for (_, future), result in zip(batch, results, strict=True):
            if future.done():
                continue
            if isinstance(result, Exception):
                future.set_exception(result)
            else:
                future.set_result(result)
