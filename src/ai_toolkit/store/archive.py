"""A session with its photos in one zip file: the exchange JSON and the images, for another laptop.

```
session.json                 the exchange format (``exchange.py``), byte for byte what ``--format json`` writes
photos/<sha256>.jpg          one file per photo the log still needs (withdrawn photos have none)
```

An archive comes from outside and is read as hostile: it must be a zip; its members are only ``session.json`` and
``photos/<64 hex digits>.jpg`` (anything else, a path with ``..``, a folder, a second copy of a name, an encrypted
member is refused, and no member name is ever used as a path: a photo is written under the hash it proves to have);
each member is read with a bound, whatever size its header claims (a zip bomb stops at the bound); there are at most
``MAX_MEMBERS`` of them. The service checks each photo's bytes against its name and what a stored photo must be.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from ai_toolkit.errors import Refused
from ai_toolkit.model.events import Recorded
from ai_toolkit.store.exchange import MAX_IMPORT_BYTES, parse_json

SESSION_MEMBER = "session.json"
PHOTO_MEMBER = re.compile(r"^photos/([0-9a-f]{64})\.jpg$")
MAX_MEMBERS = 50_000
"""The session's JSON and its photos: a summit of 500 people sending 20 photos each stays well below."""
MAX_PHOTO_BYTES = 12_000_000
"""One stored photo (``facilitation.photo_files.MAX_STORED_BYTES``): a member claiming more is not ours."""
MAX_ARCHIVE_BYTES = 4_000_000_000
"""The file as a whole: what an import may be asked to read at most (and a zip without ZIP64 can address)."""
MAX_DIRECTORY_BYTES = MAX_MEMBERS * 160
"""The zip's table of contents: ``zipfile`` parses all of it when the file is opened, so its size is checked
first (a forged one could list millions of members in a few hundred megabytes)."""
_END = b"PK\x05\x06"


def is_archive(head: bytes) -> bool:
    """Whether a file's first bytes are a zip's (a JSON export starts with ``{``)."""
    return head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06")


def write_archive(out: BinaryIO, json_text: str, photos: Iterable[tuple[str, Path]]) -> int:
    """Write the archive of ``json_text`` and the photo files ``(sha256, path)`` to ``out``; returns the photos
    written. JPEGs are stored as they are (they do not compress); the JSON is deflated."""
    written = 0
    with zipfile.ZipFile(out, "w") as z:
        z.writestr(SESSION_MEMBER, json_text.encode("utf-8"), compress_type=zipfile.ZIP_DEFLATED)
        for sha, path in photos:
            z.write(path, f"photos/{sha}.jpg", compress_type=zipfile.ZIP_STORED)
            written += 1
    return written


class Archive:
    """An archive being read: its log (already validated) and its photos, each read when asked for."""

    def __init__(self, z: zipfile.ZipFile, source: str) -> None:
        self._z = z
        self.source = source
        infos = z.infolist()
        if len(infos) > MAX_MEMBERS:
            raise Refused(f"{source} holds {len(infos)} files; an ai-toolkit archive holds at most {MAX_MEMBERS}")
        self.photos: dict[str, zipfile.ZipInfo] = {}
        session: zipfile.ZipInfo | None = None
        for info in infos:
            name = info.filename
            if info.flag_bits & 0x1:
                raise Refused(f"{source}: {name!r} is encrypted")
            found = PHOTO_MEMBER.match(name)
            if name == SESSION_MEMBER and session is None:
                session = info
            elif found and found.group(1) not in self.photos:
                if info.file_size > MAX_PHOTO_BYTES:
                    raise Refused(f"{source}: {name!r} is larger than {MAX_PHOTO_BYTES} bytes")
                self.photos[found.group(1)] = info
            else:
                raise Refused(f"{source} is not an ai-toolkit archive: it holds {name[:120]!r}")
        if session is None:
            raise Refused(f"{source} is not an ai-toolkit archive: it has no {SESSION_MEMBER}")
        text = self._read(session, MAX_IMPORT_BYTES)
        try:
            decoded = text.decode("utf-8")
        except UnicodeDecodeError:
            raise Refused(f"{source}: {SESSION_MEMBER} is not UTF-8 text") from None
        self.records: list[Recorded] = parse_json(decoded, f"{source} ({SESSION_MEMBER})")

    def photo(self, sha256: str) -> bytes:
        """The bytes of ``photos/<sha256>.jpg`` (at most ``MAX_PHOTO_BYTES``, whatever its header says)."""
        return self._read(self.photos[sha256], MAX_PHOTO_BYTES)

    def _read(self, info: zipfile.ZipInfo, limit: int) -> bytes:
        if info.file_size > limit:
            raise Refused(f"{self.source}: {info.filename!r} is larger than {limit} bytes")
        try:
            with self._z.open(info) as member:
                data = member.read(limit + 1)
        except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError, RuntimeError) as exc:
            raise Refused(f"{self.source}: {info.filename!r} cannot be read ({exc})") from None
        if len(data) > limit:
            raise Refused(f"{self.source}: {info.filename!r} is larger than {limit} bytes")
        return data


@contextmanager
def open_archive(path: Path, source: str) -> Iterator[Archive]:
    """Read an archive from ``path``; a file that is not one, or not ours, is one ``Refused`` naming ``source``."""
    try:
        size = path.stat().st_size
        if size > MAX_ARCHIVE_BYTES:
            raise Refused(f"{source} is larger than {MAX_ARCHIVE_BYTES // 1_000_000_000} GB")
        _check_directory(path, source)
        z = zipfile.ZipFile(path)
    except FileNotFoundError:
        raise Refused(f"no file {source}") from None
    except IsADirectoryError:
        raise Refused(f"{source} is a folder, not a file") from None
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Refused(f"{source} is not a readable zip archive ({exc})") from None
    with z:
        yield Archive(z, source)


def _check_directory(path: Path, source: str) -> None:
    """Read the zip's end record before ``zipfile`` does: its table of contents must be of a sane size."""
    with path.open("rb") as f:
        f.seek(0, 2)
        size = f.tell()
        f.seek(max(0, size - 65_557))  # the end record (22 bytes) and a comment of at most 64 KiB
        tail = f.read()
    at = tail.rfind(_END)
    if at < 0 or len(tail) - at < 22:
        raise Refused(f"{source} is not a readable zip archive (no end record)")
    entries = int.from_bytes(tail[at + 10 : at + 12], "little")
    directory = int.from_bytes(tail[at + 12 : at + 16], "little")
    if entries == 0xFFFF or directory == 0xFFFFFFFF:
        raise Refused(f"{source} is a ZIP64 archive; an ai-toolkit archive holds at most {MAX_MEMBERS} files")
    if entries > MAX_MEMBERS or directory > MAX_DIRECTORY_BYTES:
        raise Refused(f"{source} lists more files than an ai-toolkit archive holds (at most {MAX_MEMBERS})")
