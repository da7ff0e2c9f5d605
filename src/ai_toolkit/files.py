"""Writing a file for people to open: whole or not at all, with the permissions any new file gets on this laptop.

Every document we hand out (minutes, agenda, poster, QR code, CSV) is written next to its target and renamed into
place, so a crash or a full disk never leaves half a file where the last good one was. The temporary file is
created with mode 0o666 and the user's umask, exactly like a file saved from Word: ``tempfile.mkstemp`` would make
it readable by its owner only, and a partner on a shared drive could not open the minutes. Only a complete JSON
export (the whole record of what people said) asks for ``private=True``.

The target is checked first (``output_target``): the rename would replace whatever has that name, so a device
node, a pipe or a socket (``-o /dev/sda`` as root) is refused, and a symbolic link is followed only to a file in
the same folder; one that leads elsewhere is refused with where it leads, never silently replaced or written
through.
"""

from __future__ import annotations

import os
import secrets
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO, TypeVar

from ai_toolkit.errors import Code, Refused

T = TypeVar("T")

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


def output_target(target: Path | str) -> Path:
    """The file to write for ``-o target``: ``target`` itself, or the file a link there points to in the same
    folder. Refused: a folder, anything that is not a regular file, a link out of the folder or in a loop."""
    path = Path(target).expanduser()
    folder = path.parent
    if not folder.is_dir():
        raise Refused(f"the folder {folder} does not exist", code=Code.NO_FOLDER)
    try:
        found = path.lstat()
    except FileNotFoundError:
        return path
    except OSError as exc:
        raise Refused(f"cannot write {path}: {exc.strerror or exc}", code=Code.OUTPUT) from None
    if stat.S_ISLNK(found.st_mode):
        try:
            real = path.resolve(strict=False)
        except (OSError, RuntimeError):  # a loop of links
            raise Refused(f"{path} is a link in a loop; remove it or give another name", code=Code.OUTPUT) from None
        if real.parent != folder.resolve():
            raise Refused(
                f"{path} is a link to {real}, outside its folder: not written (remove the link or write there)",
                code=Code.OUTPUT,
            )
        return output_target(real) if real != path else path
    if stat.S_ISDIR(found.st_mode):
        raise Refused(f"{path} is a folder; give a file name", code=Code.OUTPUT)
    if not stat.S_ISREG(found.st_mode):
        raise Refused(f"{path} is not a regular file (a device, a pipe or a socket): not written", code=Code.OUTPUT)
    return path


def write_atomically(target: Path | str, data: bytes | str, *, private: bool = False) -> Path:
    """Write ``data`` (text as UTF-8) to ``target`` whole or not at all; return the path written."""
    path = output_target(target)
    write_through(path, lambda out: out.write(data.encode("utf-8") if isinstance(data, str) else data), private=private)
    return path


def write_through(path: Path, write: Callable[[BinaryIO], T], *, private: bool = False) -> T:
    """Let ``write`` fill a file beside ``path`` (an ``output_target``), then put it in place whole, or leave
    nothing behind: what a reader finds at ``path`` is the old file or the new one, never half of one."""
    fd, tmp = open_beside(path, private=private)
    try:
        with os.fdopen(fd, "wb") as out:
            result = write(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return result
