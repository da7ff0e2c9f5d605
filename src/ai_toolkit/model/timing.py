"""A plan fitted to the afternoon it will run in: the group's size and the minutes booked.

Presentations by small groups take longer when more people come (more tables present); optional blocks are left
out when the slot is shorter than the plan's. The fit is made once, when a session is created, and the session
keeps the fitted plan: the countdown, the agenda and the minutes then all read the same minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from pydantic import ValidationError

from ai_toolkit.errors import Code, Refused
from ai_toolkit.model.plan import Activity, Plan, PlanPhase

MIN_PEOPLE, MAX_PEOPLE = 2, 500
MAX_OPTIONAL = 16
"""Optional blocks a plan may have: every combination of them is tried (2^16 is still instant)."""


@dataclass(frozen=True)
class Fit:
    """The plan as it will run, what was left out to fit, and for how many people."""

    plan: Plan
    dropped: list[Activity]
    people: int
    slot: int

    @property
    def planned(self) -> int:
        """Minutes of activities (breaks included) in the fitted plan; the rest of the slot is buffer."""
        return self.plan.minutes


def _scaled(plan: Plan, people: int) -> dict[str, int]:
    """Each activity's minutes for ``people``: a presentation by every small group grows or shrinks with them."""
    extra = plan.groups(people) - plan.groups()
    return {a.id: max(a.minutes + a.per_group * extra, a.per_group, 1) for _, a in plan.steps()}


def _choose(optional: list[Activity], minutes: dict[str, int], over: int) -> list[Activity] | None:
    """The optional blocks to leave out so at least ``over`` minutes go: as few blocks as will do, then the least
    time lost (the slot is used as fully as it can be), then the later blocks first (the opening stays whole)."""
    for count in range(1, len(optional) + 1):
        fitting = [
            c for c in combinations(range(len(optional)), count) if sum(minutes[optional[i].id] for i in c) >= over
        ]
        if fitting:
            best = min(fitting, key=lambda c: (sum(minutes[optional[i].id] for i in c), [-i for i in reversed(c)]))
            return [optional[i] for i in best]
    return None


def fit(plan: Plan, *, minutes: int | None = None, people: int | None = None) -> Fit:
    """``plan`` for ``people`` (default: the plan's expected group) in ``minutes`` (default: its slot), leaving out
    optional blocks as needed; a refusal that says how long the plan needs when even that is not enough."""
    people = plan.expected_people if people is None else people
    if not MIN_PEOPLE <= people <= MAX_PEOPLE:
        raise Refused(f"the group size must be between {MIN_PEOPLE} and {MAX_PEOPLE} people", code=Code.BAD_NUMBER)
    slot = plan.slot if minutes is None else minutes
    if not 15 <= slot <= 24 * 60:
        raise Refused("the slot must be between 15 and 1440 minutes", code=Code.BAD_NUMBER)
    length = _scaled(plan, people)
    total = sum(length.values())
    room = slot - plan.buffer_minutes
    optional = [a for _, a in plan.steps() if a.optional][:MAX_OPTIONAL]
    dropped: list[Activity] = []
    if total > room:
        chosen = _choose(optional, length, total - room)
        if chosen is None:
            least = total - sum(length[a.id] for a in optional) + plan.buffer_minutes
            left_out = f" without its optional blocks ({', '.join(a.id for a in optional)})" if optional else ""
            raise Refused(
                f"the plan needs at least {least} minutes for {people} people{left_out}, "
                f"with {plan.buffer_minutes} minutes of buffer; the slot is {slot}",
                code=Code.PLAN_TOO_LONG,
                needed=least,
                slot=slot,
            )
        dropped = chosen
    gone = {a.id for a in dropped}
    phases = []
    for phase in plan.phases:
        kept = [a.model_copy(update={"minutes": length[a.id]}) for a in phase.activities if a.id not in gone]
        if kept:
            phases.append(PlanPhase(phase=phase.phase, activities=kept))
    try:
        fitted = Plan.model_validate(
            {
                **plan.model_dump(),
                "phases": [p.model_dump() for p in phases],
                "slot_minutes": slot,
                "expected_people": people,
            }
        )
    except ValidationError:
        longest = max(length.values())
        raise Refused(
            f"for {people} people one activity would take {longest} minutes: split the group", code=Code.BAD_NUMBER
        ) from None
    return Fit(fitted, dropped, people, slot)
