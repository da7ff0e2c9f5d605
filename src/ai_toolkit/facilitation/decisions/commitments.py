"""Destiny: what will be done, by whom (people, or an action team), by when, for which proposition, the first step
and the support needed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ai_toolkit.errors import Code, Refused
from ai_toolkit.facilitation.change import Change, UndoStep, change
from ai_toolkit.facilitation.checks import a_date, unknown
from ai_toolkit.facilitation.decisions.naming import shown_name
from ai_toolkit.facilitation.decisions.participants import the_participant
from ai_toolkit.facilitation.decisions.phones import PhoneView, phone_view
from ai_toolkit.facilitation.decisions.propositions import shown_proposition
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Phase, Source
from ai_toolkit.model.session import Commitment, SessionState


@dataclass(frozen=True)
class Fields:
    """A commitment as typed (text already cleaned by the service; the date still as given)."""

    what: str
    who: str
    by_when: date | str | None
    first_step: str
    support_needed: str
    team: str = ""
    proposition_id: str | None = None


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
    who = fields.who
    if participant_id:
        the_participant(s, participant_id)
        # Their own commitment: they are the owner, but only named where they agreed to be named.
        who = who or shown_name(s, participant_id)
    if source == Source.PARTICIPANT and phone_view(s) != PhoneView.COMMIT:
        raise Refused("commitments are made in the Destiny phase", code=Code.ACTIVITY_CLOSED)
    return change(
        ev.CommitmentAdded(
            commitment_id=commitment_id,
            what=fields.what,
            who=who,
            by_when=_by_when(fields.by_when, today),
            first_step=fields.first_step,
            support_needed=fields.support_needed,
            team=fields.team,
            proposition_id=_serves(s, fields.proposition_id),
            source=source,
            participant_id=participant_id,
        ),
        UndoStep("add_commitment", [ev.CommitmentHidden(commitment_id=commitment_id)]),
    )


def edit(s: SessionState, commitment_id: str, fields: Fields, *, today: date) -> Change:
    k = the_commitment(s, commitment_id)
    return change(
        ev.CommitmentEdited(
            commitment_id=commitment_id,
            what=fields.what,
            who=fields.who,
            by_when=_by_when(fields.by_when, today, kept=k.by_when),
            first_step=fields.first_step,
            support_needed=fields.support_needed,
            team=fields.team,
            proposition_id=_serves(s, fields.proposition_id, kept=k.proposition_id),
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


def refusal_to_withdraw(s: SessionState, k: Commitment, participant_id: str) -> Refused | None:
    """Why ``participant_id`` may not withdraw ``k`` now, or None. Only while Destiny is current: after that the
    group has heard it and the facilitator decides."""
    if s.ended_at is not None or s.current_phase != Phase.DESTINY:
        return Refused("commitments can be withdrawn only in the Destiny phase", code=Code.ACTIVITY_CLOSED)
    if k.hidden:
        return Refused("you have withdrawn this commitment", code=Code.WITHDRAWN)
    return None


def hide(s: SessionState, commitment_id: str, hidden: bool, *, by_participant: str | None) -> Change:
    """Hidden (facilitator) or withdrawn (its author). A participant may withdraw only their own commitment
    (anyone else's is "not found", so ids reveal nothing)."""
    k = s.commitments.get(commitment_id)
    if k is None or (by_participant is not None and k.participant_id != by_participant):
        raise unknown("commitment", commitment_id, Code.UNKNOWN_COMMITMENT)
    if by_participant is not None:
        refusal = refusal_to_withdraw(s, k, by_participant)
        if refusal is not None:
            raise refusal
    return change(
        ev.CommitmentHidden(commitment_id=commitment_id, hidden=hidden),
        UndoStep(
            "hide_commitment" if hidden else "show_commitment",
            [ev.CommitmentHidden(commitment_id=commitment_id, hidden=not hidden)],
        ),
    )
