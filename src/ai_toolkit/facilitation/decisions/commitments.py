"""Destiny: what will be done, by whom (people, or an action team), by when, for which proposition, the first step
and the support needed.

A participant's own commitment is theirs: its owner is the participant, named only as they agreed
(``naming.attribution``), so nobody can type a name onto it. A dated one is complete even if its owner is known
only by their sector. Withdrawal, as for contributions, is the author's own act, final, at any time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from ai_toolkit.errors import Code, Refused, ToolkitError
from ai_toolkit.facilitation.change import Change, UndoStep, change
from ai_toolkit.facilitation.checks import a_date, unknown
from ai_toolkit.facilitation.decisions.participants import the_participant
from ai_toolkit.facilitation.decisions.phones import PhoneView, phone_view
from ai_toolkit.facilitation.decisions.propositions import shown_proposition
from ai_toolkit.facilitation.decisions.withdrawal import refusal_to_withdraw_own, still_withdrawn
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Source
from ai_toolkit.model.session import Commitment, SessionState


class Keep(Enum):
    """An edit that does not mention the team or the proposition keeps them (the owner set in one step, an old
    client): only a value given changes them."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True)
class Fields:
    """A commitment as typed (text already cleaned by the service; the date still as given)."""

    what: str
    who: str
    by_when: date | str | None
    first_step: str
    support_needed: str
    team: str | Keep = KEEP
    proposition_id: str | None | Keep = KEEP


def owner(k: Commitment) -> bool:
    """Whether someone owns it: named people, an action team, or the participant who sent it from their phone."""
    return bool(k.who.strip() or k.team.strip() or k.participant_id)


def is_wish(k: Commitment) -> bool:
    """Without an owner and a date a commitment is a wish (the method's rule; the TUI and the minutes mark it)."""
    return not owner(k) or k.by_when is None


def _serves(s: SessionState, proposition_id: str | None, kept: str | None = None) -> str | None:
    """The proposition a commitment serves: one the room can see (one it already served may since be hidden)."""
    if proposition_id is None or proposition_id == kept:
        return proposition_id
    return shown_proposition(s, proposition_id).id


def the_commitment(s: SessionState, commitment_id: str) -> Commitment:
    k = s.commitments.get(commitment_id)
    if k is None:
        raise unknown("commitment", commitment_id, Code.UNKNOWN_COMMITMENT)
    return k


def _by_when(typed: date | str | None, today: date, kept: date | None = None) -> date | None:
    """A newly typed date must not be in the past; a date the commitment already has stays valid once it has passed
    (the minutes are often tidied the day after)."""
    if kept is not None and (typed == kept or typed == kept.isoformat()):
        return kept
    return a_date(typed, not_before=today)


def add(
    s: SessionState,
    commitment_id: str,
    fields: Fields,
    *,
    source: Source,
    participant_id: str | None,
    today: date,
) -> Change:
    if participant_id:
        the_participant(s, participant_id)
        _no_name_typed(fields.who, "")
    if source == Source.PARTICIPANT and phone_view(s) != PhoneView.COMMIT:
        raise Refused("commitments are made in the Destiny phase", code=Code.ACTIVITY_CLOSED)
    return change(
        ev.CommitmentAdded(
            commitment_id=commitment_id,
            what=fields.what,
            who=fields.who,
            by_when=_by_when(fields.by_when, today),
            first_step=fields.first_step,
            support_needed=fields.support_needed,
            team="" if fields.team is KEEP else fields.team,
            proposition_id=None if fields.proposition_id is KEEP else _serves(s, fields.proposition_id),
            source=source,
            participant_id=participant_id,
        ),
        UndoStep("add_commitment", [ev.CommitmentHidden(commitment_id=commitment_id)]),
    )


def _participants_own() -> Refused:
    return Refused(
        "this is a participant's own commitment: it is shown as they agreed to be named, and no name can be "
        "typed onto it",
        code=Code.OWNER_IS_PARTICIPANT,
    )


def _no_name_typed(typed: str, kept: str) -> None:
    """A participant's commitment is theirs: it is shown as they agreed to be named, never with a typed name."""
    if typed.strip() and typed != kept:
        raise _participants_own()


def refusal_to_name(k: Commitment) -> Refused | None:
    """Why the facilitator may not type who carries ``k``, or None (the TUI asks before it offers to)."""
    return None if takes_owner(k) else _participants_own()


def is_complete(k: Commitment) -> bool:
    """An owner and a date: a commitment, not a wish (the method's test, ``is_wish``). A participant's own
    commitment has its owner, named or not: their choice not to be named does not make it a wish."""
    return not is_wish(k)


def takes_owner(k: Commitment) -> bool:
    """Whether the facilitator may type who carries ``k``: only on commitments that are not a participant's."""
    return not k.participant_id


def edit(s: SessionState, commitment_id: str, fields: Fields, *, today: date) -> Change:
    k = the_commitment(s, commitment_id)
    still_withdrawn("commitment", k.withdrawn)
    if not takes_owner(k):
        _no_name_typed(fields.who, k.who)
    return change(
        ev.CommitmentEdited(
            commitment_id=commitment_id,
            what=fields.what,
            who=fields.who,
            by_when=_by_when(fields.by_when, today, kept=k.by_when),
            first_step=fields.first_step,
            support_needed=fields.support_needed,
            team=k.team if fields.team is KEEP else fields.team,
            proposition_id=k.proposition_id
            if fields.proposition_id is KEEP
            else _serves(s, fields.proposition_id, kept=k.proposition_id),
        ),
        UndoStep(
            "edit_commitment",
            [
                ev.CommitmentEdited(
                    commitment_id=k.id,
                    what=k.what,
                    who=k.who,
                    by_when=k.by_when,
                    first_step=k.first_step,
                    support_needed=k.support_needed,
                    team=k.team,
                    proposition_id=k.proposition_id,
                )
            ],
        ),
    )


def refusal_to_withdraw(k: Commitment, participant_id: str) -> ToolkitError | None:
    """Why ``participant_id`` may not withdraw ``k``, or None: as for all they send."""
    return refusal_to_withdraw_own("commitment", k, participant_id, Code.UNKNOWN_COMMITMENT)


def withdraw(s: SessionState, commitment_id: str, *, by_participant: str) -> Change:
    """The author takes their commitment back: final, so there is no undo."""
    k = the_commitment(s, commitment_id)
    refusal = refusal_to_withdraw(k, by_participant)
    if refusal is not None:
        raise refusal
    return change(ev.CommitmentWithdrawn(commitment_id=commitment_id))


def hide(s: SessionState, commitment_id: str, hidden: bool) -> Change | None:
    """Hidden (or shown again) by the facilitator. Not a withdrawn one."""
    k = the_commitment(s, commitment_id)
    still_withdrawn("commitment", k.withdrawn)
    if k.hidden == hidden:
        return None
    return change(
        ev.CommitmentHidden(commitment_id=commitment_id, hidden=hidden),
        UndoStep(
            "hide_commitment" if hidden else "show_commitment",
            [ev.CommitmentHidden(commitment_id=commitment_id, hidden=not hidden)],
        ),
    )
