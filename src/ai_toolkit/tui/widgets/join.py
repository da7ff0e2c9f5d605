"""The right column: the QR code and address phones join with, and who is in the room by sector.

The code is drawn with half blocks, light modules as white on a black background whatever the theme, so a phone
held at the laptop or the projector reads it. If the column is too small for the whole code, the code is left
out rather than cut: half a QR code is worse than none, and the address below it still works.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from ai_toolkit.errors import ToolkitError
from ai_toolkit.facilitation.decisions.attendance import attendance, present
from ai_toolkit.model.session import SessionState
from ai_toolkit.tui.refusal import refusal_text
from ai_toolkit.tui.widgets.labels import sector_label
from ai_toolkit.tui.widgets.quiet import update_if_changed
from ai_toolkit.tui.words import Localised


class JoinPanel(Localised, Vertical):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.join_url: str | None = None
        self.problem: str | None = None
        self._qr: str = ""
        self.sector_rows = 8
        """Rows of the sectors list: the common eight, more when the plan adds its own."""

    def compose(self) -> ComposeResult:
        yield Static(self.t("tui.join.title"), id="join-title")
        yield Static(id="join-qr")
        yield Static(id="join-url")
        yield Static(id="sectors")

    def set_address(self, join_url: str | None, problem: str | None = None) -> None:
        """The participants' address (None while the server is off), or why phones cannot join."""
        self.join_url, self.problem = join_url, problem
        self._qr = ""
        if join_url:
            try:
                from ai_toolkit.qr import qr_text

                self._qr = qr_text(join_url)
            except ToolkitError as exc:
                self.problem = refusal_text(exc, self.lang)
        url = self.query_one("#join-url", Static)
        if join_url:
            update_if_changed(url, Content.styled(join_url, "bold"))
        else:
            update_if_changed(url, Content.styled(self.problem or self.t("tui.join.off"), "$warning"))
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        qr = self.query_one("#join-qr", Static)
        lines = self._qr.split("\n") if self._qr else []
        room_height = self.size.height - 2 - 1 - (self.sector_rows + 2)  # title, url (may wrap to 2), sectors
        fits = bool(lines) and len(lines[0]) <= self.size.width and len(lines) <= room_height
        qr.display = fits
        if fits:
            update_if_changed(qr, Content(self._qr))

    def show(self, state: SessionState) -> None:
        """Everyone present by sector (``decisions.attendance``): phones and paper together, the paper count
        said apart ("+2" after the number)."""
        counts = attendance(state)
        lang = self.lang
        everyone = present(state)
        joined = self.t("tui.joined", n=everyone.phones)
        if everyone.paper:
            joined += " " + self.t("tui.on_paper", n=everyone.paper)
        parts: list[str | tuple[str, str]] = [(self.t("tui.sectors"), "bold"), f"  {joined}\n"]
        widest = max((n.total for n in counts.values()), default=0)
        room = 5 if everyone.paper else 8  # the bars give way to the "+2" of a paper count
        sectors = state.plan.sector_ids()
        if len(sectors) != self.sector_rows:
            self.sector_rows = len(sectors)
            self._fit()
        for sector in sectors:
            n = counts[sector]
            bar = "▇" * (round(room * n.total / widest) if widest else 0)
            parts.append((f"{sector_label(state.plan, sector, lang)[:14]:<14}", "" if n.total else "dim"))
            parts.append((f"{n.total:>3} ", "bold" if n.total else "dim"))
            parts.append((f"+{n.paper} " if n.paper else "", "dim"))
            parts.append((bar + "\n", "$text-accent"))
        update_if_changed(self.query_one("#sectors", Static), Content.assemble(*parts).rstrip())
