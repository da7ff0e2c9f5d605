"""Destiny: who does what by when. A table of commitments, from the facilitator and live from phones.

Every commitment needs a person and a date, or it is a wish, not a commitment (the method's rule of thumb): rows
missing either are flagged, and ``w`` sets the owner in one step.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Footer, Static

from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Source
from ai_toolkit.model.session import Commitment, SessionState
from ai_toolkit.tui.dialogs.ask_text import AskText
from ai_toolkit.tui.dialogs.commitment import CommitmentAnswer, CommitmentDialog
from ai_toolkit.tui.screens.sense import SenseScreen, count, sector_tag
from ai_toolkit.tui.widgets.labels import one_line

COLUMNS: tuple[tuple[str, str, int], ...] = (
    ("n", "#", 2),
    ("what", "What", 44),
    ("who", "Who", 14),
    ("by_when", "By when", 10),
    ("first_step", "First step", 18),
    ("support", "Support needed", 16),
)


def is_wish(k: Commitment) -> bool:
    return not k.who or k.by_when is None


def cell(value: str, width: int, style: str = "") -> Text:
    text = Text(one_line(value), style, no_wrap=True, overflow="ellipsis")
    text.truncate(width, overflow="ellipsis")
    return text


def commitment_cells(number: int, k: Commitment) -> list[Text]:
    widths = {key: width for key, _, width in COLUMNS}
    dim = "dim italic" if k.hidden else ""
    return [
        Text(str(number), "bold"),
        cell(k.what + ("  (hidden)" if k.hidden else ""), widths["what"], dim),
        cell(k.who, widths["who"], dim) if k.who else Text("nobody yet", "bold yellow"),
        Text(k.by_when.isoformat(), dim) if k.by_when else Text("no date", "bold yellow"),
        cell(k.first_step, widths["first_step"], dim),
        cell(k.support_needed, widths["support"], dim),
    ]


def commitment_detail(s: SessionState, k: Commitment) -> Text:
    text = Text()
    if k.source == Source.PARTICIPANT and k.participant_id in s.participants:
        sector = s.participants[k.participant_id].sector
        text.append("from a phone · ", "dim")
        text.append_text(sector_tag(s.plan, sector))
    else:
        text.append("typed by the facilitator", "dim")
    if is_wish(k):
        text.append(" · a wish until it has a person and a date", "bold yellow")
    if k.hidden:
        text.append(" · hidden: kept, left out of the minutes", "bold italic")
    text.append("\nWhat: ", "bold")
    text.append(k.what)
    for label, value in (("First step", k.first_step), ("Support needed", k.support_needed)):
        if value:
            text.append(f"\n{label}: ", "bold")
            text.append(value)
    return text


class CommitmentsScreen(SenseScreen):
    """Add, edit, own and hide commitments; phones' commitments arrive live."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("n", "new", "New commitment", tooltip="Add a commitment: what, who, by when"),
        Binding("e", "edit", "Edit", tooltip="Edit the highlighted commitment"),
        Binding("w", "owner", "Who owns it", tooltip="Set who owns the highlighted commitment"),
        Binding("x", "hide", "Hide/show", tooltip="Hide the commitment (kept, left out of the minutes) or show it"),
    ]

    DEFAULT_CSS = """
    CommitmentsScreen #table { height: 1fr; }
    """

    RELEVANT = (ev.CommitmentAdded, ev.CommitmentEdited, ev.CommitmentHidden, ev.ParticipantUpdated)

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="sense-title")
        yield Static(
            Text("Who does what by when: without a person and a date it is a wish, not a commitment."),
            classes="sense-sub",
        )
        table: DataTable[Text] = DataTable(id="table", cursor_type="row", zebra_stripes=True)
        for key, label, width in COLUMNS:
            table.add_column(label, key=key, width=width)
        yield table
        yield Static(id="detail", classes="detail")
        yield Footer()

    def after_mount(self) -> None:
        self.table.focus()

    @property
    def table(self) -> DataTable[Text]:
        return self.query_one("#table", DataTable)

    def _highlighted(self) -> Commitment | None:
        table = self.table
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.facilitation.state.commitments.get(key or "")

    def redraw(self) -> None:
        s = self.facilitation.state
        table = self.table
        keep = self._highlighted()
        row = table.cursor_row
        table.clear()
        commitments = list(s.commitments.values())
        for i, k in enumerate(commitments):
            table.add_row(*commitment_cells(i + 1, k), key=k.id)
        if keep is not None and keep.id in s.commitments:
            table.move_cursor(row=table.get_row_index(keep.id))
        elif commitments:
            table.move_cursor(row=min(row, len(commitments) - 1))
        live = [k for k in commitments if not k.hidden]
        wishes = sum(is_wish(k) for k in live)
        self.show(
            "#title",
            Text.assemble(
                ("COMMITMENTS · Destiny", "bold"),
                (f"  {s.info.title}", ""),
                (f"   {count(len(live), 'commitment')}", "dim"),
                (f" · {wishes} still need a person or a date" if wishes else "", "bold yellow"),
            ),
        )
        self._show_detail()

    def _show_detail(self) -> None:
        k = self._highlighted()
        self.show("#detail", commitment_detail(self.facilitation.state, k) if k else "")

    @on(DataTable.RowHighlighted)
    def _moved(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected)
    def _enter(self) -> None:
        self.action_edit()

    def select(self, commitment_id: str) -> None:
        try:
            self.table.move_cursor(row=self.table.get_row_index(commitment_id))
        except KeyError:
            pass

    # -- actions ---------------------------------------------------------------------------------------
    def action_new(self) -> None:
        made: list[Commitment] = []

        def add(a: CommitmentAnswer) -> None:
            made.append(
                self.facilitation.add_commitment(
                    a.what, who=a.who, by_when=a.by_when, first_step=a.first_step, support_needed=a.support_needed
                )
            )

        self.app.push_screen(
            CommitmentDialog("New commitment", apply=add), self.after_dialog(lambda: self.select(made[0].id))
        )

    def _need(self) -> Commitment | None:
        k = self._highlighted()
        if k is None:
            self.say("There is no commitment yet: press n to add one.", error=True)
        return k

    def action_edit(self) -> None:
        k = self._need()
        if k is None:
            return

        def edit(a: CommitmentAnswer) -> None:
            self.facilitation.edit_commitment(
                k.id,
                what=a.what,
                who=a.who,
                by_when=a.by_when,
                first_step=a.first_step,
                support_needed=a.support_needed,
            )

        value = CommitmentAnswer(
            what=k.what,
            who=k.who,
            by_when=k.by_when.isoformat() if k.by_when else "",
            first_step=k.first_step,
            support_needed=k.support_needed,
        )
        self.app.push_screen(
            CommitmentDialog("Edit the commitment", value=value, apply=edit), self.after_dialog(lambda: None)
        )

    def action_owner(self) -> None:
        k = self._need()
        if k is None:
            return

        def own(who: str) -> None:
            self.facilitation.edit_commitment(
                k.id,
                what=k.what,
                who=who,
                by_when=k.by_when,
                first_step=k.first_step,
                support_needed=k.support_needed,
            )

        self.app.push_screen(
            AskText(
                "Who owns this commitment?", label=one_line(k.what)[:200], value=k.who, placeholder="name", apply=own
            ),
            self.after_dialog(lambda: None),
        )

    def action_hide(self) -> None:
        k = self._need()
        if k is None:
            return
        done = self.attempt(lambda: self.facilitation.hide_commitment(k.id, not k.hidden))
        if done is not None:
            self.say("Hidden: kept, left out of the minutes. Ctrl+Z takes it back." if done.hidden else "Shown again.")
