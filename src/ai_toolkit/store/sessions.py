"""Where sessions live on disk: ``<sessions-dir>/<session-id>/session.db`` plus generated files.

Session ids are made by us from a safe alphabet and checked again whenever one comes in from outside, so no
input can name a path outside the sessions folder.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import unicodedata
from pathlib import Path

from ai_toolkit.errors import NotFound, Refused, StoreError
from ai_toolkit.store.in_use import claimed

DB_NAME = "session.db"
MINUTES_NAME = "minutes-{lang}.docx"
"""The minutes written into the session's folder (``ai-toolkit minutes``, the TUI's ``m``): they quote the
participants, so a withdrawal makes them stale (``discard_minutes``)."""
KEY_NAME = "web.key"
"""The session's own signing key for the phones' cookies and forms: random, made once, readable only by the
owner, never in the event log, so no export carries it and nothing a participant or an export holds derives it."""
KEY_BYTES = 32
log = logging.getLogger(__name__)
_SAFE_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,95}$")
ENV_VAR = "AI_TOOLKIT_SESSIONS_DIR"


def default_root() -> Path:
    return Path(os.environ.get(ENV_VAR) or "sessions")


def slug(text: str, limit: int = 40) -> str:
    """ASCII slug of a title ("Kulturcafé Jesenice" -> "kulturcafe-jesenice")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    s = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return s[:limit].strip("-") or "session"


def is_safe_id(session_id: str) -> bool:
    return bool(_SAFE_ID.match(session_id))


class SessionsDir:
    def __init__(self, root: Path | str | None = None) -> None:
        self.root = Path(root) if root is not None else default_root()

    def db_path(self, session_id: str) -> Path:
        if not is_safe_id(session_id):
            raise NotFound(f"no session {session_id!r}")
        return self.root / session_id / DB_NAME

    def ids(self) -> list[str]:
        if not self.root.exists():
            return []
        if not self.root.is_dir():
            raise StoreError(f"the sessions folder {self.root} is not a folder")
        try:
            entries = sorted(self.root.iterdir())
        except OSError as exc:
            raise StoreError(f"cannot read the sessions folder {self.root}: {exc.strerror or exc}") from exc
        return [p.name for p in entries if is_safe_id(p.name) and (p / DB_NAME).is_file()]

    def resolve(self, ref: str) -> str:
        """The one session whose id is ``ref`` or starts with it."""
        ref = ref.strip()
        ids = self.ids()
        if ref in ids:
            return ref
        matches = [i for i in ids if ref and i.startswith(ref)]
        if not matches:
            raise NotFound(f"no session {ref!r} in {self.root} (see 'ai-toolkit list')")
        if len(matches) > 1:
            shown = ", ".join(matches[:5]) + (" ..." if len(matches) > 5 else "")
            raise Refused(f"{ref!r} matches {len(matches)} sessions ({shown}); give more of the id")
        return matches[0]

    def staging(self, session_id: str) -> Path:
        """A hidden folder to build a new session in; ``publish`` moves it into place in one rename."""
        if not is_safe_id(session_id):
            raise Refused(f"unsafe session id {session_id!r}")
        try:
            self.root.mkdir(parents=True, exist_ok=True)
            tmp = self.root / f".{session_id}.tmp"
            if tmp.exists():
                shutil.rmtree(tmp)
            tmp.mkdir()
        except OSError as exc:
            raise StoreError(f"cannot write in the sessions folder {self.root}: {exc.strerror or exc}") from exc
        return tmp

    def publish(self, staging: Path, session_id: str) -> Path:
        final = self.root / session_id
        if final.exists():
            shutil.rmtree(staging, ignore_errors=True)
            raise Refused(f"a session {session_id!r} already exists in {self.root}")
        try:
            staging.rename(final)
        except OSError as exc:
            shutil.rmtree(staging, ignore_errors=True)
            raise StoreError(f"cannot create {final}: {exc.strerror or exc}") from exc
        return final

    def remove(self, session_id: str) -> None:
        """Delete a session's folder with everything in it (database, WAL, generated files), refused while any
        process has the session open (``store.in_use``). The folder is first renamed aside, so nothing can open
        a half-deleted session; the rename happens under the exclusive lock where the system allows it (POSIX),
        else just after it is released (Windows will not rename a folder with an open file)."""
        folder = self.db_path(session_id).parent
        if not (folder / DB_NAME).is_file():
            raise NotFound(f"no session {session_id!r} in {self.root}")
        trash = self.root / f".{session_id}.removing"
        shutil.rmtree(trash, ignore_errors=True)
        with claimed(folder):
            try:
                folder.rename(trash)
                moved = True
            except OSError:
                moved = False
        if not moved:
            try:
                folder.rename(trash)
            except OSError as exc:
                raise StoreError(f"cannot remove {folder}: {exc.strerror or exc}") from exc
        try:
            shutil.rmtree(trash)
        except OSError as exc:
            raise StoreError(
                f"{session_id} was removed from the list, but {trash} could not be deleted: {exc}"
            ) from exc


def discard_minutes(folder: Path) -> list[Path]:
    """Delete the minutes written earlier into a session's folder, which may quote words just withdrawn; the next
    ``minutes`` writes them again without. Returns what was deleted (a file that cannot be deleted stays, and is
    tried again at the next withdrawal)."""
    gone = []
    for path in Path(folder).glob(MINUTES_NAME.format(lang="*")):
        try:
            path.unlink()
        except OSError:
            continue
        gone.append(path)
    return gone


def signing_key(folder: Path) -> bytes:
    """The session's signing key (``KEY_NAME``), made on first use. Where the folder cannot be written (a full disk,
    a read-only copy) a key for this process only: cookies then last until the server stops, and nothing can be
    sent from the phones anyway while the session cannot be saved."""
    path = Path(folder) / KEY_NAME
    for _ in range(2):
        try:
            key = path.read_bytes()
        except FileNotFoundError:
            key = b""
        except OSError as exc:
            log.warning("cannot read %s (%s): a signing key for this process only", path, exc.strerror or exc)
            return secrets.token_bytes(KEY_BYTES)
        if len(key) == KEY_BYTES:
            return key
        try:
            _write_key(path, secrets.token_bytes(KEY_BYTES), replace=bool(key))
        except FileExistsError:
            continue  # another process made it at the same moment: read theirs
        except OSError as exc:
            log.warning("cannot write %s (%s): a signing key for this process only", path, exc.strerror or exc)
            return secrets.token_bytes(KEY_BYTES)
    return path.read_bytes() if path.is_file() and path.stat().st_size == KEY_BYTES else secrets.token_bytes(KEY_BYTES)


def _write_key(path: Path, key: bytes, *, replace: bool) -> None:
    """Written aside, synced and linked into place: a crash never leaves a short key (one that is short, from an
    old crash or a hand edit, is replaced)."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        os.write(fd, key)
        os.fsync(fd)
    finally:
        os.close(fd)
    try:
        if replace:
            os.replace(tmp, path)
        else:
            os.link(tmp, path)  # fails if another process was first: both then use the one on disk
    finally:
        tmp.unlink(missing_ok=True)
