"""Full garbage collections when the room is quiet, not in the middle of a burst of phones.

Python's full (generation 2) collection walks every tracked object; with tens of thousands of contributions
in the live state it pauses the event loop for 100 ms and more, at moments it picks itself, which shows as the
slowest answers under load. ``ai-toolkit serve`` (a process of its own) therefore freezes what was there at
start (modules, classes, templates: they live for ever), switches off the automatic full collections, and runs
one itself when no request has come for a second, or at the latest once a minute. Nothing is leaked, the work
is only moved to a quiet moment. The young generations are collected as usual.

Not for a process we do not own: the TUI embeds the server and decides about its own garbage collector.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable

AT_LEAST_EVERY = 60.0
"""Seconds: under a storm that never pauses, a full collection still runs this often."""


class QuietCollector:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._saved = gc.get_threshold()
        self._requests = -1
        self.collections = 0
        gc.collect()
        gc.freeze()
        young, middle, _ = self._saved
        gc.set_threshold(young, middle, 1_000_000_000)  # no automatic full collections
        self._last = self._clock()

    def tick(self, requests_so_far: int) -> bool:
        """Call about once a second with the server's request count; collects when quiet. True if it did."""
        quiet = requests_so_far == self._requests
        self._requests = requests_so_far
        due = self._clock() - self._last >= AT_LEAST_EVERY
        # gc.get_count()[2]: young collections since the last full one, i.e. whether anything aged at all.
        if (quiet and gc.get_count()[2] >= self._saved[2]) or due:
            gc.collect()
            self._last = self._clock()
            self.collections += 1
            return True
        return False

    def close(self) -> None:
        gc.set_threshold(*self._saved)
        gc.unfreeze()
