"""Undo, checked against the session as it is now: some changes can no longer be taken back.

The facilitator's undo replays the events a decision stored next to its change. Meanwhile the room went on: a
participant may have withdrawn the contribution the facilitator hid (a withdrawal is final: undo must not show it
again), the facilitator removed the participant who sent it (it left the record), or someone corrected a paper
count the undo would take below zero.
"""

from __future__ import annotations

from typing import Any

from ai_toolkit.errors import Code, Refused
from ai_toolkit.facilitation.change import Change, UndoStep
from ai_toolkit.facilitation.decisions.attendance import count
from ai_toolkit.facilitation.decisions.withdrawal import still_withdrawn
from ai_toolkit.model import events as ev
from ai_toolkit.model.session import SessionState


def _gone(s: SessionState, e: ev.Event) -> bool:
    """Whether ``e`` names a contribution, commitment or photo that left the record (its sender was removed)."""
    named: list[tuple[dict[str, Any], object]] = [
        (s.contributions, getattr(e, "contribution_id", None)),
        (s.commitments, getattr(e, "commitment_id", None)),
        (s.photos, getattr(e, "photo_id", None)),
    ]
    named += [(s.contributions, cid) for cid in getattr(e, "contribution_ids", [])]
    return any(key is not None and key not in items for items, key in named)


def undo(s: SessionState, step: UndoStep) -> Change:
    """The events that take ``step`` back, or a refusal saying why they no longer can."""
    for e in step.events:
        if _gone(s, e):
            raise Refused("what this changed was removed with its sender", code=Code.REMOVED)
        # Hiding a withdrawn item again changes nothing; showing or rewording it would bring its words back.
        match e:
            case ev.ContributionEdited() | ev.ContributionHidden(hidden=False):
                c = s.contributions.get(e.contribution_id)
                still_withdrawn("contribution", c is not None and c.withdrawn)
            case ev.CommitmentEdited() | ev.CommitmentHidden(hidden=False):
                k = s.commitments.get(e.commitment_id)
                still_withdrawn("commitment", k is not None and k.withdrawn)
            case ev.PeopleCounted():
                count(s, e.sector, e.count)
            case _:
                pass
    return Change(list(step.events))
