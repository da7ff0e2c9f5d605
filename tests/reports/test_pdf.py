"""LibreOffice opens the documents and prints them: the participants' words, letters and page numbers survive."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from tests.conftest import need

from ai_toolkit.model.session import SessionState
from ai_toolkit.reports import write_agenda, write_minutes

from .conftest import COMMITMENT, DREAM, LUKASZ, MAJA, ROOM, STORY_PL, STORY_SL


def _words(text: str) -> list[str]:
    """What pdftotext must find: the text without emoji (fonts may lack them), as words (lines wrap anywhere)."""
    return [w for w in text.split() if all(ord(ch) < 0x2000 for ch in w)]


@pytest.mark.document
def test_libreoffice_prints_minutes_and_agenda(workshop_state: SessionState, tmp_path: Path) -> None:
    soffice, pdftotext = need("soffice"), need("pdftotext")
    minutes = write_minutes(workshop_state, tmp_path / "minutes-sl.docx", lang="sl", tz=ROOM)
    agenda = write_agenda(workshop_state.plan, tmp_path / "agenda-pl.docx", lang="pl", info=workshop_state.info)
    out = tmp_path / "pdf"
    run = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",  # its own profile: parallel runs never clash
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(minutes),
            str(agenda),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdfs = {p.name: p for p in out.glob("*.pdf")}
    # soffice can exit 0 without writing anything: the files themselves are the proof.
    assert set(pdfs) == {"minutes-sl.pdf", "agenda-pl.pdf"}, (run.returncode, run.stdout, run.stderr)
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
