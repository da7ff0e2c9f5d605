"""The right column: the QR code and address phones join with, the wall's address, and who is in the room.

The code is drawn with half blocks, light modules as white on a black background whatever the theme, so a phone
held at the laptop or the projector reads it. If the column is too small for the whole code, the code is left
out rather than cut: half a QR code is worse than none, and the address below it still works.

Under the sectors, the key that counts people present without a phone (``a``), and the wall (the room's screen for
the projector, ``/f/<token>``) with the key that opens it here (``w``); its address too, whole (it may be typed on
the projector's computer), where the column has room for it after the QR code. Where it has not, ``w`` says it.
"""

from __future__ import annotations

from rich.cells import cell_len
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
        self.wall_url: str | None = None
        self.code_line = ""
        self.sector_rows = 8
        """Rows of the sectors list: the common eight, more when the plan adds its own."""

    def compose(self) -> ComposeResult:
        yield Static(self.t("tui.join.title"), id="join-title")
        yield Static(id="join-qr")
        yield Static(id="join-url")
        yield Static(id="sectors")
        yield Static(id="sectors-hint")
        yield Static(id="wall-label")
        yield Static(id="wall-url")

    def set_address(
        self, join_url: str | None, problem: str | None = None, *, code: str = "", wall: str | None = None
    ) -> None:
        """The participants' address (None while the server is off), or why phones cannot join; the line for a
        phone that cannot scan (the short code and the address to type it at); the wall's address."""
        self.join_url, self.problem, self.wall_url, self.code_line = join_url, problem, wall, code
        self._qr = ""
        if join_url:
            try:
                from ai_toolkit.qr import qr_text

                self._qr = qr_text(join_url)
            except ToolkitError as exc:
                self.problem = refusal_text(exc, self.lang)
        url = self.query_one("#join-url", Static)
        if join_url:
            update_if_changed(url, Content.assemble((join_url, "bold"), *(("\n", (code, "bold")) if code else ())))
        else:
            update_if_changed(url, Content.styled(self.problem or self.t("tui.join.off"), "$warning"))
        self.query_one("#wall-label", Static).display = bool(wall)
        if wall:
            update_if_changed(self.query_one("#wall-label", Static), Content.styled(self.t("tui.join.wall"), "bold"))
            update_if_changed(self.query_one("#wall-url", Static), Content.styled(wall, "dim"))
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """The QR code first, then the wall's address: each shows only if it fits whole."""
        qr = self.query_one("#join-qr", Static)
        lines = self._qr.split("\n") if self._qr else []
        width = max(self.size.width, 1)

        def rows(text: str) -> int:
            return max(1, -(-cell_len(text) // width))

        used = 1 + rows(self.join_url or self.problem or "") + 1 + self.sector_rows + 2  # title, url, sectors, hint
        if self.code_line:
            used += rows(self.code_line)
        if self.wall_url:
            used += 1 + rows(self.t("tui.join.wall"))  # a blank line, the label
        room = self.size.height - used
        fits = bool(lines) and len(lines[0]) <= width and len(lines) <= room
        qr.display = fits
        if fits:
            update_if_changed(qr, Content(self._qr))
            room -= len(lines)
        self.query_one("#wall-url", Static).display = bool(self.wall_url) and rows(self.wall_url or "") <= room

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
        update_if_changed(self.query_one("#sectors-hint", Static), Content.styled(self.t("tui.join.count_hint"), "dim"))
