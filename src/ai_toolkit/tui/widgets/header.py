"""The top line: which session this is, and how full the room is."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from ai_toolkit.i18n import fmt_date, t
from ai_toolkit.model.session import SessionState
from ai_toolkit.tui.widgets.quiet import update_if_changed


class SessionHeader(Horizontal):
    def compose(self) -> ComposeResult:
        yield Static(id="header-session")
        yield Static(id="header-room")

    def show(self, state: SessionState) -> None:
        info = state.info
        parts: list[str | tuple[str, str]] = [(info.title, "bold")]
        for part in (info.region or info.venue, fmt_date(info.date, info.language, "medium")):
            if part:
                parts.append(f" · {part}")
        joined = len(state.participants)
        contributions = sum(1 for c in state.contributions.values() if not c.hidden)
        # Where a language's plural needs more than one/other (sl, pl, cs), its catalog says "prispevki: 5".
        many = "tui.contributions_one" if contributions == 1 else "tui.contributions"
        room = f"{t('tui.joined', info.language, n=joined)} · {t(many, info.language, n=contributions)}"
        update_if_changed(self.query_one("#header-session", Static), Content.assemble(*parts))
        update_if_changed(self.query_one("#header-room", Static), room)
