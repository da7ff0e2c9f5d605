"""``ai-toolkit report`` and ``export --format xlsx`` as a coordinator types them: sessions by id and as files the
regions sent, bad input refused in one line, nothing half-written."""

from __future__ import annotations

import io
import zipfile
from functools import partial
from pathlib import Path

import docx
import openpyxl
import pytest
from tests.cli.runner import cli, ok, parallel, refused
from tests.conftest import Regions

from ai_toolkit.facilitation import open_session
from ai_toolkit.store.exchange import export_json


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    return h


@pytest.fixture
def sent(regions: Regions, tmp_path: Path) -> tuple[Path, Path]:
    """Chemnitz's export as a .json file, Bielsko-Biała's zipped as a mail program would."""
    texts = []
    for sid in regions.ids[1:]:
        f = open_session(regions.sessions, sid)
        texts.append(export_json(f.records()))
        f.close()
    chemnitz = tmp_path / "chemnitz.json"
    chemnitz.write_text(texts[0], encoding="utf-8")
    bielsko = tmp_path / "bielsko.zip"
    with zipfile.ZipFile(bielsko, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("README.txt", "Session from Bielsko-Biała")
        z.writestr("export/bielsko-biala.json", texts[1])
    return chemnitz, bielsko


def test_a_synthesis_from_the_sessions_folder_and_from_files(
    home: Path, regions: Regions, sent: tuple[Path, Path], tmp_path: Path
) -> None:
    chemnitz, bielsko = sent
    root = regions.sessions.root
    kranj = regions.ids[0][:12]  # a unique prefix is enough
    run = partial(cli, home=home, root=root)
    word, sheets = parallel(
        lambda: run(
            "report",
            kranj,
            chemnitz,
            bielsko,
            "--lang",
            "sl",
            "--title",
            "InduCCI: primerjava",
            "-o",
            tmp_path / "s.docx",
        ),
        lambda: run("report", kranj, chemnitz, bielsko, "-o", tmp_path / "s.xlsx"),
    )
    assert ok(word).out.strip() == str(tmp_path / "s.docx")
    d = docx.Document(str(tmp_path / "s.docx"))
    assert d.paragraphs[0].text == "InduCCI: primerjava"
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Pozitivno jedro po regijah" in text and "jezik: poljščina" in text
    assert ok(sheets).out.strip() == str(tmp_path / "s.xlsx")
    book = openpyxl.load_workbook(tmp_path / "s.xlsx")
    regions_seen = [row[0] for row in book["Sessions"].iter_rows(min_row=2, values_only=True)]
    assert regions_seen == ["Kranj", "Chemnitz", "Bielsko-Biała"]


def test_export_xlsx_next_to_the_session_or_where_asked(home: Path, regions: Regions, tmp_path: Path) -> None:
    root, sid = regions.sessions.root, regions.ids[1]
    run = partial(cli, home=home, root=root)
    default, german = parallel(
        lambda: run("export", sid, "--format", "xlsx"),
        lambda: run("export", sid, "--format", "xlsx", "--lang", "en", "-o", tmp_path / "c.xlsx"),
    )
    path = Path(ok(default).out.strip())
    assert path == root / sid / "session-de.xlsx"  # the session's own language, in its folder
    assert openpyxl.load_workbook(path).sheetnames[0] == "Sitzungen"
    assert openpyxl.load_workbook(Path(ok(german).out.strip())).sheetnames[0] == "Sessions"


def test_bad_reports_are_refused_in_one_line_and_write_nothing(
    home: Path, regions: Regions, sent: tuple[Path, Path], tmp_path: Path
) -> None:
    chemnitz, _ = sent
    root, kranj = regions.sessions.root, regions.ids[0]
    out = tmp_path / "out.docx"
    garbage_zip = tmp_path / "garbage.zip"
    garbage_zip.write_bytes(b"PK\x03\x04 not really a zip")
    empty_zip = tmp_path / "empty.zip"
    with zipfile.ZipFile(empty_zip, "w") as z:
        z.writestr("notes.json", '{"hello": "world"}')
    not_json = tmp_path / "notes.json"
    not_json.write_text("this is { not json", encoding="utf-8")
    latin1 = tmp_path / "latin1.json"
    latin1.write_bytes('{"title": "Kulturcaf\xe9"}'.encode("latin-1"))
    twice = io.BytesIO()
    with zipfile.ZipFile(twice, "w") as z:
        z.writestr("a.json", chemnitz.read_text(encoding="utf-8"))
        z.writestr("b.json", chemnitz.read_text(encoding="utf-8"))
    two_in_one = tmp_path / "two.zip"
    two_in_one.write_bytes(twice.getvalue())
    run = partial(cli, home=home, root=root)
    cases = [
        (("report", kranj, "-o", tmp_path / "out.pdf"), "ending in .docx"),
        (("report", "no-such-session", "-o", out), "no session 'no-such-session'"),
        (("report", tmp_path / "missing.json", "-o", out), "no file"),
        (("report", not_json, "-o", out), "is not valid JSON"),
        (("report", latin1, "-o", out), "is not UTF-8 text"),
        (("report", garbage_zip, "-o", out), "is not a zip file"),
        (("report", empty_zip, "-o", out), "notes.json is not an ai-toolkit session export"),
        (("report", two_in_one, "-o", out), "holds 2 session exports"),
        (("report", tmp_path, "-o", out), "is a folder"),
        (("report", kranj, chemnitz, regions.ids[1], "-o", out), "is given twice"),
        (("report", kranj, "--lang", "xx", "-o", out), "unknown language 'xx'"),
        (("report", kranj, "-o", tmp_path / "nowhere" / "s.docx"), "does not exist"),
        (("export", kranj, "--format", "csv", "--lang", "de"), "--lang is for --format xlsx"),
        (("export", kranj, "--format", "xlsx", "--lang", "klingon"), "unknown language"),
    ]
    results = parallel(*(partial(run, *args) for args, _ in cases))
    for (_args, needle), result in zip(cases, results, strict=True):
        refused(result, needle)
    assert not out.exists() and not (tmp_path / "out.pdf").exists()
    assert not list(tmp_path.glob(".*.part"))
