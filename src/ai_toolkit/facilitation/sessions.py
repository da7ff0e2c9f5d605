"""The sessions on this laptop and the files that carry a session elsewhere: what adapters need of the store.

Adapters (CLI, TUI, web, reports) never open the store themselves: they find sessions here, open them through the
service, and read or write the exchange format (one JSON file of the whole log, ``store/exchange.py``) through
these functions, so the rules of an import (a consistent log, a safe id) are applied in one place.
"""

from __future__ import annotations

from ai_toolkit.facilitation.lifecycle import import_records
from ai_toolkit.facilitation.recording import Clock, utcnow
from ai_toolkit.facilitation.service import Facilitation
from ai_toolkit.model.fold import fold
from ai_toolkit.model.session import SessionState
from ai_toolkit.store.exchange import MAX_IMPORT_BYTES, export_json, parse_json
from ai_toolkit.store.lock import WriteLock
from ai_toolkit.store.sessions import ENV_VAR, SessionsDir, default_root

__all__ = [
    "ENV_VAR",
    "MAX_IMPORT_BYTES",
    "SessionsDir",
    "WriteLock",
    "default_root",
    "export_session",
    "import_session",
    "read_export",
    "write_lock",
]


def write_lock(f: Facilitation) -> WriteLock:
    """A probe of the session's write lock: the web asks it before each group commit, so that its event loop never
    waits for another process's lock (it waits in a worker thread instead, ``web/group.py``)."""
    return WriteLock(f.store.path)


def export_session(f: Facilitation) -> str:
    """The whole session as the exchange format's JSON text."""
    return export_json(f.records())


def import_session(sessions: SessionsDir, text: str, source: str, *, clock: Clock = utcnow) -> Facilitation:
    """A session from an export (another laptop's), made in ``sessions``; a bad file is refused whole."""
    return import_records(sessions, parse_json(text, source), clock=clock)


def read_export(text: str, source: str) -> SessionState:
    """The state an export holds, without making a session of it (a region's file read for a synthesis)."""
    return fold(parse_json(text, source))
