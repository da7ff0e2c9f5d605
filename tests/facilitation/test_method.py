"""The method end to end in the service: propositions from phones, Destiny that holds, the agreed topic."""

from __future__ import annotations

from datetime import date

import pytest

from ai_toolkit.errors import NotFound, ToolkitError
from ai_toolkit.facilitation import Facilitation
from ai_toolkit.facilitation.decisions import commitments, contributions, propositions
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Phase, Source
from ai_toolkit.model.fold import FoldError, fold
from ai_toolkit.model.session import Contribution


def statements(session: Facilitation, *texts: str) -> list[Contribution]:
    """Phones in the tiny plan's propositions activity, one statement each."""
    session.go_to_phase(Phase.DESIGN)
    assert session.state.current_activity is not None
    assert session.state.current_activity.id == "propositions"
    sent = []
    for text in texts:
        p = session.join(sector="company")
        sent.append(session.add_contribution(text, source=Source.PARTICIPANT, participant_id=p.id))
    return sent


def refused(code: str, attempt, session: Facilitation) -> None:
    before = session.store.last_seq()
    with pytest.raises(ToolkitError) as err:
        attempt()
    assert err.value.code == code
    assert session.store.last_seq() == before, "a refusal records nothing"


# -- propositions from phones --------------------------------------------------------------------------------------
def test_statements_from_phones_are_candidates_until_taken_up_and_then_vote_options(session: Facilitation) -> None:
    a, b, c = statements(session, "Every empty shop hosts a maker.", "Every empty shop has a maker!", "Squares play")
    assert [x.id for x in propositions.candidates(session.state)] == [a.id, b.id, c.id]
    taken = session.take_up(a.id)
    assert (taken.text, taken.source, taken.participant_id) == (a.text, Source.PARTICIPANT, a.participant_id)
    merged = session.merge_candidate(b.id, taken.id)
    assert merged.id == taken.id and merged.text == a.text  # the proposition keeps its words
    session.take_up(c.id, text="Our squares are stages every summer weekend.")
    assert propositions.candidates(session.state) == []
    assert [x.id for x in propositions.taken_up(session.state, taken.id)] == [a.id, b.id]
    vote = session.open_vote_on_propositions(dots=2)
    assert [o.label for o in vote.options] == [a.text, "Our squares are stages every summer weekend."]
    again = fold(session.records())
    assert again.contributions[b.id].proposition_id == taken.id
    assert [p.text for p in again.propositions.values()] == [p.text for p in session.state.propositions.values()]


def test_a_candidate_taken_up_with_themes_and_undone_goes_back_to_the_candidates(session: Facilitation) -> None:
    (a,) = statements(session, "Every silent hall becomes a workspace within a year.")
    session.go_to_phase(Phase.DREAM)
    hall = session.create_theme("Open halls")
    taken = session.take_up(a.id, text="Every silent hall is a workspace for makers.", theme_ids=[hall.id])
    assert taken.theme_ids == [hall.id] and session.state.contributions[a.id].proposition_id == taken.id
    assert session.undo() == "taking up a statement as a proposition"
    assert session.state.propositions[taken.id].hidden
    assert [x.id for x in propositions.candidates(session.state)] == [a.id]
    merged_into = session.take_up(a.id)
    (b,) = [session.add_contribution("Halls open on Fridays", phase=Phase.DESIGN)]
    session.merge_candidate(b.id, merged_into.id)
    assert session.undo() == "merging a statement into a proposition"
    assert [x.id for x in propositions.candidates(session.state)] == [b.id]


def test_taking_up_refuses_what_is_not_a_waiting_statement(session: Facilitation) -> None:
    session.go_to_phase(Phase.DISCOVER)
    story = session.add_contribution("A story of a high point")
    (a, b, long) = statements(session, "A proposition", "Another one", "x" * 2500)
    refused("not_a_candidate", lambda: session.take_up(story.id), session)
    refused("unknown_contribution", lambda: session.take_up("c-000000000000"), session)
    refused("text_too_long", lambda: session.take_up(long.id), session)  # the author's 2,500 characters: edit it
    assert session.take_up(long.id, text="Shorter").text == "Shorter"
    refused("unknown_theme", lambda: session.take_up(a.id, theme_ids=["t-000000000000"]), session)
    refused("empty_text", lambda: session.take_up(a.id, text="   "), session)
    prop = session.take_up(a.id)
    refused("taken_up", lambda: session.take_up(a.id), session)
    refused("taken_up", lambda: session.merge_candidate(a.id, prop.id), session)
    refused("unknown_proposition", lambda: session.merge_candidate(b.id, "pr-000000000000"), session)
    session.hide_proposition(prop.id)
    refused("proposition_hidden", lambda: session.merge_candidate(b.id, prop.id), session)
    session.hide_contribution(b.id)
    refused("not_a_candidate", lambda: session.take_up(b.id), session)


def test_once_taken_up_its_author_can_no_longer_change_or_withdraw_it(session: Facilitation) -> None:
    (a,) = statements(session, "Every shop window shows local makers.")
    author = a.participant_id
    assert author is not None
    assert contributions.refusal_to_change(session.state, a, author) is None
    session.take_up(a.id)
    refusal = contributions.refusal_to_change(session.state, session.state.contributions[a.id], author)
    assert refusal is not None and refusal.code == "taken_up"
    refused("taken_up", lambda: session.edit_contribution(a.id, "changed", by_participant=author), session)
    refused("taken_up", lambda: session.hide_contribution(a.id, by_participant=author), session)


def test_a_log_that_takes_up_into_a_missing_proposition_is_damaged(session: Facilitation) -> None:
    (a,) = statements(session, "A statement")
    records = session.records()
    forged = ev.Recorded(
        seq=records[-1].seq + 1,
        at=records[-1].at,
        event=ev.ContributionTakenUp(contribution_id=a.id, proposition_id="pr-000000000000"),
    )
    with pytest.raises(FoldError, match="names a proposition 'pr-000000000000'"):
        fold([*records, forged])


# -- the agreed topic ----------------------------------------------------------------------------------------------
def test_the_group_agrees_the_topic_in_define_and_undo_takes_it_back_to_the_draft(session: Facilitation) -> None:
    draft = session.state.info.affirmative_topic
    assert draft == "How we thrive together" and session.state.topic_agreed_at is None
    agreed = session.agree_topic("  How creative people and industry thrive together in Gorenjska  ")
    assert agreed == "How creative people and industry thrive together in Gorenjska"
    assert session.state.topic_agreed_at is not None
    last = session.store.last_seq()
    session.agree_topic(agreed)
    assert session.store.last_seq() == last, "the same wording again records nothing"
    assert fold(session.records()).topic_agreed_at == session.state.topic_agreed_at
    assert session.undo() == "agreeing the affirmative topic"
    assert (session.state.info.affirmative_topic, session.state.topic_agreed_at) == (draft, None)
    session.agree_topic("Thriving together")
    session.update_details(affirmative_topic="A new draft")
    assert session.state.topic_agreed_at is None, "a new draft is not what the group agreed"


@pytest.mark.parametrize(("text", "code"), [("", "empty_text"), (" \n", "empty_text"), ("x" * 1001, "text_too_long")])
def test_an_empty_or_huge_topic_is_refused(session: Facilitation, text: str, code: str) -> None:
    refused(code, lambda: session.agree_topic(text), session)
    assert session.state.topic_agreed_at is None


# -- the follow-up -------------------------------------------------------------------------------------------------
def test_the_follow_up_date_and_place_are_set_changed_and_undone(session: Facilitation, clock) -> None:
    session.set_follow_up("2027-02-15", "Kulturcafé Jesenice")
    assert session.state.follow_up is not None
    assert (session.state.follow_up.on, session.state.follow_up.place) == (date(2027, 2, 15), "Kulturcafé Jesenice")
    session.set_follow_up(date(2027, 2, 16), "Kulturcafé Jesenice")
    assert session.undo() == "setting the follow-up"
    assert session.state.follow_up.on == date(2027, 2, 15)
    clock.advance(minutes=60 * 24 * 100)  # the minutes tidied long after: the date set stays valid
    session.set_follow_up("2027-02-15", "Kino Kamnik")
    assert session.state.follow_up.place == "Kino Kamnik"
    session.set_follow_up(None, "")
    assert session.state.follow_up is None
    assert fold(session.records()).follow_up is None


@pytest.mark.parametrize(
    ("on", "place", "code"),
    [
        ("2026-11-22", "", "date_in_past"),
        ("15.2.2027", "", "bad_date"),
        ("2027-02-30", "", "bad_date"),
        ("2027-02-15", "x" * 201, "text_too_long"),
        ("2027-02-15'; drop table events", "", "bad_date"),
    ],
)
def test_a_bad_follow_up_is_refused(session: Facilitation, on: str, place: str, code: str) -> None:
    refused(code, lambda: session.set_follow_up(on, place), session)
    assert session.state.follow_up is None


# -- Destiny: teams, owners, the proposition a commitment serves ----------------------------------------------------
def test_a_team_commitment_serves_a_proposition_and_has_what_who_when_first_step_support(
    session: Facilitation,
) -> None:
    (a,) = statements(session, "Every empty shop hosts a maker within a month.")
    prop = session.take_up(a.id)
    session.go_to_phase(Phase.DESTINY)
    k = session.add_commitment(
        "Map the empty shops with their owners",
        who="Ana, Marko",
        team="Empty shop fronts team",
        by_when="2027-01-31",
        first_step="Walk the high street on Monday",
        support_needed="The municipality's list of owners",
        proposition_id=prop.id,
    )
    assert (k.team, k.proposition_id, k.who) == ("Empty shop fronts team", prop.id, "Ana, Marko")
    assert not commitments.is_wish(k)
    team_only = session.add_commitment(
        "Ask the chamber for advice", team="Empty shop fronts team", by_when="2027-01-10"
    )
    assert not commitments.is_wish(team_only), "an action team owns it"
    assert commitments.is_wish(session.add_commitment("Someone should do something"))
    session.hide_proposition(prop.id)
    refused("proposition_hidden", lambda: session.add_commitment("More", who="Ana", proposition_id=prop.id), session)
    edited = session.edit_commitment(k.id, what=k.what, who="Ana", team=k.team, proposition_id=prop.id)
    assert edited.proposition_id == prop.id, "a link it already had stays when the proposition is hidden later"
    refused("unknown_proposition", lambda: session.add_commitment("x", proposition_id="pr-000000000000"), session)
    refused("text_too_long", lambda: session.add_commitment("x", team="t" * 201), session)
    again = fold(session.records()).commitments[k.id]
    assert (again.team, again.proposition_id, again.who) == ("Empty shop fronts team", prop.id, "Ana")


def test_a_phone_commits_to_a_proposition(session: Facilitation) -> None:
    (a,) = statements(session, "Every school has a maker partner.")
    prop = session.take_up(a.id)
    session.go_to_phase(Phase.DESTINY)
    p = session.join(sector="school", name="Ana", consent_named=True)
    k = session.add_commitment(
        "Invite a maker to my class",
        by_when="2027-03-01",
        source=Source.PARTICIPANT,
        participant_id=p.id,
        proposition_id=prop.id,
    )
    assert (k.who, k.proposition_id) == ("Ana", prop.id)
    for forged in ("pr-ffffffffffff", "nonsense", "../" * 100):
        with pytest.raises(NotFound):
            session.add_commitment("x", source=Source.PARTICIPANT, participant_id=p.id, proposition_id=forged)
