"""The Excel workbook read back with openpyxl: sheets a coordinator filters, pivots and tracks the action plan in."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import openpyxl
import pytest
from tests.conftest import Regions

from ai_toolkit.model.formulas import formula_like
from ai_toolkit.reports.workbook import MAX_CELL, sheet_name, write_workbook
from ai_toolkit.safe_text import csv_cell as csv_safe

from .conftest import ROOM, Log
from .regions import FORMULA, KRANJ, SECRET

NOW = datetime(2027, 2, 1, 12, 0, tzinfo=UTC)
SHEETS = [
    "Sessions",
    "Contributions",
    "Themes",
    "Propositions",
    "Votes",
    "Action plan",
    "Attendance by sector",
    "Target groups",
]


@pytest.fixture(scope="module")
def book(regions: Regions, tmp_path_factory: pytest.TempPathFactory) -> openpyxl.Workbook:
    path = write_workbook(regions.states, tmp_path_factory.mktemp("xlsx") / "all.xlsx", now=NOW, tz=ROOM)
    return openpyxl.load_workbook(path)


def _table(book: openpyxl.Workbook, name: str) -> list[tuple[object, ...]]:
    return list(book[name].iter_rows(values_only=True))


def test_every_sheet_has_a_frozen_header_and_filters_on_all_rows(book: openpyxl.Workbook) -> None:
    assert book.sheetnames == SHEETS
    for ws in book.worksheets:
        assert ws.freeze_panes == "A2"
        assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(ws.max_column)}{ws.max_row}"
        assert all(cell.font.b for cell in ws[1])
        assert ws.max_row > 1, ws.title
        assert ws.print_title_rows == "$1:$1"  # printed, the header repeats on every page


def test_contributions_are_rows_with_real_times_and_text_that_never_runs(book: openpyxl.Workbook) -> None:
    ws = book["Contributions"]
    rows = _table(book, "Contributions")
    assert rows[0] == (
        "Region",
        "Time",
        "Phase",
        "Activity",
        "Kind",
        "Sector",
        "Source",
        "Name (where agreed)",
        "Language",
        "Theme",
        "Contribution",
    )
    assert len(rows) == 1 + 5 + 5 + 3
    first = rows[1]
    # Kranj's clock started at 09:00 UTC; the first story came at 09:06 UTC, 10:06 in the room.
    assert first[:3] == ("Kranj", datetime(2026, 11, 24, 10, 6), "Discover")
    assert first[7:] == ("Tomaž Rozman", "Slovenian", "Industrija odpira vrata", KRANJ.stories[0][1])
    assert ws["B2"].is_date and ws["B2"].number_format == "yyyy-mm-dd hh:mm"
    formula = next(c for row in ws.iter_rows() for c in row if c.value == FORMULA)
    assert formula.data_type == "s" and formula.quotePrefix  # a string cell, marked as text
    assert not any(c.data_type == "f" for row in ws.iter_rows() for c in row)
    assert all(SECRET not in str(v) for row in rows for v in row)


def test_themes_propositions_and_votes_are_numbers(book: openpyxl.Workbook) -> None:
    themes = _table(book, "Themes")
    assert ("Kranj", "Discover", "Industrija odpira vrata", 2, 1) in themes
    assert ("Kranj", "Dream", "Odprte hale, odprto mesto", 1, 1) in themes
    props = book["Propositions"]
    rows = _table(book, "Propositions")
    assert rows[1][:3] == ("Kranj", 1, KRANJ.propositions[0]) and rows[1][4] == 6
    assert rows[1][5] == pytest.approx(2 / 3) and props["F2"].number_format == "0.0%"
    assert rows[-1] == ("Bielsko-Biała", None, "Każda szkoła ma partnera w pobliskiej fabryce.", None, None, None)
    votes = _table(book, "Votes")
    assert votes[0] == ("Region", "Vote", "Phase", "Rank", "Option", "Dots", "Share")
    assert votes[1][:6] == ("Kranj", "Dot-vote", "Design", 1, KRANJ.propositions[0], 6)


def test_the_action_plan_is_ready_to_track(book: openpyxl.Workbook) -> None:
    ws = book["Action plan"]
    rows = _table(book, "Action plan")
    assert rows[0] == ("Region", "What", "Who", "By when", "First step", "Support needed", "Status")
    assert rows[1] == (
        "Kranj",
        "Drugo tovarniško noč v livarski hali",
        "Tomaž Rozman",
        datetime(2027, 1, 23),
        None,
        None,
        None,
    )
    assert rows[2][2] == "Public administration"  # did not agree to be named: their sector
    assert ws["D2"].is_date and ws["D2"].number_format == "yyyy-mm-dd"
    assert rows[-1][0] == "Bielsko-Biała" and rows[-1][2:4] == (None, None)


def test_attendance_by_sector_and_by_target_group(book: openpyxl.Workbook) -> None:
    rows = _table(book, "Attendance by sector")
    assert rows[0] == ("Region", "Sector", "Target group", "On a phone", "On paper", "Participants")
    assert len(rows) == 1 + 3 * 8  # every sector of every region, zeros included: a pivot table needs them
    assert ("Kranj", "Creative community", "SME", 1, 0, 1) in rows
    assert ("Chemnitz", "University or research", "Higher education and research", 1, 0, 1) in rows
    groups = _table(book, "Target groups")
    assert ("Bielsko-Biała", "Interest groups and NGOs", 1, 0, 1) in groups
    assert sum(r[4] for r in groups[1:] if isinstance(r[4], int)) == 10


def test_one_session_in_its_own_language(regions: Regions, tmp_path: Path) -> None:
    path = write_workbook(regions.states[:1], tmp_path / "kranj.xlsx", lang="sl", now=NOW, tz=ROOM)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[:3] == ["Srečanja", "Prispevki", "Teme"]
    assert book.properties.title == KRANJ.title
    assert _table(book, "Akcijski načrt")[0][:3] == ("Regija", "Kaj", "Kdo")


def test_hostile_text_is_cleaned_and_bounded(log: Log, tmp_path: Path) -> None:
    log.contribute(1, "@SUM(1+1)\x01 and a bell \x07")
    log.contribute(1, "longer than any cell")
    log.contribute(1, "＝1+1 in fullwidth")
    state = log.state()
    # Longer than any log may hold (the fold refuses it): the sheet bounds its cells all the same.
    list(state.contributions.values())[1].text = "x" * (MAX_CELL + 500)
    path = write_workbook([state], tmp_path / "hostile.xlsx", now=NOW)
    ws = openpyxl.load_workbook(path)["Contributions"]
    texts = [row[10] for row in ws.iter_rows(min_row=2, values_only=True)]
    assert texts[0] == "@SUM(1+1) and a bell "
    assert len(texts[1]) == MAX_CELL
    assert ws["K2"].quotePrefix and ws["K4"].quotePrefix and not ws["K3"].quotePrefix


def test_sheet_names_excel_accepts() -> None:
    taken: set[str] = set()
    assert sheet_name("Propositions / votes: [all]?", taken) == "Propositions votes all"
    assert sheet_name("A" * 40, taken) == "A" * 31
    assert sheet_name("a" * 40, taken) == "a" * 29 + " 2"  # names are unique regardless of case
    assert sheet_name("", taken) == "Sheet"


def test_one_rule_for_formulas_in_csv_and_excel() -> None:
    # Spreadsheets skip leading spaces and fold the fullwidth and small forms into = + - @.
    risky_ones = ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "＝1", "＋1", "－1", "＠A1", "﹦1", " =1")
    for risky in risky_ones:
        assert formula_like(risky) and csv_safe(risky) == "'" + risky
    for fine in ("1-2", "a=b", "", "Ω", "   ", "1 =1"):
        assert not formula_like(fine) and csv_safe(fine) == fine
