"""LibreOffice opens the documents and prints them: the participants' words, letters and page numbers survive."""

from __future__ import annotations

import csv
import io
import subprocess
from pathlib import Path

import pytest
from tests.conftest import Regions, need
from tests.reports.regions import BIELSKO, CHEMNITZ, FORMULA, KRANJ, SECRET

from ai_toolkit.model.session import SessionState
from ai_toolkit.reports import write_agenda, write_minutes
from ai_toolkit.reports.synthesis import write_synthesis
from ai_toolkit.reports.workbook import write_workbook

from .conftest import COMMITMENT, DREAM, LUKASZ, MAJA, ROOM, STORY_PL, STORY_SL


def _words(text: str) -> list[str]:
    """What pdftotext must find: the text without emoji (fonts may lack them), as words (lines wrap anywhere)."""
    return [w for w in text.split() if all(ord(ch) < 0x2000 for ch in w)]


def _soffice(soffice: str, profile: Path, convert_to: str, out: Path, *files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{profile}",  # its own profile: parallel runs never clash
            "--headless",
            "--convert-to",
            convert_to,
            "--outdir",
            str(out),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )


@pytest.mark.document
def test_libreoffice_prints_minutes_agenda_and_synthesis(
    workshop_state: SessionState, regions: Regions, tmp_path: Path
) -> None:
    soffice, pdftotext, pdftoppm = need("soffice"), need("pdftotext"), need("pdftoppm")
    minutes = write_minutes(workshop_state, tmp_path / "minutes-sl.docx", lang="sl", tz=ROOM)
    agenda = write_agenda(workshop_state.plan, tmp_path / "agenda-pl.docx", lang="pl", info=workshop_state.info)
    synthesis = write_synthesis(regions.states, tmp_path / "synthesis.docx", lang="en", tz=ROOM)
    out = tmp_path / "pdf"
    run = _soffice(soffice, tmp_path / "lo-profile", "pdf", out, minutes, agenda, synthesis)
    pdfs = {p.name: p for p in out.glob("*.pdf")}
    # soffice can exit 0 without writing anything: the files themselves are the proof.
    assert set(pdfs) == {"minutes-sl.pdf", "agenda-pl.pdf", "synthesis.pdf"}, (run.returncode, run.stdout, run.stderr)
    assert all(p.stat().st_size > 5_000 for p in pdfs.values())

    text = subprocess.run(
        [pdftotext, "-layout", str(pdfs["minutes-sl.pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for phrase in (STORY_SL, STORY_PL, DREAM, COMMITMENT, MAJA, LUKASZ):
        for word in _words(phrase):
            assert word in flat, (phrase, word)
    for label in ("Odkrivanje: pozitivno jedro", "Akcijski načrt", "Varstvo osebnih podatkov", "Stran 1 od"):
        assert label in flat
    assert "Stran 1 od 1 " not in flat  # NUMPAGES was computed: the minutes run over several pages
    pages = text.count("\f")
    assert pages >= 4

    agenda_text = subprocess.run(
        [pdftotext, str(pdfs["agenda-pl.pdf"]), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Przewodnik dla moderatora" in agenda_text
    assert "W parach" in agenda_text

    # The summary is one page of its own: page 2 of the minutes, the contents start on page 3.
    page_texts = text.split("\f")
    for heading in ("Srečanje na kratko", "Najmočnejše teme", "Kako naprej"):
        assert heading in page_texts[1]
    assert page_texts[2].lstrip().startswith("Kazalo")

    # The synthesis: the words of three languages survive.
    synthesis_text = " ".join(
        subprocess.run(
            [pdftotext, str(pdfs["synthesis.pdf"]), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    for phrase in (KRANJ.stories[0][1], CHEMNITZ.stories[0][1], BIELSKO.dreams[0][1], "Społeczność", "Bielsko-Biała"):
        for word in _words(phrase):
            assert word in synthesis_text, (phrase, word)
    for label in ("What recurs across regions: a suggestion", "in Slovenian", "in German", "in Polish", "Page 1 of"):
        assert label in synthesis_text
    assert SECRET not in synthesis_text
    # Pictures of the pages, as a reader sees them (looked at by eye when the layout changes).
    subprocess.run([pdftoppm, "-png", "-r", "40", str(pdfs["synthesis.pdf"]), str(out / "page")], check=True)
    assert len(list(out.glob("page-*.png"))) >= 5


@pytest.mark.document
def test_libreoffice_reads_the_workbook_as_csv(regions: Regions, tmp_path: Path) -> None:
    """Every sheet converts; dates stay dates, the formula-like contribution stays text, letters survive."""
    soffice = need("soffice")
    book = write_workbook(regions.states, tmp_path / "regions.xlsx", lang="de", tz=ROOM)
    out = tmp_path / "csv"
    # Filter options: comma, double quote, UTF-8, from line 1, …, and the last -1: every sheet to its own file.
    run = _soffice(
        soffice,
        tmp_path / "lo-profile",
        "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
        out,
        book,
    )
    files = {p.name: p for p in out.glob("*.csv")}
    assert len(files) == 8, (sorted(files), run.stdout, run.stderr)
    contributions = list(csv.reader(io.StringIO(files["regions-Beiträge.csv"].read_text(encoding="utf-8"))))
    assert contributions[0][:3] == ["Region", "Zeit", "Phase"]
    assert contributions[1][:2] == ["Kranj", "2026-11-24 10:06:00"]  # a date and time, in the room's time
    texts = [row[10] for row in contributions[1:]]
    assert FORMULA in texts  # shown as typed: LibreOffice did not run it (it would show "klick")
    assert KRANJ.stories[0][1] in texts
    actions = list(csv.reader(io.StringIO(files["regions-Aktionsplan.csv"].read_text(encoding="utf-8"))))
    assert actions[1][:4] == ["Kranj", "Drugo tovarniško noč v livarski hali", "Tomaž Rozman", "2027-01-23"]
