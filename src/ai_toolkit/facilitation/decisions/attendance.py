"""Everyone counted: people who joined on a phone and people present without one, by sector.

Funding programmes report everyone present, by target group, not only those with a phone. The count itself is
``model.programme.attendance`` (re-exported here): the one answer to "how many were here, by sector, on phones and
on paper", which ``show``, the TUI's sectors panel, the minutes and the attendance tables ask. Here: counting.
"""

from __future__ import annotations

from ai_toolkit.errors import Code, Refused
from ai_toolkit.facilitation.change import Change, UndoStep, change
from ai_toolkit.facilitation.decisions.sectors import the_sector
from ai_toolkit.model import events as ev
from ai_toolkit.model.limits import MAX_PEOPLE
from ai_toolkit.model.programme import Headcount, attendance, present
from ai_toolkit.model.session import SessionState

__all__ = ["MAX_PEOPLE", "Headcount", "attendance", "count", "present"]


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
