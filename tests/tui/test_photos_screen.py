"""The facilitator's photos view: counts per activity, the photos of one, hide/show and the caption, at 80x24 too."""

from __future__ import annotations

import asyncio
from functools import cache

import pytest
from tests import photo_samples as samples
from tests.tui.support import StandInServer, make_app, notes, screen_text, settle

from ai_toolkit.facilitation import Facilitation, create_session
from ai_toolkit.facilitation.sessions import SessionsDir
from ai_toolkit.imaging import prepare
from ai_toolkit.model.enums import Source
from ai_toolkit.model.plan import Plan
from ai_toolkit.tui.screens.photos import PhotosScreen

pytestmark = pytest.mark.tui
INTERVIEWS, DREAMS = 1, 3


@cache
def picture(seed: int) -> bytes:
    return prepare(samples.jpeg(samples.flipchart(320, 240, seed=seed)))


@pytest.fixture
def room(session: Facilitation, clock) -> Facilitation:
    """Interviews: two photos from phones; Dreams (running): three, one from the facilitator's phone; one withdrawn."""
    session.go_to(INTERVIEWS)
    maja = session.join(name="Maja", sector="creative").id
    tomaz = session.join(name="Tomaž", sector="company").id
    session.add_photo(picture(1), caption="Skupina 1: naša zgodba", source=Source.PARTICIPANT, participant_id=maja)
    gone = session.add_photo(picture(2), source=Source.PARTICIPANT, participant_id=tomaz)
    session.withdraw_photo(gone.id, by_participant=tomaz)
    session.add_photo(picture(3), source=Source.PARTICIPANT, participant_id=tomaz)
    clock.advance(minutes=20)
    session.go_to(DREAMS)
    session.add_photo(picture(4), caption="Naslovnica 2030", source=Source.PARTICIPANT, participant_id=maja)
    clock.advance(minutes=2)
    session.add_photo(picture(5), caption="[bold]Stena[/bold] sanj", source=Source.PARTICIPANT, participant_id=tomaz)
    clock.advance(minutes=1)
    session.add_photo(picture(6), caption="The wall of dreams, end of the day")
    return session


def drive(app, size: tuple[int, int], scenario) -> None:
    async def run() -> None:
        async with app.run_test(size=size) as pilot:
            await scenario(pilot)

    asyncio.run(run())


async def open_photos(pilot) -> PhotosScreen:
    await pilot.press("escape")  # from the input bar to the feed: single-letter keys work
    await pilot.press("f")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, PhotosScreen)
    return screen


def test_counts_per_activity_and_the_running_activitys_photos(room: Facilitation) -> None:
    app = make_app(room, server=lambda f: StandInServer())

    async def scenario(pilot) -> None:
        await open_photos(pilot)
        text = screen_text(app)
        assert "PHOTOS" in text and "5 photos" in text
        assert " Dis · Appreciative in…    2 │ 09:23  facilitator" in text  # the count, and the newest first
        assert " Dre · Dreams              3 │" in text
        assert "Photos: Dreams" in text  # the running activity is selected
        assert "[bold]Stena[/bold] sanj" in text  # a participant's words shown as typed, never as markup
        assert "facilitator" in text and "company" in text
        assert "Skupina 1" not in text  # another activity's photo
        await pilot.press("shift+tab")  # to the activities
        await pilot.press("up", "up")
        await settle(pilot)
        text = screen_text(app)
        assert "Skupina 1: naša zgodba" in text and "(no caption)" in text

    drive(app, (120, 40), scenario)


def test_hide_and_show_a_photo_and_undo(room: Facilitation) -> None:
    app = make_app(room, server=lambda f: StandInServer())

    async def scenario(pilot) -> None:
        await open_photos(pilot)
        newest = max(room.state.photos.values(), key=lambda p: p.at)
        await pilot.press("x")
        await settle(pilot)
        assert room.state.photos[newest.id].hidden
        assert any("Hidden: kept, left out of the wall and the minutes" in n for n in notes(app))
        text = screen_text(app)
        assert "4 photos · 1 hidden" in text and "hidden: The wall of dreams" in text
        assert room.photo_files.has(newest.sha256)  # hidden, not deleted
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert not room.state.photos[newest.id].hidden

    drive(app, (120, 40), scenario)


def test_correct_a_caption(room: Facilitation) -> None:
    app = make_app(room, server=lambda f: StandInServer())

    async def scenario(pilot) -> None:
        await open_photos(pilot)
        newest = max(room.state.photos.values(), key=lambda p: p.at)
        await pilot.press("e")
        await settle(pilot)
        field = app.screen.query_one("#text")
        field.value = "Stena sanj, konec dneva"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await settle(pilot)
        assert room.state.photos[newest.id].caption == "Stena sanj, konec dneva"
        assert "Stena sanj, konec dneva" in screen_text(app)

    drive(app, (120, 40), scenario)


def test_a_photo_from_a_phone_appears_while_the_view_is_open(room: Facilitation) -> None:
    app = make_app(room, server=lambda f: StandInServer())

    async def scenario(pilot) -> None:
        await open_photos(pilot)
        luka = room.join(sector="school").id
        room.add_photo(picture(7), caption="Šola: robotski krožek", source=Source.PARTICIPANT, participant_id=luka)
        await settle(pilot, 5)
        text = screen_text(app)
        assert "Šola: robotski krožek" in text and "6 photos" in text

    drive(app, (120, 40), scenario)


def test_the_view_speaks_the_sessions_language_and_fits_80x24(sessions: SessionsDir, tiny_plan: Plan, clock) -> None:
    f = create_session(sessions, tiny_plan, title="KKI in industrija", language="sl", clock=clock)
    f.go_to(DREAMS)
    ana = f.join(name="Ana", sector="school").id
    f.add_photo(picture(8), caption="Naslovnica 2030", source=Source.PARTICIPANT, participant_id=ana)
    f.add_photo(picture(9))
    app = make_app(f, server=lambda _: StandInServer())

    async def scenario(pilot) -> None:
        await open_photos(pilot)
        text = screen_text(app)
        assert "FOTOGRAFIJE" in text and "fotografij: 2" in text
        assert "Naslovnica 2030" in text and "(brez opisa)" in text and "moderator" in text
        assert "Fotografije: Dreams" in text
        assert all(len(line) <= 80 for line in text.splitlines())
        app.save_screenshot("photos-80x24-sl.svg", path=str(sessions.root))

    drive(app, (80, 24), scenario)
    f.close()
