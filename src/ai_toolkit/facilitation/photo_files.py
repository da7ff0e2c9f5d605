"""The photos of a session on disk: ``<session folder>/photos/<sha256>.jpg``, and what a stored photo must be.

The web (``ai_toolkit.imaging``, with Pillow) turns an upload into a clean JPEG; the service does not take its
word for it. ``inspect`` walks the JPEG's markers (no Pillow: the service knows no image library) and refuses
anything that is not what we store: a baseline or progressive JPEG, at most ``MAX_SIDE`` pixels on its long side,
without a single metadata segment (EXIF, XMP, ICC, IPTC, comments) and nothing after its end. The same check
guards an import, so a hostile archive cannot bring GPS positions in under a valid hash.

Files are named by the hash of their bytes and written whole or not at all (a temporary file, fsync, rename), so
two identical uploads share one file and a crash never leaves half a photo under a photo's name.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ai_toolkit.errors import Code, Refused, StoreError

FOLDER = "photos"
MAX_SIDE = 2560
"""The long side of a stored photo: a flipchart's words stay readable on a projector and in print."""
MAX_STORED_BYTES = 12_000_000
"""A stored JPEG of 2,560 px is 0.3-3 MB; anything near this is noise, not paper."""
MIN_FREE_BYTES = 200_000_000
"""Free space left on the laptop's disk after a photo: the session's database and the minutes still need room."""

_SHA = re.compile(r"^[0-9a-f]{64}$")
_SOF = {0xC0, 0xC1, 0xC2}
"""Baseline, extended and progressive Huffman frames: what JPEG encoders (Pillow's too) write."""
_TABLES = {0xC4, 0xDB, 0xDD}
"""Huffman tables, quantisation tables, restart interval."""


@dataclass(frozen=True)
class StoredPhoto:
    """What the service records of a stored file: its name (the hash), size and pixels."""

    sha256: str
    size: int
    width: int
    height: int


def _not_clean(why: str) -> Refused:
    return Refused(f"not a clean JPEG: {why}", code=Code.NOT_A_PHOTO)


def inspect(data: bytes) -> StoredPhoto:
    """The facts of a JPEG fit to store, or ``Refused`` (``not_a_photo``) with what is wrong with it."""
    if len(data) > MAX_STORED_BYTES:
        raise Refused(f"the photo is {len(data)} bytes; at most {MAX_STORED_BYTES} are stored", code=Code.NOT_A_PHOTO)
    if data[:2] != b"\xff\xd8":
        raise _not_clean("it does not start like a JPEG")
    width = height = 0
    pos, end = 2, len(data)
    while True:
        if pos + 4 > end or data[pos] != 0xFF:
            raise _not_clean(f"no marker at byte {pos}")
        marker = data[pos + 1]
        if marker == 0xFF:  # fill bytes before a marker are allowed
            pos += 1
            continue
        if marker == 0xD9:
            raise _not_clean("it ends before its picture")
        length = int.from_bytes(data[pos + 2 : pos + 4], "big")
        segment = data[pos + 4 : pos + 2 + length]
        if length < 2 or pos + 2 + length > end:
            raise _not_clean(f"segment at byte {pos} runs past the end")
        if marker == 0xE0:
            if not segment.startswith(b"JFIF\x00"):
                raise _not_clean("it carries an APP0 segment that is not JFIF")
        elif marker in _SOF:
            if len(segment) < 6:
                raise _not_clean("its frame header is short")
            height = int.from_bytes(segment[1:3], "big")
            width = int.from_bytes(segment[3:5], "big")
        elif marker == 0xDA:
            pos = _after_scan(data, pos + 2 + length)
            if pos >= end - 1:
                raise _not_clean("it is cut off (no end marker)")
            if data[pos + 1] == 0xD9:
                if pos + 2 != end:
                    raise _not_clean("it carries data after its end")
                break
            continue
        elif marker not in _TABLES:
            # APP1-APP15 (EXIF, XMP, ICC, IPTC...), comments, and every frame type we do not write.
            raise _not_clean(f"it carries a segment 0xFF{marker:02X} (metadata or an unusual frame)")
        pos += 2 + length
    if not (1 <= width <= MAX_SIDE and 1 <= height <= MAX_SIDE):
        raise _not_clean(f"it is {width} x {height} pixels; the long side is at most {MAX_SIDE}")
    return StoredPhoto(hashlib.sha256(data).hexdigest(), len(data), width, height)


def _after_scan(data: bytes, pos: int) -> int:
    """The position of the first marker after a scan's entropy-coded data (stuffed 0xFF00 and restarts skipped)."""
    while True:
        pos = data.find(b"\xff", pos)
        if pos < 0 or pos + 1 >= len(data):
            return len(data)
        nxt = data[pos + 1]
        if nxt == 0x00 or 0xD0 <= nxt <= 0xD7 or nxt == 0xFF:
            pos += 1 if nxt == 0xFF else 2
            continue
        return pos


def is_sha256(value: str) -> bool:
    return bool(_SHA.match(value))


class PhotoFiles:
    """The ``photos`` folder of one session."""

    def __init__(self, session_folder: Path) -> None:
        self.folder = Path(session_folder) / FOLDER

    def path(self, sha256: str) -> Path:
        if not is_sha256(sha256):  # events are validated too; this is the last guard before a file name
            raise Refused(f"{sha256!r} is not a photo's hash", code=Code.UNKNOWN_PHOTO)
        return self.folder / f"{sha256}.jpg"

    def has(self, sha256: str) -> bool:
        return self.path(sha256).is_file()

    def read(self, sha256: str) -> bytes | None:
        """The stored file, or None when it is not there (withdrawn, or a session imported without its photos)."""
        try:
            return self.path(sha256).read_bytes()
        except OSError:
            return None

    def put(self, photo: StoredPhoto, data: bytes) -> None:
        """Store ``data`` under its hash, whole or not at all; an identical file already there is kept."""
        target = self.path(photo.sha256)
        if target.is_file() and target.stat().st_size == photo.size:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if shutil.disk_usage(self.folder).free - len(data) < MIN_FREE_BYTES:
                raise _disk_full(self.folder)
            fd, tmp = tempfile.mkstemp(prefix=".incoming-", suffix=".part", dir=self.folder)
        except OSError as exc:
            raise _store_error(self.folder, exc) from None
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, target)
            _fsync_folder(self.folder)
        except OSError as exc:
            Path(tmp).unlink(missing_ok=True)
            raise _store_error(self.folder, exc) from None
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def delete(self, sha256: str) -> None:
        try:
            self.path(sha256).unlink(missing_ok=True)
        except OSError as exc:
            raise _store_error(self.folder, exc) from None

    def stored(self) -> list[str]:
        """The hashes of the files in the folder (temporary files left by a crash are not photos)."""
        try:
            return sorted(p.stem for p in self.folder.glob("*.jpg") if is_sha256(p.stem))
        except OSError:
            return []


def _disk_full(folder: Path) -> StoreError:
    return StoreError(f"the disk holding {folder} is nearly full; nothing was stored", code=Code.DISK_FULL)


def _store_error(folder: Path, exc: OSError) -> StoreError:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return _disk_full(folder)
    return StoreError(f"cannot store a photo in {folder}: {exc.strerror or exc}")


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); elsewhere the file's own fsync is what there is."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
