"""Whether another ``ai-toolkit run`` has the same session open, so the facilitator hears of it.

Two laptops' terminals, or two windows on one, may open the same session: both keep working (the store lets
several processes write, and each follows the others' changes within a second), but a facilitator should know.
The first ``run`` holds an advisory lock on a small file in the session's folder, with its process id in it; a
second finds the lock taken. The operating system releases the lock when the process ends, however it ends, so a
crashed ``run`` (kill -9, a power cut) never leaves a false warning behind.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import IO

try:
    import fcntl
except ImportError:  # Windows: no advisory locks of this kind; no warning then, everything else works
    fcntl = None  # type: ignore[assignment]

LOCK_NAME = ".tui-open"


class Presence:
    """``claim()`` once a session is opened; ``other`` is the process id of a ``run`` already holding it."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / LOCK_NAME
        self._file: IO[str] | None = None
        self.other: int | None = None

    def claim(self) -> bool:
        """Take the session for this process; False (and ``other`` set) if another ``run`` has it."""
        if fcntl is None:
            return True
        try:
            handle = self.path.open("a+", encoding="utf-8")
        except OSError:  # a read-only folder: nothing to warn about that the store will not say itself
            return True
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.seek(0)
            text = handle.read(20).strip()
            handle.close()
            self.other = int(text) if text.isdigit() else 0
            return False
        handle.seek(0)
        handle.truncate()
        handle.write(str(os.getpid()))
        handle.flush()
        self._file = handle
        return True

    def release(self) -> None:
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()
            self._file = None
