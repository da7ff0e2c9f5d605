"""Plans that fit the afternoon: breaks as blocks of their own, presentations that scale with the group, optional
blocks left out for a shorter slot, and a plain refusal when even that is not enough."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from ai_toolkit.errors import Refused
from ai_toolkit.model.plan import Plan
from ai_toolkit.model.timing import fit


def plan(**changes: Any) -> Plan:
    """A 100-minute plan: 10 welcome, 30 interviews, 10 break, 20 dreams presented by 4 groups, 10 optional
    wishes, 10 optional gallery, 10 commitments; slot 110 with a 10-minute buffer."""
    act = {"mode": "plenary", "collects": "nothing"}
    raw: dict[str, Any] = {
        "id": "afternoon",
        "name": {"en": "An afternoon"},
        "slot_minutes": 110,
        "buffer_minutes": 10,
        "expected_people": 20,
        "people_per_group": 5,
        "phases": [
            {"phase": "define", "activities": [{**act, "id": "welcome", "title": {"en": "Welcome"}, "minutes": 10}]},
            {
                "phase": "discover",
                "activities": [
                    {**act, "id": "interviews", "title": {"en": "Interviews"}, "minutes": 30, "collects": "stories"},
                    {**act, "id": "wishes", "title": {"en": "Wishes"}, "minutes": 10, "optional": True},
                    {**act, "id": "break", "title": {"en": "Break"}, "minutes": 10, "kind": "break"},
                ],
            },
            {
                "phase": "dream",
                "activities": [{**act, "id": "present", "title": {"en": "Present"}, "minutes": 20, "per_group": 4}],
            },
            {
                "phase": "design",
                "activities": [{**act, "id": "gallery", "title": {"en": "Gallery"}, "minutes": 10, "optional": True}],
            },
            {"phase": "destiny", "activities": [{**act, "id": "commit", "title": {"en": "Commit"}, "minutes": 10}]},
        ],
    }
    raw.update(changes)
    return Plan.model_validate(raw)


def ids(p: Plan) -> list[str]:
    return [a.id for _, a in p.steps()]


def test_a_break_is_a_block_of_its_own_not_time_of_its_phase() -> None:
    p = plan()
    discover = next(ph for ph in p.phases if ph.phase == "discover")
    assert discover.minutes == 40 and p.minutes == 100 and p.slot == 110


def test_a_plan_that_does_not_fit_its_slot_with_the_buffer_is_refused_with_the_sums() -> None:
    with pytest.raises(ValidationError, match="take 100 minutes and the buffer 15: 115 do not fit the slot of 110"):
        plan(buffer_minutes=15)
    with pytest.raises(ValidationError, match="a break collects nothing"):
        bad = plan().model_dump()
        bad["phases"][1]["activities"][2]["collects"] = "stories"
        Plan.model_validate(bad)
    with pytest.raises(ValidationError, match="4 groups of 5 .* need 24 minutes at 6 each, more than its 20"):
        bad = plan().model_dump()
        bad["phases"][2]["activities"][0]["per_group"] = 6
        Plan.model_validate(bad)


def test_the_plans_own_slot_and_group_change_nothing() -> None:
    done = fit(plan())
    assert done.dropped == [] and done.plan.minutes == 100 and ids(done.plan) == ids(plan())


def test_presentations_scale_with_the_group_and_optional_blocks_make_room() -> None:
    done = fit(plan(), people=30)  # 6 groups instead of 4: 8 more minutes of presenting
    minutes = {a.id: a.minutes for _, a in done.plan.steps()}
    assert minutes["present"] == 28 and minutes["interviews"] == 30
    assert [a.id for a in done.dropped] == ["gallery"], "one block is enough; the later one goes first"
    assert done.plan.minutes == 98 and done.plan.minutes + done.plan.buffer_minutes <= 110
    small = fit(plan(), people=8)  # 2 groups: 8 minutes less
    assert {a.id: a.minutes for _, a in small.plan.steps()}["present"] == 12 and small.dropped == []


def test_a_shorter_slot_leaves_out_the_fewest_optional_blocks_that_make_it_fit() -> None:
    done = fit(plan(), minutes=95)  # 85 for activities: 15 must go, so both optional blocks
    assert [a.id for a in done.dropped] == ["wishes", "gallery"]
    assert ids(done.plan) == ["welcome", "interviews", "break", "present", "commit"]
    assert (done.plan.slot, done.plan.minutes) == (95, 80)
    assert fit(plan(), minutes=100).dropped[0].id == "gallery"


def test_a_slot_too_short_even_without_optional_blocks_says_what_the_plan_needs() -> None:
    with pytest.raises(Refused) as err:
        fit(plan(), minutes=60)
    assert err.value.code == "plan_too_long"
    assert "needs at least 90 minutes for 20 people without its optional blocks (wishes, gallery)" in str(err.value)
    assert err.value.params == {"needed": 90, "slot": 60}


@pytest.mark.parametrize(("minutes", "people"), [(None, 1), (None, 501), (10, None), (100_000, None), (None, 0)])
def test_impossible_numbers_are_refused(minutes: int | None, people: int | None) -> None:
    with pytest.raises(Refused) as err:
        fit(plan(), minutes=minutes, people=people)
    assert err.value.code == "bad_number"


def test_a_huge_group_that_would_need_hours_of_presenting_is_refused_plainly() -> None:
    with pytest.raises(Refused, match="one activity would take .* minutes: split the group"):
        fit(plan(), people=400, minutes=600)
