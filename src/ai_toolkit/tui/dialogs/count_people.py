"""Count people present without a phone, by sector (issue 11: everyone counted, not only the phones).

A funding programme reports everyone in the room by target group, and a paper list or a show of hands is how the
people without a phone are known. The facilitator picks the sector and says how many more (1 unless they type
another number; a negative number takes back a miscount). The service counts (``Facilitation.count_people``) and
decides what is possible: a count that would go below zero or past its limit is refused under the fields, and
nothing is lost.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ai_toolkit.errors import Code, Refused
from ai_toolkit.tui.dialogs.base import Dialog

MOST = 10_000
"""More than one sector could hold (``decisions.attendance.MAX_PEOPLE``): anything longer is a typing slip, said
here before the service is asked."""


@dataclass(frozen=True)
class Counted:
    sector: str
    n: int


@dataclass(frozen=True)
class SectorRow:
    """A sector as the list shows it: its label and who is counted so far."""

    sector: str
    label: str
    phones: int
    paper: int


class CountPeople(Dialog[Counted]):
    """The sectors with their counts, and how many more; Enter on a sector or in the number counts."""

    save_label = "tui.count.save"
    hint = "tui.count.hint"

    DEFAULT_CSS = """
    CountPeople #sectors-list { height: auto; max-height: 12; }
    CountPeople #how-many { width: 14; }
    """

    def __init__(
        self,
        title: str,
        *,
        rows: Sequence[SectorRow],
        selected: str | None = None,
        apply: Callable[[Counted], object] | None = None,
    ) -> None:
        super().__init__(title, apply=apply)
        self.rows = list(rows)
        self.selected = selected

    def fields(self) -> ComposeResult:
        yield Static(self.t("tui.count.sector_label"), classes="field-label")
        width = max((len(r.label) for r in self.rows), default=10) + 2
        options = []
        for row in self.rows:
            line = Text(row.label.ljust(width), "" if row.phones + row.paper else "dim")
            line.append(self.t("tui.count.phones", n=row.phones), "dim")
            if row.paper:
                line.append("  " + self.t("tui.on_paper", n=row.paper), "bold")
            options.append(Option(line, id=row.sector))
        yield OptionList(*options, id="sectors-list")
        yield Static(self.t("tui.count.how_many"), classes="field-label")
        yield Input("1", type="integer", max_length=6, id="how-many", select_on_focus=True)

    def on_mount(self) -> None:
        listed = self.query_one("#sectors-list", OptionList)
        ids = [row.sector for row in self.rows]
        listed.highlighted = ids.index(self.selected) if self.selected in ids else 0 if ids else None
        listed.focus()

    @on(OptionList.OptionSelected)
    def _picked(self) -> None:
        self.action_submit()

    def how_many(self) -> int | None:
        """The number typed, if it is one a person could mean: not empty, not zero, not absurdly long."""
        typed = self.query_one("#how-many", Input).value.strip().replace("_", "")
        try:
            n = int(typed)
        except ValueError:
            return None
        return n if n and abs(n) <= MOST else None

    def action_submit(self) -> None:
        if self.how_many() is None:
            self.show_error(self.t("tui.count.need_number"))
            self.query_one("#how-many", Input).focus()
            return
        super().action_submit()

    def answer(self) -> Counted:
        option = self.query_one("#sectors-list", OptionList).highlighted_option
        n = self.how_many()
        if option is None or option.id is None or n is None:
            raise Refused("pick a sector first", code=Code.NOTHING_PICKED)
        return Counted(option.id, n)
