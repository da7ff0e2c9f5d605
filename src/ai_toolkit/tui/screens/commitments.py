"""Destiny: who does what by when. A table of commitments, from the facilitator and live from phones.

Every commitment needs a person and a date, or it is a wish, not a commitment (the method's rule of thumb): rows
missing either are flagged, and ``w`` sets the owner in one step. The table keeps all its columns at any width (at
80 columns they are narrower, each cell cut at a word with one ellipsis); the pane under it shows the highlighted
commitment whole.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from ai_toolkit.facilitation.decisions.commitments import is_complete, refusal_to_name, takes_owner
from ai_toolkit.facilitation.decisions.naming import shown_owner
from ai_toolkit.i18n import t
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Phase, Source
from ai_toolkit.model.session import Commitment, SessionState
from ai_toolkit.tui.dialogs.ask_text import AskText
from ai_toolkit.tui.dialogs.commitment import CommitmentAnswer, CommitmentDialog
from ai_toolkit.tui.refusal import refusal_text
from ai_toolkit.tui.screens.sense import SenseScreen, sector_tag
from ai_toolkit.tui.widgets.footer import KeyFooter
from ai_toolkit.tui.widgets.labels import counted, phase_label, sector_label, shorten

COLUMNS: tuple[str, ...] = ("n", "what", "who", "by_when", "first_step", "support")
"""The table's columns; their headings are ``tui.commitments.col.<key>``."""
CELL_PADDING = 1
"""DataTable's space on each side of a cell."""


def column_widths(total: int) -> dict[str, int]:
    """How wide each column is in a table ``total`` cells wide: the number and the date as they need, and what is
    left shared out (what is done gets the most), so no column drops off the edge at 80 columns."""
    room = total - 2 * CELL_PADDING * len(COLUMNS) - 1  # and the scrollbar
    rest = max(room - 3 - 10, 30)
    who = max(8, min(16, rest * 17 // 100))
    step = max(8, min(24, rest * 20 // 100))
    return {"n": 3, "what": rest - who - 2 * step, "who": who, "by_when": 10, "first_step": step, "support": step}


def is_wish(k: Commitment) -> bool:
    """Without a person and a date it is a wish (``commitments.is_complete``: a participant's own has its person)."""
    return not is_complete(k)


def owner(s: SessionState, k: Commitment, lang: str) -> str:
    """Who carries it, as they agreed to be shown (``naming.shown_owner``): a name, else their sector."""
    return shown_owner(s, k, lambda sector: sector_label(s.plan, sector, lang))


def cell(value: str, width: int, style: str = "") -> Text:
    return Text(shorten(value, width), style, no_wrap=True)


def commitment_cells(number: int, k: Commitment, widths: dict[str, int], s: SessionState, lang: str) -> list[Text]:
    dim = "dim italic" if k.hidden else ""
    if k.withdrawn:
        return [Text(str(number), "bold"), cell(t("tui.feed.withdrawn", lang), widths["what"], dim)] + [Text("")] * 4
    what = (f"({t('tui.propositions.hidden_mark', lang)}) " if k.hidden else "") + k.what
    who = owner(s, k, lang)
    return [
        Text(str(number), "bold"),
        cell(what, widths["what"], dim),
        cell(who, widths["who"], dim) if who else cell(t("tui.commitments.nobody", lang), widths["who"], "bold yellow"),
        Text(k.by_when.isoformat(), dim) if k.by_when else cell(t("tui.commitments.no_date", lang), 10, "bold yellow"),
        cell(k.first_step, widths["first_step"], dim),
        cell(k.support_needed, widths["support"], dim),
    ]


def commitment_detail(s: SessionState, k: Commitment, lang: str) -> Text:
    """The highlighted commitment whole, every field labelled: what the narrow columns had to cut."""
    text = Text()
    if k.source == Source.PARTICIPANT and k.participant_id in s.participants:
        sector = s.participants[k.participant_id].sector
        text.append(t("tui.detail.phone", lang) + " · ", "dim")
        text.append_text(sector_tag(s.plan, sector, lang))
    else:
        text.append(t("tui.detail.typed", lang), "dim")
    if k.withdrawn:
        text.append(" · " + t("tui.detail.withdrawn", lang), "bold italic")
        return text
    if is_wish(k):
        text.append(" · " + t("tui.commitments.wish", lang), "bold yellow")
    if k.hidden:
        text.append(" · " + t("tui.detail.hidden", lang), "bold italic")
    fields = (
        ("what", k.what),
        ("who", k.who),
        ("by_when", k.by_when.isoformat() if k.by_when else ""),
        ("first_step", k.first_step),
        ("support", k.support_needed),
    )
    for key, value in fields:
        if value:
            text.append(f"\n{t(f'tui.commitments.col.{key}', lang)}: ", "bold")
            text.append(value)
    return text


class CommitmentsScreen(SenseScreen):
    """Add, edit, own and hide commitments; phones' commitments arrive live."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("n", "new", "tui.key.new_commitment", tooltip="tui.keyhelp.new_commitment"),
        Binding("e", "edit", "tui.key.edit", tooltip="tui.keyhelp.edit_commitment"),
        Binding("w", "owner", "tui.key.owner", tooltip="tui.keyhelp.owner"),
        Binding("x", "hide", "tui.key.hide_show", tooltip="tui.keyhelp.hide_commitment"),
    ]

    DEFAULT_CSS = """
    CommitmentsScreen #table { height: 1fr; }
    CommitmentsScreen #detail { height: auto; max-height: 12; }
    """

    _widths: dict[str, int] | None = None

    RELEVANT = (
        ev.CommitmentAdded,
        ev.CommitmentEdited,
        ev.CommitmentHidden,
        ev.CommitmentWithdrawn,
        ev.ParticipantUpdated,
    )

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="sense-title")
        yield Static(Text(self.t("tui.commitments.sub"), no_wrap=True, overflow="ellipsis"), classes="sense-sub")
        yield DataTable(id="table", cursor_type="row", zebra_stripes=True, cell_padding=CELL_PADDING)
        yield Static(id="detail", classes="detail")
        yield KeyFooter()

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
        widths = column_widths(table.size.width or self.size.width or 120)
        if widths != self._widths:
            self._widths = widths
            table.clear(columns=True)
            for key in COLUMNS:
                heading = Text(shorten(self.t(f"tui.commitments.col.{key}"), widths[key]), no_wrap=True)
                table.add_column(heading, key=key, width=widths[key])
        else:
            table.clear()
        commitments = list(s.commitments.values())
        for i, k in enumerate(commitments):
            table.add_row(*commitment_cells(i + 1, k, widths, s, self.lang), key=k.id)
        if keep is not None and keep.id in s.commitments:
            table.move_cursor(row=table.get_row_index(keep.id))
        elif commitments:
            table.move_cursor(row=min(row, len(commitments) - 1))
        live = [k for k in commitments if not k.hidden]
        wishes = sum(is_wish(k) for k in live)
        self.show(
            "#title",
            Text.assemble(
                (f"{self.t('tui.commitments.title').upper()} · {phase_label(Phase.DESTINY, self.lang)}", "bold"),
                (f"  {s.info.title}", ""),
                (f"   {counted('tui.count.commitments', len(live), self.lang)}", "dim"),
                (" · " + self.t("tui.commitments.wishes", n=wishes) if wishes else "", "bold yellow"),
                no_wrap=True,
                overflow="ellipsis",
            ),
        )
        self._show_detail()

    def _show_detail(self) -> None:
        k = self._highlighted()
        self.show("#detail", commitment_detail(self.facilitation.state, k, self.lang) if k else "")

    def on_resize(self) -> None:
        self._draw()

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
            CommitmentDialog(self.t("tui.commitments.new_title"), apply=add),
            self.after_dialog(lambda: self.select(made[0].id)),
        )

    def _need(self) -> Commitment | None:
        k = self._highlighted()
        if k is None:
            self.say(self.t("tui.commitments.none"), error=True)
        return k

    def action_edit(self) -> None:
        k = self._need()
        if k is None:
            return

        def edit(a: CommitmentAnswer) -> None:
            self.facilitation.edit_commitment(
                k.id,
                what=a.what,
                who=a.who if takes_owner(k) else k.who,
                by_when=a.by_when,
                first_step=a.first_step,
                support_needed=a.support_needed,
            )

        value = CommitmentAnswer(
            what=k.what,
            who=k.who if takes_owner(k) else owner(self.facilitation.state, k, self.lang),
            by_when=k.by_when.isoformat() if k.by_when else "",
            first_step=k.first_step,
            support_needed=k.support_needed,
        )
        self.app.push_screen(
            CommitmentDialog(
                self.t("tui.commitments.edit_title"), value=value, apply=edit, owner_fixed=not takes_owner(k)
            ),
            self.after_dialog(lambda: None),
        )

    def action_owner(self) -> None:
        k = self._need()
        if k is None:
            return
        refused = refusal_to_name(k)
        if refused is not None:  # a participant's own: shown as they agreed, never with a typed name
            self.say(refusal_text(refused, self.lang), error=True)
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
                self.t("tui.commitments.owner_title"),
                label=shorten(k.what, 200),
                value=k.who,
                placeholder=self.t("tui.commitment.who_placeholder"),
                apply=own,
            ),
            self.after_dialog(lambda: None),
        )

    def action_hide(self) -> None:
        k = self._need()
        if k is None:
            return
        done = self.change(lambda: self.facilitation.hide_commitment(k.id, not k.hidden))
        if done is not None:
            self.say(self.t("tui.hidden.commitment" if done.hidden else "tui.hidden.shown"))
