"""A session with its photos in one zip: out and back in, and every way a hostile archive is refused whole."""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path

import pytest
from tests import photo_samples as samples

from ai_toolkit.errors import Refused
from ai_toolkit.facilitation import Facilitation
from ai_toolkit.facilitation import sessions as sessions_module
from ai_toolkit.facilitation.sessions import (
    export_archive,
    export_session,
    import_file,
    read_export_file,
)
from ai_toolkit.imaging import check_decodes, prepare
from ai_toolkit.model.enums import Source
from ai_toolkit.store.exchange import without_tokens
from ai_toolkit.store.sessions import SessionsDir

INTERVIEWS = 1


def clean(seed: int) -> bytes:
    return prepare(samples.jpeg(samples.flipchart(320, 240, seed=seed)))


@pytest.fixture
def with_photos(session: Facilitation) -> Facilitation:
    """Three photos: two identical ones, one withdrawn (its file is gone), one from the facilitator."""
    session.go_to(INTERVIEWS)
    pid = session.join(sector="creative").id
    session.add_photo(clean(1), caption="Skupina 1", source=Source.PARTICIPANT, participant_id=pid)
    session.add_photo(clean(1), caption="Skupina 1 again", source=Source.PARTICIPANT, participant_id=pid)
    gone = session.add_photo(clean(2), source=Source.PARTICIPANT, participant_id=pid)
    session.withdraw_photo(gone.id, by_participant=pid)
    session.add_photo(clean(3), caption="Flipchart", activity_id="interviews")
    return session


@pytest.fixture
def elsewhere(tmp_path: Path) -> SessionsDir:
    return SessionsDir(tmp_path / "other-laptop")


def leftovers(sessions: SessionsDir) -> list[str]:
    return sorted(p.name for p in sessions.root.iterdir()) if sessions.root.exists() else []


def test_out_and_back_in_with_the_same_events_and_the_same_photo_files(
    with_photos: Facilitation, elsewhere: SessionsDir, tmp_path: Path
) -> None:
    out = tmp_path / "kranj.zip"
    assert export_archive(with_photos, out) == 2  # clean(1) once, clean(3); the withdrawn photo has no file
    assert out.stat().st_mode & 0o077 == 0  # it carries everyone's words and details, like the JSON
    with zipfile.ZipFile(out) as z:
        names = sorted(z.namelist())
        assert names[-1] == "session.json" and all(n.startswith("photos/") for n in names[:-1])
    back = import_file(elsewhere, out, check_image=check_decodes)
    try:
        theirs = without_tokens(with_photos.records())
        assert [r.event for r in without_tokens(back.records())] == [r.event for r in theirs]
        for p in back.state.photos.values():
            if p.withdrawn:
                assert not back.photo_files.has(p.sha256)
            else:
                assert back.photo_files.read(p.sha256) == with_photos.photo_files.read(p.sha256)
        assert read_export_file(out).photos.keys() == with_photos.state.photos.keys()
    finally:
        back.close()


def test_a_json_export_imports_without_the_photos(
    with_photos: Facilitation, elsewhere: SessionsDir, tmp_path: Path
) -> None:
    out = tmp_path / "kranj.json"
    out.write_text(export_session(with_photos), encoding="utf-8")
    back = import_file(elsewhere, out, check_image=check_decodes)
    try:
        assert len(back.state.photos) == 4 and back.photo_files.stored() == []
        assert read_export_file(out).info.id == with_photos.state.info.id
    finally:
        back.close()


def rebuilt(source: Path, target: Path, change) -> Path:
    """A copy of an archive with its members changed by ``change(members) -> members`` (name -> bytes)."""
    with zipfile.ZipFile(source) as z:
        members = {n: z.read(n) for n in z.namelist()}
    with zipfile.ZipFile(target, "w") as z:
        for name, data in change(members).items():
            z.writestr(name, data)
    return target


def sha_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def first_photo(members: dict[str, bytes]) -> str:
    return next(n for n in members if n.startswith("photos/"))


HOSTILE = {
    "path traversal": lambda m: {**m, "../../evil.jpg": b"x"},
    "absolute path": lambda m: {**m, "/etc/cron.d/evil": b"x"},
    "traversal inside photos": lambda m: {**m, "photos/../../session.db": b"x"},
    "a folder entry": lambda m: {**m, "photos/": b""},
    "an upper-case hash": lambda m: {**{k: v for k, v in m.items()}, "photos/" + "A" * 64 + ".jpg": b"x"},
    "a readme": lambda m: {**m, "README.txt": b"hello"},
    "no session": lambda m: {k: v for k, v in m.items() if k != "session.json"},
    "a photo its session does not name": lambda m: {
        **m,
        f"photos/{hashlib.sha256(clean(9)).hexdigest()}.jpg": clean(9),
    },
    "a photo that is not what its name says": lambda m: {**m, first_photo(m): clean(8)},
    "a photo cut short": lambda m: {**m, first_photo(m): m[first_photo(m)][:-100]},
    "session.json that is not UTF-8": lambda m: {**m, "session.json": b"\xff\xfe{}"},
    "session.json that is not an export": lambda m: {**m, "session.json": json.dumps({"hello": 1}).encode()},
}


@pytest.mark.parametrize("case", list(HOSTILE), ids=list(HOSTILE))
def test_a_hostile_archive_is_refused_whole_and_leaves_nothing(
    with_photos: Facilitation, elsewhere: SessionsDir, tmp_path: Path, case: str
) -> None:
    good = tmp_path / "good.zip"
    export_archive(with_photos, good)
    bad = rebuilt(good, tmp_path / "bad.zip", HOSTILE[case])
    with pytest.raises(Refused):
        import_file(elsewhere, bad, check_image=check_decodes)
    assert leftovers(elsewhere) == []  # no session, no half-built staging folder
    assert not (tmp_path / "etc").exists() and not (tmp_path.parent / "evil.jpg").exists()


def test_a_photo_with_gps_under_its_own_hash_is_refused(
    session: Facilitation, elsewhere: SessionsDir, tmp_path: Path
) -> None:
    """A forged archive whose log names a raw camera JPEG by its true hash: the metadata would come in unseen."""
    raw = samples.gps_jpeg()
    sha = hashlib.sha256(raw).hexdigest()
    session.go_to(INTERVIEWS)
    session.add_photo(clean(1))
    good = tmp_path / "good.zip"
    export_archive(session, good)
    real = next(iter(session.state.photos.values()))

    def forge(m: dict[str, bytes]) -> dict[str, bytes]:
        text = (
            m["session.json"].decode().replace(real.sha256, sha).replace(f'"size": {real.size}', f'"size": {len(raw)}')
        )
        return {"session.json": text.encode(), f"photos/{sha}.jpg": raw}

    bad = rebuilt(good, tmp_path / "bad.zip", forge)
    with pytest.raises(Refused, match="not a clean JPEG"):
        import_file(elsewhere, bad, check_image=check_decodes)
    assert leftovers(elsewhere) == []


def test_a_jpeg_that_looks_right_but_does_not_decode_is_refused(
    session: Facilitation, elsewhere: SessionsDir, tmp_path: Path
) -> None:
    data = bytearray(clean(1))
    dht = data.index(b"\xff\xc4")
    data[dht + 5 : dht + 21] = b"\xff" * 16  # the Huffman table's code counts: nonsense
    broken = bytes(data)
    with pytest.raises(Refused) as err:
        check_decodes(broken)
    assert err.value.code == "photo_broken"
    sha = hashlib.sha256(broken).hexdigest()
    session.go_to(INTERVIEWS)
    real = session.add_photo(clean(1))
    good = tmp_path / "good.zip"
    export_archive(session, good)

    def forge(m: dict[str, bytes]) -> dict[str, bytes]:
        text = m["session.json"].decode().replace(real.sha256, sha)
        return {"session.json": text.encode(), f"photos/{sha}.jpg": broken}

    with pytest.raises(Refused, match="does not decode"):
        import_file(elsewhere, rebuilt(good, tmp_path / "bad.zip", forge), check_image=check_decodes)
    assert leftovers(elsewhere) == []


def test_archives_whose_table_of_contents_or_members_are_too_large_are_refused_unread(
    with_photos: Facilitation, elsewhere: SessionsDir, tmp_path: Path
) -> None:
    good = tmp_path / "good.zip"
    export_archive(with_photos, good)
    data = bytearray(good.read_bytes())
    end = data.rindex(b"PK\x05\x06")
    for offset, value, words in ((10, b"\xff\xff", "ZIP64"), (12, (900_000_000).to_bytes(4, "little"), "more files")):
        forged = bytearray(data)
        forged[end + offset : end + offset + len(value)] = value
        path = tmp_path / "forged.zip"
        path.write_bytes(bytes(forged))
        with pytest.raises(Refused, match=words):
            import_file(elsewhere, path, check_image=check_decodes)
    big = tmp_path / "big.zip"
    with zipfile.ZipFile(big, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("session.json", good.read_bytes()[:10])
        z.writestr("photos/" + "a" * 64 + ".jpg", b"\0" * 13_000_000)  # deflates to a few kB
    with pytest.raises(Refused, match="larger than"):
        import_file(elsewhere, big, check_image=check_decodes)
    not_zip = tmp_path / "not.zip"
    not_zip.write_bytes(b"PK\x03\x04" + b"\0" * 100)
    with pytest.raises(Refused, match="not a readable zip"):
        import_file(elsewhere, not_zip, check_image=check_decodes)
    assert leftovers(elsewhere) == []


def test_an_export_is_written_whole_or_not_at_all(
    with_photos: Facilitation, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with pytest.raises(Refused, match="does not exist"):
        export_archive(with_photos, tmp_path / "nowhere" / "x.zip")
    with pytest.raises(Refused, match="folder"):
        export_archive(with_photos, tmp_path)
    out = tmp_path / "x.zip"
    out.write_bytes(b"the last good export")

    def disk_full(out, json_text, photos):
        out.write(b"PK half a zip")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sessions_module, "write_archive", disk_full)
    with pytest.raises(OSError):
        export_archive(with_photos, out)
    assert out.read_bytes() == b"the last good export"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no temporary file left
