"""The sense-making screens driven with the keyboard: themes, propositions, the dot-vote, commitments.

A small host app stands in for the facilitator app: it shows one screen and, like the real app, tells every
screen on the stack when the session changed. Each test asserts on what the store holds and on what the screen
shows; each refusal leaves the store's last event number where it was.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import UTC

import pytest
from rich.console import Console
from tests.tui.support import drive
from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input, RadioButton, SelectionList

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Phase, Sector, Source
from ai_toolkit.model.session import Contribution
from ai_toolkit.tui.dialogs.ask_text import AskText
from ai_toolkit.tui.dialogs.commitment import CommitmentDialog
from ai_toolkit.tui.dialogs.confirm import Confirm
from ai_toolkit.tui.dialogs.open_vote import OpenVoteDialog
from ai_toolkit.tui.dialogs.pick_theme import PickTheme
from ai_toolkit.tui.dialogs.proposition import PropositionDialog
from ai_toolkit.tui.dialogs.statement import Statement
from ai_toolkit.tui.messages import SessionChanged
from ai_toolkit.tui.screens.commitments import CommitmentsScreen
from ai_toolkit.tui.screens.propositions import PropositionsScreen
from ai_toolkit.tui.screens.themes import ThemesScreen
from ai_toolkit.tui.screens.vote import VoteScreen

pytestmark = pytest.mark.tui

MARKUP = "[bold]x[/bold] [@click=app.quit]boom[/]"


class Host(App[None]):
    """Shows one screen of a session and passes the service's news to every screen, as the real app does."""

    def __init__(self, facilitation: Facilitation, make: Callable[[Facilitation], Screen[None]]) -> None:
        super().__init__()
        self.facilitation = facilitation
        self.make = make
        self.zone = UTC

    def on_mount(self) -> None:
        self._off = self.facilitation.subscribe(self._heard)
        self.push_screen(self.make(self.facilitation))

    def _heard(self, records: list) -> None:
        for screen in self.screen_stack:
            screen.post_message(SessionChanged(records))

    def on_unmount(self) -> None:
        self._off()


def shown(app: App[None]) -> str:
    """The text on the terminal right now, as the facilitator sees it."""
    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), record=True)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


def notes(app: App[None]) -> list[str]:
    return [n.message for n in app._notifications]


def discover_room(f: Facilitation, texts: list[str]) -> list[Contribution]:
    """The session in Discover's interviews, a few people joined, their stories in."""
    f.start()
    f.advance()
    sectors = [Sector.CREATIVE, Sector.COMPANY, Sector.SCHOOL, Sector.ADMINISTRATION]
    people = [f.join(name=f"P{i}", sector=sectors[i % 4]).id for i in range(4)]
    return [
        f.add_contribution(text, source=Source.PARTICIPANT, participant_id=people[i % 4])
        for i, text in enumerate(texts)
    ]


STORIES = [
    "Our foundry opened its casting hall for the festival night",
    MARKUP,
    "The help desk in Škofja Loka answered forty artists",
    "Dijaki so izdelali rekvizite v robotskem krožku",
]


# -- themes --------------------------------------------------------------------------------------------------
def test_assigning_with_a_and_numbers_and_taking_out(session: Facilitation) -> None:
    cs = discover_room(session, STORIES)
    doors = session.create_theme("Industry opens its doors")
    learning = session.create_theme("Learning across sectors")

    async def steps(pilot: Pilot, app: Host) -> None:
        text = shown(app)
        assert "POSITIVE CORE · Discover" in text
        assert "NOT IN A THEME YET  4 of 4" in text
        assert MARKUP in text  # the words as typed, never read as markup
        await pilot.press("a")  # first contribution into the highlighted (first) theme
        assert session.state.contributions[cs[0].id].theme_id == doors.id
        await pilot.press("2")  # the next one comes up: into theme 2
        assert session.state.contributions[cs[1].id].theme_id == learning.id
        await pilot.pause()
        text = shown(app)
        assert re.search(r"1 Industry opens its doors\s+1\s+creative 1", text)
        assert re.search(r"2 Learning across sectors\s+1\s+company 1", text)
        assert "NOT IN A THEME YET  2 of 4" in text
        await pilot.press("tab", "tab")  # to the highlighted theme's contributions
        assert app.screen.focused is app.screen.query_one("#members")
        await pilot.press("u")
        assert session.state.contributions[cs[0].id].theme_id is None
        await pilot.pause()
        assert "NOT IN A THEME YET  3 of 4" in shown(app)

    drive(Host(session, ThemesScreen), steps, notifications=False, keeps_running=True)


def test_theme_names_empty_or_taken_are_refused_in_the_dialog(session: Facilitation) -> None:
    discover_room(session, STORIES[:2])

    async def steps(pilot: Pilot, app: Host) -> None:
        await pilot.press("n")
        assert isinstance(app.screen, AskText)
        await pilot.press(*"Open doors")
        await pilot.press("enter")
        assert [t.name for t in session.state.live_themes(Phase.DISCOVER)] == ["Open doors"]
        seq = session.store.last_seq()

        await pilot.press("n")
        app.screen.query_one(Input).value = "OPEN DOORS"
        await pilot.press("enter")
        assert isinstance(app.screen, AskText), "the dialog stays open with what was typed"
        assert "There is already a theme with that name in this phase." in shown(app)
        app.screen.query_one(Input).value = "   "
        await pilot.press("enter")
        assert "Nothing was saved: the theme name is empty." in shown(app)
        await pilot.press("escape")
        assert isinstance(app.screen, ThemesScreen)
        assert session.store.last_seq() == seq

        await pilot.press("r")
        assert app.screen.query_one(Input).value == "Open doors"
        app.screen.query_one(Input).value = "Doors wide open"
        await pilot.press("enter")
        await pilot.pause()
        assert [t.name for t in session.state.live_themes()] == ["Doors wide open"]
        assert "1 Doors wide open" in shown(app)

    drive(Host(session, ThemesScreen), steps, notifications=False, keeps_running=True)


def test_merge_picks_the_target_and_never_the_theme_itself(session: Facilitation) -> None:
    cs = discover_room(session, STORIES)
    doors = session.create_theme("Industry opens its doors")
    session.assign(cs[0].id, doors.id)

    async def steps(pilot: Pilot, app: Host) -> None:
        seq = session.store.last_seq()
        await pilot.press("m")  # the only theme: nothing to merge it into
        assert "There is no other theme to merge “Industry opens its doors” into; name one first (n)." in notes(app)
        assert session.store.last_seq() == seq

        halls = session.create_theme("Halls for makers")
        session.assign(cs[2].id, halls.id)
        await pilot.pause()
        await pilot.press("tab", "down")  # highlight "Halls for makers"
        await pilot.press("m")
        assert isinstance(app.screen, PickTheme)
        assert "Halls for makers  1" not in shown(app), "a theme is never offered as its own target"
        await pilot.press("enter")
        await pilot.pause()
        assert not session.state.themes[halls.id].live
        assert {c.id for c in session.state.theme_members(doors.id)} == {cs[0].id, cs[2].id}
        assert re.search(r"1 Industry opens its doors\s+2", shown(app))
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert session.state.themes[halls.id].live
        assert "Undone: merging the theme “Halls for makers”." in notes(app)

    drive(Host(session, ThemesScreen), steps, notifications=False, keeps_running=True)


def test_split_makes_a_new_theme_from_the_picked_contributions_and_one_undo_takes_it_back(
    session: Facilitation,
) -> None:
    cs = discover_room(session, STORIES)
    big = session.create_theme("Everything good")
    for c in cs:
        session.assign(c.id, big.id)

    async def steps(pilot: Pilot, app: Host) -> None:
        seq = session.store.last_seq()
        await pilot.press("s")
        assert "Pick the contributions for the new theme first" in notes(app)[-1]
        assert session.store.last_seq() == seq
        await pilot.press("tab", "tab", "space", "down", "space")  # pick the 1st and 3rd
        assert "2 picked, s splits them off" in shown(app)
        await pilot.press("s")
        assert isinstance(app.screen, AskText)
        await pilot.press(*"Learning")
        await pilot.press("enter")
        await pilot.pause()
        [new] = [t for t in session.state.live_themes() if t.name == "Learning"]
        assert {c.id for c in session.state.theme_members(new.id)} == {cs[0].id, cs[2].id}
        assert {c.id for c in session.state.theme_members(big.id)} == {cs[1].id, cs[3].id}
        assert re.search(r"2 Learning\s+2", shown(app))
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert {c.id for c in session.state.theme_members(big.id)} == {c.id for c in cs}
        assert [t.name for t in session.state.live_themes()] == ["Everything good"]

    drive(Host(session, ThemesScreen), steps, notifications=False, keeps_running=True)


def test_a_hidden_contribution_cannot_join_a_theme_and_can_be_shown_again(session: Facilitation) -> None:
    cs = discover_room(session, STORIES)
    session.create_theme("Industry opens its doors")
    session.hide_contribution(cs[0].id)

    async def steps(pilot: Pilot, app: Host) -> None:
        assert "hidden: Our foundry" in shown(app)
        seq = session.store.last_seq()
        await pilot.press("end")  # hidden ones wait at the bottom of the list
        await pilot.press("a")
        assert notes(app)[-1] == "A hidden contribution cannot go into a theme; show it again first (x)."
        assert session.store.last_seq() == seq
        await pilot.press("x")
        assert not session.state.contributions[cs[0].id].hidden
        await pilot.press("a")
        assert session.state.contributions[cs[0].id].theme_id is not None

    drive(Host(session, ThemesScreen), steps, notifications=False, keeps_running=True)


def test_phones_arrive_live_and_d_switches_to_the_dream(session: Facilitation) -> None:
    cs = discover_room(session, STORIES[:2])
    session.add_contribution("Every empty hall is a studio", phase=Phase.DREAM)

    async def steps(pilot: Pilot, app: Host) -> None:
        assert "NOT IN A THEME YET  2 of 2" in shown(app)
        phone = session.state.contributions[cs[0].id].participant_id
        session.add_contribution("The mayor came to the opening", source=Source.PARTICIPANT, participant_id=phone)
        await pilot.pause()
        text = shown(app)
        assert "NOT IN A THEME YET  3 of 3" in text and "The mayor came to the opening" in text
        await pilot.press("d")
        await pilot.press("n")
        await pilot.press(*"Halls")
        await pilot.press("enter", "a")
        await pilot.pause()
        text = shown(app)
        assert "DREAM THEMES · Dream" in text and re.search(r"1 Halls\s+1", text)
        [halls] = session.state.live_themes(Phase.DREAM)
        assert [c.text for c in session.state.theme_members(halls.id)] == ["Every empty hall is a studio"]

    drive(Host(session, ThemesScreen), steps, notifications=False, keeps_running=True)


def test_five_thousand_contributions_scroll_and_assign(session: Facilitation, clock) -> None:
    discover_room(session, [])
    with session.store.transaction():  # the data only: one transaction instead of 5,000
        for i in range(5000):
            session.store.append(
                ev.ContributionAdded(
                    contribution_id=f"c-{i}",
                    text=f"Story number {i}",
                    phase=Phase.DISCOVER,
                    activity_id="interviews",
                    source=Source.FACILITATOR,
                    sector=Sector.CREATIVE,
                ),
                at=clock(),
            )
    session.refresh()
    theme = session.create_theme("Plenty")

    async def steps(pilot: Pilot, app: Host) -> None:
        assert "NOT IN A THEME YET  5000 of 5000" in shown(app)
        await pilot.press("end")
        assert "Story number 4999" in shown(app)
        await pilot.press("a")
        assert [c.text for c in session.state.theme_members(theme.id)] == ["Story number 4999"]
        await pilot.press("pageup", "pageup", "a")
        assert len(session.state.theme_members(theme.id)) == 2

    drive(Host(session, ThemesScreen), steps, notifications=False, keeps_running=True)


# -- propositions --------------------------------------------------------------------------------------------
def design_room(f: Facilitation) -> tuple[str, str]:
    discover_room(f, STORIES[:2])
    core = f.create_theme("Industry opens its doors").id
    f.go_to_phase(Phase.DREAM)
    dream = f.create_theme("Halls full of makers", phase=Phase.DREAM).id
    f.go_to_phase(Phase.DESIGN)
    return core, dream


def test_propositions_are_written_linked_edited_and_hidden(session: Facilitation) -> None:
    core, dream = design_room(session)

    async def steps(pilot: Pilot, app: Host) -> None:
        assert "No propositions yet: press n to write the first one." in shown(app)
        await pilot.press("n")
        dialog = app.screen
        assert isinstance(dialog, PropositionDialog)
        seq = session.store.last_seq()
        await pilot.press("enter")
        assert "Nothing was saved: the proposition is empty." in shown(app)
        assert session.store.last_seq() == seq
        dialog.query_one(Statement).text = "We are a region where every silent factory hall becomes a workshop"
        await pilot.press("tab", "space", "down", "space")  # tick both themes
        await pilot.press("ctrl+s")
        await pilot.pause()
        [p] = session.state.propositions.values()
        assert p.theme_ids == [dream, core]
        text = shown(app)
        assert "We are a region where every silent factory hall" in text
        assert "Builds on: Halls full of makers, Industry opens its doors" in text

        await pilot.press("e")
        assert app.screen.query_one(SelectionList).selected == [dream, core]
        app.screen.query_one(Statement).text = MARKUP
        await pilot.press("tab", "space")  # untick the dream theme
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.state.propositions[p.id].text == MARKUP
        assert session.state.propositions[p.id].theme_ids == [core]
        assert MARKUP in shown(app)

        await pilot.press("x")
        await pilot.pause()
        assert session.state.propositions[p.id].hidden
        assert "0 propositions · 1 hidden" in shown(app)

    drive(Host(session, PropositionsScreen), steps, notifications=False, keeps_running=True)


# -- the dot-vote --------------------------------------------------------------------------------------------
def test_vote_opens_fills_live_and_closes_with_a_ranking(session: Facilitation) -> None:
    design_room(session)
    a = session.add_proposition("We are a region where halls become workshops")
    b = session.add_proposition(MARKUP)
    people = [session.join(sector=Sector.COMPANY).id for _ in range(4)]

    async def steps(pilot: Pilot, app: Host) -> None:
        assert "No vote yet" in shown(app)
        seq = session.store.last_seq()
        await pilot.press("x")
        assert notes(app)[-1] == "No vote is open."
        await pilot.press("o")
        dialog = app.screen
        assert isinstance(dialog, OpenVoteDialog)
        assert dialog.query_one("#on-propositions", RadioButton).value, "in Design the propositions come first"
        dialog.query_one("#on-dream", RadioButton).value = True
        dialog.query_one("#dots", Input).value = "0"
        await pilot.press("ctrl+s")
        assert "The dots must be a whole number from 1 to 20, for example 3." in shown(app)
        dialog.query_one("#dots", Input).value = "3"
        dialog.query_one("#on-propositions", RadioButton).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        vote = session.state.open_vote
        assert vote is not None and vote.title == "Which propositions matter most?" and vote.dots == 3
        assert seq < session.store.last_seq()
        text = shown(app)
        assert "0 of 8 joined have voted · 0 of 24 dots placed" in text
        assert MARKUP in text

        seq = session.store.last_seq()
        await pilot.press("o")
        assert notes(app)[-1] == "The vote “Which propositions matter most?” is still open; close it first (x)."
        assert session.store.last_seq() == seq

        await pilot.press("x")  # nobody voted yet: ask first
        assert isinstance(app.screen, Confirm)
        question = "Nobody has voted in “Which propositions matter most?” yet (8 joined). Close it anyway?"
        assert app.screen.question == question and "Close it anyway?" in shown(app)
        await pilot.press("n")
        assert session.state.open_vote is not None and session.store.last_seq() == seq

        session.cast(vote.id, people[0], {"o2": 3})
        session.cast(vote.id, people[1], {"o1": 1, "o2": 2})
        await pilot.pause()
        text = shown(app)
        assert "2 of 8 joined have voted · 6 of 24 dots placed" in text
        assert re.search(r"1  We are a region where halls become workshops\s+│?\s+█+░+\s+1 dot\s+17%", text)
        assert re.search(r"2  " + re.escape(MARKUP) + r"\s+│?\s+█+\s+5 dots\s+83%", text)

        await pilot.press("x")
        assert "2 of 8 joined have voted; phones can no longer change their dots." in app.screen.question
        assert "Close the vote (y)" in shown(app)
        await pilot.press("y")
        await pilot.pause()
        closed = session.state.votes[vote.id]
        assert not closed.is_open
        assert [(o.ref, n) for o, n in closed.tally()] == [(b.id, 5), (a.id, 1)]
        text = shown(app)
        assert "Which propositions matter most?  CLOSED · ranking" in text
        assert re.search(r" 1\. " + re.escape(MARKUP), text) and re.search(r" 2\. We are a region", text)

    drive(Host(session, VoteScreen), steps, notifications=False, keeps_running=True)


def test_a_vote_with_no_options_is_refused(session: Facilitation) -> None:
    design_room(session)

    async def steps(pilot: Pilot, app: Host) -> None:
        seq = session.store.last_seq()
        await pilot.press("o")
        dialog = app.screen
        assert "Provocative propositions (0)" in shown(app)
        dialog.query_one("#on-propositions", RadioButton).value = True
        await pilot.press("ctrl+s")
        assert "There is nothing to vote on there yet" in shown(app)
        assert isinstance(app.screen, OpenVoteDialog)
        dialog.query_one("#dots", Input).value = ""
        await pilot.press("ctrl+s")
        assert "The dots must be a whole number from 1 to 20, for example 3." in shown(app)
        await pilot.press("escape")
        assert session.store.last_seq() == seq and not session.state.votes

    drive(Host(session, VoteScreen), steps, notifications=False, keeps_running=True)


# -- commitments ---------------------------------------------------------------------------------------------
def destiny_room(f: Facilitation) -> str:
    design_room(f)
    f.go_to_phase(Phase.DESTINY)
    return f.join(name="Maja K.", sector=Sector.CREATIVE, consent_named=True).id


def test_commitments_validate_what_and_date_and_set_the_owner(session: Facilitation) -> None:
    maja = destiny_room(session)

    async def steps(pilot: Pilot, app: Host) -> None:
        await pilot.press("n")
        dialog = app.screen
        assert isinstance(dialog, CommitmentDialog)
        seq = session.store.last_seq()
        await pilot.press("enter")
        assert "Nothing was saved: the commitment is empty." in shown(app)
        dialog.query_one(Statement).text = "Open the foundry hall for a makers' weekend"
        for typed, message in (
            ("23.12.2026", "Write the date as YYYY-MM-DD, for example 2027-03-31."),
            ("2026-11-22", "That date is in the past: choose today or a later day."),
        ):
            dialog.query_one("#by_when", Input).value = typed
            await pilot.press("ctrl+s")
            assert message in shown(app)
            assert session.store.last_seq() == seq
        dialog.query_one("#by_when", Input).value = "2027-03-01"
        dialog.query_one("#first_step", Input).value = "Ask the board"
        await pilot.press("ctrl+s")
        await pilot.pause()
        [k] = session.state.commitments.values()
        assert (k.what, k.who, str(k.by_when), k.first_step) == (
            "Open the foundry hall for a makers' weekend",
            "",
            "2027-03-01",
            "Ask the board",
        )
        text = shown(app)
        assert "1 commitment · 1 still need a person or a date" in text and "nobody yet" in text

        await pilot.press("w")
        assert isinstance(app.screen, AskText)
        await pilot.press(*"Tomaz")
        await pilot.press("enter")
        await pilot.pause()
        assert session.state.commitments[k.id].who == "Tomaz"
        assert "still need a person" not in shown(app)

        session.add_commitment(MARKUP, source=Source.PARTICIPANT, participant_id=maja, by_when="2027-01-15")
        await pilot.pause()
        text = shown(app)
        assert MARKUP in text and "Maja K." in text and "2027-01-15" in text

        await pilot.press("e")  # edit the first one in place
        app.screen.query_one("#support_needed", Input).value = "Insurance advice"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert session.state.commitments[k.id].support_needed == "Insurance advice"
        assert session.state.commitments[k.id].who == "Tomaz"

        await pilot.press("x")
        assert session.state.commitments[k.id].hidden
        await pilot.press("ctrl+z")
        assert not session.state.commitments[k.id].hidden

    drive(Host(session, CommitmentsScreen), steps, notifications=False, keeps_running=True)


def test_the_command_palette_offers_the_keys_of_the_view_in_front(session: Facilitation) -> None:
    discover_room(session, STORIES[:1])

    async def steps(pilot: Pilot, app: Host) -> None:
        await pilot.press("ctrl+p")
        await pilot.press(*"name a new")
        await pilot.pause(0.3)
        assert "Name a new theme" in shown(app) and "key: n" in shown(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AskText), "the palette ran the view's own action"
        await pilot.press(*"Open doors")
        await pilot.press("enter")
        assert [t.name for t in session.state.live_themes()] == ["Open doors"]

    drive(Host(session, ThemesScreen), steps, notifications=False, keeps_running=True)


def test_hostile_and_non_latin_text_is_shown_as_written_and_cleaned_only_of_what_xml_forbids(
    session: Facilitation,
) -> None:
    texts = ["Łódź ęő čšž 🎉 שלום", "a\tb\nc <script>alert(1)</script>", "x" * 10_000]
    cs = discover_room(session, texts)

    async def steps(pilot: Pilot, app: Host) -> None:
        text = shown(app)
        assert "Łódź ęő čšž 🎉 שלום" in text
        assert "a b c <script>alert(1)</script>" in text  # one line in the list
        assert "xxxx…" in text  # 10,000 characters: cut to the column, never wrapped over the screen
        await pilot.press("n")
        app.screen.query_one(Input).value = "Kraj\ud800 ustvarjalnih\x07 ljudi 🎨 [bold]"
        await pilot.press("enter")
        [theme] = session.state.live_themes()
        assert theme.name == "Kraj ustvarjalnih ljudi 🎨 [bold]"
        await pilot.press("a")
        await pilot.pause()
        assert re.search(r"1 Kraj ustvarjalnih ljudi 🎨 \[bold\]\s+1", shown(app))
        assert session.state.contributions[cs[0].id].theme_id == theme.id
        await pilot.press("escape")
        assert not isinstance(app.screen, ThemesScreen), "escape goes back"

    drive(Host(session, ThemesScreen), steps, notifications=False, keeps_running=True)


def test_the_vote_dialog_preselects_a_set_with_something_in_it_and_the_toast_cuts_at_a_word(
    session: Facilitation,
) -> None:
    _, dream = design_room(session)  # in Design, but no proposition yet: the propositions are empty
    session.rename_theme(dream, "Halls full of makers who live, work and play there")
    people = [session.join(sector=Sector.CITIZEN).id for _ in range(2)]

    async def steps(pilot: Pilot, app: Host) -> None:
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, OpenVoteDialog)
        assert "Provocative propositions (0)" in shown(app)
        assert not dialog.query_one("#on-propositions", RadioButton).value, "an empty set is never preselected"
        assert dialog.query_one("#on-dream", RadioButton).value
        assert dialog.query_one("#title", Input).value == "Which dream matters most?"
        await pilot.press("enter")  # at once, on the list: the preselected set opens
        await pilot.pause()
        vote = session.state.open_vote
        assert vote is not None and vote.title == "Which dream matters most?"
        assert [o.ref for o in vote.options] == [dream]
        session.cast(vote.id, people[0], {vote.options[0].id: 3})
        await pilot.press("x", "y")
        await pilot.pause()
        toast = notes(app)[-1]
        assert toast.startswith("Vote closed. Top: "), toast
        assert toast.count("…") == 1 and "…live, work an" not in toast and "work an (" not in toast, toast
        assert re.search(r"\w… \(3\)\.$", toast), toast
        # The title follows the set chosen, until the facilitator writes their own.
        await pilot.press("o")
        await pilot.pause()
        dialog = app.screen
        dialog.query_one("#on-discover", RadioButton).value = True
        await pilot.pause()
        assert dialog.query_one("#title", Input).value == "What is our greatest strength?"
        dialog.query_one("#title", Input).value = "Our own title"
        dialog.query_one("#on-dream", RadioButton).value = True
        await pilot.pause()
        assert dialog.query_one("#title", Input).value == "Our own title", "a title of one's own is kept"
        await pilot.press("down", "enter")  # the arrows move on the list; Enter takes the highlighted one
        await pilot.pause()
        vote = session.state.open_vote
        assert vote is not None and vote.title == "Our own title" and vote.options[0].ref != dream

    drive(Host(session, VoteScreen), steps, keeps_running=True)


def test_at_80x24_the_commitments_table_keeps_every_column_and_the_pane_shows_it_whole(
    session: Facilitation,
) -> None:
    destiny_room(session)
    session.add_commitment(
        "Open the foundry hall for a makers' weekend every spring, with the school's robotics club",
        who="Tomaž Rozman from the foundry",
        by_when="2027-03-01",
        first_step="Ask the board in December whether the insurance covers visitors",
        support_needed="Insurance advice from the municipality",
    )

    async def steps(pilot: Pilot, app: Host) -> None:
        text = shown(app)
        header = next(line for line in text.splitlines() if "What" in line and "Who" in line)
        for heading in ("#", "What", "Who", "By when", "First step", "Support"):
            assert heading in header, header
        row = next(line for line in text.splitlines() if "2027-03-01" in line)
        assert row.count("…") >= 2, "long cells are cut, each with one ellipsis"
        pane = " ".join(line.strip() for line in text.split("─" * 20)[-1].splitlines())
        for whole in (
            "every spring, with the school's robotics club",
            "Who: Tomaž Rozman from the foundry",
            "whether the insurance covers visitors",
            "Support needed: Insurance advice from the municipality",
        ):
            assert whole in pane, f"the pane under the table shows every field whole: {whole!r} in\n{text}"

    drive(Host(session, CommitmentsScreen), steps, (80, 24), notifications=False, keeps_running=True)
