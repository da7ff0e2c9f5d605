"""The top line: which session this is, how full the room is (phones and paper), and whether the wall is moderated.

The moderation status is here, on every screen size, because it changes what the room sees: while it is on, a
phone's card waits for the facilitator, and the number waiting is what tells them to look.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Static

from ai_toolkit.facilitation.decisions.attendance import present
from ai_toolkit.facilitation.decisions.moderation import waiting
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
        everyone = present(state)
        joined = self.t("tui.joined", n=everyone.phones)
        if everyone.paper:
            joined += " " + self.t("tui.on_paper", n=everyone.paper)
        contributions = sum(1 for c in state.contributions.values() if not c.hidden)
        room: list[str | tuple[str, str]] = []
        held = len(waiting(state))
        if state.moderated and held:
            room += [(self.t("tui.wall.moderated_waiting", n=held), "bold $warning"), " · "]
        elif state.moderated:
            room += [(self.t("tui.wall.moderated"), "bold"), " · "]
        elif held:  # moderation went off with cards still waiting: they wait until let through
            room += [(self.t("tui.wall.waiting_count", n=held), "bold $warning"), " · "]
        room.append(f"{joined} · {counted('tui.contributions', contributions, self.lang)}")
        update_if_changed(self.query_one("#header-session", Static), Content.assemble(*parts))
        update_if_changed(self.query_one("#header-room", Static), Content.assemble(*room))
