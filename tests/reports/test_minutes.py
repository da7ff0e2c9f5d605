"""The minutes of a workshop run through the service: what a project officer finds in the Word file."""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import docx
from docx.shared import Emu
from PIL import Image

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model.enums import Phase
from ai_toolkit.model.session import SessionState
from ai_toolkit.reports import minutes_context, write_minutes

from .conftest import (
    COMMITMENT,
    DREAM,
    HIDDEN,
    LUKASZ,
    MAJA,
    PROPOSITION,
    ROOM,
    STORY_ANON,
    STORY_PL,
    STORY_SL,
    STRENGTH,
    doc_text,
    headings,
    style_of,
    table_after,
)


def _minutes(state: SessionState, tmp_path: Path, lang: str = "en", **kwargs) -> Path:
    return write_minutes(state, tmp_path / f"m-{lang}.docx", lang=lang, tz=ROOM, **kwargs)


def test_headings_follow_the_cycle_and_use_real_heading_styles(workshop_state: SessionState, tmp_path: Path) -> None:
    path = _minutes(workshop_state, tmp_path)
    top = [text for style, text in headings(path) if style == "Heading 1"]
    assert top == [
        "At a glance",
        "The agenda as it ran",
        "Define: the affirmative topic",
        "Discover: the positive core",
        "Dream: what could be",
        "Design: provocative propositions",
        "Destiny: the action plan",
        "Annex",
    ]
    second = [text for style, text in headings(path) if style == "Heading 2"]
    assert second[:2] == ["Participants by sector", "Contributions and time by phase"]
    for theme in ("Industry opens its doors", "Support that speaks business", "Learning across sectors"):
        assert theme in second
    assert {"Which propositions do we carry forward?", "Action plan", "All contributions"} <= set(second)
    # Heading styles carry an outline level, which is what Word's navigation pane reads.
    d = docx.Document(str(path))
    h1 = d.styles["Heading 1"].element
    assert h1.xpath("./w:pPr/w:outlineLvl/@w:val") == ["0"]


def test_cover_has_the_session_details_in_local_time(workshop_state: SessionState, tmp_path: Path) -> None:
    path = _minutes(workshop_state, tmp_path)
    d = docx.Document(str(path))
    assert d.paragraphs[0].text == "Creative industries in Gorenjska"
    assert style_of(d.paragraphs[0]) == "Title"
    cover = {row.cells[0].text: row.cells[1].text for row in d.tables[0].rows}
    assert cover["Project"] == "InduCCI"
    assert cover["Partner"] == "BSC Kranj"
    assert cover["Venue"] == "Kulturcafé Jesenice"
    assert cover["Date"] == "23 November 2026"
    # The FakeClock starts at 09:00 UTC: the room in Ljubljana saw 10:00.
    assert cover["Time"].startswith("10:00–")
    assert cover["Facilitation"] == "Ana"
    text = doc_text(path)
    assert "“How we thrive together”" in text
    assert "Interim" not in text  # the session has ended
    assert d.core_properties.title == "Creative industries in Gorenjska"
    assert d.core_properties.language == "en-GB"


def test_at_a_glance_counts_sectors_and_phases(workshop_state: SessionState, tmp_path: Path) -> None:
    path = _minutes(workshop_state, tmp_path)
    sectors = table_after(path, "Participants by sector")
    rows = [[c.text for c in r.cells] for r in sectors.rows]
    assert rows[0] == ["Sector", "Participants", "Share"]
    assert ["Creative community", "1", "25%"] in rows
    assert rows[-1] == ["Total", "4", "100%"]
    phases = table_after(path, "Contributions and time by phase")
    by_phase = {r.cells[0].text: [c.text for c in r.cells[1:]] for r in phases.rows[1:]}
    # Hidden contributions are not counted; planned minutes come from the plan, used ones from the clock.
    assert by_phase["Discover"] == ["4", "30", "30"]
    assert by_phase["Dream"] == ["1", "15", "14"]
    assert by_phase["Total"][0] == "5"


def test_agenda_as_it_ran_has_planned_and_actual_times(workshop_state: SessionState, tmp_path: Path) -> None:
    path = _minutes(workshop_state, tmp_path)
    table = table_after(path, "The agenda as it ran")
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Phase", "Activity", "Planned start", "Planned (min)", "Actual start", "Actual (min)"]
    assert rows[1] == ["Define", "Welcome", "10:00", "5", "10:00", "6"]
    assert rows[2] == ["Discover", "Appreciative interviews", "10:05", "20", "10:06", "21"]
    assert rows[-1][:2] == ["Destiny", "Commitments"]


def test_discover_quotes_stories_by_theme_named_only_with_consent(workshop_state: SessionState, tmp_path: Path) -> None:
    path = _minutes(workshop_state, tmp_path)
    d = docx.Document(str(path))
    paras = [(style_of(p), p.text) for p in d.paragraphs]
    start = paras.index(("Heading 2", "Industry opens its doors"))
    assert paras[start + 1] == ("Quote", f"“{STORY_SL}”")
    assert paras[start + 2] == ("Quote Source", f"Story · {MAJA}, Creative community")
    assert paras[start + 3] == ("Quote", f"“{STORY_PL}”")
    assert paras[start + 4] == ("Quote Source", f"Story · {LUKASZ}, Company or industry")
    support = paras.index(("Heading 2", "Support that speaks business"))
    # "Secret Person" joined without consent: their story is attributed by sector only.
    assert paras[support + 1] == ("Quote", f"“{STORY_ANON}”")
    assert paras[support + 2] == ("Quote Source", "Story · Public administration")
    assert paras[support + 3 : support + 5] == [("Quote", f"“{STRENGTH}”"), ("Quote Source", "Strength · Citizen")]
    empty = paras.index(("Heading 2", "Learning across sectors"))
    assert paras[empty + 1][1] == "No contribution has been placed in this theme."
    text = doc_text(path)
    assert "Secret Person" not in text
    assert HIDDEN not in text


def test_design_vote_has_a_table_and_a_bar_chart(workshop_state: SessionState, tmp_path: Path) -> None:
    path = _minutes(workshop_state, tmp_path)
    table = table_after(path, "Which propositions do we carry forward?", nth=1)
    assert [c.text for c in table.rows[0].cells] == ["Rank", "Option", "Dots", "Share"]
    assert [c.text for c in table.rows[1].cells] == ["1", PROPOSITION, "6", "67%"]
    assert [c.text for c in table.rows[2].cells][2:] == ["3", "33%"]
    d = docx.Document(str(path))
    assert len(d.inline_shapes) == 1
    shape = d.inline_shapes[0]
    assert Emu(shape.width).cm <= 16.01
    descr = shape._inline.docPr.get("descr")
    assert "Bar chart" in descr and PROPOSITION in descr
    with zipfile.ZipFile(path) as z:
        (png,) = [n for n in z.namelist() if n.startswith("word/media/")]
        image = Image.open(io.BytesIO(z.read(png)))
    assert image.format == "PNG" and image.width == 1800
    assert "Builds on: Industry opens its doors" in doc_text(path)


def test_destiny_action_plan_and_dream(workshop_state: SessionState, tmp_path: Path) -> None:
    path = _minutes(workshop_state, tmp_path)
    table = table_after(path, "Action plan")
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["What", "Who", "By when", "First step", "Support needed"]
    assert rows[1] == [COMMITMENT, LUKASZ, "22 Jan 2027", "Book the date & the band", "–"]
    assert rows[2][:3] == ["Ask the council for a creative voucher", "–", "–"]
    text = doc_text(path)
    assert "Commitments still without a person or a date: 1." in text
    assert f"“{DREAM}”" in text  # emoji kept: only what XML forbids is removed


def test_annex_lists_every_visible_contribution_and_consenting_people(
    workshop_state: SessionState, tmp_path: Path
) -> None:
    path = _minutes(workshop_state, tmp_path)
    table = table_after(path, "All contributions")
    rows = [[c.text for c in r.cells] for r in table.rows]
    assert rows[0] == ["Time", "Sector and source", "Contribution"]
    # A row across the table names phase and activity (python-docx repeats a spanning cell per column).
    assert rows[1] == ["Discover · Appreciative interviews"] * 3
    assert rows[2] == ["10:06", f"{MAJA}, Creative community\nsent by phone", STORY_SL]
    assert [r[2] for r in rows[3:5]] == [STORY_PL, STORY_ANON]
    assert rows[5] == ["Discover · Positive core"] * 3
    assert rows[6][1] == "Citizen\nnoted by the facilitator"
    assert rows[7] == ["Dream · Dreams"] * 3
    assert rows[8][2] == DREAM
    assert len(rows) == 9
    assert all(HIDDEN not in r[2] for r in rows)
    spans = table._tbl.xpath(".//w:gridSpan/@w:val")
    assert spans == ["3", "3", "3"]
    text = doc_text(path)
    assert "Contributions hidden by the facilitator or withdrawn by their authors, and left out here: 1." in text
    people = table_after(path, "Participants who agreed to be named", nth=1)
    named = [[c.text for c in r.cells] for r in people.rows]
    assert named == [
        ["Name", "Organisation", "Sector"],
        [MAJA, "Studio Preplet & Co.", "Creative community"],
        [LUKASZ, "Fabryka Sp. z o.o.", "Company or industry"],
    ]
    assert "The session's data are kept by BSC Kranj" in text


def test_page_numbers_toc_and_fields(workshop_state: SessionState, tmp_path: Path) -> None:
    path = _minutes(workshop_state, tmp_path)
    d = docx.Document(str(path))
    footer = d.sections[0].footer._element
    assert footer.xpath(".//w:fldSimple/@w:instr") == [" PAGE ", " NUMPAGES "]
    assert "Creative industries in Gorenjska · 23 Nov 2026" in footer.xpath("string(.)")
    body = d.element.body
    instr = " ".join(body.xpath(".//w:instrText/text()"))
    assert 'TOC \\o "1-1"' in instr
    toc = [p.text for p in d.paragraphs if style_of(p) == "toc 1"]
    assert toc[0] == "At a glance" and toc[-1] == "Annex"
    # The TOC links to bookmarks on the headings.
    anchors = set(body.xpath(".//w:hyperlink/@w:anchor"))
    assert anchors <= set(body.xpath(".//w:bookmarkStart/@w:name"))
    assert d.settings.element.xpath("./w:updateFields/@w:val") == ["true"]


def test_a_session_that_has_not_started_says_so(session: Facilitation, tmp_path: Path) -> None:
    path = _minutes(session.state, tmp_path)
    text = doc_text(path)
    assert "The session has not started yet: these minutes show the plan only." in text
    assert text.count("This phase has not taken place.") == 4  # discover, dream, design, destiny
    assert "No participants have joined yet." in text
    assert "No contributions were recorded." in text
    assert "No participant asked to be named in the minutes." in text
    # Each empty phase: its heading, then one sentence, then the next heading.
    d = docx.Document(str(path))
    paras = [(style_of(p), p.text) for p in d.paragraphs]
    i = paras.index(("Heading 1", "Dream: what could be"))
    assert paras[i + 1][1] == "This phase has not taken place." and paras[i + 2][0] == "Heading 1"


def test_interim_minutes_while_running(session: Facilitation, clock, tmp_path: Path) -> None:
    session.start()
    clock.advance(6)
    session.advance()
    clock.advance(3)
    path = _minutes(session.state, tmp_path, now=clock.now)
    text = doc_text(path)
    assert "Interim minutes, written at 10:09 while the session was still running." in text
    assert "Nothing was recorded in this phase." in text  # define ran, collected nothing
    table = table_after(path, "The agenda as it ran")
    interviews = [c.text for c in table.rows[2].cells]
    assert interviews[4:] == ["10:06", "3 (running)"]


def test_minutes_in_slovene(workshop_state: SessionState, tmp_path: Path) -> None:
    path = _minutes(workshop_state, tmp_path, lang="sl")
    top = [text for style, text in headings(path) if style == "Heading 1"]
    assert top[0] == "Povzetek"
    assert "Odkrivanje: pozitivno jedro" in top
    d = docx.Document(str(path))
    cover = {row.cells[0].text: row.cells[1].text for row in d.tables[0].rows}
    assert cover["Datum"] == "23. november 2026"
    text = doc_text(path)
    assert f"„{STORY_SL}“" in text
    assert f"Zgodba · {MAJA}, Ustvarjalna skupnost" in text
    assert d.core_properties.language == "sl-SI"
    assert d.styles.element.xpath("./w:docDefaults/w:rPrDefault/w:rPr/w:lang/@w:val") == ["sl-SI"]


def test_the_context_is_plain_strings(workshop_state: SessionState) -> None:
    ctx = minutes_context(workshop_state, "de", now=datetime(2026, 11, 23, 12, tzinfo=UTC), tz=ROOM)
    assert ctx.subtitle == "Protokoll der Fokusgruppe nach Appreciative Inquiry"
    discover = next(s for s in ctx.sections if s.phase == Phase.DISCOVER.value)
    assert discover.themes[0].quotes[0].text == f"„{STORY_SL}“"
    assert discover.themes[0].quotes[0].source == f"Geschichte · {MAJA}, Kreativszene"
    assert ctx.frame.footer.endswith("\tSeite {page} von {pages}")
