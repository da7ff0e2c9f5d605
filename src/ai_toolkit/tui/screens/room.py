"""The main screen's keys for the room itself: who is present without a phone, and what the wall shows.

- ``a`` counts people present without a phone, by sector (or corrects a miscount): the sectors panel and the
  header then count phones and paper together (``decisions.attendance``), as the minutes do.
- ``M`` turns moderation of the wall on or off; while it is on, phones' contributions reach the minutes at once
  and wait (marked in the feed, counted in the header) until ``l`` lets the highlighted one through or ``L`` all.
  ``x`` takes the highlighted card off the wall, or puts it back; the record keeps it either way (hiding it from
  the minutes is ``h``).
- ``w`` opens the wall in the laptop's browser, in a worker (``browser.py``), and says where it opened, or the
  address to open by hand.

Every change goes through the service (``count_people``, ``moderate``, ``let_through``, ``take_off_wall``), a
refusal through ``refusal.attempt``; what counts as waiting is the service's question (``moderation.waiting``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ai_toolkit.facilitation.decisions.attendance import attendance
from ai_toolkit.facilitation.decisions.joining import join_code
from ai_toolkit.facilitation.decisions.moderation import waiting
from ai_toolkit.model.enums import OnWall
from ai_toolkit.tui import browser
from ai_toolkit.tui.dialogs.count_people import Counted, CountPeople, SectorRow
from ai_toolkit.tui.refusal import attempt
from ai_toolkit.tui.widgets.labels import sector_label

if TYPE_CHECKING:
    from ai_toolkit.facilitation import Facilitation
    from ai_toolkit.tui.app import FacilitatorApp
    from ai_toolkit.tui.screens.main import MainScreen


class RoomKeys:
    """What the main screen's room keys do; the screen binds the keys and hands each action to this."""

    def __init__(self, screen: MainScreen) -> None:
        self.screen = screen

    @property
    def facilitation(self) -> Facilitation:
        return self.screen.facilitation

    @property
    def app(self) -> FacilitatorApp:
        return self.screen.app

    def t(self, key: str, /, **values: object) -> str:
        return self.screen.t(key, **values)

    def notify(self, message: str, **kwargs: Any) -> None:
        self.screen.notify(message, **kwargs)

    # -- everyone counted --------------------------------------------------------------------------------
    def count_people(self) -> None:
        state = self.facilitation.state
        lang = self.app.lang
        rows = [
            SectorRow(sector, sector_label(state.plan, sector, lang), n.phones, n.paper)
            for sector, n in attendance(state).items()
            if sector in state.plan.sector_ids()
        ]
        entry = self.screen.query_one("#entry")
        before = dict(state.counted)

        def counted(answer: Counted | None) -> None:
            if answer is None:
                return
            now = self.facilitation.state.counted.get(answer.sector, 0)
            if now != before.get(answer.sector, 0):
                sector = sector_label(self.facilitation.state.plan, answer.sector, lang)
                key = "tui.count.done" if answer.n > 0 else "tui.count.corrected"
                self.notify(self.t(key, n=abs(answer.n), sector=sector, paper=now), markup=False)

        dialog = CountPeople(
            self.t("tui.count.title"),
            rows=rows,
            selected=getattr(entry, "sector", None),
            apply=lambda answer: self.facilitation.count_people(answer.sector, answer.n),
        )
        self.app.push_screen(dialog, counted)

    # -- moderation of the wall --------------------------------------------------------------------------
    def moderation(self) -> None:
        on = attempt(self.app, lambda: self.facilitation.moderate(not self.facilitation.state.moderated))
        if on is None:
            return
        held = len(waiting(self.facilitation.state))
        if on:
            self.notify(self.t("tui.wall.moderation_on"), title=self.t("tui.wall.title"), timeout=12)
        elif held:
            self.notify(self.t("tui.wall.moderation_off_waiting", n=held), title=self.t("tui.wall.title"), timeout=12)
        else:
            self.notify(self.t("tui.wall.moderation_off"), title=self.t("tui.wall.title"))

    def let_through(self, contribution_id: str | None = None) -> None:
        c = self.screen.target(contribution_id)
        if c is None:
            return
        if c.on_wall == OnWall.SHOWN or c.hidden:
            self.notify(self.t("tui.wall.not_waiting"), severity="warning")
            return
        if attempt(self.app, lambda: self.facilitation.let_through([c.id])):
            self.notify(self.t("tui.wall.let_through"))

    def let_all_through(self) -> None:
        moved = attempt(self.app, lambda: self.facilitation.let_through(None))
        if moved is None:
            return
        if moved:
            self.notify(self.t("tui.wall.let_all_through", n=moved))
        else:
            self.notify(self.t("tui.wall.none_waiting"), severity="warning")

    def take_off_wall(self, contribution_id: str | None = None) -> None:
        """Off the wall, or (for a card already off) back on it: one key, as ``h`` hides and shows."""
        c = self.screen.target(contribution_id)
        if c is None:
            return
        if c.hidden:
            self.notify(self.t("tui.wall.hidden_card"), severity="warning")
            return
        if c.on_wall == OnWall.OFF:
            if attempt(self.app, lambda: self.facilitation.let_through([c.id])):
                self.notify(self.t("tui.wall.back_on"))
        elif attempt(self.app, lambda: self.facilitation.take_off_wall([c.id])):
            self.notify(self.t("tui.wall.taken_off"))

    # -- joining without the QR code -------------------------------------------------------------------
    def code_line(self, join_url: str | None) -> str:
        """``Code K7M2QX · http://192.168.1.20:8000``: what a phone that cannot scan types, and where (the
        server's root page asks for the code); empty while phones cannot join."""
        if not join_url or "/j/" not in join_url:
            return ""
        address = join_url.rsplit("/j/", 1)[0]
        return self.t("tui.join.code", code=self.code(), address=address)

    def code(self) -> str:
        """The session's short join code (``decisions.joining``: the same the wall, the poster and ``serve`` show)."""
        return join_code(self.facilitation.state.info)

    # -- the wall in the laptop's browser ----------------------------------------------------------------
    def wall_url(self) -> str | None:
        server = self.app.server
        return getattr(server, "facilitator_url", None) if server is not None else None

    def open_wall(self) -> None:
        url = self.wall_url()
        if url is None:
            self.notify(self.t("tui.wall.no_server"), severity="warning")
            return
        self.notify(self.t("tui.wall.opening"))
        self.screen.run_worker(lambda: self._open_wall(url), thread=True, exclusive=True, group="wall")

    def _open_wall(self, url: str) -> None:
        """In a worker thread: the browser may take seconds to start."""
        opened = browser.open_in_browser(url)
        if opened:
            message = self.t("tui.wall.opened", browser=opened)
            self.app.call_from_thread(self.notify, message, timeout=12, markup=False)
        else:
            message = self.t("tui.wall.no_browser", url=url)
            self.app.call_from_thread(self.notify, message, severity="warning", timeout=30, markup=False)
