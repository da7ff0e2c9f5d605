"""What went wrong with the disk, said so a facilitator knows what to do: free space, a writable folder, or wait.

SQLite reports a full disk as "database or disk is full" when a write fails, but as "disk I/O error" or "unable to
open database file" when it cannot even make its journal files; a read-only folder as "attempt to write a readonly
database"; another program's write lock as "database is locked". A person needs one of four answers, whichever
way the error came, and must hear that what was saved before is safe.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

FULL_BELOW_BYTES = 1_000_000
"""Free space under which an I/O error is most likely the full disk: SQLite needs a few pages for its journal."""

DISK_FULL = "the disk is full: free some space and try again (everything saved before is safe)"
READ_ONLY = "the session's folder cannot be written (read-only or not yours): nothing was saved"
BUSY = "another program holds the session's write lock; try again in a moment (nothing was saved)"
DAMAGED = "the database file is damaged or not a session database"


def _primary(exc: sqlite3.Error) -> int:
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def disk_full(path: Path) -> bool:
    """Whether the file system that holds ``path`` has (almost) no room left."""
    folder = Path(path)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free < FULL_BELOW_BYTES
    except OSError:
        return False


def explain(exc: BaseException, path: Path) -> str:
    """The plain reason behind a SQLite or file-system error on ``path`` (the database or its folder)."""
    if isinstance(exc, sqlite3.Error):
        code = _primary(exc)
        if code == sqlite3.SQLITE_FULL:
            return DISK_FULL
        if code in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH):
            return READ_ONLY
        if code in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED):
            return BUSY
        if code in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB):
            return DAMAGED
        if code in (sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN) and disk_full(path):
            return DISK_FULL
        if code == sqlite3.SQLITE_CANTOPEN and not _writable(Path(path).parent):
            return READ_ONLY
        return str(exc) or exc.__class__.__name__
    if isinstance(exc, OSError):
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return DISK_FULL
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return READ_ONLY
        return exc.strerror or str(exc)
    return str(exc) or exc.__class__.__name__


def _writable(folder: Path) -> bool:
    return folder.is_dir() and os.access(folder, os.W_OK)
