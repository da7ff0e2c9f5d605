"""One session per language, seen on every surface: the phases, sectors and modes carry the glossary's words.

A partner in Kranj reads "Uresničevanje" on the projected screen, on the phone and as the minutes' heading, never
"Uresničitev" in one place and "Uresničevanje" in another. The session runs through the service, the phone and
the wall are the real FastAPI app, the minutes a real .docx read back with python-docx, and the projected screen's
phase names come from the functions the TUI draws them with.
"""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient
from tests.conftest import FakeClock
from tests.web.conftest import Phone, main_text

from ai_toolkit.facilitation import create_session
from ai_toolkit.i18n import LANGUAGES, t
from ai_toolkit.i18n.glossary import STORED_DEFAULT_VOTE_TITLE, glossary, vote_title
from ai_toolkit.model.enums import Collects, Phase, Sector
from ai_toolkit.model.plan import Plan
from ai_toolkit.plans import load_toolbox
from ai_toolkit.reports import write_agenda, write_minutes
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.tui.widgets.agenda import agenda_content
from ai_toolkit.tui.widgets.labels import mode_label, phase_label
from ai_toolkit.web.app import create_app

PLAN = "inducci-industry"
"""A plan with all five phases and every language."""
_PHASE_NAME = re.compile(r'<span class="phase-name">([^<]*)</span>')
_SECTOR_LABEL = re.compile(r'<label for="sector-([a-z_]+)">([^<]*)<span')


def _doc(path: Path) -> tuple[list[str], list[list[str]], str]:
    """Headings, table rows and all text of a Word file."""
    d = docx.Document(str(path))
    heads = [p.text for p in d.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    rows = [[c.text for c in r.cells] for table in d.tables for r in table.rows]
    text = "\n".join([p.text for p in d.paragraphs] + ["\n".join(r) for r in rows])
    return heads, rows, text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_session_speaks_the_glossary_on_every_surface(
    lang: str, sessions: SessionsDir, clock: FakeClock, tmp_path: Path
) -> None:
    g = glossary(lang)
    words = g.words
    plan = load_toolbox().get(PLAN)
    f = create_session(sessions, plan, title="KKI in industrija", language=lang, region="Gorenjska", clock=clock)
    app = create_app(f, join_url=lambda: f"http://testserver/j/{f.state.info.join_token}")
    phone_phases: dict[Phase, set[str]] = {}
    wall_phases: dict[Phase, set[str]] = {}
    pages: list[str] = []
    with TestClient(app, headers={"Accept-Language": lang}) as client:
        phone = Phone(client, f)
        join_page = phone.get().text
        sectors = dict(_SECTOR_LABEL.findall(join_page))
        pages.append(main_text(join_page))
        assert sectors == {s.value: words[f"sector.{s.value}"] for s in Sector}, "the phone's sector names"
        phone.join("citizen")
        # One activity per phase is enough to read its name; going there directly keeps the test quick.
        steps = plan.steps()
        for plan_phase in plan.phases:
            f.go_to(next(i for i, (p, _) in enumerate(steps) if p == plan_phase.phase))
            phase = plan_phase.phase
            page = phone.get().text
            wall = client.get(f"/f/{f.state.info.facilitator_token}").text
            phone_phases.setdefault(phase, set()).update(unescape(n) for n in _PHASE_NAME.findall(page))
            wall_phases.setdefault(phase, set()).update(unescape(n) for n in _PHASE_NAME.findall(wall))
            pages += [main_text(page), main_text(wall)]
            clock.advance(minutes=3)
    expected = {p.phase: {words[f"phase.{p.phase.value}"]} for p in plan.phases}
    assert phone_phases == expected, "the phone's phase names"
    assert wall_phases == expected, "the wall's phase names"

    # The projected screen: the agenda column and the activity line are drawn with these functions.
    agenda = agenda_content(f.state, clock.now + timedelta(minutes=1)).plain
    for p in plan.phases:
        assert phase_label(p.phase, lang) == words[f"phase.{p.phase.value}"]
        assert words[f"phase.{p.phase.value}"] in agenda
    for _, activity in plan.steps():
        assert mode_label(activity.mode, lang) == words[f"mode.{activity.mode.value}"]

    # The minutes: one heading per phase that begins with its name, and the same names in the tables.
    minutes = write_minutes(f.state, tmp_path / "minutes.docx", lang=lang)
    heads, rows, minutes_text = _doc(minutes)
    for p in plan.phases:
        name = words[f"phase.{p.phase.value}"]
        assert any(h.startswith(name + ":") for h in heads), (name, heads)
        assert any(row[0] == name for row in rows), f"{name} is not in the phases table"
    assert any(row[0] == words["sector.citizen"] for row in rows), "the attendance table's sector name"
    # The facilitator's guide (the agenda in Word): phase headings and working modes.
    agenda_doc = write_agenda(plan, tmp_path / "agenda.docx", lang=lang, info=f.state.info)
    agenda_heads, agenda_rows, agenda_text = _doc(agenda_doc)
    for p in plan.phases:
        assert any(h.startswith(words[f"phase.{p.phase.value}"] + " ·") for h in agenda_heads), agenda_heads
    modes = {words[f"mode.{a.mode.value}"] for _, a in plan.steps()}
    assert modes <= {cell for row in agenda_rows for cell in row}
    f.close()

    # And none of what the surfaces showed holds a variant the glossary calls wrong.
    for surface, text in [("phone and wall", "\n".join(pages)), ("minutes", minutes_text), ("agenda", agenda_text)]:
        found = [f"{m.found!r} ({m.concept})" for m in g.misuses(text)]
        assert not found, f"{lang} {surface}: {found}"


def test_a_vote_without_a_title_is_named_in_each_readers_language(
    sessions: SessionsDir, clock: FakeClock, tiny_plan: Plan, tmp_path: Path
) -> None:
    """The service stores no title (or, in older sessions, the English "Dot-vote"); every reader sees the
    glossary's name for a dot-vote in their own language: a German phone in a Slovenian room reads German."""
    f = create_session(sessions, tiny_plan, title="Kranj", language="sl", clock=clock)
    f.go_to(next(i for i, (_, a) in enumerate(tiny_plan.steps()) if a.collects == Collects.VOTES))
    vote = f.open_vote([("Delavnica", None), ("Pisarna za umetnike", None)], dots=3)
    app = create_app(f, join_url=lambda: f"http://testserver/j/{f.state.info.join_token}")
    seen: dict[str, str] = {}
    for lang in ("sl", "de"):
        with TestClient(app, headers={"Accept-Language": lang}) as client:
            phone = Phone(client, f)
            f.cast(vote.id, phone.join(), {vote.options[0].id: 2})
            (seen[lang],) = re.findall(r'<h2 class="vote-title">([^<]*)</h2>', phone.get().text)
            if lang == "sl":
                wall = client.get(f"/f/{f.state.info.facilitator_token}").text
                assert glossary("sl").words["vote.default_title"] in wall
    assert seen == {lang: glossary(lang).words["vote.default_title"] for lang in ("sl", "de")}
    assert vote_title(STORED_DEFAULT_VOTE_TITLE, "pl") == "Głosowanie kropkami"
    assert vote_title("  Which propositions matter most?  ", "pl") == "Which propositions matter most?"
    for lang in ("sl", "nl"):
        _, _, text = _doc(write_minutes(f.state, tmp_path / f"{lang}.docx", lang=lang))
        assert t("minutes.vote.chart_caption", lang, title=glossary(lang).words["vote.default_title"]) in text
    f.close()
