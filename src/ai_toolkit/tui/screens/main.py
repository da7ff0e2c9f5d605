"""The facilitator's main screen: agenda, current activity with its countdown, live feed, join panel, input bar.

It only reads ``facilitation.state`` and asks the service for changes; it redraws on ``SessionChanged`` (new
events from anywhere) and ticks the countdown once a second. Refusals come back as notifications in the
facilitator's words (``refusal.attempt``); every word is in the facilitator's language (``words.py``).

In a plenary the phones' contributions, joins and dots arrive by the hundred a second (in batches: the app catches
up with the server process at most every 50 ms). While only phones are sending, the feed and the panels around it
(header counts, sectors, agenda) are redrawn together at most every ``REDRAW_SECONDS``: each redraw lays out the
whole screen (a longer feed is a new layout too), and a key pressed meanwhile waits for it. A quiet room's phone,
and the facilitator's own changes, are drawn at once.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar

from rich.cells import cell_len
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Static

from ai_toolkit.facilitation.decisions.moderation import waiting
from ai_toolkit.facilitation.decisions.naming import attribution, shown_name
from ai_toolkit.facilitation.decisions.participants import sent_by
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import OnWall, Source
from ai_toolkit.model.plan import pick
from ai_toolkit.model.session import Contribution
from ai_toolkit.tui.dialogs.confirm import Confirm
from ai_toolkit.tui.dialogs.edit_text import EditText
from ai_toolkit.tui.messages import SessionChanged
from ai_toolkit.tui.refusal import attempt
from ai_toolkit.tui.screens.room import RoomKeys
from ai_toolkit.tui.widgets.activity import ActivityPanel
from ai_toolkit.tui.widgets.agenda import Agenda
from ai_toolkit.tui.widgets.entry import ContributionEntry
from ai_toolkit.tui.widgets.feed import Feed
from ai_toolkit.tui.widgets.footer import KeyFooter
from ai_toolkit.tui.widgets.header import SessionHeader
from ai_toolkit.tui.widgets.join import JoinPanel
from ai_toolkit.tui.widgets.labels import phase_label, sector_label
from ai_toolkit.tui.widgets.quiet import update_if_changed
from ai_toolkit.tui.words import Localised

if TYPE_CHECKING:
    from ai_toolkit.tui.app import FacilitatorApp

TICK_SECONDS = 1.0
REDRAW_SECONDS = 0.25
_PHONE_EVENTS = (ev.ParticipantJoined, ev.ParticipantUpdated, ev.BallotCast)


def from_phones(records: Sequence[ev.Recorded]) -> bool:
    """Only what phones send: it may wait for the next redraw of the panels (the feed shows it at once)."""
    for record in records:
        e = record.event
        if isinstance(e, _PHONE_EVENTS):
            continue
        if isinstance(e, ev.ContributionAdded | ev.CommitmentAdded) and e.source == Source.PARTICIPANT:
            continue
        return False
    return True


def state_key(c: Contribution) -> str | None:
    """The catalog key of what matters most about a contribution's standing, if anything: withdrawn, hidden, or
    (under moderation) waiting for the wall or taken off it."""
    if c.withdrawn:
        return "tui.detail.withdrawn"
    if c.hidden:
        return "tui.detail.hidden"
    if c.on_wall == OnWall.HELD:
        return "tui.detail.waiting"
    if c.on_wall == OnWall.OFF:
        return "tui.detail.off_wall"
    return None


class MainScreen(Localised, Screen[None]):
    # Below 110 columns the join panel gives way (its address moves into the header); below 32 lines the prompt
    # and the instructions get fewer lines. The feed and the input always stay: they are what a facilitator needs
    # in a hurry.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n,right", "app.next_activity", "tui.key.next", show=False),
        Binding("b,left", "app.previous_activity", "tui.key.back", show=False),
        Binding("i", "focus_entry", "tui.key.type", show=False),
        Binding("a", "count_people", "tui.key.count", tooltip="tui.keyhelp.count", show=False),
        Binding("M", "moderation", "tui.key.moderation", tooltip="tui.keyhelp.moderation", show=False),
        Binding("L", "let_all_through", "tui.key.let_all", tooltip="tui.keyhelp.let_all", show=False),
        Binding("w", "open_wall", "tui.key.wall", tooltip="tui.keyhelp.wall", show=False),
    ]

    app: FacilitatorApp

    def __init__(self, app: FacilitatorApp) -> None:
        super().__init__()
        self.facilitation = app.facilitation
        self.zone = app.zone
        self._redrawn = 0.0
        self._pending_redraw: Timer | None = None
        self._arrived: list[str] = []
        """Contributions heard of but not yet in the feed (until the next redraw)."""
        self.room = RoomKeys(self)
        self._waiting = 0
        """Cards waiting for the wall when last drawn: the footer offers ``l`` while there are any."""

    def compose(self) -> ComposeResult:
        state = self.facilitation.state
        yield SessionHeader(id="header")
        yield Static(id="join-line")
        with Horizontal(id="body"):
            yield Agenda(id="agenda")
            with Vertical(id="centre"):
                yield ActivityPanel(id="activity")
                yield Feed(state, zone=self.zone, id="feed")
                yield Static(id="feed-detail")
            yield JoinPanel(id="room")
        yield ContributionEntry(state.plan, id="entry")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.redraw()
        self.address_changed()
        self.set_interval(TICK_SECONDS, self.tick)
        self.query_one(ContributionEntry).focus_input()

    # -- drawing -----------------------------------------------------------------------------------------
    def redraw(self) -> None:
        if self._pending_redraw is not None:
            self._pending_redraw.stop()
            self._pending_redraw = None
        self._redrawn = time.monotonic()
        if self._arrived:  # a new row changes the feed's height: a layout of the screen, so once per redraw
            self.query_one(Feed).add(self._arrived)
            self._arrived = []
        state = self.facilitation.state
        now = self.app.now()
        self.query_one(SessionHeader).show(state)
        self.query_one(Agenda).show(state, now)
        self.query_one(ActivityPanel).show(state, now)
        self.query_one(JoinPanel).show(state)
        held = len(waiting(state))
        if held != self._waiting:
            self._waiting = held
            self.refresh_bindings()

    def tick(self) -> None:
        now = self.app.now()
        self.query_one(ActivityPanel).tick(now)
        self.query_one(Agenda).show(self.facilitation.state, now)

    def address_changed(self) -> None:
        """The participant server started (or could not): show the address, or why phones cannot join.

        The join line under the header says the same in one line; it shows only when the join panel is hidden.
        """
        url, problem = self.app.join_url, self.app.server_problem
        code = self.room.code_line(url)
        self.query_one(JoinPanel).set_address(url, problem, code=code, wall=self.room.wall_url())
        line = self.query_one("#join-line", Static)
        if url:
            short = self.t("tui.join.code_short", code=self.room.code())
            # The code after the address where it fits (an 80-column laptop with a 192.168.x.y address), else whole
            # on the next line.
            prefix = self.t("tui.join.prefix") + " "
            fits = cell_len(prefix + url + "  " + short) <= self.size.width - 2
            update_if_changed(line, Content.assemble(prefix, (url, "bold"), "  " if fits else "\n", short))
        else:
            update_if_changed(line, Content.styled(problem or self.t("tui.join.off"), "$warning"))

    def on_resize(self) -> None:
        if self.is_mounted:
            self.address_changed()  # the join line's code goes on the address's line or the next

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self.query_one("#feed-detail").set_class(isinstance(event.widget, Feed), "-shown")
        if isinstance(event.widget, Feed):
            self.show_detail(Feed.Highlighted(event.widget.highlighted))

    @on(Feed.Highlighted)
    def show_detail(self, message: Feed.Highlighted) -> None:
        """Where the highlighted contribution came from, under the feed, while the facilitator is in the feed (its
        words are whole in the feed itself)."""
        c = message.contribution
        detail = self.query_one("#feed-detail", Static)
        detail.update(Content.styled(self.about(c), "dim") if c is not None else "")

    def about(self, c: Contribution) -> str:
        """``company · from a phone · Tomaž R. · Discover: Interviews · 14:41 · edited``."""
        state = self.facilitation.state
        lang = self.lang
        name = attribution(state, c).name  # never the sender of a partner's story
        found = state.activity(c.activity_id)
        # Withdrawn, hidden, or where it stands on the wall first: the line is cut at the right edge of a small
        # terminal, and that is what matters.
        about = [self.t(key)] if (key := state_key(c)) else []
        about += [
            sector_label(state.plan, c.sector, lang),
            self.t("tui.detail.typed" if c.source == Source.FACILITATOR else "tui.detail.phone"),
        ]
        if name:
            about.append(name)
        if found is not None:
            about.append(f"{phase_label(found[0], lang)}: {pick(found[1].title, lang)}")
        about.append(c.at.astimezone(self.zone).strftime("%H:%M"))
        if c.edited:
            about.append(self.t("tui.detail.edited"))
        return " · ".join(about)

    def on_session_changed(self, message: SessionChanged) -> None:
        self._arrived += [r.event.contribution_id for r in message.records if isinstance(r.event, ev.ContributionAdded)]
        changed = ev.ContributionEdited | ev.ContributionHidden | ev.ContributionWithdrawn | ev.ContributionsOnWall
        if any(isinstance(r.event, ev.ParticipantRemoved) for r in message.records):
            # Their contributions left the record: the feed starts again from what is there.
            self.query_one(Feed).reset(self.facilitation.state)
            self._arrived = []
        if any(isinstance(r.event, changed) for r in message.records):
            feed = self.query_one(Feed)
            feed.add(self._arrived)
            self._arrived = []
            feed.changed()
            self.show_detail(Feed.Highlighted(feed.highlighted))
        wait = self._redrawn + REDRAW_SECONDS - time.monotonic()
        if not from_phones(message.records) or wait <= 0:
            self.redraw()
        elif self._pending_redraw is None:
            self._pending_redraw = self.set_timer(wait, self.redraw)

    def on_screen_resume(self) -> None:
        # Another view was on top: catch up with whatever arrived meanwhile.
        feed = self.query_one(Feed)
        feed.add(list(self.facilitation.state.contributions))
        feed.changed()
        self.redraw()

    # -- typing on someone's behalf ----------------------------------------------------------------------
    @on(ContributionEntry.Submitted)
    def record(self, message: ContributionEntry.Submitted) -> None:
        done = attempt(self, lambda: self.facilitation.add_contribution(message.text, sector=message.sector))
        if done is not None:
            message.entry.recorded()
            feed = self.query_one(Feed)
            if not feed.has_focus:
                feed.cursor = 0

    def action_focus_entry(self) -> None:
        self.query_one(ContributionEntry).focus_input()

    def action_next_sector(self) -> None:
        self.query_one(ContributionEntry).action_next_sector()

    @property
    def sector_label(self) -> str:
        return sector_label(self.facilitation.state.plan, self.query_one(ContributionEntry).sector, self.lang)

    # -- the room: people without a phone, the wall (``room.py``) ---------------------------------------
    def action_count_people(self) -> None:
        self.room.count_people()

    def action_moderation(self) -> None:
        self.room.moderation()

    def action_let_all_through(self) -> None:
        self.room.let_all_through()

    def action_open_wall(self) -> None:
        self.room.open_wall()

    @on(Feed.LetThroughRequested)
    def let_through(self, message: Feed.LetThroughRequested) -> None:
        self.room.let_through(message.contribution_id)

    @on(Feed.OffWallRequested)
    def take_off_wall(self, message: Feed.OffWallRequested) -> None:
        self.room.take_off_wall(message.contribution_id)

    # -- correcting and hiding -------------------------------------------------------------------------------
    @on(Feed.EditRequested)
    def edit(self, message: Feed.EditRequested) -> None:
        self.edit_contribution(message.contribution_id)

    @on(Feed.HideRequested)
    def hide(self, message: Feed.HideRequested) -> None:
        self.toggle_hidden(message.contribution_id)

    @on(Feed.RemoveSenderRequested)
    def remove_sender(self, message: Feed.RemoveSenderRequested) -> None:
        """Remove the highlighted contribution's sender and everything they sent, once the facilitator says yes."""
        state = self.facilitation.state
        c = state.contributions.get(message.contribution_id)
        pid = c.participant_id if c is not None else None
        if pid is None or pid not in state.participants:
            self.notify(self.t("tui.remove.no_sender"), severity="warning")
            return
        sent = sent_by(state, pid)
        who = shown_name(state, pid) or self.t(
            "tui.remove.someone", sector=sector_label(state.plan, state.participants[pid].sector, self.lang)
        )

        def answered(yes: bool | None) -> None:
            if yes:
                done = attempt(self, lambda: self.facilitation.remove_participant(pid))
                if done is not None:
                    self.notify(self.t("tui.remove.done", who=who, n=done.total), markup=False)

        question = self.t(
            "tui.remove.question",
            who=who,
            contributions=len(sent.contributions),
            commitments=len(sent.commitments),
            photos=len(sent.photos),
            ballots=sent.ballots,
        )
        dialog = Confirm(
            question, title=self.t("tui.remove.title"), yes=self.t("tui.remove.yes"), no=self.t("tui.remove.no")
        )
        self.app.push_screen(dialog, answered)

    def edit_contribution(self, contribution_id: str | None = None) -> None:
        c = self.target(contribution_id)
        if c is None:
            return

        before = c.text

        def saved(text: str | None) -> None:
            now = self.facilitation.state.contributions.get(c.id)
            if text is not None and now is not None and now.text != before:
                self.notify(self.t("tui.edit.done"))

        dialog = EditText(
            self.t("tui.edit.title"),
            label=self.t("tui.edit.label"),
            value=c.text,
            note=self.about(c),
            apply=lambda text: self.facilitation.edit_contribution(c.id, text),
        )
        self.app.push_screen(dialog, saved)

    def toggle_hidden(self, contribution_id: str | None = None) -> None:
        c = self.target(contribution_id)
        if c is None:
            return
        done = attempt(self, lambda: self.facilitation.hide_contribution(c.id, not c.hidden))
        if done is not None:
            self.notify(self.t("tui.hidden.contribution_main" if done.hidden else "tui.hidden.shown"))

    def target(self, contribution_id: str | None):  # Contribution | None
        state = self.facilitation.state
        if contribution_id is None:
            c = self.query_one(Feed).highlighted
        else:
            c = state.contributions.get(contribution_id)
        if c is None:
            self.notify(self.t("tui.main.no_contribution"), severity="warning")
        return c
