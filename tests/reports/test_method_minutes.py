"""What the minutes say about the method: a plan's own sectors, propositions, Destiny, the agreed topic."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.reports.conftest import ROOM, doc_text

from ai_toolkit.facilitation import Facilitation, create_session
from ai_toolkit.model.enums import Phase, Source
from ai_toolkit.reports import write_minutes
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


@pytest.fixture
def inducci(sessions: SessionsDir, toolbox, clock) -> Iterator[Facilitation]:
    f = create_session(sessions, toolbox.get("inducci-industry"), title="Kranj", language="en", clock=clock)
    yield f
    f.close()


def intro(f: Facilitation, phase: Phase, lang: str = "en") -> str:
    ctx = minutes_context(f.state, lang, tz=ROOM)
    return next(sec.intro for sec in ctx.sections if sec.phase == phase.value)


def test_the_dream_sentence_names_the_place_the_plan_is_about(
    cinema: Facilitation, inducci: Facilitation, session: Facilitation
) -> None:
    for f in (cinema, inducci, session):
        f.go_to_phase(Phase.DREAM)
        f.add_contribution("2030: every shop window shows a maker at work.")
    assert "imagined the city centre at its best" in intro(cinema, Phase.DREAM)
    assert "centrum města" in intro(cinema, Phase.DREAM, "cs") and "region" not in intro(cinema, Phase.DREAM, "cs")
    assert "imagined the region at its best" in intro(inducci, Phase.DREAM)
    assert intro(session, Phase.DREAM) == (
        "Building on the positive core, the group imagined its future at its best a few years from now."
    )


def test_a_sentence_about_a_vote_appears_only_when_a_vote_was_held(session: Facilitation) -> None:
    session.go_to_phase(Phase.DESIGN)
    session.add_proposition("Every silent hall is a workspace within a year.")
    assert "dot-vote" not in intro(session, Phase.DESIGN)
    vote = session.open_vote_on_propositions(dots=2)
    assert "dot-vote" not in intro(session, Phase.DESIGN), "an open vote nobody has voted in was not held"
    voter = session.join()
    session.cast(vote.id, voter.id, {vote.options[0].id: 2})
    session.close_vote()
    assert intro(session, Phase.DESIGN).endswith("A dot-vote set the priorities.")
    assert intro(session, Phase.DESIGN, "sl").endswith("Prioritete je določilo glasovanje s pikami.")
    session.go_to_phase(Phase.DISCOVER)
    session.add_contribution("Short ways to the mayor")
    theme = session.create_theme("Short ways")
    core = session.open_vote_on_themes(Phase.DISCOVER, dots=1)
    session.cast(core.id, voter.id, {core.options[0].id: 1})
    assert theme.id == core.options[0].ref
    assert "carries into its dream; every strength stays part of the positive core" in intro(session, Phase.DISCOVER)


def test_the_topic_is_called_agreed_only_once_the_group_agreed_it(session: Facilitation) -> None:
    ctx = minutes_context(session.state, tz=ROOM)
    define = next(sec for sec in ctx.sections if sec.phase == "define")
    assert ctx.topic_label == define.topic_label == "Affirmative topic (draft, not yet agreed by the group)"
    assert "did not record a wording of its own" in define.intro and "agreed" not in define.intro
    session.agree_topic("How creative people and industry thrive together in Gorenjska")
    ctx = minutes_context(session.state, tz=ROOM)
    define = next(sec for sec in ctx.sections if sec.phase == "define")
    assert ctx.topic_label == define.topic_label == "Affirmative topic"
    assert define.topic == "“How creative people and industry thrive together in Gorenjska”"
    assert define.intro.startswith("At the start, the group agreed on the affirmative topic")


def test_propositions_from_phones_are_counted_listed_once_and_say_what_they_were_made_from(
    session: Facilitation,
) -> None:
    session.go_to_phase(Phase.DESIGN)
    people = [session.join(sector="company") for _ in range(4)]
    sent = [
        session.add_contribution(text, source=Source.PARTICIPANT, participant_id=p.id)
        for text, p in zip(
            ["Every silent hall is a workspace.", "Halls open to makers!", "Squares are stages.", "More benches"],
            people,
            strict=True,
        )
    ]
    halls = session.take_up(sent[0].id)
    session.merge_candidate(sent[1].id, halls.id)
    session.take_up(sent[2].id)
    ctx = minutes_context(session.state, tz=ROOM)
    assert next(f.value for f in ctx.glance if f.label == "Provocative propositions") == "2"
    design = next(sec for sec in ctx.sections if sec.phase == "design")
    assert [p.text for p in design.propositions] == ["Every silent hall is a workspace.", "Squares are stages."]
    assert design.propositions[0].builds_on == "Made from statements written in the room: 2"
    assert design.others_heading == "Statements that did not become propositions"
    assert [q.text for q in design.others] == ["“More benches”"], "taken-up statements are not quoted twice"


def test_the_action_plan_names_teams_and_propositions_and_the_follow_up_closes_destiny(
    session: Facilitation, tmp_path: Path
) -> None:
    session.go_to_phase(Phase.DESIGN)
    prop = session.add_proposition("Every silent hall is a workspace within a year.")
    session.go_to_phase(Phase.DESTINY)
    session.add_commitment(
        "Map the halls", who="Ana, Marko", team="Open halls team", by_when="2027-01-31", proposition_id=prop.id
    )
    session.add_commitment("Ask the chamber", team="Open halls team", by_when="2027-01-10")
    session.add_commitment("Someone should paint the walls")
    session.set_follow_up("2027-02-15", "Kulturcafé Jesenice")
    ctx = minutes_context(session.state, tz=ROOM)
    destiny = next(sec for sec in ctx.sections if sec.phase == "destiny")
    assert destiny.actions is not None
    rows = destiny.actions.rows
    assert rows[0][:2] == [
        "Map the halls\nFor the proposition: Every silent hall is a workspace within a year.",
        "Open halls team: Ana, Marko",
    ]
    assert rows[1][1] == "Open halls team"
    assert "without a person or a date: 1." in destiny.actions_note, "an action team owns a commitment too"
    assert [(f.label, f.value) for f in destiny.follow_up] == [
        ("Date", "Monday, 15 February 2027"),
        ("Place", "Kulturcafé Jesenice"),
    ]
    assert ("Follow-up meeting", "Monday, 15 February 2027, Kulturcafé Jesenice") in [
        (f.label, f.value) for f in ctx.glance
    ]
    path = write_minutes(session.state, tmp_path / "minutes.docx", lang="cs", tz=ROOM)
    text = doc_text(path)
    assert "Navazující setkání" in text and "pondělí 15. února 2027" in text and "K provokativnímu výroku: " in text
