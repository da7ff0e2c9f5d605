"""The facilitator's screen and the method: a plan's own sectors, propositions from phones, Destiny, the topic."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterator

import pytest
from tests.tui.support import StandInServer, make_app, screen_text, settle, type_text
from textual.pilot import Pilot

from ai_toolkit.facilitation import Facilitation, create_session
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.tui.app import FacilitatorApp

pytestmark = pytest.mark.tui

Scenario = Callable[[Pilot[None], FacilitatorApp], Awaitable[None]]


def drive(app: FacilitatorApp, scenario: Scenario, size: tuple[int, int] = (120, 40)) -> None:
    async def run() -> None:
        async with app.run_test(size=size, notifications=True) as pilot:
            await settle(pilot)
            await scenario(pilot, app)

    asyncio.run(run())


@pytest.fixture
def cinema(sessions: SessionsDir, toolbox, clock) -> Iterator[Facilitation]:
    f = create_session(sessions, toolbox.get("cinema-city-centre"), title="Kamnik", language="cs", clock=clock)
    yield f
    f.close()


def test_the_sectors_panel_and_the_input_tag_offer_the_plans_own_sectors(cinema: Facilitation) -> None:
    cinema.start()
    cinema.advance()
    for sector in ("retail", "retail", "business_support"):
        cinema.join(sector=sector)

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        lines = screen_text(app).splitlines()
        assert any("obchod" in line and "  2 " in line for line in lines), lines
        assert any("podpora podn." in line and "  1 " in line for line in lines)
        assert any("majitelé" in line and "  0 " in line for line in lines)
        await pilot.press("shift+f2")  # from "other" back to the last sector: the plan's own business support
        assert "podpora podn." in screen_text(app).splitlines()[-2] + screen_text(app).splitlines()[-1]
        await type_text(pilot, "Komora nabídla poradenství")
        await pilot.press("enter")
        await settle(pilot)
        latest = list(cinema.state.contributions.values())[-1]
        assert (latest.text, latest.sector) == ("Komora nabídla poradenství", "business_support")

    drive(make_app(cinema, server=lambda f: StandInServer()), scenario)
