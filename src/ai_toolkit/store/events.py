"""The append-only event log of one session, in SQLite.

WAL lets readers (a second process making minutes) work while the facilitator writes; ``synchronous=FULL``
makes every acknowledged commit survive a power cut; ``BEGIN IMMEDIATE`` plus a busy timeout serialises writers
from several processes without "database is locked" surprises.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import PydanticSerializationError

from ai_toolkit.errors import Code, Refused, StoreError
from ai_toolkit.model.events import EVENT_ADAPTER, Event, Recorded

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 10_000
BUSY_TIMEOUT_ENV = "AI_TOOLKIT_BUSY_TIMEOUT_MS"
"""How long a writer waits for another process's write lock; tests set it low to hear "locked" quickly."""


def busy_timeout_ms() -> int:
    try:
        value = int(os.environ.get(BUSY_TIMEOUT_ENV, ""))
    except ValueError:
        return BUSY_TIMEOUT_MS
    return value if value >= 0 else BUSY_TIMEOUT_MS


def _v1(db: sqlite3.Connection) -> None:
    db.execute(
        "CREATE TABLE events ("
        " seq INTEGER PRIMARY KEY,"
        " at TEXT NOT NULL,"
        " kind TEXT NOT NULL,"
        " client_id TEXT UNIQUE,"
        " payload TEXT NOT NULL)"
    )


#: Migration n takes a database from user_version n to n+1. Append, never edit.
MIGRATIONS: list[Callable[[sqlite3.Connection], None]] = [_v1]


class EventStore:
    """One session's database. Not shared between threads without the caller's lock."""

    def __init__(self, path: Path, *, create: bool = False) -> None:
        self.path = Path(path)
        if not create and not self.path.is_file():
            raise StoreError(f"no session database at {self.path}")
        timeout_ms = busy_timeout_ms()
        try:
            self.db = sqlite3.connect(
                self.path, timeout=timeout_ms / 1000, isolation_level=None, check_same_thread=False
            )
            self.db.execute(f"PRAGMA busy_timeout={timeout_ms}")
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=FULL")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open {self.path}: {_plain(exc)}") from exc

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer ai-toolkit (schema {version}, this one knows {SCHEMA_VERSION})"
            )
        if version == SCHEMA_VERSION:
            return
        with self.transaction():
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            for n in range(version, SCHEMA_VERSION):
                MIGRATIONS[n](self.db)
            self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        self.db.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction that holds the write lock from the start (no upgrade deadlocks)."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"{self.path} is busy or locked: {_plain(exc)}") from exc
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        try:
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            self.db.execute("ROLLBACK")
            raise StoreError(f"could not save to {self.path}: {_plain(exc)}") from exc

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """One step inside ``transaction()``: undone alone if it fails, saved with the transaction if not."""
        self.db.execute("SAVEPOINT step")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK TO step")
            self.db.execute("RELEASE step")
            raise
        self.db.execute("RELEASE step")

    def append(self, event: Event, *, at: datetime, client_id: str | None = None) -> Recorded:
        """Add one event; call inside ``transaction()``."""
        try:
            payload = event.model_dump_json()
            cur = self.db.execute(
                "INSERT INTO events(at, kind, client_id, payload) VALUES (?, ?, ?, ?)",
                (at.astimezone(UTC).isoformat(), event.kind, client_id, payload),
            )
        except (PydanticSerializationError, UnicodeEncodeError):
            # The last guard: the service cleans text, but an id from outside may still carry a lone surrogate.
            raise Refused(
                "the text is not valid Unicode (a lone surrogate such as \\ud83d)", code=Code.BAD_TEXT
            ) from None
        except sqlite3.Error as exc:
            raise StoreError(f"could not save to {self.path}: {_plain(exc)}") from exc
        assert cur.lastrowid is not None
        return Recorded(seq=cur.lastrowid, at=at, client_id=client_id, event=event)

    def read(self, after: int = 0) -> list[Recorded]:
        """Events with a sequence number above ``after``, in order."""
        try:
            rows = self.db.execute(
                "SELECT seq, at, client_id, payload FROM events WHERE seq > ? ORDER BY seq", (after,)
            ).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read {self.path}: {_plain(exc)}") from exc
        return [_row(r, self.path) for r in rows]

    def by_client_id(self, client_id: str) -> Recorded | None:
        try:
            row = self.db.execute(
                "SELECT seq, at, client_id, payload FROM events WHERE client_id = ?", (client_id,)
            ).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read {self.path}: {_plain(exc)}") from exc
        return _row(row, self.path) if row else None

    def last_seq(self) -> int:
        return int(self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0])


def _row(row: tuple[int, str, str | None, str], path: Path) -> Recorded:
    seq, at, client_id, payload = row
    try:
        event = EVENT_ADAPTER.validate_json(payload)  # pydantic-core parses JSON faster than json.loads
    except (ValidationError, ValueError) as exc:
        raise StoreError(f"{path}: event {seq} is damaged or from an unknown version") from exc
    return Recorded(seq=seq, at=datetime.fromisoformat(at), client_id=client_id, event=event)


def _plain(exc: BaseException) -> str:
    return str(exc) or exc.__class__.__name__
