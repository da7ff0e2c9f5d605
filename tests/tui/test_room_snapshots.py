"""What the eye checks of the room's keys: the count dialog, and cards waiting for the wall or taken off it, at the
projector's 120×40 and a laptop's 80×24, in English and in two other languages.

Update after a deliberate change with ``pytest tests/tui/test_room_snapshots.py --snapshot-update`` and look at
the SVGs in ``tests/tui/__snapshots__`` before committing them.
"""

from __future__ import annotations

import pytest
from tests.conftest import FakeClock
from tests.tui.support import StandInServer, make_app
from tests.tui.test_main_snapshots import Room, Snap, fill, in_language, keys

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model.enums import Sector, Source
from ai_toolkit.model.plan import Plan
from ai_toolkit.store.sessions import SessionsDir

pytestmark = pytest.mark.tui


@pytest.fixture(autouse=True)
def fixed_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """The short join code comes from the session's random join token: fixed here, as the stand-in server's
    address is, so the pictures do not change from run to run."""
    monkeypatch.setattr("ai_toolkit.tui.screens.room.join_code", lambda info: "K7M2QX")


@pytest.fixture
def room(sessions: SessionsDir, tiny_plan: Plan, clock: FakeClock) -> Room:
    return lambda lang: in_language(sessions, tiny_plan, clock, lang)


def moderated(f: Facilitation, clock: FakeClock) -> Facilitation:
    """Moderation on after the first cards: two phones' cards wait, one card is taken off the wall, and three
    people without a phone are counted."""
    f.moderate(True)
    for text, sector in (
        ("Our library's maker space lent 3D printers to the costume workshop.", Sector.CIVIL_SOCIETY),
        ("The regional agency paired ten start-ups with local craftspeople.", Sector.ADMINISTRATION),
    ):
        clock.advance(seconds=40)
        who = f.join(sector=sector)
        f.add_contribution(text, source=Source.PARTICIPANT, participant_id=who.id)
    first = next(iter(f.state.contributions))
    f.take_off_wall([first])
    f.count_people(Sector.COMPANY, 3)
    return f


def shown(f: Facilitation):  # FacilitatorApp
    return make_app(f, server=lambda f: StandInServer())


def test_cards_waiting_and_off_the_wall_120x40(session: Facilitation, clock: FakeClock, snap_compare: Snap) -> None:
    f = moderated(fill(session, clock), clock)
    assert snap_compare(shown(f), terminal_size=(120, 40), run_before=keys("escape", "end"))


def test_cards_waiting_and_off_the_wall_80x24_in_german(room: Room, clock: FakeClock, snap_compare: Snap) -> None:
    f = moderated(room("de"), clock)
    assert snap_compare(shown(f), terminal_size=(80, 24), run_before=keys("escape", "home"))


def test_count_dialog_120x40(session: Facilitation, clock: FakeClock, snap_compare: Snap) -> None:
    f = moderated(fill(session, clock), clock)
    assert snap_compare(shown(f), terminal_size=(120, 40), run_before=keys("escape", "a", "home", "down", "down"))


def test_count_dialog_80x24_with_a_refusal_in_slovenian(room: Room, clock: FakeClock, snap_compare: Snap) -> None:
    f = moderated(room("sl"), clock)
    press = ("escape", "a", "home", "down", "down", "tab", "backspace", "minus", "5", "enter")
    assert snap_compare(shown(f), terminal_size=(80, 24), run_before=keys(*press))
