"""Starting without a session: pick one to continue, or create one in a form that says what is wrong."""

from __future__ import annotations

from datetime import date

import pytest
from tests.tui.support import drive, screen_text, settle, type_text
from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select

from ai_toolkit.facilitation import create_session
from ai_toolkit.model.plan import Plan
from ai_toolkit.plans import Toolbox
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.tui.app import FacilitatorApp
from ai_toolkit.tui.screens.main import MainScreen
from ai_toolkit.tui.screens.start import StartScreen

pytestmark = pytest.mark.tui


@pytest.fixture(autouse=True)
def english_laptop(monkeypatch: pytest.MonkeyPatch) -> None:
    """Before a session is open the screen speaks the laptop's language (``LANG``): English here, whatever the
    language of the machine the tests run on."""
    for name in ("LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_GB.UTF-8")


def test_pick_an_existing_session_to_continue(sessions: SessionsDir, tiny_plan: Plan) -> None:
    f = create_session(sessions, tiny_plan, title="Linz focus group", on=date(2026, 11, 24))
    f.start()
    f.close()
    app = FacilitatorApp(sessions=sessions, toolbox=Toolbox(plans={tiny_plan.id: tiny_plan}))

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        assert isinstance(app.screen, StartScreen)
        assert "Linz focus group" in screen_text(app), "listed by title, not by id"
        assert "24 Nov 2026 · en" in screen_text(app)
        app.screen.query_one(OptionList).focus()
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.opened is not None and app.opened.state.info.title == "Linz focus group"
        assert "DEFINE · Welcome" in screen_text(app)

    drive(app, scenario)


def test_create_a_session_with_validation(sessions: SessionsDir, tiny_plan: Plan) -> None:
    app = FacilitatorApp(sessions=sessions, toolbox=Toolbox(plans={tiny_plan.id: tiny_plan}))

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        screen = app.screen
        assert isinstance(screen, StartScreen)
        assert "No sessions in" in screen_text(app)
        await pilot.press("ctrl+s")  # nothing typed: the title is required
        await settle(pilot)
        assert "Nothing was saved: the title is empty." in screen_text(app)
        assert sessions.ids() == []
        await type_text(pilot, "Kranj [bold]focus[/bold] group")
        screen.query_one("#start-date", Input).value = "23.11.2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Write the date as YYYY-MM-DD, for example 2027-03-31." in screen_text(app)
        assert sessions.ids() == []
        assert screen.query_one("#start-title", Input).value == "Kranj [bold]focus[/bold] group", "nothing lost"
        screen.query_one("#start-date", Input).value = "2026-11-23"
        screen.query_one("#start-region", Input).value = "Gorenjska"
        screen.query_one("#start-facilitators", Input).value = "Ana, Tomaž ,"
        screen.query_one("#start-language", Select).value = "sl"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        (session_id,) = sessions.ids()
        assert session_id.startswith("2026-11-23-kranj-bold-focus-bold-group")
        info = app.opened.state.info  # type: ignore[union-attr]
        assert (info.title, info.region, info.language, info.facilitators) == (
            "Kranj [bold]focus[/bold] group",
            "Gorenjska",
            "sl",
            ["Ana", "Tomaž"],
        )
        assert info.affirmative_topic == "How we thrive together", "empty topic: the plan's own"
        assert "Kranj [bold]focus[/bold] group" in screen_text(app)

    drive(app, scenario)


def test_leaving_the_start_screen_quits(sessions: SessionsDir, tiny_plan: Plan) -> None:
    app = FacilitatorApp(sessions=sessions, toolbox=Toolbox(plans={tiny_plan.id: tiny_plan}))

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        await pilot.press("escape")
        await settle(pilot)

    drive(app, scenario)
    assert app.opened is None and app.return_code == 0
