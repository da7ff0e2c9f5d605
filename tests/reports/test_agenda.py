"""The facilitator's agenda, and both documents from the command line (also while another process has the session)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from ai_toolkit.cli import main
from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model.plan import Plan
from ai_toolkit.model.session import SessionState
from ai_toolkit.reports import write_agenda

from .conftest import STORY_SL, doc_text, headings, table_after

FIXTURE_PLANS = Path(__file__).resolve().parent.parent / "fixtures" / "plans"


def test_agenda_of_a_plan(tiny_plan: Plan, tmp_path: Path) -> None:
    path = write_agenda(tiny_plan, tmp_path / "a.docx", lang="en")
    d = docx.Document(str(path))
    assert d.paragraphs[0].text == "Facilitator's guide"
    assert d.paragraphs[1].text == "Tiny test plan"
    table = table_after(path, "Agenda")
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Start", "Phase", "Activity", "Minutes", "Working mode"]
    assert rows[1] == ["0:00", "Define", "Welcome", "5", "In plenary"]
    assert rows[2] == ["0:05", "Discover", "Appreciative interviews", "20", "In pairs"]
    assert rows[-1] == ["", "Total", "", "80", ""]
    assert ("Heading 1", "Discover · 30 min") in headings(path)
    assert ("Heading 2", "0:05 · Appreciative interviews") in headings(path)
    text = doc_text(path)
    assert "“Tell a story of a high point.”" in text
    assert "“How we thrive together”" in text
    assert "0:05–0:25 (20 min)" in text
    assert "no texts in this language" not in text


def test_agenda_in_a_language_the_plan_has_and_one_it_lacks(tiny_plan: Plan, tmp_path: Path) -> None:
    sl = doc_text(write_agenda(tiny_plan, tmp_path / "sl.docx", lang="sl"))
    assert "„Povejte zgodbo o vrhuncu.“" in sl
    assert "Apreciativni intervjuji" in sl and "V parih" in sl
    assert "še nima besedil" not in sl
    de = doc_text(write_agenda(tiny_plan, tmp_path / "de.docx", lang="de"))
    assert "Dieser Plan hat noch keine Texte in dieser Sprache" in de
    assert "„Tell a story of a high point.“" in de  # English where the plan has no German
    assert "Zu zweit" in de


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_minutes_default_path_language_and_errors(
    workshop: Facilitation, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = str(workshop.folder.parent)
    sid = workshop.state.info.id
    code, out, err = _cli(capsys, "--sessions-dir", root, "minutes", sid[:18])
    assert code == 0, err
    assert out.strip() == str(workshop.folder / "minutes-en.docx")
    assert STORY_SL in doc_text(Path(out.strip()))
    code, out, _ = _cli(capsys, "--sessions-dir", root, "minutes", sid, "--lang", "cs", "-o", str(tmp_path / "z.docx"))
    assert code == 0 and out.strip() == str(tmp_path / "z.docx")
    assert ("Heading 1", "Přehled") in headings(tmp_path / "z.docx")
    code, _, err = _cli(capsys, "--sessions-dir", root, "minutes", sid, "--lang", "xx")
    assert code == 2 and err.strip() == "ai-toolkit: unknown language 'xx'; use one of en, de, cs, pl, it, sl, nl"
    broken = tmp_path / "broken.docx"
    broken.write_text("no")
    code, _, err = _cli(capsys, "--sessions-dir", root, "minutes", sid, "--template", str(broken))
    assert code == 2 and len(err.strip().splitlines()) == 1 and "is not a Word .docx file" in err
    code, _, err = _cli(capsys, "--sessions-dir", root, "minutes", sid, "-o", str(broken / "x.docx"))
    assert code == 2 and "is not a folder" in err and "Traceback" not in err


def test_cli_agenda_from_plan_and_session(
    workshop: Facilitation, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    root = str(workshop.folder.parent)
    out_file = tmp_path / "agenda.docx"
    args = ["--sessions-dir", root, "--plans-dir", str(FIXTURE_PLANS)]
    code, out, err = _cli(capsys, *args, "agenda", "test-tiny", "--lang", "it", "-o", str(out_file))
    assert code == 0, err
    assert out.strip() == str(out_file)
    assert docx.Document(str(out_file)).paragraphs[0].text == "Guida per il facilitatore"
    code, out, err = _cli(capsys, *args, "agenda", workshop.state.info.id)
    assert code == 0, err
    made = Path(out.strip())
    assert made == workshop.folder / "agenda-en.docx"
    text = doc_text(made)
    assert "Kulturcafé Jesenice" in text and "Creative industries in Gorenjska" in text
    code, _, err = _cli(capsys, *args, "agenda", "no-such-thing")
    assert code == 2 and "no plan or session 'no-such-thing'" in err


def test_minutes_from_another_process_while_the_session_is_open(
    workshop: Facilitation, session_state_extra: None, tmp_path: Path
) -> None:
    """The TUI keeps the session open (and writing); the CLI in another process reads a consistent state."""
    env = {**os.environ, "AI_TOOLKIT_SESSIONS_DIR": str(workshop.folder.parent)}
    target = tmp_path / "live.docx"
    command = [sys.executable, "-c", "from ai_toolkit.cli import run; run()"]
    with workshop.store.transaction():  # hold the write lock, as the TUI does while it records something
        run = subprocess.run(
            [*command, "minutes", workshop.state.info.id, "-o", str(target)],
            capture_output=True,
            text=True,
            env=env,
            timeout=60,
        )
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == str(target)
    assert "A late card from the wall" in doc_text(target)


@pytest.fixture
def session_state_extra(workshop: Facilitation) -> None:
    workshop.back()  # the facilitator reopens the last activity after the end ...
    workshop.add_contribution("A late card from the wall", phase="destiny")  # ... and types a card in


def test_state_fixture_is_a_finished_session(workshop_state: SessionState) -> None:
    assert workshop_state.ended_at is not None
