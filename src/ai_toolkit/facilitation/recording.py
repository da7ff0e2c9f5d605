"""Recording changes: the lock, the transaction, group commit, the undo stack and the listeners of one session.

``Facilitation`` (``service.py``) adds one thin method per command on top; everything that makes a command safe
(one writer at a time across processes, catching up before deciding, all-or-nothing, idempotent retries) is here,
once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from ai_toolkit.errors import Code, Refused, StoreError
from ai_toolkit.facilitation.change import Change, UndoStep
from ai_toolkit.model import events as ev
from ai_toolkit.model.fold import FoldError, apply, fold
from ai_toolkit.model.session import SessionState
from ai_toolkit.model.text import clean_forbidden
from ai_toolkit.store.events import EventStore

Clock = Callable[[], datetime]
E = TypeVar("E")
T = TypeVar("T")
Listener = Callable[[list[ev.Recorded]], None]
Decide = Callable[[SessionState], Change | None]


def utcnow() -> datetime:
    return datetime.now(UTC)


class Recorder:
    """One open session's log and live state, and the machinery that changes them safely.

    ``state`` is one object for the life of the service: widgets may keep it, and always see the session as it is.
    """

    def __init__(self, store: EventStore, *, clock: Clock = utcnow) -> None:
        self.store = store
        self.clock = clock
        self._lock = threading.RLock()
        self._listeners: list[Listener] = []
        # The facilitator's own changes in this process, newest last.
        self._undo: list[UndoStep] = []
        # While ``together`` runs: the events to tell listeners once the group is saved (None: not grouping).
        self._group: list[ev.Recorded] | None = None
        self.state: SessionState = self._read_all()

    def _read_all(self) -> SessionState:
        try:
            return fold(self.store.read())
        except FoldError as exc:
            self.store.close()
            raise StoreError(f"{self.store.path}: the session's log is damaged ({exc})") from None

    @property
    def folder(self) -> Path:
        return self.store.path.parent

    def close(self) -> None:
        self.store.close()

    # -- following along ---------------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with new events after each change (ours, or another process's seen by ``refresh``)."""
        self._listeners.append(listener)
        return lambda: self._listeners.remove(listener) if listener in self._listeners else None

    def refresh(self) -> list[ev.Recorded]:
        """Catch up with events written by another process (the CLI while the TUI runs)."""
        with self._lock:
            new = self._catch_up()
        self._notify(new)
        return new

    def _catch_up(self) -> list[ev.Recorded]:
        new = self.store.read(after=self.state.seq)
        for rec in new:
            self._apply(rec)
        return new

    def _apply(self, rec: ev.Recorded) -> None:
        try:
            apply(self.state, rec)
        except FoldError as exc:
            raise StoreError(f"{self.store.path}: the session's log is damaged ({exc})") from None

    def _notify(self, records: list[ev.Recorded]) -> None:
        if self._group is not None:  # heard when the group is saved, not before
            self._group.extend(records)
            return
        if records:
            for listener in list(self._listeners):
                listener(records)

    def together(self, commands: Sequence[Callable[[], T]]) -> list[T | Exception]:
        """Run several commands in one transaction, so one fsync acknowledges them all (group commit).

        Each command still stands alone: it runs in a savepoint and, if it raises, only its own writes are undone
        and its exception is its result. Results come back in order once the COMMIT is on disk; if the COMMIT
        fails, nothing of the group is saved, the live state is read again from disk (into the same object), and
        the error is raised. The web uses this so a room of phones posting at once costs one fsync per burst.
        """
        results: list[T | Exception] = []
        with self._lock:
            if self._group is not None:
                raise RuntimeError("together() does not nest")
            self._group = []
            undo_mark = len(self._undo)
            try:
                with self.store.transaction():
                    for command in commands:
                        try:
                            results.append(command())
                        except Exception as exc:  # the command's own answer, delivered to it
                            results.append(exc)
            except BaseException:
                del self._undo[undo_mark:]
                self._group = None
                # The state has the group's events applied, and they were not saved: read it again, in place.
                self.state.replace_with(self._read_all())
                raise
            saved, self._group = self._group, None
        self._notify(saved)
        return results

    def _commit(self, decide: Decide, client_id: str | None = None, *, undoable: bool = True) -> ev.Recorded | None:
        """Record what ``decide`` makes of the fresh state. Returns the (first) event recorded, or the one an
        earlier call with the same client id recorded, or None when there was nothing to change."""
        if client_id is not None:
            # Text from a phone: drop what SQLite and JSON cannot hold (a lone surrogate) rather than fail.
            client_id = clean_forbidden(client_id).strip()[:100] or None
        seen: list[ev.Recorded] = []
        recorded: list[ev.Recorded] = []
        with self._lock:
            undo_mark = len(self._undo)
            try:
                with self.store.transaction() if self._group is None else self.store.savepoint():
                    seen = self._catch_up()
                    done = self.store.by_client_id(client_id) if client_id is not None else None
                    if done is None:
                        recorded = self._append(decide(self.state), client_id, undoable)
            except BaseException:
                # Nothing of ours was saved: no undo step for it; listeners still hear what others wrote.
                del self._undo[undo_mark:]
                self._notify(seen)
                raise
            for rec in recorded:
                self._apply(rec)
        self._notify(seen + recorded)
        return done or (recorded[0] if recorded else None)

    def _append(self, made: Change | None, client_id: str | None, undoable: bool) -> list[ev.Recorded]:
        if made is None:
            return []
        at = self.clock()
        # The client id marks the first event only: the column is unique, and one id is one request.
        recorded = [
            self.store.append(e, at=at, client_id=client_id if i == 0 else None) for i, e in enumerate(made.events)
        ]
        if undoable and made.undo is not None:
            self._undo.append(made.undo)
        return recorded

    # -- undo --------------------------------------------------------------------------------------------
    @property
    def next_undo(self) -> UndoStep | None:
        """What ``undo`` would take back (its ``what`` and ``params`` say it in any language), or None."""
        return self._undo[-1] if self._undo else None

    @property
    def can_undo(self) -> str | None:
        """What ``undo`` would take back, in English words, or None."""
        step = self.next_undo
        return str(step) if step else None

    def undo(self) -> str:
        """Take back the facilitator's last change made in this process (moderation, themes, propositions,
        commitments), and say what it was. Moving through the agenda and votes are not undone: use back, or close
        the vote."""
        with self._lock:
            if not self._undo:
                raise Refused("there is nothing to undo", code=Code.NOTHING_TO_UNDO)
            step = self._undo[-1]
            self._commit(lambda s: Change(list(step.events)), undoable=False)
            self._undo.pop()
        return str(step)


def result(rec: ev.Recorded | None, kind: type[E]) -> E:
    """The event a command made, or the one an earlier call with the same client id made."""
    if rec is None or not isinstance(rec.event, kind):
        raise Refused("this request id was already used for something else", code=Code.CLIENT_ID_REUSED)
    return rec.event
