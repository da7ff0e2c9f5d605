"""What the minutes say about the method: a plan's own sectors, propositions, Destiny, the agreed topic."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.reports.conftest import ROOM

from ai_toolkit.facilitation import Facilitation, create_session
from ai_toolkit.reports.minutes_context import minutes_context
from ai_toolkit.store.sessions import SessionsDir


@pytest.fixture
def cinema(sessions: SessionsDir, toolbox, clock) -> Iterator[Facilitation]:
    f = create_session(sessions, toolbox.get("cinema-city-centre"), title="Kamnik", language="cs", clock=clock)
    yield f
    f.close()


def test_the_sectors_table_counts_a_plans_own_sectors_with_the_plans_labels(cinema: Facilitation) -> None:
    for sector in ("retail", "retail", "property_owners", "citizen"):
        cinema.join(sector=sector)
    ctx = minutes_context(cinema.state, tz=ROOM)
    assert ctx.sectors is not None
    rows = [[cell.replace("\xa0", " ") for cell in row] for row in ctx.sectors.rows]
    assert rows[:3] == [
        ["Občanka nebo občan", "1", "25 %"],
        ["Maloobchod a obchody", "2", "50 %"],
        ["Majitelé nemovitostí", "1", "25 %"],
    ]
    assert rows[-1][1] == "4"
    english = minutes_context(cinema.state, "en", tz=ROOM).sectors
    assert english is not None and ["Retail and shops", "2", "50%"] in english.rows
