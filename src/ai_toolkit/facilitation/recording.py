"""Recording changes: the lock, the transaction, group commit, the undo stack and the listeners of one session.

``Facilitation`` (``service.py``) adds one thin method per command on top; everything that makes a command safe
(one writer at a time across processes, catching up before deciding, all-or-nothing, idempotent retries) is here,
once.
"""

from __future__ import annotations

import hashlib
import logging
import threading
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

from ai_toolkit.errors import Code, Refused, StoreError
from ai_toolkit.facilitation.change import Change, UndoStep
from ai_toolkit.facilitation.decisions import undoing
from ai_toolkit.model import events as ev
from ai_toolkit.model.fold import FoldError, apply, fold
from ai_toolkit.model.session import SessionState
from ai_toolkit.model.text import clean_forbidden
from ai_toolkit.store.events import EventStore
from ai_toolkit.store.sessions import signing_key

log = logging.getLogger(__name__)
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
        # While ``together`` runs: what to do once the group is on disk (``after_commit``).
        self._group_jobs: list[Callable[[], None]] = []
        self.state: SessionState = self._read_all()

    def _read_all(self) -> SessionState:
        salvage = f"'ai-toolkit export {self.store.path.parent.name} --salvage' writes what comes before it"
        try:
            return fold(self.store.read())
        except FoldError as exc:
            self.store.close()
            raise StoreError(f"{self.store.path}: the session's log is damaged ({exc}); {salvage}") from None
        except StoreError as exc:
            self.store.close()
            if " is damaged " not in exc.message:
                raise
            raise StoreError(f"{exc.message}; {salvage}") from None

    @property
    def folder(self) -> Path:
        return self.store.path.parent

    def signing_key(self) -> bytes:
        """What the phones' cookies and forms are signed with: a random key kept in the session's folder, never in
        its log, so neither an export nor anything a participant sees derives it (``store.sessions.signing_key``)."""
        return signing_key(self.folder)

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
            self._group_jobs = []
            undo_mark = len(self._undo)
            try:
                with self.store.transaction():
                    for command in commands:
                        try:
                            results.append(command())
                        except Exception as exc:  # the command's own answer, delivered to it
                            if not self.store.in_transaction:
                                # SQLite ended the whole transaction (a full disk): the group is lost, not the step.
                                raise exc if isinstance(exc, StoreError) else _lost(self.store.path) from exc
                            results.append(exc)
            except BaseException:
                del self._undo[undo_mark:]
                self._group = None
                self._group_jobs = []
                # The state has the group's events applied, and they were not saved: read it again, in place.
                self.state.replace_with(self._read_all())
                raise
            saved, self._group = self._group, None
            jobs, self._group_jobs = self._group_jobs, []
        self._notify(saved)
        for job in jobs:
            _run_job(job)
        return results

    def after_commit(self, job: Callable[[], None]) -> None:
        """Run ``job`` once what was just recorded is on disk: now, or when the group (``together``) is saved.

        For what must follow a change but cannot be undone with it (deleting a withdrawn photo's file): if the
        group's COMMIT fails, the job never runs. A job that fails is logged: the change it follows is saved.
        """
        if self._group is not None:
            self._group_jobs.append(job)
        else:
            _run_job(job)

    def _commit(
        self,
        decide: Decide,
        client_id: str | None = None,
        *,
        undoable: bool = True,
        request: tuple[object, ...] | None = None,
    ) -> ev.Recorded | None:
        """Record what ``decide`` makes of the fresh state. Returns the (first) event recorded, or the one an
        earlier call with the same client id recorded, or None when there was nothing to change.

        ``request`` is what was asked (the cleaned arguments): stored with the client id as a digest, so a retry
        of the same request finds its first answer, and the same id sent with something else (a form reused for
        another text) is refused with ``CLIENT_ID_REUSED`` instead of answering "done" and dropping the text.
        """
        if client_id is not None:
            # Text from a phone: drop what SQLite and JSON cannot hold (a lone surrogate) rather than fail.
            client_id = clean_forbidden(client_id).strip()[:100] or None
        key = _with_digest(client_id, request) if client_id is not None else None
        seen: list[ev.Recorded] = []
        recorded: list[ev.Recorded] = []
        with self._lock:
            undo_mark = len(self._undo)
            try:
                with self.store.transaction() if self._group is None else self.store.savepoint():
                    seen = self._catch_up()
                    done = self.store.by_client_id(key) if key is not None else None
                    if done is None and key != client_id and self.store.client_id_taken(client_id or ""):
                        raise Refused(
                            "this request id was already used for another request", code=Code.CLIENT_ID_REUSED
                        )
                    if done is None:
                        recorded = self._append(decide(self.state), key, undoable)
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
            try:
                self._commit(lambda s: undoing.undo(s, step), undoable=False)
            except Refused:
                # The room moved on (its author withdrew the item): this step can never be undone, so it leaves
                # the stack rather than block every undo before it.
                self._undo.pop()
                raise
            self._undo.pop()
        return str(step)


def _with_digest(client_id: str, request: tuple[object, ...] | None) -> str:
    """``<client id>#<16 hex digits of what was asked>``; the id alone when the command does not say."""
    if request is None:
        return client_id
    digest = hashlib.sha256(repr(request).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return f"{client_id}#{digest}"


def _lost(path: Path) -> StoreError:
    return StoreError(f"could not save to {path}: the database ended the transaction")


def _run_job(job: Callable[[], None]) -> None:
    try:
        job()
    except Exception:
        log.exception("a follow-up of a saved change failed")


def result(rec: ev.Recorded | None, kind: type[E]) -> E:
    """The event a command made, or the one an earlier call with the same client id made."""
    if rec is None or not isinstance(rec.event, kind):
        raise Refused("this request id was already used for something else", code=Code.CLIENT_ID_REUSED)
    return rec.event
