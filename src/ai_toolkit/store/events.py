"""The append-only event log of one session, in SQLite.

WAL lets readers (a second process making minutes) work while the facilitator writes; ``synchronous=FULL``
makes every acknowledged commit survive a power cut; ``BEGIN IMMEDIATE`` plus a busy timeout serialises writers
from several processes without "database is locked" surprises.

A participant's withdrawal erases words from the file, not only from view: appending a withdrawal rewrites the
item's earlier events in the same transaction (``model.redaction``), ``secure_delete`` makes SQLite overwrite the
bytes it frees, and after the commit a ``wal_checkpoint(TRUNCATE)`` copies the pages into the database and empties
the WAL, which would otherwise keep the old pages until it is next reused. While the store is open it holds the
session's in-use lock (``store.in_use``), so ``purge`` never deletes a session someone has open.
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
from ai_toolkit.model.redaction import Redaction, redacted, redactions_of
from ai_toolkit.store.failure import DISK_FULL, READ_ONLY, explain
from ai_toolkit.store.in_use import InUse

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
        # Words were erased in a transaction whose WAL could not be emptied yet (a reader held it): try again.
        self._checkpoint_due = False
        self.in_use = InUse(self.path.parent)
        self.read_only: str | None = None
        """Why this store can only be read (a full disk, a read-only folder), or None: it can be written."""
        try:
            self.db = self._open_for_writing()
        except sqlite3.Error as exc:
            reason = explain(exc, self.path)
            if create or reason not in (DISK_FULL, READ_ONLY):
                self.in_use.release()
                raise StoreError(f"cannot open {self.path}: {reason}") from exc
            # Reading needs no room: show, export and the minutes still work from a full disk or a read-only
            # copy (a USB stick); every write says why it cannot be done, until it can (``_writable_again``).
            try:
                self.db = self._open_for_reading(reason)
            except StoreError:
                self.in_use.release()
                raise
            self.read_only = reason

    def _open_for_writing(self) -> sqlite3.Connection:
        timeout_ms = busy_timeout_ms()
        db = sqlite3.connect(self.path, timeout=timeout_ms / 1000, isolation_level=None, check_same_thread=False)
        try:
            db.execute(f"PRAGMA busy_timeout={timeout_ms}")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            db.execute("PRAGMA secure_delete=ON")
            self.db = db
            self._migrate()
            # A process killed between a withdrawal's commit and its checkpoint left the old pages in the WAL:
            # empty it now (nothing to do, and cheap, when the last writer finished cleanly).
            self._checkpoint()
        except BaseException:
            db.close()
            raise
        return db

    def _writable_again(self) -> bool:
        """After space was freed (or the folder made writable): the same store writes again, without a restart."""
        reading = self.db
        try:
            self._open_for_writing()
        except (sqlite3.Error, StoreError):
            self.db = reading
            return False
        reading.close()
        self.read_only = None
        return True

    def _open_for_reading(self, reason: str) -> sqlite3.Connection:
        """A read-only connection, when SQLite cannot make its journal files next to the database.

        ``immutable`` (no locks, no WAL) is only used when no WAL file with content is left over: a leftover one
        may hold the newest events, and ``mode=ro`` reads it whenever its shared-memory file exists too. (The
        failed attempt to open for writing may itself have left an empty one.)
        """
        uri = self.path.resolve().as_uri()
        tries = [f"{uri}?mode=ro"]
        wal = self.path.with_name(self.path.name + "-wal")
        try:
            wal_empty = wal.stat().st_size == 0
        except OSError:
            wal_empty = True
        if wal_empty:
            tries.append(f"{uri}?mode=ro&immutable=1")
        for target in tries:
            try:
                db = sqlite3.connect(target, uri=True, isolation_level=None, check_same_thread=False)
                db.execute("SELECT COUNT(*) FROM events").fetchone()
                return db
            except sqlite3.Error:
                continue
        raise StoreError(f"cannot open {self.path}: {reason}")

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer ai-toolkit (schema {version}, this one knows {SCHEMA_VERSION})"
            )
        if version == SCHEMA_VERSION:
            return
        # SQLite's own errors go up as they are: opening decides whether the store can still be read.
        self.db.execute("BEGIN IMMEDIATE")
        try:
            version = self.db.execute("PRAGMA user_version").fetchone()[0]
            for n in range(version, SCHEMA_VERSION):
                MIGRATIONS[n](self.db)
            self.db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            self.db.execute("COMMIT")
        except BaseException:
            self._roll_back()
            raise

    def close(self) -> None:
        if self._checkpoint_due:
            self._checkpoint()
        self.db.close()
        self.in_use.release()

    @property
    def in_transaction(self) -> bool:
        """Whether a transaction is still open: SQLite ends one by itself when a write fails on a full disk."""
        return self.db.in_transaction

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """A write transaction that holds the write lock from the start (no upgrade deadlocks).

        When something fails, what was written in it is rolled back: by us, or already by SQLite, which ends the
        transaction itself when the disk is full ("cannot rollback - no transaction is active" otherwise hid the
        real reason). Every failure of the database becomes one ``StoreError`` that says what to do.
        """
        if self.read_only is not None and not self._writable_again():
            raise StoreError(f"cannot save to {self.path}: {self.read_only}")
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise StoreError(f"cannot save to {self.path}: {explain(exc, self.path)}") from exc
        try:
            yield
        except BaseException:
            self._roll_back()
            raise
        try:
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._roll_back()
            raise StoreError(f"could not save to {self.path}: {explain(exc, self.path)}") from exc
        if self._checkpoint_due:
            self._checkpoint()

    def _roll_back(self) -> None:
        if not self.db.in_transaction:
            return
        try:
            self.db.execute("ROLLBACK")
        except sqlite3.Error:
            pass  # the connection ends the transaction when it cannot roll back; the error that led here says why

    def _checkpoint(self) -> None:
        """Copy the WAL into the database and empty it, so erased words leave no old page behind. Another
        process in the middle of a read keeps the WAL busy: then this is tried again after the next commit and
        on close."""
        try:
            busy, _, _ = self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
        except sqlite3.Error:
            busy = 1
        self._checkpoint_due = bool(busy)

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """One step inside ``transaction()``: undone alone if it fails, saved with the transaction if not.

        If SQLite ended the whole transaction (a full disk), there is nothing to go back to: the step's error
        goes up, and ``in_transaction`` tells the caller the rest of the transaction is gone too.
        """
        try:
            self.db.execute("SAVEPOINT step")
        except sqlite3.Error as exc:
            raise StoreError(f"could not save to {self.path}: {explain(exc, self.path)}") from exc
        try:
            yield
        except BaseException:
            if self.db.in_transaction:
                try:
                    self.db.execute("ROLLBACK TO step")
                    self.db.execute("RELEASE step")
                except sqlite3.Error:
                    self._roll_back()
            raise
        try:
            self.db.execute("RELEASE step")
        except sqlite3.Error as exc:
            self._roll_back()
            raise StoreError(f"could not save to {self.path}: {explain(exc, self.path)}") from exc

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
            raise StoreError(f"could not save to {self.path}: {explain(exc, self.path)}") from exc
        assert cur.lastrowid is not None
        for erase in redactions_of(event):
            self._redact(erase, before=cur.lastrowid)
        return Recorded(seq=cur.lastrowid, at=at, client_id=client_id, event=event)

    def _redact(self, erase: Redaction, *, before: int) -> None:
        """Rewrite the earlier events that hold the withdrawn item's words (in the caller's transaction)."""
        marks = ",".join("?" * len(erase.kinds))
        ids = list(erase.item_ids)
        try:
            rows = []
            for start in range(0, len(ids), _IDS_AT_ONCE):  # a removed participant may have sent thousands
                chunk = ids[start : start + _IDS_AT_ONCE]
                rows += self.db.execute(
                    f"SELECT seq, payload FROM events WHERE seq < ? AND kind IN ({marks})"
                    f" AND json_extract(payload, '$.{erase.key}') IN ({','.join('?' * len(chunk))})",
                    (before, *erase.kinds, *chunk),
                ).fetchall()
            for seq, payload in rows:
                event = EVENT_ADAPTER.validate_json(payload)
                if erase.touches(event):
                    self.db.execute(
                        "UPDATE events SET payload = ? WHERE seq = ?", (redacted(event).model_dump_json(), seq)
                    )
        except sqlite3.Error as exc:
            raise StoreError(f"could not save to {self.path}: {explain(exc, self.path)}") from exc
        self._checkpoint_due = True

    def read(self, after: int = 0) -> list[Recorded]:
        """Events with a sequence number above ``after``, in order."""
        try:
            rows = self.db.execute(
                "SELECT seq, at, client_id, payload FROM events WHERE seq > ? ORDER BY seq", (after,)
            ).fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read {self.path}: {explain(exc, self.path)}") from exc
        return [_row(r, self.path) for r in rows]

    def read_readable(self) -> tuple[list[Recorded], str | None]:
        """Every event up to the first one that cannot be read, and what is wrong with that one (None: all read).
        For ``export --salvage``: a damaged session still gives up what comes before the damage."""
        try:
            rows = self.db.execute("SELECT seq, at, client_id, payload FROM events ORDER BY seq").fetchall()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read {self.path}: {explain(exc, self.path)}") from exc
        readable = []
        for row in rows:
            try:
                readable.append(_row(row, self.path))
            except (StoreError, ValueError, TypeError) as exc:  # a bad payload, or a time that is not one
                return readable, f"event {row[0]} cannot be read ({exc})"
        return readable, None

    def by_client_id(self, client_id: str) -> Recorded | None:
        try:
            row = self.db.execute(
                "SELECT seq, at, client_id, payload FROM events WHERE client_id = ?", (client_id,)
            ).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read {self.path}: {explain(exc, self.path)}") from exc
        return _row(row, self.path) if row else None

    def client_id_taken(self, client_id: str) -> bool:
        """Whether an event carries ``client_id``, alone or with a request digest (``<id>#<digest>``)."""
        try:
            row = self.db.execute(
                "SELECT 1 FROM events WHERE client_id = ? OR (client_id >= ? AND client_id < ?) LIMIT 1",
                (client_id, client_id + "#", client_id + "$"),
            ).fetchone()
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read {self.path}: {explain(exc, self.path)}") from exc
        return row is not None

    def count(self) -> int:
        try:
            return int(self.db.execute("SELECT COUNT(*) FROM events").fetchone()[0])
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read {self.path}: {explain(exc, self.path)}") from exc

    def last_seq(self) -> int:
        try:
            return int(self.db.execute("SELECT COALESCE(MAX(seq), 0) FROM events").fetchone()[0])
        except sqlite3.Error as exc:
            raise StoreError(f"cannot read {self.path}: {explain(exc, self.path)}") from exc


_IDS_AT_ONCE = 500
"""Ids per query when erasing: well under SQLite's limit of variables in one statement."""


def _row(row: tuple[int, str, str | None, str], path: Path) -> Recorded:
    seq, at, client_id, payload = row
    try:
        event = EVENT_ADAPTER.validate_json(payload)  # pydantic-core parses JSON faster than json.loads
        when = datetime.fromisoformat(at)
        if when.tzinfo is None:
            raise ValueError("a time without its zone")
    except (ValidationError, ValueError, TypeError) as exc:
        raise StoreError(f"{path}: event {seq} is damaged or from an unknown version") from exc
    return Recorded(seq=seq, at=when, client_id=client_id, event=event)
