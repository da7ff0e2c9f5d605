"""What the photos view looks like, at 120x40 and 80x24, with a fixed workshop and a fixed clock.

Run ``pytest tests/tui/test_photos_snapshots.py --snapshot-update`` after a deliberate change of look, and check the
SVGs under ``__snapshots__`` by eye before committing.
"""

from __future__ import annotations

import pytest
from tests.tui.test_photos_screen import picture
from tests.tui.test_sense_snapshots import Host

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model.enums import Source
from ai_toolkit.tui.screens.photos import PhotosScreen

pytestmark = pytest.mark.tui


def photographed(session: Facilitation, clock) -> Facilitation:
    session.go_to(1)
    maja = session.join(name="Maja", sector="creative").id
    session.add_photo(picture(1), caption="Skupina 1: naša zgodba", source=Source.PARTICIPANT, participant_id=maja)
    clock.advance(minutes=20)
    session.go_to(3)
    tomaz = session.join(name="Tomaž", sector="company").id
    session.add_photo(picture(4), caption="Naslovnica 2030", source=Source.PARTICIPANT, participant_id=maja)
    clock.advance(minutes=2)
    hidden = session.add_photo(picture(5), caption="Zamegljena", source=Source.PARTICIPANT, participant_id=tomaz)
    session.hide_photo(hidden.id)
    clock.advance(minutes=1)
    session.add_photo(picture(6), caption="The wall of dreams, at the end of a long and happy day in Jesenice")
    return session


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_photos_view(snap_compare, session: Facilitation, clock, size: tuple[int, int]) -> None:
    photographed(session, clock)
    assert snap_compare(Host(session, PhotosScreen), terminal_size=size)
