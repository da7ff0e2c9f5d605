"""What the eye checks: the main screen as SVG snapshots at 120×40 and 80×24, with a fixed clock and fixed data; in
English, Slovenian and German, and the start screen, the help and the main screen's dialogs at 80×24.

Update after a deliberate change with ``pytest tests/tui/test_main_snapshots.py --snapshot-update`` and look
at the SVGs in ``tests/tui/__snapshots__`` before committing them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date

import pytest
from tests.conftest import FakeClock
from tests.tui.support import StandInServer, make_app, steady
from textual.pilot import Pilot

from ai_toolkit.facilitation import Facilitation, create_session
from ai_toolkit.model.enums import Source
from ai_toolkit.model.plan import Plan
from ai_toolkit.plans import Toolbox
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.tui.app import FacilitatorApp

pytestmark = pytest.mark.tui


@pytest.fixture(autouse=True)
def fixed_code(monkeypatch: pytest.MonkeyPatch) -> None:
    """The short join code comes from the session's random join token: fixed here, as the stand-in server's
    address is, so the pictures do not change from run to run."""
    monkeypatch.setattr("ai_toolkit.tui.screens.room.join_code", lambda info: "K7M2QX")


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
    return fill(session, clock)


def fill(session: Facilitation, clock: FakeClock) -> Facilitation:
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


async def still(pilot: Pilot[None]) -> None:
    """The screen settled, its focus landed, and no blinking cursor in a picture."""
    await steady(pilot)


def keys(*names: str) -> Callable[[Pilot[None]], Awaitable[None]]:
    """Press ``names``, then let whatever screen or dialog they opened settle, with its cursors still."""

    async def run_before(pilot: Pilot[None]) -> None:
        await steady(pilot)
        await pilot.press(*names)
        await pilot.wait_for_scheduled_animations()
        await steady(pilot)

    return run_before


def test_main_screen_120x40(workshop: Facilitation, snap_compare: Callable[..., bool]) -> None:
    app = make_app(workshop, server=lambda f: StandInServer())
    assert snap_compare(app, terminal_size=(120, 40), run_before=still)


def test_main_screen_80x24_in_overtime(workshop: Facilitation, clock: FakeClock, snap_compare) -> None:
    clock.advance(minutes=9)  # 1:18 past the planned 20 minutes
    app = make_app(workshop, server=lambda f: StandInServer())
    assert snap_compare(app, terminal_size=(80, 24), run_before=still)


def test_feed_focused_with_the_detail_120x40(workshop: Facilitation, snap_compare) -> None:
    app = make_app(workshop, server=lambda f: StandInServer())
    assert snap_compare(app, terminal_size=(120, 40), run_before=keys("escape", "down"))


def in_language(sessions: SessionsDir, plan: Plan, clock: FakeClock, lang: str) -> Facilitation:
    f = create_session(
        sessions, plan, title="Kreativne industrije na Gorenjskem", region="Gorenjska", language=lang, clock=clock
    )
    return fill(f, clock)


Room = Callable[[str], Facilitation]
Snap = Callable[..., bool]


@pytest.fixture
def room(sessions: SessionsDir, tiny_plan: Plan, clock: FakeClock) -> Room:
    """The same workshop in a session of another language."""
    return lambda lang: in_language(sessions, tiny_plan, clock, lang)


def shown_in(f: Facilitation) -> FacilitatorApp:
    return make_app(f, server=lambda f: StandInServer())


def test_main_screen_in_slovenian_120x40(room: Room, snap_compare: Snap) -> None:
    assert snap_compare(shown_in(room("sl")), terminal_size=(120, 40), run_before=still)


def test_main_screen_in_german_80x24_in_the_feed(room: Room, snap_compare: Snap) -> None:
    assert snap_compare(shown_in(room("de")), terminal_size=(80, 24), run_before=keys("escape", "down"))


class Monday(date):
    """The laptop's calendar on the day of the picture: the new-session form shows today's date."""

    @classmethod
    def today(cls) -> Monday:
        return cls(2026, 11, 23)


def test_start_screen_80x24(
    sessions: SessionsDir, tiny_plan: Plan, snap_compare: Snap, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("ai_toolkit.tui.screens.start.date", Monday)  # else the picture changes every day
    create_session(sessions, tiny_plan, title="Linz focus group", on=date(2026, 11, 24), language="de").close()
    title = "Kranj – ustvarjalci in industrija"
    create_session(sessions, tiny_plan, title=title, on=date(2026, 11, 25), language="sl").close()
    app = FacilitatorApp(sessions=sessions, toolbox=Toolbox(plans={tiny_plan.id: tiny_plan}), ui_lang="en")
    assert snap_compare(app, terminal_size=(80, 24), run_before=still)


def test_help_80x24_in_czech(room: Room, snap_compare: Snap) -> None:
    assert snap_compare(shown_in(room("cs")), terminal_size=(80, 24), run_before=keys("f1"))


def test_edit_dialog_80x24_in_italian(room: Room, snap_compare: Snap) -> None:
    app = shown_in(room("it"))
    assert snap_compare(app, terminal_size=(80, 24), run_before=keys("escape", "down", "e"))


def test_end_of_session_question_80x24_in_dutch(room: Room, snap_compare: Snap) -> None:
    f = room("nl")
    f.go_to(len(f.state.plan.steps()) - 1)
    assert snap_compare(shown_in(f), terminal_size=(80, 24), run_before=keys("ctrl+n"))


def test_palette_80x24_in_polish(room: Room, snap_compare: Snap) -> None:
    assert snap_compare(shown_in(room("pl")), terminal_size=(80, 24), run_before=keys("ctrl+p"))
