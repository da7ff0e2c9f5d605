"""The sessions on this laptop and the files that carry a session elsewhere: what adapters need of the store.

Adapters (CLI, TUI, web, reports) never open the store themselves: they find sessions here, open them through the
service, and read or write the exchange format (one JSON file of the whole log, ``store/exchange.py``, or a zip of
that JSON and the session's photos, ``store/archive.py``) through these functions, so the rules of an import (a
consistent log, a safe id, photos that are what their names say) are applied in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from ai_toolkit.errors import Code, Refused, StoreError
from ai_toolkit.facilitation.decisions.retention import is_past, keep_until
from ai_toolkit.facilitation.lifecycle import import_records, open_session
from ai_toolkit.facilitation.photo_files import PhotoFiles, inspect
from ai_toolkit.facilitation.recording import Clock, utcnow
from ai_toolkit.facilitation.service import Facilitation
from ai_toolkit.files import output_target, write_through
from ai_toolkit.model.fold import fold
from ai_toolkit.model.session import SessionState
from ai_toolkit.store.archive import MAX_ARCHIVE_BYTES, Archive, is_archive, open_archive, write_archive
from ai_toolkit.store.exchange import MAX_IMPORT_BYTES, export_json, parse_json
from ai_toolkit.store.lock import WriteLock
from ai_toolkit.store.sessions import ENV_VAR, MINUTES_NAME, SessionsDir, default_root

__all__ = [
    "ENV_VAR",
    "MAX_ARCHIVE_BYTES",
    "MAX_IMPORT_BYTES",
    "MINUTES_NAME",
    "SessionsDir",
    "Kept",
    "WriteLock",
    "default_root",
    "export_archive",
    "export_session",
    "import_file",
    "import_session",
    "kept_sessions",
    "read_export",
    "remove_session",
    "read_export_file",
    "write_lock",
]

CheckImage = Callable[[bytes], None]
"""Decodes a photo from outside or refuses it (``ai_toolkit.imaging.check_decodes``: the service has no Pillow)."""


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


@dataclass(frozen=True)
class Kept:
    """A session on this laptop and how long it may be kept; ``problem`` when it could not be read."""

    session_id: str
    title: str = ""
    keep_until: date | None = None
    past: bool = False
    problem: str = ""


def kept_sessions(sessions: SessionsDir, today: date) -> list[Kept]:
    """Every session with its keep-until date, and whether it is past (``purge`` removes those)."""
    found: list[Kept] = []
    for session_id in sessions.ids():
        try:
            f = open_session(sessions, session_id)
        except StoreError as exc:
            found.append(Kept(session_id, problem=exc.message))
            continue
        try:
            info = f.state.info
            found.append(Kept(session_id, info.title, keep_until(info), is_past(info, today)))
        finally:
            f.close()
    return found


def remove_session(sessions: SessionsDir, session_id: str) -> None:
    """Delete a session whole (``purge``); refused with ``Code.SESSION_IN_USE`` while it is open anywhere."""
    sessions.remove(session_id)


def export_archive(f: Facilitation, output: Path) -> int:
    """The session and its photos as one zip at ``output``, written whole or not at all, readable by its owner
    only (it carries the session's tokens, as the JSON does). Returns how many photos it holds; a photo whose file
    is not on this laptop (a session imported from JSON alone) is left out, and the import accepts that."""
    path = Path(output).expanduser()
    if path.is_dir():
        raise Refused(f"{path} is a folder; give a file name ending in .zip", code=Code.OUTPUT)
    if not path.parent.is_dir():
        raise Refused(f"the folder {path.parent} does not exist", code=Code.NO_FOLDER)
    files = f.photo_files
    needed = sorted({p.sha256 for p in f.state.photos.values() if not p.withdrawn})
    present = [(sha, files.path(sha)) for sha in needed if files.has(sha)]
    # Like every -o: never over a device, nor through a link out of the folder (``files.output_target``).
    return write_through(
        output_target(path), lambda out: write_archive(out, export_json(f.records()), present), private=True
    )


def import_file(sessions: SessionsDir, path: Path, *, check_image: CheckImage, clock: Clock = utcnow) -> Facilitation:
    """A session from an export file, JSON or zip (told apart by content); a bad file is refused whole, and no
    part of it stays on this laptop."""
    source = str(path)
    if is_archive(_head(path, source)):
        with open_archive(path, source) as archive:
            return _import_archive(sessions, archive, check_image, clock)
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise Refused(f"{source} is larger than {MAX_IMPORT_BYTES // 1_000_000} MB")
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(f"{source} is not UTF-8 text") from None
    return import_session(sessions, text, source, clock=clock)


def read_export_file(path: Path) -> SessionState:
    """The state an export file holds (JSON or zip), without making a session of it: a synthesis across regions
    reads the partners' files this way."""
    source = str(path)
    if is_archive(_head(path, source)):
        with open_archive(path, source) as archive:
            return fold(archive.records)
    if path.stat().st_size > MAX_IMPORT_BYTES:
        raise Refused(f"{source} is larger than {MAX_IMPORT_BYTES // 1_000_000} MB")
    try:
        return read_export(path.read_bytes().decode("utf-8"), source)
    except UnicodeDecodeError:
        raise Refused(f"{source} is not UTF-8 text") from None


def _head(path: Path, source: str) -> bytes:
    try:
        with path.open("rb") as f:
            return f.read(4)
    except FileNotFoundError:
        raise Refused(f"no file {source}") from None
    except IsADirectoryError:
        raise Refused(f"{source} is a folder, not a file") from None
    except OSError as exc:
        raise Refused(f"cannot read {source}: {exc.strerror or exc}") from None


def _import_archive(sessions: SessionsDir, archive: Archive, check_image: CheckImage, clock: Clock) -> Facilitation:
    source = archive.source
    state = fold(archive.records)
    sizes = {p.sha256: p.size for p in state.photos.values() if not p.withdrawn}
    extra = sorted(set(archive.photos) - set(sizes))
    if extra:
        raise Refused(f"{source} holds photos/{extra[0]}.jpg, which its session does not name")

    def fill(folder: Path) -> None:
        photos = PhotoFiles(folder)
        for sha in sorted(archive.photos):
            data = archive.photo(sha)
            try:
                stored = inspect(data)
                if stored.sha256 != sha or stored.size != sizes[sha]:
                    raise Refused("its content does not match its name (the hash)", code=Code.NOT_A_PHOTO)
                check_image(data)
            except Refused as exc:
                raise Refused(f"{source}: photos/{sha}.jpg: {exc.message}", code=exc.code) from None
            photos.put(stored, data)

    return import_records(sessions, archive.records, clock=clock, files=fill)
