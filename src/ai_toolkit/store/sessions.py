"""Where sessions live on disk: ``<sessions-dir>/<session-id>/session.db`` plus generated files.

Session ids are made by us from a safe alphabet and checked again whenever one comes in from outside, so no
input can name a path outside the sessions folder.
"""

from __future__ import annotations

import os
import re
import shutil
import unicodedata
from pathlib import Path

from ai_toolkit.errors import NotFound, Refused, StoreError

DB_NAME = "session.db"
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
