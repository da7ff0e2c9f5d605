"""Writing a file for people to open: whole or not at all, with the permissions any new file gets on this laptop.

Every document we hand out (minutes, agenda, poster, QR code, CSV) is written next to its target and renamed into
place, so a crash or a full disk never leaves half a file where the last good one was. The temporary file is
created with mode 0o666 and the user's umask, exactly like a file saved from Word: ``tempfile.mkstemp`` would make
it readable by its owner only, and a partner on a shared drive could not open the minutes. Only a complete JSON
export (it carries the session's join and facilitator tokens) asks for ``private=True``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from ai_toolkit.errors import Code, Refused

SHARED = 0o666
"""Read and write for everyone, less the umask: what an editor gives a new document (0o644 with umask 022)."""

PRIVATE = 0o600
"""Read and write for the owner only, whatever the umask."""


def open_beside(target: Path, *, private: bool = False, suffix: str = ".part") -> tuple[int, Path]:
    """A new, empty temporary file in the target's folder (so the final rename stays on one file system).

    Returns the open descriptor and its path. ``O_EXCL`` makes sure we never write into a file someone placed
    there; the name is random, so two writers of the same target do not collide.
    """
    folder = target.parent
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)  # O_BINARY: Windows only
    for _ in range(100):
        tmp = folder / f".{target.name[:60]}-{secrets.token_hex(4)}{suffix}"
        try:
            return os.open(tmp, flags, PRIVATE if private else SHARED), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {folder}")


def write_atomically(target: Path | str, data: bytes | str, *, private: bool = False) -> Path:
    """Write ``data`` (text as UTF-8) to ``target`` whole or not at all; return the path written."""
    path = Path(target).expanduser()
    folder = path.parent
    if path.is_dir():
        raise Refused(f"{path} is a folder; give a file name", code=Code.OUTPUT)
    if not folder.is_dir():
        raise Refused(f"the folder {folder} does not exist", code=Code.NO_FOLDER)
    fd, tmp = open_beside(path, private=private)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data.encode("utf-8") if isinstance(data, str) else data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path
