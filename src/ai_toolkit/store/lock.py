"""Is a session's write lock free? Asked on a connection of its own, so the asking never holds up a writer.

Several processes write to one session (the phones' server, the facilitator's screen, a command in a shell), one
at a time: each takes SQLite's write lock (``BEGIN IMMEDIATE``) and waits for it as long as the busy timeout says.
A server that answers hundreds of phones on one event loop must not wait there: it asks here first, without
waiting, and when the lock is taken it waits in a worker thread (``free(wait=...)``), while the loop goes on.
"""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path


class WriteLock:
    """Probes of one session database's write lock, from any thread (one at a time; a second asker hears "no")."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self._db: sqlite3.Connection | None = None
        self._guard = threading.Lock()

    def free(self, wait: float = 0.0) -> bool:
        """True when no other connection holds the write lock, now or within ``wait`` seconds.

        It takes the lock and gives it back at once (``BEGIN IMMEDIATE``, ``ROLLBACK``): nothing is written, and
        another writer is kept waiting for microseconds at most.
        """
        if not self._guard.acquire(blocking=False):  # another thread is asking: it will know first
            return False
        try:
            try:
                db = self._connect()
                db.execute(f"PRAGMA busy_timeout={max(0, int(wait * 1000))}")
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                # Busy or locked: someone else writes. Anything else (a full disk...) is for the write to report.
                return getattr(exc, "sqlite_errorcode", 0) & 0xFF not in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
            db.execute("ROLLBACK")
            return True
        finally:
            self._guard.release()

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self._db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        return self._db

    def close(self) -> None:
        with self._guard:
            if self._db is not None:
                self._db.close()
                self._db = None
