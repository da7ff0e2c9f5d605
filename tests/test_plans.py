"""The toolbox's plans, as a facilitator would check them before a 2.5-hour focus group of 12 to 30 people."""

from __future__ import annotations

import re

import pytest

from ai_toolkit.i18n import t
from ai_toolkit.model.enums import LANGUAGES, Collects, Mode, Phase
from ai_toolkit.model.plan import Localised, Plan
from ai_toolkit.model.timing import fit
from ai_toolkit.plans import load_toolbox

BUILT_IN = ["cinema-city-centre", "classic-4d", "inducci-industry", "soar-strategy"]


@pytest.fixture(scope="module", params=BUILT_IN)
def plan(request: pytest.FixtureRequest) -> Plan:
    return load_toolbox().get(request.param)


def texts(p: Plan) -> list[tuple[str, Localised]]:
    """Every text of a plan a person reads: on the phones, the projected screen, the agenda and the minutes."""
    found: list[tuple[str, Localised]] = [("name", p.name), ("description", p.description)]
    found.append(("affirmative_topic", p.affirmative_topic))
    found += [(f"minutes_intros.{phase.value}", text) for phase, text in p.minutes_intros.items()]
    for s in p.sectors:
        found += [(f"sectors.{s.id}.{form}", getattr(s, form)) for form in ("name", "short", "hint")]
    for _, a in p.steps():
        found += [(f"{a.id}.title", a.title), (f"{a.id}.prompt", a.prompt), (f"{a.id}.instructions", a.instructions)]
    return [(where, text) for where, text in found if text]


def test_every_plan_fits_150_minutes_with_a_10_minute_buffer(plan: Plan) -> None:
    assert (plan.slot_minutes, plan.buffer_minutes) == (150, 10)
    assert plan.minutes + plan.buffer_minutes <= 150, plan.minutes
    assert plan.minutes >= 135, "the afternoon is used, not left half empty"
    assert 12 <= plan.expected_people <= 30


def test_every_text_is_in_all_seven_languages(plan: Plan) -> None:
    assert plan.languages == list(LANGUAGES)
    missing = [(where, sorted(set(LANGUAGES) - set(text))) for where, text in texts(plan)]
    assert [m for m in missing if m[1]] == []
    empty = [(where, lang) for where, text in texts(plan) for lang, value in text.items() if not value.strip()]
    assert empty == []


def test_a_break_is_a_block_of_its_own(plan: Plan) -> None:
    breaks = [a for _, a in plan.steps() if a.is_break]
    assert breaks and all(a.collects == Collects.NOTHING for a in breaks)
    assert sum(p.minutes for p in plan.phases) + sum(a.minutes for a in breaks) == plan.minutes


def test_the_stories_are_typed_in_time_of_their_own_after_the_interviews(plan: Plan) -> None:
    discover = [a for p, a in plan.steps() if p == Phase.DISCOVER]
    interviews = next(i for i, a in enumerate(discover) if a.mode == Mode.PAIRS)
    typing = discover[interviews + 1]
    assert discover[interviews].collects == Collects.NOTHING, "in pairs people talk; they type afterwards"
    assert (typing.mode, typing.collects) == (Mode.INDIVIDUAL, Collects.STORIES) and typing.minutes >= 4
    assert not typing.optional


def test_presentations_scale_with_the_expected_group_size(plan: Plan) -> None:
    presenting = [a for _, a in plan.steps() if a.per_group]
    assert presenting, "the groups present their dreams, each in its own minutes"
    assert all(a.minutes >= a.per_group * plan.groups() for a in presenting)
    small, large = fit(plan, people=12, minutes=240), fit(plan, people=30, minutes=240)
    by_id = {a.id: a.minutes for _, a in large.plan.steps()}
    for a in presenting:
        assert by_id[a.id] - {x.id: x.minutes for _, x in small.plan.steps()}[a.id] == a.per_group * 3


def test_a_two_hour_slot_leaves_out_only_optional_blocks(plan: Plan) -> None:
    done = fit(plan, minutes=120)
    assert done.plan.minutes + done.plan.buffer_minutes <= 120
    assert done.dropped and all(a.optional for a in done.dropped)
    kept = {a.id for _, a in done.plan.steps()}
    assert {a.id for _, a in plan.steps() if not a.optional} <= kept
    assert {p.phase for p in done.plan.phases} == {p.phase for p in plan.phases}, "every phase still runs"


def test_thirty_people_still_fit_the_afternoon(plan: Plan) -> None:
    done = fit(plan, people=30)
    assert done.plan.minutes + done.plan.buffer_minutes <= 150


def test_a_positive_core_vote_is_optional_and_chooses_what_to_carry_forward(plan: Plan) -> None:
    for phase, a in plan.steps():
        if phase == Phase.DISCOVER and a.collects == Collects.VOTES:
            assert a.optional
            prompt = a.prompt["en"].lower()
            assert "carry" in prompt and not re.search(r"\b(most|best|rank|greatest)\b", prompt), prompt
    core = [a for p, a in plan.steps() if p == Phase.DISCOVER and a.collects == Collects.STRENGTHS]
    for a in core:
        ranking = r"\b(matters most|most important|greatest|carries .* best|which .* best)\b"
        assert not re.search(ranking, a.prompt.get("en", "").lower()), a.prompt["en"]


def test_texts_about_the_place_come_from_the_plan() -> None:
    box = load_toolbox()
    assert "region" not in t("minutes.intro.dream", "en"), "the general sentence names no place"
    cinema, inducci = box.get("cinema-city-centre"), box.get("inducci-industry")
    assert "city centre" in cinema.minutes_intros[Phase.DREAM]["en"]
    assert "region" not in cinema.minutes_intros[Phase.DREAM]["en"]
    assert "region" in inducci.minutes_intros[Phase.DREAM]["en"]


def test_cinema_speaks_appreciatively_on_every_phone() -> None:
    cinema = load_toolbox().get("cinema-city-centre")
    deficit = re.compile(r"\b(problem|problems|decline|declining|dying|vacancy)\b", re.I)
    for _, a in cinema.steps():
        for text in (a.title["en"], a.prompt.get("en", "")):
            assert not deficit.search(text), (a.id, text)
    opening = next(a for _, a in cinema.steps() if a.prompt)
    assert not opening.prompt["en"].lower().startswith("empty")
