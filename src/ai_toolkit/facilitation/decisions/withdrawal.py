"""The consent promise, in one place: what a participant sent is theirs to take back, and once back it stays gone.

Contributions, commitments and photos each ask these two questions; only what differs stays with them (a statement
the facilitator has taken up as a proposition is the group's words now: ``contributions.refusal_to_withdraw``).
"""

from __future__ import annotations

from typing import Protocol

from ai_toolkit.errors import Code, Refused, ToolkitError
from ai_toolkit.facilitation.checks import unknown


class Sent(Protocol):
    """Anything a participant sends: a contribution, a commitment, a photo."""

    @property
    def id(self) -> str: ...
    @property
    def participant_id(self) -> str | None: ...
    @property
    def withdrawn(self) -> bool: ...


def refusal_to_withdraw_own(kind: str, item: Sent, participant_id: str, not_found: Code) -> ToolkitError | None:
    """Why ``participant_id`` may not withdraw ``item``, or None: only their own (anyone else's is "not found", so
    ids reveal nothing), once; at any time, whatever phase the room is in."""
    if item.participant_id != participant_id:
        return unknown(kind, item.id, not_found)
    if item.withdrawn:
        return Refused(f"you have withdrawn this {kind}", code=Code.WITHDRAWN)
    return None


def still_withdrawn(item: str, withdrawn: bool) -> None:
    """The facilitator may not show, change or undo an item its author withdrew: say so plainly."""
    if withdrawn:
        raise Refused(
            f"its author withdrew this {item}: it cannot be shown or changed again",
            code=Code.WITHDRAWN_BY_AUTHOR,
            item=item,
        )
