"""The top line: which session this is, and how full the room is."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from ai_toolkit.i18n import fmt_date
from ai_toolkit.model.session import SessionState
from ai_toolkit.tui.widgets.labels import counted
from ai_toolkit.tui.widgets.quiet import update_if_changed
from ai_toolkit.tui.words import Localised


class SessionHeader(Localised, Horizontal):
    def compose(self) -> ComposeResult:
        yield Static(id="header-session")
        yield Static(id="header-room")

    def show(self, state: SessionState) -> None:
        info = state.info
        parts: list[str | tuple[str, str]] = [(info.title, "bold")]
        for part in (info.region or info.venue, fmt_date(info.date, self.lang, "medium")):
            if part:
                parts.append(f" · {part}")
        joined = len(state.participants)
        contributions = sum(1 for c in state.contributions.values() if not c.hidden)
        room = f"{self.t('tui.joined', n=joined)} · {counted('tui.contributions', contributions, self.lang)}"
        update_if_changed(self.query_one("#header-session", Static), Content.assemble(*parts))
        update_if_changed(self.query_one("#header-room", Static), room)
