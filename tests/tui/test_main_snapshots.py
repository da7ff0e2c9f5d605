"""What the eye checks: the main screen as SVG snapshots at 120×40 and 80×24, with a fixed clock and fixed data.

Update after a deliberate change with ``pytest tests/tui/test_main_snapshots.py --snapshot-update`` and look
at the SVGs in ``tests/tui/__snapshots__`` before committing them.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from tests.conftest import FakeClock
from tests.tui.support import StandInServer, make_app
from textual.pilot import Pilot
from textual.widgets import Input

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model.enums import Source

pytestmark = pytest.mark.tui

PEOPLE = [
    ("Maja K.", "creative"),
    ("Tomaž R.", "company"),
    ("", "administration"),
    ("Ana P.", "school"),
    ("Eva Z.", "university"),
    ("Jan V.", "creative"),
]
VOICES = [
    (1, "Our foundry opened its casting hall for the festival night: 400 people saw molten iron poured to music."),
    (3, "Dijaki so za gledališko predstavo izdelali rekvizite v robotskem krožku tovarne."),
    (0, "A designer helped us rethink our packaging [bold]in two months[/bold]."),
    (4, "A joint seminar paired engineering students with illustrators."),
]


@pytest.fixture
def workshop(session: Facilitation, clock: FakeClock) -> Facilitation:
    """Twelve minutes into the Discover interviews of the tiny plan, a few phones and one typed card."""
    session.start()
    clock.advance(minutes=6)
    session.advance()
    people = [session.join(name=n, sector=s, consent_named=bool(n)) for n, s in PEOPLE]
    for who, text in VOICES:
        clock.advance(minutes=2)
        session.add_contribution(text, source=Source.PARTICIPANT, participant_id=people[who].id)
    clock.advance(minutes=1)
    session.add_contribution("Help desk in Škofja Loka answered 40 artists in half a year.", sector="administration")
    clock.advance(minutes=2, seconds=18)  # 11:18 into 20 minutes: 08:42 left
    return session


def still(pilot: Pilot[None]) -> None:
    """No blinking cursor in a picture."""
    for widget in pilot.app.screen.query(Input):
        widget.cursor_blink = False


def test_main_screen_120x40(workshop: Facilitation, snap_compare: Callable[..., bool]) -> None:
    app = make_app(workshop, server=lambda f: StandInServer())
    assert snap_compare(app, terminal_size=(120, 40), run_before=still)


def test_main_screen_80x24_in_overtime(workshop: Facilitation, clock: FakeClock, snap_compare) -> None:
    clock.advance(minutes=9)  # 1:18 past the planned 20 minutes
    app = make_app(workshop, server=lambda f: StandInServer())
    assert snap_compare(app, terminal_size=(80, 24), run_before=still)


def test_feed_focused_with_the_detail_120x40(workshop: Facilitation, snap_compare) -> None:
    app = make_app(workshop, server=lambda f: StandInServer())
    assert snap_compare(app, terminal_size=(120, 40), press=["escape", "down"], run_before=still)
