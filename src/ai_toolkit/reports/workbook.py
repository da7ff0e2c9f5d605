"""Excel for coordinators: one workbook per session, or one across sessions, with the same sheets either way.

Coordinators report to the programme in spreadsheets and track the action plan in them, so every sheet is a
plain table a filter and a pivot table work on: one header row (frozen, with filters), one row per thing, a
region column first (so the sheets of eight regions can be stacked), numbers as numbers, dates as dates in the
room's time. Text from people stays text: a contribution that starts like a formula is written as a string cell
marked "text" (Excel's quote prefix), so no spreadsheet ever runs it (the rule is ``model.formulas.formula_like``,
the same the CSV export uses).
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import copy
from dataclasses import dataclass
from datetime import UTC, date, datetime, tzinfo
from pathlib import Path
from typing import IO

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from ai_toolkit.model.formulas import formula_like
from ai_toolkit.model.outcomes import action_plan, ranked_propositions, theme_strengths
from ai_toolkit.model.programme import attendance, attendance_by_group, programme_group
from ai_toolkit.model.session import SessionState
from ai_toolkit.model.text import clean_forbidden
from ai_toolkit.reports.docfile import write_whole
from ai_toolkit.reports.labels import Labels, check_lang, plain
from ai_toolkit.reports.minutes_context import Minutes
from ai_toolkit.reports.synthesis_context import region_names

MAX_CELL = 32_767
"""Excel's limit for the text of one cell."""
_SHEET_FORBIDDEN = str.maketrans({ch: " " for ch in "[]:*?/\\"})

Value = str | int | float | date | datetime | None


@dataclass
class Sheet:
    name: str
    header: list[str]
    widths: list[int]
    """Column widths in characters."""
    rows: Iterator[list[Value]]
    percent: tuple[int, ...] = ()
    """Columns holding shares (0.4), shown as percentages."""
    wrap: tuple[int, ...] = ()
    """Columns of long text, wrapped in their cells."""


class _Sheets:
    """The rows of every sheet, built as they are written (40,000 contributions never sit in memory twice)."""

    def __init__(self, states: list[SessionState], labels: Labels, now: datetime) -> None:
        self.states = states
        self.L = labels
        self.now = now
        self.regions = region_names(states, labels)
        self.minutes = [Minutes(s, labels, now) for s in states]

    def local(self, value: datetime) -> datetime:
        """Excel has no time zones: the room's wall-clock time, as people there read it."""
        return self.L.local(value).replace(tzinfo=None)

    def sessions(self) -> Iterator[list[Value]]:
        for region, s in zip(self.regions, self.states, strict=True):
            yield [
                region,
                plain(s.info.partner),
                plain(s.info.title),
                plain(s.info.project),
                s.info.date,
                self.L.language(s.info.language),
                sum(n.total for n in attendance(s).values()),
                len(s.visible_contributions()),
                round(sum(r.seconds(self.now) for r in s.runs) / 60),
                s.info.id,
            ]

    def contributions(self) -> Iterator[list[Value]]:
        L = self.L
        source = {"participant": L("source.participant"), "facilitator": L("source.facilitator")}
        for region, s, m in zip(self.regions, self.states, self.minutes, strict=True):
            for c in sorted(s.visible_contributions(), key=lambda c: c.at):
                theme = s.themes.get(c.theme_id or "")
                yield [
                    region,
                    self.local(c.at),
                    m.phase(c.phase),
                    m.activity(c.activity_id),
                    L(f"kind.{c.kind.value}"),
                    m.sector(c.sector),
                    source[c.source.value],
                    m.named(c),
                    L.language(c.language),
                    plain(theme.name) if theme is not None and theme.live else "",
                    c.text,
                ]

    def themes(self) -> Iterator[list[Value]]:
        for region, s, m in zip(self.regions, self.states, self.minutes, strict=True):
            for phase in m.phases_in_minutes():
                for rank, t in enumerate(theme_strengths(s, phase), 1):
                    yield [region, m.phase(phase), plain(t.theme.name), t.contributions, rank]

    def propositions(self) -> Iterator[list[Value]]:
        for region, s in zip(self.regions, self.states, strict=True):
            live = {t.id for t in s.live_themes()}
            for r in ranked_propositions(s):
                names = [plain(s.themes[t].name) for t in r.proposition.theme_ids if t in live]
                yield [region, r.rank, r.proposition.text, ", ".join(names), r.dots, r.share]

    def votes(self) -> Iterator[list[Value]]:
        for region, s, m in zip(self.regions, self.states, self.minutes, strict=True):
            for vote in s.votes.values():
                tally = vote.tally()
                total = sum(n for _, n in tally)
                for option, n in tally:
                    rank = 1 + sum(1 for _, other in tally if other > n)
                    share = n / total if total else None
                    yield [region, m.vote_title(vote), m.phase(vote.phase), rank, m.option_label(option), n, share]

    def commitments(self) -> Iterator[list[Value]]:
        for region, s, m in zip(self.regions, self.states, self.minutes, strict=True):
            for c in action_plan(s):
                yield [region, c.what, m.owner(c), c.by_when, c.first_step, c.support_needed, ""]

    def attendance(self) -> Iterator[list[Value]]:
        L = self.L
        for region, s, m in zip(self.regions, self.states, self.minutes, strict=True):
            for sector, n in attendance(s).items():
                group = L(f"group.{programme_group(sector, s.plan).value}")
                yield [region, m.sector(sector), group, n.phones, n.paper, n.total]

    def groups(self) -> Iterator[list[Value]]:
        for region, s in zip(self.regions, self.states, strict=True):
            for group, n in attendance_by_group(s).items():
                yield [region, self.L(f"group.{group.value}"), n.phones, n.paper, n.total]

    def all(self) -> list[Sheet]:
        L = self.L
        region = L("cover.region")
        return [
            Sheet(
                L("sheet.sessions"),
                [region, L("cover.partner"), L("sheet.col.title"), L("cover.project"), L("cover.date")]
                + [L("sheet.col.language"), L("col.participants"), L("col.contributions"), L("col.used_min")]
                + [L("sheet.col.session_id")],
                [18, 22, 36, 14, 12, 14, 12, 14, 12, 34],
                self.sessions(),
            ),
            Sheet(
                L("sheet.contributions"),
                [region, L("col.time"), L("col.phase"), L("col.activity"), L("sheet.col.kind"), L("col.sector")]
                + [L("sheet.col.source"), L("sheet.col.named"), L("sheet.col.language"), L("sheet.col.theme")]
                + [L("col.contribution")],
                [18, 17, 12, 24, 12, 20, 20, 20, 12, 24, 80],
                self.contributions(),
                wrap=(10,),
            ),
            Sheet(
                L("sheet.themes"),
                [region, L("col.phase"), L("sheet.col.theme"), L("col.contributions"), L("col.rank")],
                [18, 12, 40, 14, 8],
                self.themes(),
            ),
            Sheet(
                L("sheet.propositions"),
                [region, L("col.rank"), L("glance.propositions"), L("sheet.col.builds_on")]
                + [L("col.dots"), L("col.share")],
                [18, 8, 70, 30, 8, 10],
                self.propositions(),
                percent=(5,),
                wrap=(2,),
            ),
            Sheet(
                L("sheet.votes"),
                [region, L("sheet.col.vote"), L("col.phase"), L("col.rank"), L("col.option"), L("col.dots")]
                + [L("col.share")],
                [18, 30, 12, 8, 60, 8, 10],
                self.votes(),
                percent=(6,),
                wrap=(4,),
            ),
            Sheet(
                L("sheet.commitments"),
                [region, L("col.what"), L("col.who"), L("col.by_when"), L("col.first_step"), L("col.support")]
                + [L("sheet.col.status")],
                [18, 50, 24, 12, 36, 36, 16],
                self.commitments(),
                wrap=(1, 4, 5),
            ),
            Sheet(
                L("sheet.attendance"),
                [region, L("col.sector"), L("col.group"), L("col.phones"), L("col.paper"), L("col.participants")],
                [18, 26, 34, 12, 12, 12],
                self.attendance(),
            ),
            Sheet(
                L("sheet.groups"),
                [region, L("col.group"), L("col.phones"), L("col.paper"), L("col.participants")],
                [18, 34, 12, 12, 12],
                self.groups(),
            ),
        ]


def sheet_name(text: str, taken: set[str]) -> str:
    """A name Excel accepts: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    name = " ".join(plain(text).translate(_SHEET_FORBIDDEN).split())[:31].strip("' ") or "Sheet"
    base, n = name, 1
    while name.casefold() in taken:
        n += 1
        name = f"{base[: 31 - len(str(n)) - 1]} {n}"
    taken.add(name.casefold())
    return name


class _Looks:
    """The few looks a cell can have, each made once. openpyxl looks a style up by hashing it on every assignment;
    copying a finished style array instead makes 40,000 rows several times faster."""

    def __init__(self, ws: WriteOnlyWorksheet) -> None:
        def look(**attrs: object) -> StyleArray:
            cell = WriteOnlyCell(ws)
            for key, value in attrs.items():
                setattr(cell, key, value)
            return cell._style

        wrap = Alignment(vertical="top", wrap_text=True)
        self.header = look(font=Font(bold=True), fill=PatternFill("solid", fgColor="DDE9EC"), alignment=wrap)
        self.wrap = look(alignment=wrap)
        self.text = look(quotePrefix=True)
        self.wrap_text = look(alignment=wrap, quotePrefix=True)
        self.when = look(number_format="yyyy-mm-dd hh:mm")
        self.percent = look(number_format="0.0%")

    @staticmethod
    def cell(ws: WriteOnlyWorksheet, value: object, style: StyleArray, *, string: bool = False) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=value)
        if string:
            cell.data_type = "s"  # openpyxl would read "=..." as a formula; it is someone's words
        cell._style = copy(style)
        return cell


def _write_sheet(book: Workbook, sheet: Sheet, name: str) -> None:
    ws: WriteOnlyWorksheet = book.create_sheet(name)
    for i, width in enumerate(sheet.widths, 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    looks = _Looks(ws)
    ws.append([looks.cell(ws, _text(label), looks.header) for label in sheet.header])
    count = 0
    for row in sheet.rows:
        out: list[object] = []
        for i, value in enumerate(row):
            if isinstance(value, str):
                value = _text(value)
                risky = formula_like(value)
                if i in sheet.wrap:
                    out.append(looks.cell(ws, value, looks.wrap_text if risky else looks.wrap, string=True))
                elif risky:
                    out.append(looks.cell(ws, value, looks.text, string=True))
                else:
                    out.append(value)
            elif isinstance(value, datetime):  # before date: a datetime is a date too
                out.append(looks.cell(ws, value, looks.when))
            elif i in sheet.percent and value is not None:
                out.append(looks.cell(ws, value, looks.percent))
            else:
                out.append(value)
        ws.append(out)
        count += 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(sheet.header))}{count + 1}"


def _text(value: str) -> str:
    return clean_forbidden(value)[:MAX_CELL]


def write_workbook(
    states: list[SessionState],
    output: Path,
    *,
    lang: str = "en",
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> Path:
    """Write the sheets of ``states`` (one session, or one per region) as an .xlsx file and return its path."""
    if not states:
        raise ValueError("a workbook needs at least one session")
    labels = Labels(check_lang(lang), tz)
    book = Workbook(write_only=True)
    taken: set[str] = set()
    for sheet in _Sheets(states, labels, now or datetime.now(UTC)).all():
        _write_sheet(book, sheet, sheet_name(sheet.name, taken))
    title = plain(states[0].info.title) if len(states) == 1 else labels("synthesis.title")
    book.properties.title = title[:255]
    book.properties.creator = "ai-toolkit"
    book.properties.language = labels.lang

    def write(out: IO[bytes]) -> None:
        book.save(out)

    return write_whole(Path(output), write, ".xlsx")
