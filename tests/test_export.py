"""The quick exports people open: Markdown that keeps its tables whole, CSV that a spreadsheet cannot run."""

from __future__ import annotations

import csv
import io
import re
from datetime import date

from ai_toolkit.export import to_csv, to_markdown
from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model.enums import Phase, Source

FORMULAS = ["=1+1", "+A1*2", "-2+3", "@SUM(A1:A9)", '=HYPERLINK("http://evil","click")']


def table_rows(markdown: str, header: str) -> list[list[str]]:
    """The cells of the table under ``header``, split the way a Markdown renderer does (``\\|`` is not a border)."""
    lines = markdown.splitlines()
    start = lines.index(header)
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]])
    return rows


def test_markdown_tables_survive_pipes_and_line_breaks_in_what_people_wrote(session: Facilitation) -> None:
    session.go_to_phase(Phase.DESIGN)
    session.open_vote([("Hall | workshop", None), ("Two\nlines", None)], dots=2, title="Which\nfirst?")
    voter = session.join()
    session.cast(session.state.open_vote.id, voter.id, {"o2": 2})  # type: ignore[union-attr]
    session.close_vote()
    session.go_to_phase(Phase.DESTINY)
    session.add_commitment(
        "Open the hall | every Friday\nstarting in March",
        who="Tomaž | BSC",
        by_when=date(2027, 3, 1),
        first_step="Call the fire brigade\r\nthen the mayor",
        support_needed="Keys | insurance",
    )
    md = to_markdown(session.state)

    assert "### Vote: Which first?" in md
    assert "Nothing was recorded" not in md.split("## Design")[1]  # a vote and a commitment are something
    votes = table_rows(md, "| option | dots |")
    assert votes == [["Two<br>lines", "2"], ["Hall \\| workshop", "0"]]
    commitments = table_rows(md, "| what | who | by when | first step | support needed | for |")
    assert commitments == [
        [
            "Open the hall \\| every Friday<br>starting in March",
            "Tomaž \\| BSC",
            "2027-03-01",
            "Call the fire brigade<br>then the mayor",
            "Keys \\| insurance",
            "",
        ]
    ]


def test_markdown_keeps_a_story_in_its_list_item_and_headings_on_one_line(session: Facilitation) -> None:
    session.go_to_phase(Phase.DISCOVER)
    story = session.add_contribution("First paragraph.\n\n# Not a heading\nSecond line.")
    theme = session.create_theme("Open\ndoors")
    session.assign(story.id, theme.id)
    session.update_details(title="Kranj\n# injected")
    md = to_markdown(session.state)
    assert md.startswith("# Kranj # injected\n")
    assert "### Open doors (1)\n- First paragraph.\n  \n  # Not a heading\n  Second line.\n" in md
    assert not any(line.startswith("# Not") for line in md.splitlines())


def test_csv_neutralises_formulas_and_keeps_everything_else(session: Facilitation) -> None:
    session.go_to_phase(Phase.DISCOVER)
    named = session.join(name="=cmd|' /C calc'!A0", consent_named=True, sector="creative")
    hidden_name = session.join(name="@hidden", consent_named=False)
    for text in FORMULAS:
        session.add_contribution(text)
    session.add_contribution("From a phone", source=Source.PARTICIPANT, participant_id=named.id)
    session.add_contribution("Anonymous", source=Source.PARTICIPANT, participant_id=hidden_name.id)
    plain = session.add_contribution('Plain, with "quotes", commas\nand a line break – čšž 🎭')
    theme = session.create_theme("+ the positive core")
    session.assign(plain.id, theme.id)

    rows = list(csv.DictReader(io.StringIO(to_csv(session.state))))
    texts = [r["text"] for r in rows]
    assert texts[: len(FORMULAS)] == ["'" + f for f in FORMULAS]
    assert texts[-1] == 'Plain, with "quotes", commas\nand a line break – čšž 🎭'
    assert rows[-3]["participant"] == "'=cmd|' /C calc'!A0"
    assert rows[-2]["participant"] == ""  # no consent, no name
    assert rows[-1]["theme"] == "'+ the positive core"
    for row in rows:
        for value in row.values():
            assert value[:1] not in ("=", "+", "-", "@"), row


def test_markdown_lists_a_taken_up_statement_once_and_names_team_proposition_and_follow_up(
    session: Facilitation,
) -> None:
    session.go_to_phase(Phase.DESIGN)
    statement = session.add_contribution("Every silent | hall is a workspace")
    waiting = session.add_contribution("Squares are stages")
    prop = session.take_up(statement.id)
    session.go_to_phase(Phase.DESTINY)
    session.add_commitment("Map the halls", who="Ana", team="Halls team", proposition_id=prop.id)
    session.set_follow_up("2027-02-15", "Kulturcafé")
    md = to_markdown(session.state)
    design = md.split("## Design")[1].split("## Destiny")[0]
    assert design.count("Every silent | hall is a workspace") == 1 and waiting.text in design
    rows = table_rows(md, "| what | who | by when | first step | support needed | for |")
    assert rows == [["Map the halls", "Halls team: Ana", "", "", "", "Every silent \\| hall is a workspace"]]
    assert "Follow-up: 2027-02-15 · Kulturcafé" in md
