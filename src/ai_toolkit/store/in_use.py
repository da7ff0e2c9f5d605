"""Whether a session is open somewhere: so ``purge`` never deletes the folder under a running ``run`` or ``serve``.

Every open store holds a *shared* lock on a small SQLite file in the session's folder (``in-use.lock``, in the
rollback-journal mode, where an open read transaction keeps a SHARED lock); ``purge`` asks for an *exclusive* one
and is refused at once while anyone holds the shared one. SQLite takes the locks through the operating system
(``fcntl`` on Linux and macOS, ``LockFileEx`` on Windows) and the operating system drops them when the process
ends, however it ends: a crashed or killed ``run`` never leaves a stale lock behind, there is no PID that could be
reused by another program, and no lease to refresh. The session's own database is not used for this: a read
transaction held open there would keep the WAL from being emptied after a withdrawal (``store.events``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ai_toolkit.errors import Code, Refused, StoreError
from ai_toolkit.store.failure import DISK_FULL, READ_ONLY, explain

LOCK_NAME = "in-use.lock"
_CREATE_WAIT_S = 5.0
"""How long opening waits for another process that is creating the lock file at the same moment (or removing the
session: then opening fails with a clear message)."""


class InUse:
    """A shared hold on one session folder, for as long as a store has it open."""

    def __init__(self, folder: Path) -> None:
        self.path = Path(folder) / LOCK_NAME
        self._db: sqlite3.Connection | None = None
        try:
            db = sqlite3.connect(self.path, timeout=_CREATE_WAIT_S, isolation_level=None, check_same_thread=False)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.path}: {exc}") from exc
        try:
            if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'hold'").fetchone():
                db.execute("CREATE TABLE IF NOT EXISTS hold (since TEXT)")
            db.execute("BEGIN")
            db.execute("SELECT count(*) FROM hold").fetchone()  # takes the SHARED lock, kept until release
        except sqlite3.Error as exc:
            db.close()
            if explain(exc, self.path) in (DISK_FULL, READ_ONLY):
                # A session on a full disk or a read-only copy can still be read (``store.events``); no lock file
                # can be made there, and no ``purge`` could delete from it either.
                return
            raise StoreError(f"{self.path.parent.name} is being removed or cannot be opened: {exc}") from exc
        self._db = db

    def release(self) -> None:
        db, self._db = self._db, None
        if db is not None:
            try:
                db.execute("COMMIT")
            except sqlite3.Error:
                pass  # closing drops the lock either way
            db.close()


@contextmanager
def claimed(folder: Path) -> Iterator[None]:
    """Hold the session folder exclusively (refused at once while anyone has it open), e.g. to delete it."""
    path = Path(folder) / LOCK_NAME
    try:
        db = sqlite3.connect(path, timeout=0, isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path}: {exc}") from exc
    try:
        try:
            db.execute("BEGIN EXCLUSIVE")
        except sqlite3.OperationalError:
            raise Refused(
                f"the session {Path(folder).name} is open (in 'ai-toolkit run' or 'serve'): close it first",
                code=Code.SESSION_IN_USE,
                session=Path(folder).name,
            ) from None
        try:
            yield
        finally:
            try:
                db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
    finally:
        db.close()
