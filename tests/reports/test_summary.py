"""The minutes' summary page, the programme's target groups in the annex, and tables that read well on paper."""

from __future__ import annotations

from pathlib import Path

import docx

from ai_toolkit.facilitation import Facilitation, create_session
from ai_toolkit.model.programme import SECTOR_GROUPS, ProgrammeGroup, attendance, attendance_by_group
from ai_toolkit.model.session import SessionState
from ai_toolkit.reports import minutes_context, write_minutes
from ai_toolkit.reports.wml import ROW_LINES_MAX

from .conftest import PROPOSITION, PROPOSITION_2, ROOM, Log, style_of, table_after


def _paragraphs(path: Path) -> list[tuple[str, str]]:
    return [(style_of(p), p.text) for p in docx.Document(str(path)).paragraphs]


def _summary(path: Path) -> list[tuple[str, str]]:
    """The paragraphs from the summary's heading up to the page break before the contents."""
    paras = _paragraphs(path)
    start = paras.index(("Heading 1", "Summary"))
    end = paras.index(("TOC Heading", "Contents"))
    return paras[start:end]


def test_the_summary_opens_the_minutes_after_the_cover(workshop_state: SessionState, tmp_path: Path) -> None:
    path = write_minutes(workshop_state, tmp_path / "m.docx", tz=ROOM)
    page = _summary(path)
    assert page[1:3] == [("Normal", "Affirmative topic"), ("Quote", "“How we thrive together”")]
    assert [p for p in page if p[0] == "Heading 2"] == [
        ("Heading 2", "The strongest themes"),
        ("Heading 2", "The propositions the group put first"),
        ("Heading 2", "What happens next"),
    ]
    texts = [text for _, text in page]
    # The two themes with contributions, by their number; the empty third is not "strong".
    assert "1. Industry opens its doors · Discover · contributions: 2" in texts
    assert "2. Support that speaks business · Discover · contributions: 2" in texts
    assert not any("Learning across sectors" in t for t in texts)
    assert f"1. “{PROPOSITION}” · 67% of the dots" in texts
    assert f"2. “{PROPOSITION_2}” · 33% of the dots" in texts
    assert texts[-2:] == ["Commitments: 2; with a person and a date: 1.", ""]  # the page break
    assert not any("Next meeting" in t for t in texts)  # the session has no follow-up date (yet)
    d = docx.Document(str(path))
    who = {row.cells[0].text: row.cells[1].text for row in d.tables[1].rows}
    mix = "Creative community 1, Public administration 1, Company or industry 1, School or education 1"
    assert who == {"Who took part": f"4 ({mix})", "Contributions": "5"}
    # The summary is a page of its own: a page break before it and one after it.
    body = d.element.body
    breaks = body.xpath('./w:p[w:r/w:br[@w:type="page"]]')
    assert len(breaks) >= 2


def test_the_next_meeting_line_appears_once_the_group_set_a_follow_up(workshop: Facilitation, tmp_path: Path) -> None:
    workshop.set_follow_up("2027-01-15", "Kulturcafé Jesenice")
    path = write_minutes(workshop.state, tmp_path / "m.docx", lang="de", tz=ROOM)
    texts = [text for _, text in _paragraphs(path)]
    assert "Nächstes Treffen: 15. Januar 2027, Kulturcafé Jesenice" in texts


def test_the_summary_says_so_when_nothing_was_produced(log: Log, tmp_path: Path) -> None:
    path = write_minutes(log.state(), tmp_path / "m.docx", lang="pl")
    texts = [text for _, text in _paragraphs(path)]
    assert "Nie nazwano żadnych tematów." in texts
    assert "Nie sformułowano żadnych prowokacyjnych stwierdzeń." in texts
    assert "Nie podjęto żadnych zobowiązań." in texts


def test_the_annex_counts_the_programme_target_groups(workshop_state: SessionState, tmp_path: Path) -> None:
    path = write_minutes(workshop_state, tmp_path / "m.docx", tz=ROOM)
    rows = [[c.text for c in r.cells] for r in table_after(path, "Participants by programme target group").rows]
    assert rows[0] == ["Target group", "Sectors counted here", "Participants"]
    assert rows[1] == ["Local public authority", "Public administration", "1"]
    assert rows[3] == ["SME", "Creative community, Company or industry", "2"]
    assert [r[0] for r in rows[1:-1]] == [
        "Local public authority",
        "Regional public authority",
        "SME",
        "Higher education and research",
        "Education and training",
        "Interest groups and NGOs",
        "General public",
        "Other",
    ]
    assert rows[-1] == ["Total", "", "4"]


def test_every_sector_counts_in_exactly_one_target_group(workshop_state: SessionState) -> None:
    assert set(SECTOR_GROUPS.values()) <= set(ProgrammeGroup)
    by_sector = attendance(workshop_state)
    by_group = attendance_by_group(workshop_state)
    assert sum(n.total for n in by_sector.values()) == sum(n.total for n in by_group.values()) == 4
    assert by_group[ProgrammeGroup.SME].phones == 2 and by_group[ProgrammeGroup.SME].paper == 0


def test_no_table_row_splits_across_pages_unless_it_is_taller_than_a_page(log: Log, tmp_path: Path) -> None:
    log.contribute(3, "From empty shop fronts to a lively centre ({i})")
    log.contribute(1, "A story that goes on. " * 450)  # about 10,000 characters: several pages in the annex
    path = write_minutes(log.state(), tmp_path / "m.docx")
    table = table_after(path, "All contributions")
    rows = table._tbl.xpath("./w:tr")
    assert rows[0].xpath("./w:trPr/w:tblHeader")  # the header repeats on every page
    whole = [bool(r.xpath("./w:trPr/w:cantSplit")) for r in rows]
    assert whole[:-1] == [True] * (len(rows) - 1)
    assert whole[-1] is False  # the long story may break, or Word would cut it off at the page's end
    assert ROW_LINES_MAX < 60


def test_a_plans_own_sectors_are_counted_and_named_in_the_target_groups(sessions, toolbox, clock) -> None:
    """CINEMA adds retail, property owners and business support: counted, and the table says where they went."""
    f = create_session(sessions, toolbox.get("cinema-city-centre"), title="Kamnik", language="en", clock=clock)
    for sector in ("retail", "retail", "citizen", "creative"):
        f.join(sector=sector)
    ctx = minutes_context(f.state, tz=ROOM)
    f.close()
    assert ctx.programme is not None
    rows = {row[0]: row[1:] for row in ctx.programme.rows}
    assert rows["Other"][0].startswith("Retail and shops") and rows["Other"][1] == "2"
    assert rows["SME"] == ["Creative community, Company or industry", "1"]
    assert rows["General public"][1] == "1" and rows["Total"][1] == "4"
    assert ctx.summary is not None and ctx.summary.facts[0].value.startswith("4 (Retail and shops 2, ")
