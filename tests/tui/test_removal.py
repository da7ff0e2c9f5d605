"""The facilitator removes the highlighted contribution's sender from the feed (``r``): asked first with what will
go, the safe answer focused; then the troll's words leave the feed and the record, and a contribution typed on the
laptop has no sender to remove."""

from __future__ import annotations

import pytest
from tests.tui.support import drive, feed_rows, make_app, notes, screen_text, settle
from textual.pilot import Pilot

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model.enums import Source
from ai_toolkit.tui.app import FacilitatorApp
from ai_toolkit.tui.dialogs.confirm import Confirm
from ai_toolkit.tui.screens.main import MainScreen
from ai_toolkit.tui.widgets.feed import Feed

pytestmark = pytest.mark.tui


def test_r_removes_the_highlighted_contributions_sender_after_asking(session: Facilitation) -> None:
    session.start()
    session.advance()
    session.add_contribution("Typed on the laptop", sector="school")
    maja = session.join(sector="creative").id
    troll = session.join(sector="citizen").id
    session.add_contribution("A real story from Maja", source=Source.PARTICIPANT, participant_id=maja)
    session.add_contribution("SPAM one", source=Source.PARTICIPANT, participant_id=troll)
    session.add_contribution("SPAM two", source=Source.PARTICIPANT, participant_id=troll)

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        await pilot.press("escape")  # to the feed; the newest (the troll's) is highlighted
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, Confirm)
        asked = " ".join(screen_text(app).replace("█", " ").split())
        assert "Remove a participant?" in asked and "Remove a participant (citizen) and everything" in asked
        assert "(contributions: 2, commitments: 0, photos: 0, ballots: 0)" in asked
        await pilot.press("enter")  # the safe answer is focused: nothing happens
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and troll in session.state.participants
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert troll not in session.state.participants and troll in session.state.removed
        rows = "\n".join(feed_rows(app))
        assert "SPAM" not in rows and "A real story from Maja" in rows
        assert "Removed a participant (citizen). Items that left the record: 2." in notes(app)
        # The laptop's own contribution has no sender to remove.
        feed = app.screen.query_one(Feed)
        await pilot.press("end")
        await settle(pilot)
        assert feed.highlighted is not None and feed.highlighted.source == Source.FACILITATOR
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert any("no participant to remove" in n for n in notes(app))

    drive(make_app(session), scenario)


def test_every_view_follows_a_removal_made_elsewhere(session: Facilitation) -> None:
    session.start()
    session.advance()
    troll = session.join(sector="citizen").id
    for n in range(3):
        session.add_contribution(f"SPAM {n}", source=Source.PARTICIPANT, participant_id=troll)
    session.add_contribution("A story typed on the laptop", sector="school")

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        await pilot.press("escape", "t")  # the themes view, its list holding the troll's contributions
        await settle(pilot)
        assert "SPAM 2" in screen_text(app)
        session.remove_participant(troll)  # as another process (the CLI) would
        await settle(pilot)
        assert "SPAM" not in screen_text(app)
        await pilot.press("down", "down", "up", "space")  # moving over the list that changed under it
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert app.is_running and isinstance(app.screen, MainScreen)
        assert "SPAM" not in screen_text(app) and "A story typed on the laptop" in screen_text(app)

    drive(make_app(session), scenario)
