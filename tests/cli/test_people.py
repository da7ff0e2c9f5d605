"""Everyone counted and nothing kept too long, from the shell: ``new`` with privacy details, ``attend``,
``attendance`` (the A4 sign-in sheet, read with python-docx and printed by LibreOffice), ``purge``.

``purge`` runs against sessions made in the past (through the service with a clock in 2024); a session held open
by another process, as ``run`` holds it, is refused with one clear line and kept, and a killed holder leaves no
stale lock behind.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import docx
import pytest
from docx.shared import Mm
from tests.cli.runner import cli, ok, refused
from tests.conftest import FakeClock, need

from ai_toolkit.facilitation import create_session, open_session
from ai_toolkit.model.enums import Source
from ai_toolkit.model.plan import Plan
from ai_toolkit.store.sessions import SessionsDir

HOLDER = """
import sys, time
from ai_toolkit.facilitation import open_session
from ai_toolkit.store.sessions import SessionsDir
f = open_session(SessionsDir(sys.argv[1]), sys.argv[2])
print("open", flush=True)
time.sleep(120)
"""


# Dates the commands must take as "not in the past", counted from the day the tests run (fixed ones ran out:
# a keep-until of 2027-01-14 is refused as past from 2027-01-15 on, whatever the session's date).
TODAY = datetime.now(UTC).date()
SESSION_DAY = TODAY + timedelta(days=45)
KEPT_UNTIL = SESSION_DAY + timedelta(days=381)


def made(root: Path, plan: Plan, title: str, on: date, *, when: datetime | None = None, **kw: object) -> str:
    clock = FakeClock(when or datetime(on.year, on.month, on.day, 9, tzinfo=UTC))
    f = create_session(SessionsDir(root), plan, title=title, on=on, clock=clock, **kw)  # type: ignore[arg-type]
    try:
        return f.state.info.id
    finally:
        f.close()


# -- new, show, list ---------------------------------------------------------------------------------------
def test_new_takes_privacy_details_and_show_and_list_say_the_date(tmp_path: Path) -> None:
    root = tmp_path / "sessions"
    r = ok(
        cli(
            "new", "--plan", "test-tiny", "--title", "KKI", "--partner", "BSC Kranj", "--date", str(SESSION_DAY),
            "--contact", "zasebnost@bsc-kranj.si", "--keep-until", str(KEPT_UNTIL), home=tmp_path, root=root,
        )
    )  # fmt: skip
    sid = r.out.splitlines()[0]
    show = ok(cli("show", sid, home=tmp_path, root=root)).out
    assert f"Privacy: kept by BSC Kranj until {KEPT_UNTIL} · ask zasebnost@bsc-kranj.si" in show
    assert "Present: 0 (0 on a phone, 0 on paper)" in show
    assert f"kept until {KEPT_UNTIL}" in ok(cli("list", home=tmp_path, root=root)).out


@pytest.mark.parametrize(
    ("value", "needle"),
    [
        ("2020-01-01", "2020-01-01 is in the past"),
        ("next year", "'next year' is not a date"),
        (
            str(SESSION_DAY - timedelta(days=1)),
            f"keep-until {SESSION_DAY - timedelta(days=1)} is before the session's date {SESSION_DAY}",
        ),
    ],
    ids=["past", "not-a-date", "before-the-session"],  # the same on every xdist worker, whatever the day
)
def test_new_refuses_a_keep_until_in_the_past_or_not_a_date(tmp_path: Path, value: str, needle: str) -> None:
    root = tmp_path / "sessions"
    args = ("new", "--plan", "test-tiny", "--title", "X", "--date", str(SESSION_DAY), "--keep-until", value)
    refused(cli(*args, home=tmp_path, root=root), needle)
    assert not root.exists() or not [p for p in root.iterdir() if not p.name.startswith(".")]


# -- attend -------------------------------------------------------------------------------------------------
def test_attend_counts_people_without_a_phone(tmp_path: Path, tiny_plan: Plan) -> None:
    root = tmp_path / "sessions"
    sid = made(root, tiny_plan, "Counted", date(2026, 12, 1), when=datetime.now(UTC))
    f = open_session(SessionsDir(root), sid)
    f.join(sector="company")
    f.close()
    r = ok(cli("attend", sid, "--sector", "company", "--count", "3", home=tmp_path, root=root))
    assert r.out.splitlines() == ["company: 3 without a phone", "Present: 4 (1 on a phone, 3 on paper)"]
    refused(cli("attend", sid, "--sector", "company", "--count", "-4", home=tmp_path, root=root), "cannot count -4")
    refused(cli("attend", sid, "--sector", "aliens", home=tmp_path, root=root), "unknown sector 'aliens'")
    # A paper card with a partner's story: the storyteller's sector is asked for, the story filed under it.
    ok(cli("next", sid, home=tmp_path, root=root))
    ok(cli("next", sid, home=tmp_path, root=root))
    card = ("add", sid, "Their robotics club built the props", "--partner-story")
    refused(cli(*card, home=tmp_path, root=root), "needs the storyteller's sector")
    ok(cli(*card, "--sector", "school", home=tmp_path, root=root))
    show = ok(cli("show", sid, home=tmp_path, root=root)).out
    assert "Present: 4 (1 on a phone, 3 on paper): Company or industry 4 (3 on paper)" in show
    f = open_session(SessionsDir(root), sid)
    (c,) = f.state.contributions.values()
    assert (c.told_by.value, c.sector) == ("partner", "school")
    f.close()


# -- the sign-in sheet ----------------------------------------------------------------------------------------
def sheet_session(root: Path, plan: Plan) -> str:
    sid = made(
        root, plan, "KKI in industrija", date(2026, 12, 3), when=datetime.now(UTC), project="InduCCI",
        partner="BSC Kranj", venue="Kulturcafé Jesenice", facilitators=["Ana"], language="sl",
    )  # fmt: skip
    f = open_session(SessionsDir(root), sid)
    f.join(name="Maja Kovač", organisation="Studio Preplet", sector="creative", consent_named=True,
           consent_organisation=True)  # fmt: skip
    f.join(name="Jan Novak", organisation="Občina Kranj", sector="administration", consent_named=True)
    f.join(name="Secret Person", organisation="Hidden d.o.o.", sector="company")
    f.close()
    return sid


@pytest.mark.document
def test_the_attendance_sheet_is_an_a4_sign_in_list_libreoffice_prints(tmp_path: Path, tiny_plan: Plan) -> None:
    soffice, pdftotext = need("soffice"), need("pdftotext")
    root = tmp_path / "sessions"
    sid = sheet_session(root, tiny_plan)
    out = tmp_path / "sheet.docx"
    assert ok(cli("attendance", sid, "--expected", "12", "-o", out, home=tmp_path, root=root)).out.strip() == str(out)
    d = docx.Document(str(out))
    width, height = d.sections[0].page_width, d.sections[0].page_height
    assert width is not None and height is not None
    assert abs(width - Mm(210)) < Mm(1) and abs(height - Mm(297)) < Mm(1)
    text = "\n".join(p.text for p in d.paragraphs)
    assert "Seznam navzočih" in text and "KKI in industrija" in text
    assert "Seznam se uporablja le za poročanje o udeležbi v projektu InduCCI; BSC Kranj ga hrani do" in text
    facts = {row.cells[0].text: row.cells[1].text for row in d.tables[0].rows}
    assert facts["Partner"] == "BSC Kranj" and facts["Prizorišče"] == "Kulturcafé Jesenice"
    assert facts["Datum"] == "3. december 2026"
    sheet = d.tables[-1]
    rows = [[c.text for c in r.cells] for r in sheet.rows]
    assert rows[0] == ["Št.", "Ime", "Organizacija", "Sektor", "Podpis"]
    # The two who agreed to be named come first (their organisation only where they agreed to list it).
    assert rows[1] == ["1", "Jan Novak", "", "Javna uprava", ""]
    assert rows[2] == ["2", "Maja Kovač", "Studio Preplet", "Ustvarjalna skupnost", ""]
    assert rows[3:] == [[str(n), "", "", "", ""] for n in range(3, 15)]
    assert "Secret Person" not in text + str(rows) and "Hidden d.o.o." not in str(rows)
    heights = sheet._tbl.xpath(".//w:trHeight/@w:val")
    assert len(heights) == len(rows) and all(int(h) >= 500 for h in heights)  # room to write and sign

    pdf_dir = tmp_path / "pdf"
    subprocess.run(
        [soffice, f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless", "--convert-to", "pdf",
         "--outdir", str(pdf_dir), str(out)],
        capture_output=True, timeout=180,
    )  # fmt: skip
    pdf = pdf_dir / "sheet.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 5_000
    printed = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    flat = " ".join(printed.split())
    assert "Seznam navzočih" in flat and "Maja Kovač" in flat and "Podpis" in flat and "Stran 1 od" in flat


def test_the_sheet_in_another_language_by_default_in_the_session_folder(tmp_path: Path, tiny_plan: Plan) -> None:
    root = tmp_path / "sessions"
    sid = sheet_session(root, tiny_plan)
    path = Path(ok(cli("attendance", sid, "--lang", "de", home=tmp_path, root=root)).out.strip())
    assert path == root / sid / "attendance-de.docx"
    d = docx.Document(str(path))
    assert [c.text for c in d.tables[-1].rows[0].cells] == ["Nr.", "Name", "Organisation", "Sektor", "Unterschrift"]
    assert len(d.tables[-1].rows) == 1 + 2 + tiny_plan.expected_people  # empty rows for the expected size
    refused(cli("attendance", sid, "--lang", "xx", home=tmp_path, root=root), "unknown language 'xx'")


# -- purge ----------------------------------------------------------------------------------------------------
def test_purge_removes_sessions_past_their_date_and_lists_them(tmp_path: Path, tiny_plan: Plan) -> None:
    root = tmp_path / "sessions"
    old = made(root, tiny_plan, "Old focus group", date(2024, 3, 1))  # kept until 2025-03-01
    recent = made(root, tiny_plan, "Recent one", date(2026, 11, 1), when=datetime.now(UTC))
    (root / old / "minutes-sl.docx").write_bytes(b"minutes")
    dry = ok(cli("purge", "--dry-run", home=tmp_path, root=root)).out
    assert dry.strip() == f"would remove {old} (kept until 2025-03-01) Old focus group"
    assert (root / old / "session.db").is_file()
    done = ok(cli("purge", home=tmp_path, root=root)).out
    assert done.strip() == f"removed {old} (kept until 2025-03-01) Old focus group"
    assert not (root / old).exists() and (root / recent / "session.db").is_file()
    assert sorted(p.name for p in root.iterdir()) == [recent]  # nothing half-deleted left aside
    again = ok(cli("purge", home=tmp_path, root=root)).out
    assert "No session" in again and "past its keep-until date" in again


def test_purge_refuses_a_session_open_in_another_process_and_a_killed_one_frees_it(
    tmp_path: Path, tiny_plan: Plan
) -> None:
    root = tmp_path / "sessions"
    held = made(root, tiny_plan, "Held open", date(2024, 3, 1))
    other = made(root, tiny_plan, "Not held", date(2024, 3, 2))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(root), held], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        r = cli("purge", home=tmp_path, root=root)
        assert r.code == 2 and f"removed {other}" in r.out
        line = r.err.strip()
        assert line == f"ai-toolkit: the session {held} is open (in 'ai-toolkit run' or 'serve'): close it first"
        assert (root / held / "session.db").is_file() and not (root / other).exists()
    finally:
        holder.kill()  # like a crashed run: no clean-up at all
        holder.wait(10)
    assert f"removed {held}" in ok(cli("purge", home=tmp_path, root=root)).out
    assert not (root / held).exists()


# -- remove-participant --------------------------------------------------------------------------------------
def test_remove_participant_lists_then_removes_by_prefix_and_says_what(tmp_path: Path, tiny_plan: Plan) -> None:
    root = tmp_path / "sessions"
    sid = made(root, tiny_plan, "Troll", date(2027, 1, 15))
    f = open_session(SessionsDir(root), sid)
    try:
        f.go_to(1)
        troll = f.join(sector="citizen").id
        keep = f.join(sector="creative").id
        for n in range(3):
            f.add_contribution(f"spam {n}", source=Source.PARTICIPANT, participant_id=troll)
        f.add_contribution("a real story", source=Source.PARTICIPANT, participant_id=keep)
    finally:
        f.close()
    listed = ok(cli("remove-participant", sid, home=tmp_path, root=root)).out
    assert "Participants: 2" in listed and f"{troll}  citizen  3 sent" in listed
    done = ok(cli("remove-participant", sid, troll[:8], home=tmp_path, root=root)).out
    assert f"Removed {troll} (citizen) and everything they sent: 3 contributions, 0 commitments" in done
    refused(cli("remove-participant", sid, troll, home=tmp_path, root=root), "removed this participant")
    refused(cli("remove-participant", sid, "p-zz", home=tmp_path, root=root), "participant")  # ids are hex: no one
    assert "Present: 1 (1 on a phone, 0 on paper)" in ok(cli("show", sid, home=tmp_path, root=root)).out
