"""What a damaged session still holds: ``export --salvage``.

One event that does not fold (an edit of a missing item, a value out of range, a row SQLite cannot give back as an
event) makes the whole session refuse to open, so that nothing is recorded on top of a log that does not add up.
The data must not be locked away by it: the salvage reads the log event by event, applies each to a state as the
fold does, and stops at the first that cannot be read or applied. What comes before it is exported in the
ordinary format (without secrets, like every export), which ``import`` takes on any laptop.
"""

from __future__ import annotations

from dataclasses import dataclass

from ai_toolkit.errors import StoreError
from ai_toolkit.model import events as ev
from ai_toolkit.model.fold import apply, fold
from ai_toolkit.store.events import EventStore
from ai_toolkit.store.exchange import export_json
from ai_toolkit.store.sessions import SessionsDir


@dataclass(frozen=True)
class Salvaged:
    text: str
    """The export of the readable part (the exchange format's JSON)."""
    kept: int
    """Events kept: the first ``kept`` of the log."""
    total: int
    """Events in the log."""
    stopped: str | None
    """Why the salvage stopped, naming the event (None: the whole log reads)."""


def salvage_session(sessions: SessionsDir, ref: str) -> Salvaged:
    """The session's log as far as it reads and folds, as an export."""
    store = EventStore(sessions.db_path(sessions.resolve(ref)))
    try:
        records, stopped = store.read_readable()
        total = store.count()
    finally:
        store.close()
    kept: list[ev.Recorded] = []
    state = None
    for rec in records:
        try:
            if state is None:
                state = fold([rec])
            else:
                apply(state, rec)
        except (ValueError, KeyError, IndexError, TypeError, AttributeError) as exc:
            # FoldError is a ValueError; the others: an event naming something in a way the fold never expected.
            stopped = str(exc) if str(exc).startswith("event ") else f"event {rec.seq}: {exc}"
            break
        kept.append(rec)
    if not kept:
        raise StoreError(f"nothing in {ref} can be read: {stopped or 'the log is empty'}")
    return Salvaged(export_json(kept), len(kept), total, stopped)
