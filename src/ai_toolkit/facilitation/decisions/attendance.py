"""Everyone counted: people who joined on a phone and people present without one, by sector.

Funding programmes report everyone present, by target group, not only those with a phone. ``attendance`` is the
one answer to "how many were here, by sector, on phones and on paper": ``show``, the TUI's sectors panel, the
minutes and the attendance tables ask it, so no two surfaces count differently.
"""

from __future__ import annotations

from dataclasses import dataclass

from ai_toolkit.errors import Code, Refused
from ai_toolkit.facilitation.change import Change, UndoStep, change
from ai_toolkit.facilitation.decisions.sectors import the_sector
from ai_toolkit.model import events as ev
from ai_toolkit.model.session import SessionState

MAX_PEOPLE = 10_000
"""Most people one sector can count: an AI summit has several hundred; more is a typing mistake."""


@dataclass(frozen=True)
class Headcount:
    """People of one sector (or all): those who joined on a phone, and those counted without one."""

    phones: int = 0
    paper: int = 0

    @property
    def total(self) -> int:
        return self.phones + self.paper

    def __add__(self, other: Headcount) -> Headcount:
        return Headcount(self.phones + other.phones, self.paper + other.paper)


def attendance(s: SessionState) -> dict[str, Headcount]:
    """Every sector of the session's plan, in its order (zeros included: reporting forms ask for each), with its
    people; a plan's own sectors (CINEMA's retail and shops) are counted like the common ones."""
    phones = s.sector_counts()
    return {sector: Headcount(phones.get(sector, 0), s.counted.get(sector, 0)) for sector in s.plan.sector_ids()}


def present(s: SessionState) -> Headcount:
    """Everyone present: phones and paper."""
    total = Headcount()
    for n in attendance(s).values():
        total = total + n
    return total


def count(s: SessionState, sector: str, n: int) -> Change:
    """``n`` more people of ``sector`` present without a phone (a negative ``n`` corrects a miscount)."""
    the_sector(s, sector)
    now = s.counted.get(sector, 0)
    if n == 0 or not 0 <= now + n <= MAX_PEOPLE:
        raise Refused(
            f"cannot count {n:+d} in {sector}: {now} counted so far, and the count must stay between 0 and "
            f"{MAX_PEOPLE}",
            code=Code.BAD_COUNT,
            n=n,
            counted=now,
        )
    return change(
        ev.PeopleCounted(sector=sector, count=n),
        UndoStep("count_people", [ev.PeopleCounted(sector=sector, count=-n)], {"n": str(n), "sector": sector}),
    )
