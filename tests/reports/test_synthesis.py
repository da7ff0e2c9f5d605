"""The synthesis across regions, read back with python-docx: what a transnational learning group finds in it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import docx
import pytest
from tests.conftest import Regions

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.reports.synthesis import write_synthesis
from ai_toolkit.reports.synthesis_context import synthesis_context

from .conftest import ROOM, Log, doc_text, headings, style_of, table_after
from .regions import CHEMNITZ, FORMULA, KRANJ, SECRET

NOW = datetime(2027, 2, 1, 12, 0, tzinfo=UTC)


def _rows(table: docx.table.Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def synthesis(regions: Regions, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synthesis") / "synthesis.docx"
    return write_synthesis(regions.states, out, lang="en", now=NOW, tz=ROOM)


def test_headings_and_the_sessions_side_by_side(synthesis: Path) -> None:
    top = [text for style, text in headings(synthesis) if style == "Heading 1"]
    assert top == [
        "The focus groups",
        "The positive core across regions",
        "Dreams across regions",
        "Provocative propositions and their votes",
        "All commitments",
        "What recurs across regions: a suggestion",
        "About this synthesis",
    ]
    rows = _rows(table_after(synthesis, "The focus groups"))
    assert rows[0] == ["Region", "Partner", "Date", "Participants by sector", "Contributions", "Duration (h:min)"]
    assert [r[0] for r in rows[1:]] == ["Kranj", "Chemnitz", "Bielsko-Biała"]
    kranj = rows[1]
    assert kranj[1:3] == ["BSC Kranj", "24 Nov 2026"]
    assert kranj[3].startswith("4 (") and "School or education 1" in kranj[3]
    assert kranj[4] == "5"  # four stories and a dream
    assert kranj[5] == "1:19"  # 10:00 to 11:19 by the session's own clock
    groups = _rows(table_after(synthesis, "Participants by programme target group"))
    assert groups[0] == ["Target group", "Kranj", "Chemnitz", "Bielsko-Biała", "Total"]
    assert ["SME", "2", "2", "1", "5"] in groups  # creative community and companies count as SMEs
    assert ["Regional public authority", "0", "0", "0", "0"] in groups  # every group is listed
    assert groups[-1] == ["Total", "4", "3", "3", "10"]
    cover = doc_text(synthesis)
    assert "Kranj, Chemnitz, Bielsko-Biała" in cover
    assert "24 November 2026 – 14 January 2027" in cover
    assert "German, Polish, Slovenian" in cover


def test_themes_side_by_side_with_quotes_in_their_own_language(synthesis: Path) -> None:
    overview = _rows(table_after(synthesis, "The positive core across regions"))
    assert overview[1] == ["Kranj", "Industrija odpira vrata (2)\nPodpora, ki govori jezik podjetij (1)"]
    assert overview[2][0] == "Chemnitz" and overview[2][1].startswith("Industrie öffnet ihre Türen (2)")
    paras = [(style_of(p), p.text) for p in docx.Document(str(synthesis)).paragraphs]
    quote = ("Quote", f"“{KRANJ.stories[0][1]}”")
    at = paras.index(quote)
    assert paras[at + 1] == ("Quote Source", "Story · Tomaž Rozman, Company or industry · in Slovenian")
    # Chemnitz's company voice did not agree to be named: his sector speaks, his name appears nowhere.
    at = paras.index(("Quote", f"“{CHEMNITZ.stories[0][1]}”"))
    assert paras[at + 1] == ("Quote Source", "Story · Company or industry · in German")
    dreams = _rows(table_after(synthesis, "Dreams across regions"))
    assert dreams[3] == ["Bielsko-Biała", "Kreatywne przestrzenie w starych halach (1)"]
    assert ("Quote Source", "Dream · Citizen · in Polish") in paras


def test_nobody_is_named_without_consent_and_nothing_hostile_runs(synthesis: Path) -> None:
    with_xml = doc_text(synthesis)
    assert SECRET not in with_xml
    assert "Herr" not in with_xml
    # The formula-like contribution is not in a theme, so it is not quoted; nothing in the document is a field
    # other than the TOC and the page numbers.
    d = docx.Document(str(synthesis))
    instr = " ".join(d.element.body.xpath(".//w:instrText/text()"))
    assert instr.strip().startswith("TOC") and "HYPERLINK" not in instr
    assert FORMULA not in with_xml


def test_propositions_with_vote_shares_and_every_commitment(synthesis: Path) -> None:
    d = docx.Document(str(synthesis))
    assert "These propositions were not put to a dot-vote." in [p.text for p in d.paragraphs]
    props = [t for t in d.tables if _rows(t)[0] == ["Rank", "Provocative proposition", "Dots", "Share"]]
    assert [r[1:] for r in _rows(props[0])[1:]] == [
        [KRANJ.propositions[0], "6", "67%"],
        [KRANJ.propositions[1], "3", "33%"],
    ]
    assert _rows(props[2])[1] == ["–", "Każda szkoła ma partnera w pobliskiej fabryce.", "–", "–"]
    actions = _rows(table_after(synthesis, "All commitments"))
    assert actions[0] == ["What", "Who", "By when", "Region"]
    # By date, those without one last; a participant who did not agree to be named is their sector.
    assert actions[1:] == [
        ["Predlog ustvarjalnega vavčerja občinskemu svetu", "Public administration", "24 Dec 2026", "Kranj"],
        ["Drugo tovarniško noč v livarski hali", "Tomaž Rozman", "23 Jan 2027", "Kranj"],
        ["Eine Nacht der offenen Hallen im Frühjahr", "Jana Richter", "3 Mar 2027", "Chemnitz"],
        ["Spotkanie szkół i fabryk w marcu", "–", "–", "Bielsko-Biała"],
    ]


def test_what_recurs_is_a_labelled_suggestion(synthesis: Path) -> None:
    d = docx.Document(str(synthesis))
    texts = [p.text for p in d.paragraphs]
    at = len(texts) - 1 - texts[::-1].index("What recurs across regions: a suggestion")  # the heading, not the TOC
    assert texts[at + 1].startswith("A suggestion for the reader, not a finding.")
    assert "without any online service" in texts[at + 1]
    shared = [t for t in texts[at:] if t.startswith("Shared words: ")]
    assert len(shared) == 2
    assert "industrie" in shared[0] and "industrija" in shared[0]
    first = _rows(table_after(synthesis, "What recurs across regions: a suggestion"))
    assert first[1:] == [
        ["Kranj", "Discover", "Industrija odpira vrata"],
        ["Chemnitz", "Discover", "Industrie öffnet ihre Türen"],
    ]
    second = _rows(table_after(synthesis, "What recurs across regions: a suggestion", nth=1))
    assert [r[0] for r in second[1:]] == ["Chemnitz", "Bielsko-Biała"]


def test_tables_read_well_on_paper(synthesis: Path) -> None:
    body = docx.Document(str(synthesis)).element.body
    tables = body.xpath(".//w:tbl")
    assert len(tables) > 8
    for tbl in tables:
        rows = tbl.xpath("./w:tr")
        assert all(r.xpath("./w:trPr/w:cantSplit") for r in rows)
        if tbl.xpath("./w:tblPr/w:tblLook/@w:firstRow") == ["1"]:
            assert rows[0].xpath("./w:trPr/w:tblHeader")  # the header repeats on every page


def test_labels_in_german_with_a_title(regions: Regions, tmp_path: Path) -> None:
    path = write_synthesis(regions.states, tmp_path / "de.docx", lang="de", title="InduCCI 2026/27", now=NOW, tz=ROOM)
    d = docx.Document(str(path))
    assert d.paragraphs[0].text == "InduCCI 2026/27"
    assert d.core_properties.language == "de-DE"
    top = [text for style, text in headings(path) if style == "Heading 1"]
    assert top[1] == "Der positive Kern in den Regionen"
    text = doc_text(path)
    assert f"„{KRANJ.stories[0][1]}“" in text  # German quotation marks around Slovenian words
    assert "Geschichte · Tomaž Rozman, Unternehmen oder Industrie · auf Slowenisch" in text
    assert "Gemeinsame Wörter: " in text


def test_sessions_with_nothing_yet_and_hostile_titles(session: Facilitation, log: Log, tmp_path: Path) -> None:
    """A session not started and an imported one with markup in its title still make a readable synthesis."""
    log.records[0].event.info.title = 'Region <b>&amp; "quotes"\x07'  # type: ignore[union-attr]
    log.records[0].event.info.partner = ""  # type: ignore[union-attr]
    log.contribute(3, "Story {i} with <xml> & \x0b control characters")
    ctx = synthesis_context([session.state, log.state()], "sl", now=NOW)
    assert [r.heading for r in ctx.phases[0].regions] == ["Gorenjska", 'Region <b>&amp; "quotes"']
    assert ctx.phases[0].regions[0].empty == "Nobena tema ni bila poimenovana."
    assert ctx.actions is None and ctx.recurs == []
    path = write_synthesis([session.state, log.state()], tmp_path / "s.docx", lang="sl", now=NOW)
    text = doc_text(path)
    assert 'Region <b>&amp; "quotes"' in text and "\x07" not in text
    assert "Nobena zaveza ni bila sprejeta." in text


def test_no_sessions_is_an_error() -> None:
    with pytest.raises(ValueError):
        synthesis_context([], "en")
