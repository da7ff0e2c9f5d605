"""The facilitator's main screen, driven with the keyboard: typing, moving through the agenda, moderating,
the countdown after a restart, refusals in plain words, markup shown as text, narrow terminals.

Each test asserts on what lands in the store and on what the screen shows.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.conftest import FakeClock
from tests.tui.support import (
    StandInServer,
    drive,
    feed_rows,
    make_app,
    notes,
    screen_text,
    settle,
    type_text,
    until,
    with_many_contributions,
)
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from ai_toolkit.facilitation import Facilitation, open_session
from ai_toolkit.model.enums import Phase, Sector, Source
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.tui.app import FacilitatorApp
from ai_toolkit.tui.dialogs.confirm import Confirm
from ai_toolkit.tui.dialogs.edit_text import EditText
from ai_toolkit.tui.presence import Presence
from ai_toolkit.tui.screens.help import KEYS, HelpScreen
from ai_toolkit.tui.screens.main import MainScreen
from ai_toolkit.tui.widgets.countdown import Countdown
from ai_toolkit.tui.widgets.entry import ContributionEntry
from ai_toolkit.tui.widgets.feed import Feed

pytestmark = pytest.mark.tui


def started(session: Facilitation) -> Facilitation:
    """The tiny plan at its Discover interviews (20 min)."""
    session.start()
    session.advance()
    return session


def test_typed_contribution_is_recorded_with_its_sector_and_shown_on_top(session: Facilitation) -> None:
    started(session)
    session.add_contribution("An older story from the Welcome", sector="school")

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        entry = app.screen.query_one("#entry-text", Input)
        assert app.focused is entry, "the input has the focus when the screen opens"
        await pilot.press("f2", "f2")  # other -> creative -> administration
        assert "F2 sector: administration" in screen_text(app)
        await type_text(pilot, "Ljubljana šola č ž ł ő")
        entry.insert_text_at_cursor(" – 🎭")  # what a paste does; Pilot has no key for these
        await pilot.press("enter")
        await settle(pilot)
        latest = list(session.state.contributions.values())[-1]
        assert latest.text == "Ljubljana šola č ž ł ő – 🎭"
        assert latest.sector == Sector.ADMINISTRATION and latest.source == Source.FACILITATOR
        assert latest.phase == Phase.DISCOVER and latest.activity_id == "interviews"
        assert entry.value == "", "the input is emptied for the next card"
        rows = feed_rows(app)
        assert "◆ admin" in rows[0] and "Ljubljana šola č ž ł ő – 🎭" in rows[0], rows
        assert "An older story" in rows[1]
        assert "2 contributions" in screen_text(app)

    drive(make_app(session), scenario)
    # On disk, for a second process:
    again = open_session(SessionsDir(session.folder.parent), session.state.info.id)
    assert [c.text for c in again.state.contributions.values()][-1] == "Ljubljana šola č ž ł ő – 🎭"
    again.close()


def test_refused_contribution_keeps_the_text_and_says_why_in_plain_words(session: Facilitation) -> None:
    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        await type_text(pilot, "A paper card")
        await pilot.press("enter")
        await settle(pilot)
        assert session.state.contributions == {}
        assert app.screen.query_one("#entry-text", Input).value == "A paper card", "nothing typed is lost"
        assert any("press ctrl+n to start" in n for n in notes(app)), notes(app)
        await pilot.press("ctrl+n")  # start; the text is still there, Enter again records it
        await pilot.press("enter")
        await settle(pilot)
        assert [c.text for c in session.state.contributions.values()] == ["A paper card"]
        # Empty input: Enter does nothing, no error.
        await pilot.press("enter")
        await settle(pilot)
        assert len(session.state.contributions) == 1

    drive(make_app(session), scenario)


def test_a_huge_paste_is_refused_with_the_limit_and_kept(session: Facilitation) -> None:
    started(session)

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        entry = app.screen.query_one("#entry-text", Input)
        entry.value = "x" * 10_001
        await pilot.press("enter")
        await settle(pilot)
        assert session.state.contributions == {}
        assert entry.value == "x" * 10_001
        assert "The contribution is too long: at most 10000 characters." in notes(app)[-1], notes(app)

    drive(make_app(session), scenario)


def test_moving_through_the_phases_with_keys_and_the_palette(session: Facilitation, clock: FakeClock) -> None:
    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        assert "Not started yet" in screen_text(app)
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert session.state.current_activity is not None and session.state.current_activity.id == "welcome"
        clock.advance(minutes=6)
        await pilot.press("ctrl+n")
        await settle(pilot)
        text = screen_text(app)
        assert "DISCOVER · Appreciative interviews" in text
        assert "“Tell a story of a high point.”" in text
        assert "✓ Define    0:06" in text and "▶ Discover" in text, text
        # In the feed, plain letters and arrows move too.
        await pilot.press("escape")
        assert isinstance(app.focused, Feed)
        await pilot.press("n")
        await settle(pilot)
        assert session.state.current_activity.id == "positive-core"
        await pilot.press("left")
        await settle(pilot)
        assert session.state.current_activity.id == "interviews"
        await pilot.press("b", "b")
        await settle(pilot)
        assert session.state.current_activity.id == "welcome"
        assert any("first activity" in n for n in notes(app)), "going back from the first step is refused plainly"
        # The command palette: every action by name.
        await pilot.press("ctrl+p")
        await type_text(pilot, "Go to Destiny")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot, 5)
        assert session.state.current_phase == Phase.DESTINY
        assert "DESTINY · Commitments" in screen_text(app)
        await pilot.press("n")  # after the last activity: the end, after a question
        await settle(pilot)
        assert isinstance(app.screen, Confirm) and session.state.ended_at is None
        await pilot.press("escape")  # not yet
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and session.state.ended_at is None
        await pilot.press("n", "y")
        await settle(pilot)
        assert session.state.ended_at is not None
        assert "The session has ended" in screen_text(app)

    drive(make_app(session), scenario)


def test_countdown_resumes_from_the_stored_start_after_a_restart(
    session: Facilitation, clock: FakeClock, sessions: SessionsDir
) -> None:
    started(session)
    clock.advance(minutes=18, seconds=30)  # 20-minute interviews: 1:30 left

    async def first(pilot: Pilot[None], app: FacilitatorApp) -> None:
        countdown = app.screen.query_one(Countdown)
        assert countdown.label == "01:30 left"
        assert countdown.has_class("-warning") and not countdown.has_class("-overtime")
        assert "01:30 left" in screen_text(app)
        await type_text(pilot, "Before the crash")
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("ctrl+q")

    app = make_app(session)
    drive(app, first)
    assert app.return_code == 0
    session.close()

    clock.advance(minutes=3)  # the laptop was off for three minutes
    resumed = open_session(sessions, session.state.info.id, clock=clock)

    async def second(pilot: Pilot[None], app: FacilitatorApp) -> None:
        countdown = app.screen.query_one(Countdown)
        assert countdown.label == "+01:30 over"
        assert countdown.has_class("-overtime")
        text = screen_text(app)
        assert "+01:30 over" in text and "DISCOVER · Appreciative interviews" in text
        assert "Before the crash" in feed_rows(app)[0]
        clock.advance(seconds=30)
        await until(pilot, lambda: countdown.label == "+02:00 over")  # the countdown ticks by itself

    drive(make_app(resumed), second)
    resumed.close()


MARKUP = ["[bold]x[/bold]", "[@click=app.quit]boom[/]", "[red]x", "[/]", "\\[link=https://x]y"]


def test_participants_markup_is_shown_literally_and_never_acts(session: Facilitation) -> None:
    started(session)
    p = session.join(name="[b]Eve[/b]", sector="creative", consent_named=True)
    for text in MARKUP:
        session.add_contribution(text, source=Source.PARTICIPANT, participant_id=p.id)

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        rows = feed_rows(app)
        for text, row in zip(reversed(MARKUP), rows, strict=False):
            assert row.endswith(text), (text, row)
        # Typed by the facilitator too, key by key.
        await type_text(pilot, "[@click=app.quit]typed[/]")
        await pilot.press("enter")
        await settle(pilot)
        assert list(session.state.contributions.values())[-1].text == "[@click=app.quit]typed[/]"
        assert feed_rows(app)[0].endswith("[@click=app.quit]typed[/]")
        # Clicking the rows does not run the "link": the app is still there.
        feed = app.screen.query_one(Feed)
        for y in range(len(MARKUP) + 1):
            await pilot.click(Feed, offset=(30, y))
            await settle(pilot, 1)
        assert app.is_running
        assert "[@click=app.quit]boom[/]" in screen_text(app)
        feed.focus()
        await settle(pilot)
        assert "[b]Eve[/b]" in screen_text(app), "a consenting name is shown, as typed"

    drive(make_app(session), scenario)


def test_edit_hide_show_and_undo_the_highlighted_contribution(session: Facilitation) -> None:
    started(session)
    p = session.join(sector="company")
    first = session.add_contribution("Our foundry opened its hall", source=Source.PARTICIPANT, participant_id=p.id)
    second = session.add_contribution("Tipo in the text", source=Source.PARTICIPANT, participant_id=p.id)

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        await pilot.press("escape")  # to the feed; the newest is highlighted
        feed = app.screen.query_one(Feed)
        assert feed.highlighted is not None and feed.highlighted.id == second.id
        assert "Tipo in the text" in screen_text(app), "the detail under the feed shows the whole text"
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EditText)
        area = app.screen.query_one(TextArea)
        area.text = "Typo fixed [bold]"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert session.state.contributions[second.id].text == "Typo fixed [bold]"
        assert session.state.contributions[second.id].edited
        assert "Typo fixed [bold] ✎" in feed_rows(app)[0]
        # Escape in the dialog changes nothing.
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one(TextArea).text = "should not be saved"
        await pilot.press("escape")
        await settle(pilot)
        assert session.state.contributions[second.id].text == "Typo fixed [bold]"
        # Hide the older one, then show it again.
        await pilot.press("down", "h")
        await settle(pilot)
        assert session.state.contributions[first.id].hidden
        assert "hidden: Our foundry" in feed_rows(app)[1]
        assert "1 contribution" in screen_text(app) and "1 contributions" not in screen_text(app)
        await pilot.press("h")
        await settle(pilot)
        assert not session.state.contributions[first.id].hidden
        # Undo takes back the last change (the showing), then the hiding, then the edit.
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert session.state.contributions[first.id].hidden
        await pilot.press("ctrl+z", "ctrl+z")
        await settle(pilot)
        assert session.state.contributions[second.id].text == "Tipo in the text"
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert "There is nothing to undo." in notes(app)
        assert "Undone: the correction of a contribution." in notes(app), notes(app)

    drive(make_app(session), scenario)


def test_changes_from_another_process_appear_without_a_key(session: Facilitation, sessions: SessionsDir) -> None:
    started(session)
    other = open_session(sessions, session.state.info.id)

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        other.add_contribution("Typed in a second shell", sector="citizen")
        other.advance()
        await until(
            pilot, lambda: all(words in screen_text(app) for words in ("Typed in a second shell", "Positive core"))
        )
        assert "Typed in a second shell" in feed_rows(app)[0]
        assert "DISCOVER · Positive core" in screen_text(app)

    drive(make_app(session, refresh_seconds=0.1), scenario)
    other.close()


def test_help_lists_every_key_of_the_app_and_the_main_screen(session: Facilitation) -> None:
    listed = " ".join(key for _, rows in KEYS for key, _ in rows)
    bindings = [*FacilitatorApp.BINDINGS, *MainScreen.BINDINGS, *Feed.BINDINGS, *ContributionEntry.BINDINGS]
    for binding in bindings:
        for key in binding.key.split(","):  # type: ignore[union-attr]
            shown = {"question_mark": "?", "pageup": "page up", "pagedown": "page down"}.get(key, key)
            assert shown in listed, f"{key} is not in the help"

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        assert "correct the highlighted contribution" in text and "ctrl+q" in text
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)

    drive(make_app(session), scenario)


def test_view_keys_open_the_sense_making_screens_and_escape_returns(session: Facilitation) -> None:
    started(session)

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        await type_text(pilot, "tpvc")  # in the input these are letters, not keys
        assert isinstance(app.screen, MainScreen)
        assert app.screen.query_one("#entry-text", Input).value == "tpvc"
        await pilot.press("escape")
        for key, name in [("t", "ThemesScreen"), ("p", "PropositionsScreen"), ("v", "VoteScreen")]:
            await pilot.press(key)
            await settle(pilot)
            assert type(app.screen).__name__ == name
        await pilot.press("c")  # from one view to the next replaces it: one Escape leads back
        await settle(pilot)
        assert type(app.screen).__name__ == "CommitmentsScreen"
        assert len(app.screen_stack) == 3  # the default screen, the main screen, the view
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)

    drive(make_app(session), scenario)


def test_narrow_terminal_hides_the_join_panel_but_keeps_the_address_and_the_input(session: Facilitation) -> None:
    started(session)

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        assert not app.screen.query_one("#room").display
        text = screen_text(app)
        assert "Join: http://192.168.1.20:8000/j/Xq3v_Zk9-ytYwE0aC1bRr7uLmN2pO4sT" in text
        assert "20:00 left" in text, "the countdown stays visible at 80×24"
        await type_text(pilot, "Still usable")
        await pilot.press("enter")
        await settle(pilot)
        assert "Still usable" in feed_rows(app)[0]

    drive(make_app(session, server=lambda f: StandInServer()), scenario, size=(80, 24))


def test_wide_terminal_shows_qr_address_and_sectors(session: Facilitation) -> None:
    started(session)
    for sector in ["creative", "creative", "school"]:
        session.join(sector=sector)
    server = StandInServer()

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        text = screen_text(app)
        assert "http://192.168.1.20:8000/j/Xq3v_Zk9" in text
        assert app.screen.query_one("#join-qr").display, "the whole QR code fits at 200×50"
        assert "▀" in text and "█" in text
        assert "3 joined" in text
        lines = text.splitlines()
        assert any("creative" in line and " 2 " in line for line in lines)
        assert server.served

    drive(make_app(session, server=lambda f: server), scenario, size=(200, 50))
    assert server.stopped, "quitting stops the server and waits for it"


def test_no_server_says_phones_cannot_join(session: Facilitation) -> None:
    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        assert "Phones cannot join" in screen_text(app)

    drive(make_app(session), scenario)


def test_a_feed_of_5000_renders_only_the_visible_rows(session: Facilitation, tmp_path: Path) -> None:
    started(session)
    session.join(sector="company")
    big = with_many_contributions(session, SessionsDir(tmp_path / "big"), 5000)

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        feed = app.screen.query_one(Feed)
        assert feed.row_count == 5000
        assert feed_rows(app)[0].endswith("Contribution 4999")
        drawn: list[int] = []
        original = feed._line_text

        def counting(c, line, lines):
            drawn.append(1)
            return original(c, line, lines)

        feed._line_text = counting  # type: ignore[method-assign]
        feed.focus()
        await pilot.press("end")
        await settle(pilot)
        assert feed.highlighted is not None and feed.highlighted.text == "Contribution 0"
        assert feed_rows(app)[-1].endswith("Contribution 0")
        assert len(drawn) < 5 * feed.size.height, f"drew {len(drawn)} rows for a jump to the end"

    drive(make_app(big), scenario)
    big.close()


def test_clock_times_in_the_feed_follow_the_zone(session: Facilitation, clock: FakeClock) -> None:
    started(session)
    session.add_contribution("At nine UTC")
    from zoneinfo import ZoneInfo

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        assert feed_rows(app)[0].startswith("10:00 ◆"), feed_rows(app)

    assert clock.now == datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
    drive(make_app(session, zone=ZoneInfo("Europe/Ljubljana")), scenario)


def test_at_80x24_a_real_plan_keeps_the_countdown_and_cuts_prompt_and_instructions_with_one_ellipsis(
    sessions: SessionsDir,
    toolbox,
) -> None:
    from ai_toolkit.demo import build_demo

    f = build_demo(sessions, toolbox, until=Phase.DISCOVER)
    activity = f.state.current_activity
    assert activity is not None
    prompt, instructions = activity.prompt["en"], activity.instructions["en"]

    async def small(pilot: Pilot[None], app: FacilitatorApp) -> None:
        text = screen_text(app)
        assert "DISCOVER · Appreciative interviews" in text
        assert " left" in text, "the countdown is on screen"
        shown_prompt = str(app.screen.query_one("#activity-prompt").render())
        shown_notes = str(app.screen.query_one("#activity-instructions").render())
        assert len(shown_prompt.splitlines()) == 3 and shown_prompt.endswith("…"), shown_prompt
        assert len(shown_notes.splitlines()) == 2 and shown_notes.endswith("…"), shown_notes
        assert shown_prompt.count("…") == 1 and shown_notes.count("…") == 1
        assert instructions[:30] in text, "the facilitator's notes stay on screen, shortened"
        last_line = shown_notes.splitlines()[-1].removesuffix("…").strip()
        end = instructions.index(last_line) + len(last_line)
        assert not instructions[end].isalnum(), "cut after a whole word, not inside one"
        assert prompt[:20] in text

    async def large(pilot: Pilot[None], app: FacilitatorApp) -> None:
        text = screen_text(app)
        assert " left" in text and instructions[:30] in text

    drive(make_app(f), small, size=(80, 24))
    drive(make_app(f), large, size=(120, 40))
    f.close()


def test_m_writes_the_minutes_in_another_process_while_the_session_goes_on(session: Facilitation) -> None:
    started(session)
    session.add_contribution("Naša livarna je odprla halo za festival", sector=Sector.COMPANY)

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        await pilot.press("escape")  # leave the input: single letters are keys now
        await pilot.press("m")
        # The other process needs a few seconds to start and write (as long as its own 120 s bound when busy).
        answered = ("Minutes written", "The minutes could not")
        await until(pilot, lambda: any(n.startswith(answered) for n in notes(app)), 120)
        written = [n for n in notes(app) if n.startswith("Minutes written: ")]
        assert written, notes(app)
        path = Path(written[0].removeprefix("Minutes written: "))
        assert path.parent == session.folder and path.suffix == ".docx"
        from docx import Document  # the test reads the file; the TUI never imports docx

        text = "\n".join(p.text for p in Document(str(path)).paragraphs)
        assert session.state.info.title in text
        assert isinstance(app.screen, MainScreen)

    drive(make_app(session), scenario)


LONG = (
    "Our foundry opened its casting hall for the festival night: four hundred people saw molten iron poured to "
    "music, and three designers asked the next morning whether they could rent the old pattern shop for a year."
)


def test_the_feed_shows_the_highlighted_contribution_whole_and_two_lines_of_the_others(session: Facilitation) -> None:
    started(session)
    p = session.join(sector="company")
    older = session.add_contribution(LONG, source=Source.PARTICIPANT, participant_id=p.id)
    session.add_contribution("Short and whole.", source=Source.PARTICIPANT, participant_id=p.id)
    newest = session.add_contribution(
        LONG.replace("foundry", "sawmill"), source=Source.PARTICIPANT, participant_id=p.id
    )

    def words(rows: list[str]) -> str:
        return " ".join(row[19:].strip() for row in rows)

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        rows = feed_rows(app)
        # The newest is highlighted while typing: every word of it, wrapped under itself.
        assert words(rows[: len(rows) - 3]).startswith(newest.text[:60])
        assert "pattern shop for a year." in words(rows), rows
        assert any(row.endswith("Short and whole.") for row in rows)
        # The older long one: two lines, the second ending in one ellipsis at a word.
        last_two = rows[-2:]
        assert last_two[0].startswith(("09:00 ●", "09:00 ◆")) and last_two[1].startswith(" " * 19), rows
        assert last_two[1].endswith("…") and last_two[1].count("…") == 1
        assert "pattern shop" not in words(last_two)
        # In the feed, the cursor opens the older one and folds the newest back to two lines.
        await pilot.press("escape", "end")
        await settle(pilot)
        assert app.screen.query_one(Feed).highlighted.id == older.id  # type: ignore[union-attr]
        rows = feed_rows(app)
        assert words(rows[-5:]).endswith("pattern shop for a year."), rows
        assert rows[1].endswith("…") and "sawmill" in rows[0]

    drive(make_app(session), scenario, size=(120, 40))


def test_at_80x24_under_a_real_prompt_the_others_take_one_line_and_the_highlighted_one_all(
    sessions: SessionsDir,
    toolbox,
) -> None:
    from ai_toolkit.demo import build_demo

    f = build_demo(sessions, toolbox, until=Phase.DISCOVER)
    for i in range(6):
        f.add_contribution(f"{i}: {LONG}", sector="creative")

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        feed = app.screen.query_one(Feed)
        assert feed.size.height < 12, "a short feed: one line for each contribution but the highlighted one"
        rows = feed.visible_rows()
        starts = [i for i, row in enumerate(rows) if re.match(r"\d\d:\d\d ", row)]
        assert starts[0] == 0 and starts[1] > 2, "the newest spans several lines"
        assert all(b - a == 1 for a, b in zip(starts[1:], starts[2:], strict=False)), "\n".join(rows)
        assert all(rows[i].endswith("…") and rows[i].count("…") == 1 for i in starts[1:])

    drive(make_app(f), scenario, size=(80, 24))
    f.close()


def test_the_agenda_shows_each_activitys_minutes_used_and_planned(session: Facilitation, clock: FakeClock) -> None:
    started(session)  # Discover: the interviews (20 min) and the positive core (10 min)
    clock.advance(minutes=12)

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        text = screen_text(app)
        assert re.search(r"▶ Appreciativ\S* +12/20′", text), text
        assert re.search(r"  Positive core +10′", text)
        clock.advance(minutes=10)  # over the planned time
        session.advance()
        await settle(pilot)
        text = screen_text(app)
        assert re.search(r"✓ Appreciativ\S* +22/20′", text) and re.search(r"▶ Positive core +0/10′", text)

    drive(make_app(session), scenario, size=(120, 40))


def test_a_second_run_on_the_same_session_is_warned_and_both_keep_working(
    session: Facilitation, sessions: SessionsDir
) -> None:
    started(session)
    first = Presence(session.folder)
    assert first.claim(), "nobody else has it"
    other = open_session(sessions, session.state.info.id)

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        assert any("already open in another 'ai-toolkit run'" in n for n in notes(app)), notes(app)
        assert str(os.getpid()) in " ".join(notes(app))
        await type_text(pilot, "Still recorded")
        await pilot.press("enter")
        await settle(pilot)
        other.refresh()
        assert "Still recorded" in [c.text for c in other.state.contributions.values()]

    drive(make_app(session), scenario)
    first.release()
    other.close()


def test_a_crashed_run_leaves_no_false_warning(session: Facilitation) -> None:
    """The lock is the operating system's: a process killed with -9 holds it no more."""
    code = (
        "import sys, time; from pathlib import Path; from ai_toolkit.tui.presence import Presence; "
        "p = Presence(Path(sys.argv[1])); print(p.claim(), flush=True); time.sleep(60)"
    )
    child = subprocess.Popen([sys.executable, "-c", code, str(session.folder)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "True"
        second = Presence(session.folder)
        assert not second.claim() and second.other == child.pid
    finally:
        child.kill()
        child.wait(timeout=10)
    third = Presence(session.folder)
    assert third.claim(), "after kill -9 the session is free again"
    third.release()
