"""Moderation of the wall: what the room's screen shows of the contributions, apart from what the record keeps.

Off by default. While it is on, a phone's contribution reaches the record (and so the minutes) at once and waits
(``OnWall.HELD``) until the facilitator lets it through; the facilitator may take any card off the wall (``OFF``)
and put it back. None of this hides anything from the minutes: that is ``contributions.hide``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ai_toolkit.errors import Code
from ai_toolkit.facilitation.change import Change, UndoStep, change
from ai_toolkit.facilitation.checks import unknown
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import OnWall
from ai_toolkit.model.session import Contribution, SessionState


def moderate(s: SessionState, on: bool) -> Change | None:
    """Turn moderation on or off. Cards already waiting keep waiting when it goes off: they were not let
    through, and the facilitator still decides about each (or all at once)."""
    if s.moderated == on:
        return None
    undo = UndoStep("moderate_on" if on else "moderate_off", [ev.ModerationSet(on=not on)])
    return change(ev.ModerationSet(on=on), undo)


def put_on_wall(s: SessionState, contribution_ids: Iterable[str] | None, on_wall: OnWall) -> Change | None:
    """Let cards through (``SHOWN``) or take them off (``OFF``); ``None`` for the ids means every card waiting.

    Cards already where they are asked to be are left alone; nothing to move is no change. The undo puts each
    card back where it was (waiting, shown or off)."""
    if contribution_ids is None:
        cards = waiting(s)
    else:
        cards = []
        for cid in dict.fromkeys(contribution_ids):
            c = s.contributions.get(cid)
            if c is None:
                raise unknown("contribution", cid, Code.UNKNOWN_CONTRIBUTION)
            cards.append(c)
    moving = [c for c in cards if c.on_wall != on_wall]
    if not moving:
        return None
    before: dict[OnWall, list[str]] = {}
    for c in moving:
        before.setdefault(c.on_wall, []).append(c.id)
    undo: list[ev.Event] = [ev.ContributionsOnWall(contribution_ids=ids, on_wall=was) for was, ids in before.items()]
    if on_wall == OnWall.OFF:
        what = "take_off_wall"
    else:
        what = "let_all_through" if contribution_ids is None else "let_through"
    return change(
        ev.ContributionsOnWall(contribution_ids=[c.id for c in moving], on_wall=on_wall),
        UndoStep(what, undo, {"n": str(len(moving))}),
    )


# -- questions the wall and the facilitator's screen ask -------------------------------------------------------
def on_the_wall(c: Contribution) -> bool:
    """Whether the room's screen shows this card: on the record (not hidden or withdrawn) and not held or off."""
    return not c.hidden and c.on_wall == OnWall.SHOWN


def waiting(s: SessionState) -> list[Contribution]:
    """Cards waiting for the facilitator to let them through, oldest first (hidden ones wait for nothing)."""
    return [c for c in s.contributions.values() if c.on_wall == OnWall.HELD and not c.hidden]
