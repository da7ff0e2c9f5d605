"""Files we hand out: whole or not at all, and readable like any document the user saves (the umask decides).

The partner on a shared drive must be able to open the minutes, the poster and the CSV; only the complete JSON
export, which carries the session's tokens, stays the owner's.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ai_toolkit.cli import main
from ai_toolkit.errors import Refused
from ai_toolkit.facilitation import Facilitation
from ai_toolkit.files import write_atomically


@pytest.fixture
def umask() -> Iterator[None]:
    """A typical laptop's umask (022), whatever the test runner had; restored after."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_documents_get_the_usual_permissions_and_the_json_export_stays_private(
    session: Facilitation, tmp_path: Path, umask: None, capsys: pytest.CaptureFixture[str]
) -> None:
    sid, root = session.state.info.id, str(session.folder.parent)
    out = tmp_path / "out"
    out.mkdir()
    commands = {
        "minutes.docx": ["minutes", sid],
        "agenda.docx": ["agenda", sid],
        "poster.pdf": ["poster", sid],
        "join.png": ["qr", sid],
        "join.svg": ["qr", sid],
        "session.csv": ["export", sid, "--format", "csv"],
        "session.md": ["export", sid, "--format", "md"],
        "session.json": ["export", sid, "--format", "json"],
    }
    for name, args in commands.items():
        assert main(["--sessions-dir", root, *args, "-o", str(out / name)]) == 0, capsys.readouterr().err
    modes = {name: oct(mode(out / name)) for name in commands}
    assert modes == {**dict.fromkeys(commands, "0o644"), "session.json": "0o600"}
    assert sorted(p.name for p in out.iterdir()) == sorted(commands)  # no temporary file left behind


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_a_stricter_umask_is_respected(tmp_path: Path) -> None:
    old = os.umask(0o077)
    try:
        path = write_atomically(tmp_path / "minutes.csv", "a,b\n")
    finally:
        os.umask(old)
    assert mode(path) == 0o600


def test_replacing_keeps_the_old_file_whole_until_the_new_one_is_complete(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "poster.pdf"
    write_atomically(target, b"the good one")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_atomically(target, b"x" * 100_000)
    assert target.read_bytes() == b"the good one"
    assert [p.name for p in tmp_path.iterdir()] == ["poster.pdf"]


def test_text_is_written_as_utf8_with_a_non_latin_name(tmp_path: Path) -> None:
    path = write_atomically(tmp_path / "zapisnik-čšž-łę.md", "# Kulturcafé – čšž łę 🎭\n")
    assert path.read_bytes() == "# Kulturcafé – čšž łę 🎭\n".encode()


def test_a_missing_folder_or_a_folder_as_target_is_one_clear_refusal(tmp_path: Path) -> None:
    with pytest.raises(Refused, match="does not exist"):
        write_atomically(tmp_path / "nowhere" / "x.csv", "x")
    with pytest.raises(Refused, match="is a folder"):
        write_atomically(tmp_path, "x")
    assert list(tmp_path.iterdir()) == []
