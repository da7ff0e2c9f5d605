"""Sessions for the synthesis: by id from the sessions folder, or exported files each region sent in.

A region sends its session as the JSON export (``ai-toolkit export --format json``), possibly zipped by a mail
program. Files are read, checked and folded in memory, never imported: a synthesis only reads. Everything about a
file that is wrong (missing, too large, not a zip, no session inside, damaged JSON) is one clear line, and a
session given twice is refused rather than counted twice.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from ai_toolkit.cli.common import settings
from ai_toolkit.errors import Refused
from ai_toolkit.facilitation.sessions import MAX_IMPORT_BYTES, read_export
from ai_toolkit.model.session import SessionState

MAX_SESSIONS = 50
"""More sessions than any programme compares in one document; a bound on what one command holds in memory."""
MAX_ZIP_MEMBERS = 1000
FILE_SUFFIXES = (".json", ".zip")


def _decode(raw: bytes, source: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Refused(f"{source} is not UTF-8 text") from None


def _from_zip(path: Path) -> SessionState:
    """The session export inside a zip: the one .json member that is an ai-toolkit session. Members are read with
    a bound on their total size (the sizes a zip declares may lie)."""
    found: list[tuple[str, SessionState]] = []
    budget = MAX_IMPORT_BYTES
    try:
        with zipfile.ZipFile(path) as z:
            members = [m for m in z.infolist() if not m.is_dir() and m.filename.lower().endswith(".json")]
            if len(members) > MAX_ZIP_MEMBERS:
                raise Refused(f"{path} holds more than {MAX_ZIP_MEMBERS} files; send the session's .json alone")
            for member in members:
                with z.open(member) as f:
                    raw = f.read(budget + 1)
                budget -= len(raw)
                if budget < 0:
                    raise Refused(f"{path} unpacks to more than {MAX_IMPORT_BYTES // 1_000_000} MB")
                source = f"{path}: {member.filename}"
                try:
                    found.append((member.filename, read_export(_decode(raw, source), source)))
                except Refused:
                    if len(members) == 1:
                        raise  # the only candidate: say what is wrong with it
    except zipfile.BadZipFile:
        raise Refused(f"{path} is not a zip file (or it is damaged)") from None
    except (RuntimeError, NotImplementedError, zlib.error) as exc:  # encrypted or damaged members
        raise Refused(f"{path}: cannot read the zip ({exc})") from None
    if not found:
        raise Refused(f"{path} holds no ai-toolkit session export (a .json made by 'ai-toolkit export')")
    if len(found) > 1:
        names = ", ".join(name for name, _ in found[:5])
        raise Refused(f"{path} holds {len(found)} session exports ({names}); give one file per session")
    return found[0][1]


def read_file(path: Path) -> SessionState:
    """A session from its exported .json (or a .zip holding one), folded in memory."""
    try:
        if path.is_dir():
            raise Refused(f"{path} is a folder, not a session export")
        if path.stat().st_size > MAX_IMPORT_BYTES:
            raise Refused(f"{path} is larger than {MAX_IMPORT_BYTES // 1_000_000} MB")
        if path.suffix.lower() == ".zip" or zipfile.is_zipfile(path):
            return _from_zip(path)
        text = _decode(path.read_bytes(), str(path))
    except FileNotFoundError:
        raise Refused(f"no file {path}") from None
    except PermissionError:
        raise Refused(f"cannot read {path}: permission denied") from None
    return read_export(text, str(path))


def _looks_like_file(ref: str) -> bool:
    return ref.lower().endswith(FILE_SUFFIXES) or "/" in ref or "\\" in ref or Path(ref).is_file()


def load_sessions(refs: list[str]) -> list[SessionState]:
    """The sessions named by ``refs`` (ids, id prefixes, or files), in the order given, each once."""
    if not refs:
        raise Refused("name at least one session (an id from 'ai-toolkit list', or an exported .json or .zip)")
    if len(refs) > MAX_SESSIONS:
        raise Refused(f"at most {MAX_SESSIONS} sessions in one report")
    states: list[SessionState] = []
    seen: dict[str, str] = {}
    for ref in refs:
        if _looks_like_file(ref):
            state = read_file(Path(ref).expanduser())
        else:
            f = settings.open(ref)
            try:
                state = f.state
            finally:
                f.close()
        sid = state.info.id
        if sid in seen:
            raise Refused(f"the session {sid} is given twice ({seen[sid]} and {ref}); each counts once")
        seen[sid] = ref
        states.append(state)
    return states
