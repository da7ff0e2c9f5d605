"""Back to participants: the last page shows the results in the phone's language, and the minutes to download once
the facilitator has written them (only that file, from the session's folder, never a path from the request)."""

from __future__ import annotations

import asyncio
import os
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.conftest import need

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model.enums import Phase, Sector, Source
from ai_toolkit.reports import write_minutes
from ai_toolkit.web import results as results_module
from ai_toolkit.web.guard import LANG_COOKIE
from ai_toolkit.web.results import PdfMaker

from .conftest import Phone, main_text

CORE = "Industrija odpira vrata"
PROPOSITION = "Vsaka prazna hala postane delavnica v enem letu."
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def run_through(f: Facilitation, phone: Phone, clock) -> str:
    """A short session to its end: a joined phone (named, with consent), a shy one, themes, a vote, commitments."""
    maja = phone.join("creative", name="Maja Kovač", consent="yes")
    shy = f.join(name="Skrivnostni Gost", sector=Sector.ADMINISTRATION)  # no consent to be named
    f.start()
    f.advance()  # discover
    story = f.add_contribution("Livarna je odprla halo.", source=Source.PARTICIPANT, participant_id=maja)
    f.assign(story.id, f.create_theme(CORE, phase=Phase.DISCOVER).id)
    f.create_theme("Kratke poti do župana", phase=Phase.DISCOVER)
    for _ in range(3):
        f.advance()  # positive core, dream, propositions
    f.add_proposition(PROPOSITION)
    f.add_proposition("Vsaka šola ima partnerja v podjetju.")
    f.advance()  # vote
    vote = f.open_vote_on_propositions(dots=3)
    f.cast(vote.id, maja, {vote.options[0].id: 2, vote.options[1].id: 1})
    f.close_vote()
    f.advance()  # destiny
    due = clock.now.date() + timedelta(days=30)
    f.add_commitment("Druga tovarniška noč", by_when=due, source=Source.PARTICIPANT, participant_id=maja)
    f.add_commitment("Predlog vavčerja", source=Source.PARTICIPANT, participant_id=shy.id)
    f.end()
    return maja


def test_the_last_page_shows_the_results_in_the_phones_language(
    phone: Phone,
    session: Facilitation,
    clock,
    client: TestClient,
) -> None:
    run_through(session, phone, clock)
    client.cookies.set(LANG_COOKIE, "sl")
    html = phone.get().text
    text = main_text(html)
    assert "Hvala" in text and "Pozitivno jedro" in text
    assert text.index(CORE) < text.index("Kratke poti do župana")  # the strongest first
    assert f"{PROPOSITION} 67 % vseh pik" in text
    assert "Druga tovarniška noč Maja Kovač · do 23. dec. 2026" in text
    assert "Predlog vavčerja Javna uprava" in text  # did not agree to be named: the sector speaks
    assert "Skrivnostni" not in html
    assert "Zapisnik še ni pripravljen" in text and "/minutes.docx" not in html


def test_someone_who_never_joined_sees_the_results_after_the_end(
    phone: Phone,
    other_phone: Phone,
    session: Facilitation,
    clock,
) -> None:
    run_through(session, phone, clock)
    text = main_text(other_phone.get().text)
    assert "The positive core" in text and CORE in text
    assert 'action="' not in other_phone.get().text  # no join form after the end


def test_the_minutes_download_once_written(phone: Phone, session: Facilitation, clock, client: TestClient) -> None:
    run_through(session, phone, clock)
    r = phone.get("/minutes.docx")
    assert r.status_code == 404 and "The minutes are not written yet." in main_text(r.text)
    written = write_minutes(session.state, folder=session.folder)  # what the minutes command writes
    html = phone.get().text
    assert f"Download the minutes (Word, {round(written.stat().st_size / 1000)} kB)" in main_text(html)
    r = phone.get("/minutes.docx")
    assert r.status_code == 200
    assert r.headers["content-type"] == DOCX
    sid = session.state.info.id
    assert r.headers["content-disposition"] == f'attachment; filename="{sid}-minutes-en.docx"'
    assert r.content == written.read_bytes()
    assert r.headers["x-content-type-options"] == "nosniff"
    # The phone's language first, where the facilitator wrote minutes in it.
    slovene = write_minutes(session.state, folder=session.folder, lang="sl")
    client.cookies.set(LANG_COOKIE, "sl")
    assert phone.get("/minutes.docx").content == slovene.read_bytes()
    client.cookies.set(LANG_COOKIE, "de")
    assert phone.get("/minutes.docx").content == written.read_bytes()  # no German: the session's own


def test_no_minutes_before_the_end_and_no_other_file_ever(phone: Phone, session: Facilitation, tmp_path: Path) -> None:
    phone.join()
    session.start()
    write_minutes(session.state, folder=session.folder)  # interim minutes, written mid-session
    r = phone.get("/minutes.docx")
    assert r.status_code == 404 and "once the session has ended" in main_text(r.text)
    session.end()
    (session.folder / "minutes-en.docx").unlink()
    secret = tmp_path / "secret.docx"
    secret.write_bytes(b"not for phones")
    os.symlink(secret, session.folder / "minutes-en.docx")  # a link out of the folder is not the minutes
    assert phone.get("/minutes.docx").status_code == 404
    for path in ("/minutes.docx/../../session.db", "/minutes.xlsx", "/../minutes.docx", "/minutes.docx%00.db"):
        r = phone.get(path)
        assert r.status_code == 404 and b"not for phones" not in r.content
    wrong = phone.client.get("/j/" + "x" * 24 + "/minutes.docx")
    assert wrong.status_code == 404


def test_pdf_is_offered_only_where_libreoffice_is(
    phone: Phone,
    session: Facilitation,
    clock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    run_through(session, phone, clock)
    write_minutes(session.state, folder=session.folder)
    monkeypatch.setattr(results_module, "soffice", lambda: None)
    monkeypatch.setattr("ai_toolkit.web.routes.results.soffice", lambda: None)
    assert "/minutes.pdf" not in phone.get().text
    r = phone.get("/minutes.pdf")
    assert r.status_code == 404 and "Word file instead" in main_text(r.text)


def test_thirty_phones_asking_at_once_make_one_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    docx = tmp_path / "minutes-en.docx"
    docx.write_bytes(b"docx")
    made: list[Path] = []

    def convert(path: Path) -> None:
        made.append(path)
        path.with_suffix(".pdf").write_bytes(b"%PDF-1.7")

    monkeypatch.setattr(results_module, "convert", convert)
    maker = PdfMaker()

    async def thirty() -> list[Path | None]:
        return await asyncio.gather(*(maker.pdf(docx) for _ in range(30)))

    assert set(asyncio.run(thirty())) == {docx.with_suffix(".pdf")}
    assert made == [docx]
    stale = docx.stat().st_mtime_ns - 10**9
    os.utime(docx.with_suffix(".pdf"), ns=(stale, stale))
    asyncio.run(thirty())  # the minutes were written again: one new PDF
    assert made == [docx, docx]


@pytest.mark.document
def test_libreoffice_makes_the_pdf_a_phone_downloads(phone: Phone, session: Facilitation, clock) -> None:
    need("soffice")
    run_through(session, phone, clock)
    write_minutes(session.state, folder=session.folder)
    assert "/minutes.pdf" in phone.get().text
    r = phone.get("/minutes.pdf")
    assert r.status_code == 200, main_text(r.text)
    assert r.headers["content-type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert r.headers["content-disposition"].endswith('-minutes-en.pdf"')
    assert (session.folder / "minutes-en.pdf").read_bytes() == r.content
    assert not list(session.folder.glob(".pdf-*"))  # LibreOffice's working folder is gone


@pytest.mark.document
def test_two_servers_making_pdfs_at_once_both_get_theirs(session: Facilitation, tmp_path: Path) -> None:
    """Two sessions served on one laptop, a phone of each asking for the PDF at the same moment: LibreOffice's one
    profile is taken by one conversion at a time. Two at once on it made one PDF: the other LibreOffice exited 1."""
    need("soffice")
    session.go_to(1)
    session.add_contribution("Livarna je odprla halo.")
    folders = [tmp_path / "kranj", tmp_path / "linz"]
    for folder in folders:
        folder.mkdir()
    docs = [write_minutes(session.state, folder / "minutes-en.docx") for folder in folders]
    servers = [PdfMaker(), PdfMaker()]  # each server's own lock: only the profile's lock stands between them
    made: dict[Path, Path | None] = {}
    threads = [
        threading.Thread(target=lambda m=m, d=d: made.update({d: m._make(d)}))
        for m, d in zip(servers, docs, strict=True)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert made == {d: d.with_suffix(".pdf") for d in docs}
    assert all(d.with_suffix(".pdf").read_bytes().startswith(b"%PDF") for d in docs)
