"""The room's screen as the service decides it: which screen, moderation, results revealed on close, the code."""

from __future__ import annotations

import re

import pytest

from ai_toolkit.errors import NotFound
from ai_toolkit.facilitation import Facilitation, open_session
from ai_toolkit.facilitation.decisions import joining, moderation, wall
from ai_toolkit.facilitation.decisions.phones import PhoneView, phone_version, phone_view
from ai_toolkit.facilitation.decisions.votes import results_shown, vote_on_show
from ai_toolkit.facilitation.decisions.wall import WallScreen, wall_view
from ai_toolkit.model.enums import OnWall, Phase, Source
from ai_toolkit.model.fold import fold

WELCOME, INTERVIEWS, STRENGTHS, DREAMS, PROPOSITIONS, VOTE, COMMITMENTS = range(7)


def phone_says(f: Facilitation, text: str, pid: str) -> str:
    return f.add_contribution(text, source=Source.PARTICIPANT, participant_id=pid).id


# -- which screen --------------------------------------------------------------------------------------------
def test_the_wall_follows_the_agenda_screen_by_screen(session: Facilitation) -> None:
    f = session
    assert wall_view(f.state) == WallScreen.WELCOME  # before the start
    f.go_to(WELCOME)
    assert wall_view(f.state) == WallScreen.WELCOME  # the opening step that collects nothing
    f.go_to(INTERVIEWS)
    assert wall_view(f.state) == WallScreen.CARDS
    f.go_to(PROPOSITIONS)
    assert wall_view(f.state) == WallScreen.PROPOSITIONS
    f.go_to(VOTE)
    assert wall_view(f.state) == WallScreen.PROMPT  # nothing to vote on yet, no vote open
    f.add_proposition("Every silent hall becomes a makers' space within a year.")
    assert wall_view(f.state) == WallScreen.PROPOSITIONS  # the room sees the options before the vote opens
    f.open_vote_on_propositions()
    assert wall_view(f.state) == WallScreen.VOTE
    f.close_vote()
    assert wall_view(f.state) == WallScreen.VOTE  # the result stays up in the voting step
    f.go_to(COMMITMENTS)
    assert wall_view(f.state) == WallScreen.COMMITMENTS
    f.end()
    assert wall_view(f.state) == WallScreen.CLOSING


def test_a_vote_opened_in_any_step_takes_the_wall_and_leaves_it_when_closed(session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    session.open_vote([("A", None), ("B", None)])
    assert wall_view(session.state) == WallScreen.VOTE
    session.close_vote()
    assert wall_view(session.state) == WallScreen.CARDS
    assert vote_on_show(session.state) is None


def test_a_listening_step_shows_the_themes_of_its_phase(session: Facilitation) -> None:
    f = session
    f.go_to(STRENGTHS)
    a = f.add_contribution("The help desk answered forty artists")
    b = f.add_contribution("Open factory days")
    core = f.create_theme("Open doors")
    f.assign(a.id, core.id)
    f.assign(b.id, core.id)
    other = f.create_theme("Help that answers")
    shown = wall.themes(f.state)
    assert [(t.theme.name, t.size) for t in shown] == [("Open doors", 2), ("Help that answers", 0)]
    assert [c.text for c in shown[0].cards] == ["Open factory days", "The help desk answered forty artists"]
    assert other.id in {t.theme.id for t in shown}
    # In Dream (no themes of its own yet) a listening step has nothing of the phase to show: the prompt.
    f.go_to(DREAMS)
    assert wall.themes(f.state) == []


def test_cards_are_newest_first_and_bounded(session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    for i in range(wall.MAX_CARDS + 5):
        session.add_contribution(f"story {i}")
    shown = wall.cards(session.state)
    assert len(shown) == wall.MAX_CARDS
    assert shown[0].text == f"story {wall.MAX_CARDS + 4}"


def test_the_countdown_is_the_activitys_minutes_from_when_the_log_says_it_started(session: Facilitation, clock) -> None:
    assert wall.countdown(session.state) is None
    session.go_to(INTERVIEWS)  # 20 minutes in the tiny plan
    clock.advance(minutes=5)
    left = wall.countdown(session.state)
    assert left is not None and left.left(clock()) == 15 * 60
    clock.advance(minutes=17)
    assert left.left(clock()) == -2 * 60


# -- moderation ----------------------------------------------------------------------------------------------
def test_moderation_holds_phones_cards_for_the_wall_but_not_for_the_record(session: Facilitation, sessions) -> None:
    f = session
    f.go_to(INTERVIEWS)
    p = f.join(sector="school")
    before = phone_says(f, "Before moderation", p.id)
    assert f.moderate(True) is True
    held = phone_says(f, "Held for the facilitator", p.id)
    typed = f.add_contribution("Typed by the facilitator")  # the facilitator's own words need no approval
    assert [c.id for c in moderation.waiting(f.state)] == [held]
    assert [c.text for c in wall.cards(f.state)] == ["Typed by the facilitator", "Before moderation"]
    assert held in {c.id for c in f.state.visible_contributions()}  # in the record (and the minutes) at once
    assert f.let_through([held]) == 1
    assert [c.id for c in wall.cards(f.state)] == [typed.id, held, before]
    assert f.let_through([held]) == 0  # already through: nothing to do
    # Another process (the phones' server) sees the same: it is in the log, not in memory.
    other = open_session(sessions, f.state.info.id)
    assert other.state.contributions[held].on_wall == OnWall.SHOWN and other.state.moderated
    other.close()


def test_let_all_through_and_take_a_card_off_and_undo(session: Facilitation) -> None:
    f = session
    f.go_to(INTERVIEWS)
    p = f.join()
    f.moderate(True)
    one, two = phone_says(f, "one", p.id), phone_says(f, "two", p.id)
    assert f.let_through() == 2
    assert moderation.waiting(f.state) == []
    assert str(f.next_undo) == "letting 2 waiting cards through to the wall"
    assert f.take_off_wall([one]) == 1
    c = f.state.contributions[one]
    assert c.on_wall == OnWall.OFF and not c.hidden  # off the wall, still in the minutes
    assert [x.id for x in wall.cards(f.state)] == [two]
    assert f.undo() == "taking a card off the wall"
    assert f.state.contributions[one].on_wall == OnWall.SHOWN
    f.undo()  # letting all through: both wait again
    assert {x.id for x in moderation.waiting(f.state)} == {one, two}
    with pytest.raises(NotFound):
        f.take_off_wall(["c-000000000000"])


def test_turning_moderation_off_lets_nothing_through_by_itself(session: Facilitation) -> None:
    f = session
    f.go_to(INTERVIEWS)
    p = f.join()
    f.moderate(True)
    held = phone_says(f, "waiting", p.id)
    f.moderate(False)
    assert [c.id for c in moderation.waiting(f.state)] == [held]
    assert phone_says(f, "straight on", p.id) in {c.id for c in wall.cards(f.state)}
    assert f.moderate(False) is False  # already off: no change recorded
    assert f.state == fold(f.records())


def test_a_withdrawn_card_leaves_the_wall_and_stops_waiting(session: Facilitation) -> None:
    f = session
    f.go_to(INTERVIEWS)
    p = f.join()
    f.moderate(True)
    held = phone_says(f, "changed my mind", p.id)
    f.withdraw_contribution(held, by_participant=p.id)
    assert moderation.waiting(f.state) == []
    f.let_through([held])
    assert wall.cards(f.state) == []


# -- the vote revealed when it closes --------------------------------------------------------------------------
def test_a_vote_is_hidden_from_the_room_until_it_closes_unless_shown_live(session: Facilitation) -> None:
    f = session
    f.go_to(VOTE)
    p = f.join()
    vote = f.open_vote([("A", None), ("B", None)])
    assert not results_shown(vote) and phone_view(f.state) == PhoneView.VOTE
    f.cast(vote.id, p.id, {"o2": 2})
    before = phone_version(f.state)
    f.close_vote()
    assert results_shown(f.state.votes[vote.id])
    assert phone_version(f.state) != before  # phones reload, and show the result
    assert phone_view(f.state) == PhoneView.VOTE_RESULT
    assert vote_on_show(f.state) == f.state.votes[vote.id]
    live = f.open_vote([("C", None)], show_live=True)
    assert results_shown(live) and f.state.votes[live.id].show_live
    f.close_vote()
    # Coming back to the voting step later still shows the phase's last result, not "not opened yet".
    f.go_to(COMMITMENTS)
    f.go_to(VOTE)
    assert phone_view(f.state) == PhoneView.VOTE_RESULT and vote_on_show(f.state).id == live.id  # type: ignore[union-attr]


def test_a_voting_step_without_a_vote_of_its_phase_waits(session: Facilitation) -> None:
    f = session
    f.go_to(STRENGTHS)
    f.open_vote([("A", None)], phase=Phase.DISCOVER)
    f.close_vote()  # a vote of another phase is not this step's result
    f.go_to(VOTE)
    assert phone_view(f.state) == PhoneView.VOTE_WAIT


# -- the short join code -----------------------------------------------------------------------------------------
def test_the_join_code_is_six_unmistakable_characters_that_reveal_nothing(session: Facilitation, sessions) -> None:
    info = session.state.info
    code = joining.join_code(info)
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{6}", code)
    assert joining.join_code(info) == code  # the same on every call, in every process
    assert code not in info.join_token.upper() and code not in info.facilitator_token.upper()
    other = info.model_copy(update={"join_token": info.join_token[:-1] + ("a" if info.join_token[-1] != "a" else "b")})
    assert joining.join_code(other) != code  # another token, another code
    typed = f" {code[:3].lower()} -{code[3:]} "
    assert joining.code_matches(info, typed)
    assert not joining.code_matches(info, code[:5])
    assert not joining.code_matches(info, "")
    assert not joining.code_matches(info, code + " " * 50)  # pasted junk is not looked at


def test_join_codes_spread_over_the_alphabet() -> None:
    from ai_toolkit.model.session import SessionInfo

    seen: set[str] = set()
    for i in range(400):
        info = SessionInfo(id="x", title="t", date="2026-11-24", join_token=f"token{i}", facilitator_token="f")
        seen.update(joining.join_code(info))
    assert seen == set(joining.ALPHABET)


def test_statements_from_phones_show_beside_the_propositions_until_taken_up(session: Facilitation) -> None:
    f = session
    f.go_to(PROPOSITIONS)
    p = f.join()
    draft = phone_says(f, "Every school has a maker in residence.", p.id)
    assert [c.id for c in wall.statements(f.state)] == [draft]
    f.take_up(draft)
    assert wall.statements(f.state) == []
    assert [x.text for x in wall.propositions(f.state)] == ["Every school has a maker in residence."]
