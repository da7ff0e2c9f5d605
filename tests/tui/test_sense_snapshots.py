"""What each sense-making view and dialog looks like, with a fixed workshop and a fixed clock: in English at 120×40,
each view in Slovenian and German (one of them at 80×24), and each dialog at 80×24 in another language.

Run ``pytest tests/tui/test_sense_snapshots.py --snapshot-update`` after a deliberate change of look, and
open ``snapshot_report.html`` (or the SVGs under ``__snapshots__``) to check it by eye before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC

import pytest
from tests.conftest import FakeClock
from tests.tui.support import steady
from textual.app import App
from textual.binding import Binding
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

from ai_toolkit.facilitation import Facilitation, create_session
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Phase, Sector, Source
from ai_toolkit.model.plan import Plan
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.tui.messages import SessionChanged
from ai_toolkit.tui.screens.commitments import CommitmentsScreen
from ai_toolkit.tui.screens.propositions import PropositionsScreen
from ai_toolkit.tui.screens.themes import ThemesScreen
from ai_toolkit.tui.screens.vote import VoteScreen

pytestmark = pytest.mark.tui
SIZE = (120, 40)


class Host(App[None]):
    # As in the facilitator app, whose palette key is in the facilitator's language.
    BINDINGS = [Binding("ctrl+p", "command_palette", "tui.key.palette", show=False, priority=True)]

    def __init__(self, facilitation: Facilitation, make: Callable[[Facilitation], Screen[None]]) -> None:
        super().__init__()
        self.facilitation = facilitation
        self.make = make
        self.zone = UTC
        self.lang = facilitation.state.info.language  # as the facilitator app: the session's, without --ui-lang

    def on_mount(self) -> None:
        self.facilitation.subscribe(self._heard)
        self.push_screen(self.make(self.facilitation))

    def _heard(self, records: list[ev.Recorded]) -> None:
        self.screen.post_message(SessionChanged(records))


PEOPLE = [
    ("Maja K.", Sector.CREATIVE),
    ("Tomaž R.", Sector.COMPANY),
    ("", Sector.ADMINISTRATION),
    ("Ana P.", Sector.SCHOOL),
    ("Eva Z.", Sector.UNIVERSITY),
    ("", Sector.CIVIL_SOCIETY),
]
STORIES = [
    "Our foundry opened its casting hall for the festival night: 400 people saw molten iron poured to music.",
    "Ko je oblikovalka prišla v našo livarno, smo prvič videli svoje izdelke skozi oči kupca.",
    "The help desk in Škofja Loka answered more than forty artists in its first half year.",
    "Dijaki so za gledališko predstavo izdelali rekvizite v robotskem krožku tovarne.",
    "[bold]x[/bold] [@click=app.quit]boom[/] — a participant typed this, it must show as typed",
    "Studenti i firme: wspólny projekt, łódź, ęő, 🎉 — a mixed-script story",
    "The mayor came to the opening and stayed until midnight.",
    "Our school's robotics club repaired the theatre's lift.",
]


STAGES = ("themes", "propositions", "vote", "commitments")


def workshop(f: Facilitation, *, until: str) -> list[str]:
    """A small Gorenjska focus group taken up to a stage of ``STAGES``; returns the participants' ids."""
    f.start()
    f.advance()
    people = [f.join(name=name, sector=sector, consent_named=bool(name)).id for name, sector in PEOPLE]
    cs = [
        f.add_contribution(text, source=Source.PARTICIPANT, participant_id=people[i % len(people)])
        for i, text in enumerate(STORIES)
    ]
    doors = f.create_theme("Industry opens its doors")
    learning = f.create_theme("Learning across sectors")
    f.create_theme("Help close to home")
    for c in (cs[0], cs[1], cs[6]):
        f.assign(c.id, doors.id)
    f.assign(cs[3].id, learning.id)
    f.assign(cs[7].id, learning.id)
    f.hide_contribution(cs[2].id)
    if until == "themes":
        return people
    f.go_to_phase(Phase.DREAM)
    halls = f.create_theme("Every silent hall is a studio", phase=Phase.DREAM)
    f.go_to_phase(Phase.DESIGN)
    f.add_proposition(
        "We are a region where every factory hall that falls silent becomes a workspace for makers within a year.",
        theme_ids=[halls.id, doors.id],
    )
    f.add_proposition("Schools and firms share workshops every week.", theme_ids=[learning.id])
    f.add_proposition("[bold]Help[/bold] is one door away for every artist.", theme_ids=[])
    hidden = f.add_proposition("A proposition the room set aside.")
    f.hide_proposition(hidden.id)
    if until == "propositions":
        return people
    vote = f.open_vote_on_propositions(dots=3, title="Which propositions matter most?")
    ballots = [{"o1": 2, "o2": 1}, {"o1": 3}, {"o3": 1, "o2": 2}, {"o1": 1}]
    for person, ballot in zip(people, ballots, strict=False):
        f.cast(vote.id, person, ballot)
    if until == "commitments":
        f.close_vote()
        f.go_to_phase(Phase.DESTINY)
        f.add_commitment(
            "Open the foundry hall for a makers' weekend in spring",
            who="Tomaž R.",
            by_when="2027-03-01",
            first_step="Ask the board in December",
            support_needed="Insurance advice from the municipality",
        )
        f.add_commitment("Map the empty halls of Jesenice", who="", by_when=None)
        f.add_commitment(
            "[@click=app.quit]boom[/] a weekly open workshop",
            source=Source.PARTICIPANT,
            participant_id=people[3],
            by_when="2027-01-15",
        )
    return people


def test_themes_view_positive_core(snap_compare, session: Facilitation) -> None:
    workshop(session, until="themes")
    assert snap_compare(Host(session, ThemesScreen), terminal_size=SIZE)


def test_themes_view_members_picked_for_a_split(snap_compare, session: Facilitation) -> None:
    workshop(session, until="themes")

    async def pick(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press("tab", "tab", "space", "down", "space")

    assert snap_compare(Host(session, ThemesScreen), terminal_size=SIZE, run_before=pick)


def test_propositions_view(snap_compare, session: Facilitation) -> None:
    workshop(session, until="propositions")
    assert snap_compare(Host(session, PropositionsScreen), terminal_size=SIZE)


def test_vote_view_open_with_bars(snap_compare, session: Facilitation) -> None:
    workshop(session, until="vote")  # the vote stays open
    assert snap_compare(Host(session, VoteScreen), terminal_size=SIZE)


def test_vote_view_closed_ranking(snap_compare, session: Facilitation) -> None:
    workshop(session, until="commitments")
    assert snap_compare(Host(session, VoteScreen), terminal_size=SIZE)


def test_open_vote_dialog(snap_compare, session: Facilitation) -> None:
    workshop(session, until="propositions")

    async def open_dialog(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press("o")

    assert snap_compare(Host(session, VoteScreen), terminal_size=SIZE, run_before=open_dialog)


def test_commitments_view(snap_compare, session: Facilitation) -> None:
    workshop(session, until="commitments")
    assert snap_compare(Host(session, CommitmentsScreen), terminal_size=SIZE)


def test_commitment_dialog_with_a_refusal(snap_compare, session: Facilitation) -> None:
    workshop(session, until="commitments")

    async def bad_date(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press("e")
        date = pilot.app.screen.query_one("#by_when", Input)
        date.value = "1.3.2027"
        await pilot.press("ctrl+s")
        date.focus()
        await still(pilot)

    assert snap_compare(Host(session, CommitmentsScreen), terminal_size=SIZE, run_before=bad_date)


SMALL = (80, 24)
Room = Callable[[str, str], Facilitation]
Snap = Callable[..., bool]


@pytest.fixture
def room(sessions: SessionsDir, tiny_plan: Plan, clock: FakeClock) -> Room:
    """The workshop up to a stage, in a session of another language."""

    def make(lang: str, until: str) -> Facilitation:
        f = create_session(sessions, tiny_plan, title="Kranj 2026", region="Gorenjska", language=lang, clock=clock)
        workshop(f, until=until)
        return f

    return make


async def still(pilot: Pilot) -> None:
    """Let the frame settle and the focus land, then no blinking cursor: a picture must be the same every time."""
    await pilot.wait_for_scheduled_animations()
    await steady(pilot)


def keys(*names: str) -> Callable[[Pilot], Awaitable[None]]:
    async def press(pilot: Pilot) -> None:
        await steady(pilot)
        await pilot.press(*names)
        await still(pilot)

    return press


def test_themes_in_slovenian_80x24(room: Room, snap_compare: Snap) -> None:
    assert snap_compare(Host(room("sl", "themes"), ThemesScreen), terminal_size=SMALL)


def test_themes_in_german(room: Room, snap_compare: Snap) -> None:
    assert snap_compare(Host(room("de", "themes"), ThemesScreen), terminal_size=SIZE, run_before=keys("tab"))


def test_propositions_in_german_80x24(room: Room, snap_compare: Snap) -> None:
    assert snap_compare(Host(room("de", "propositions"), PropositionsScreen), terminal_size=SMALL)


def test_propositions_in_slovenian(room: Room, snap_compare: Snap) -> None:
    assert snap_compare(Host(room("sl", "propositions"), PropositionsScreen), terminal_size=SIZE)


def test_vote_open_in_slovenian_80x24(room: Room, snap_compare: Snap) -> None:
    assert snap_compare(Host(room("sl", "vote"), VoteScreen), terminal_size=SMALL)


def test_vote_closed_in_german(room: Room, snap_compare: Snap) -> None:
    assert snap_compare(Host(room("de", "commitments"), VoteScreen), terminal_size=SIZE)


def test_commitments_in_german_80x24(room: Room, snap_compare: Snap) -> None:
    assert snap_compare(Host(room("de", "commitments"), CommitmentsScreen), terminal_size=SMALL)


def test_commitments_in_slovenian(room: Room, snap_compare: Snap) -> None:
    assert snap_compare(Host(room("sl", "commitments"), CommitmentsScreen), terminal_size=SIZE)


def test_open_vote_dialog_80x24_in_polish(room: Room, snap_compare: Snap) -> None:
    app = Host(room("pl", "propositions"), VoteScreen)
    assert snap_compare(app, terminal_size=SMALL, run_before=keys("o"))


def test_commitment_dialog_80x24_with_a_refusal_in_dutch(room: Room, snap_compare: Snap) -> None:
    async def bad_date(pilot: Pilot) -> None:
        await pilot.pause()
        await pilot.press("e")
        date = pilot.app.screen.query_one("#by_when", Input)
        date.value = "1.3.2027"
        await pilot.press("ctrl+s")
        date.focus()  # the field in error, where the facilitator goes next
        await still(pilot)

    app = Host(room("nl", "commitments"), CommitmentsScreen)
    assert snap_compare(app, terminal_size=SMALL, run_before=bad_date)


def test_proposition_dialog_80x24_in_italian(room: Room, snap_compare: Snap) -> None:
    app = Host(room("it", "propositions"), PropositionsScreen)
    assert snap_compare(app, terminal_size=SMALL, run_before=keys("e"))


def test_new_theme_dialog_80x24_in_czech(room: Room, snap_compare: Snap) -> None:
    app = Host(room("cs", "themes"), ThemesScreen)
    assert snap_compare(app, terminal_size=SMALL, run_before=keys("n"))


def test_merge_dialog_80x24_in_slovenian(room: Room, snap_compare: Snap) -> None:
    app = Host(room("sl", "themes"), ThemesScreen)
    assert snap_compare(app, terminal_size=SMALL, run_before=keys("tab", "m"))


def test_close_vote_question_80x24_in_german(room: Room, snap_compare: Snap) -> None:
    app = Host(room("de", "vote"), VoteScreen)
    assert snap_compare(app, terminal_size=SMALL, run_before=keys("x"))
