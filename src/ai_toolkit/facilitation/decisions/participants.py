"""People joining from their phones, changing their own details afterwards, and the facilitator removing one.

Removal is for someone who floods or abuses the room (a script behind one address, a troll): the participant and
everything they sent leave the record at once, their words are erased from the file as a withdrawal's are, and
their id can never join or send again. It is final, like a withdrawal: there is no undo, because the words are
gone. A statement of theirs the facilitator already took up as a proposition stays: the proposition is the
group's words, kept under its own id.
"""

from __future__ import annotations

from dataclasses import dataclass

from ai_toolkit.errors import Code, Refused
from ai_toolkit.facilitation.change import Change, change
from ai_toolkit.facilitation.checks import unknown
from ai_toolkit.facilitation.decisions.sectors import the_sector
from ai_toolkit.model import events as ev
from ai_toolkit.model.session import Participant, SessionState


def the_participant(s: SessionState, participant_id: str | None) -> Participant:
    p = s.participants.get(participant_id or "")
    if p is None:
        refused_if_removed(s, participant_id)
        raise unknown("participant", participant_id, Code.UNKNOWN_PARTICIPANT)
    return p


def refused_if_removed(s: SessionState, participant_id: str | None) -> None:
    """A removed participant's phone is told so plainly, whatever it tries to send."""
    if participant_id is not None and participant_id in s.removed:
        raise Refused("the facilitator has removed this participant from the session", code=Code.REMOVED)


def join(s: SessionState, joined: ev.ParticipantJoined) -> Change:
    refused_if_removed(s, joined.participant_id)
    if joined.participant_id in s.participants:
        raise Refused("this participant has already joined", code=Code.ALREADY_JOINED)
    the_sector(s, joined.sector)
    return change(joined)


def update(s: SessionState, updated: ev.ParticipantUpdated) -> Change:
    the_participant(s, updated.participant_id)
    the_sector(s, updated.sector)
    return change(updated)


@dataclass(frozen=True)
class Sent:
    """What one participant sent: what their removal takes out of the record."""

    contributions: list[str]
    commitments: list[str]
    photos: list[str]
    ballots: int

    @property
    def total(self) -> int:
        return len(self.contributions) + len(self.commitments) + len(self.photos) + self.ballots


def sent_by(s: SessionState, participant_id: str) -> Sent:
    """Everything ``participant_id`` sent from their phone (withdrawn items too: their ids are still in the log)."""
    return Sent(
        contributions=[c.id for c in s.contributions.values() if c.participant_id == participant_id],
        commitments=[k.id for k in s.commitments.values() if k.participant_id == participant_id],
        photos=[p.id for p in s.photos.values() if p.participant_id == participant_id],
        ballots=sum(1 for v in s.votes.values() if participant_id in v.ballots),
    )


def remove(s: SessionState, participant_id: str) -> Change:
    """The facilitator removes a participant and everything they sent: final, with no undo."""
    the_participant(s, participant_id)
    sent = sent_by(s, participant_id)
    return change(
        ev.ParticipantRemoved(
            participant_id=participant_id,
            contribution_ids=sent.contributions,
            commitment_ids=sent.commitments,
            photo_ids=sent.photos,
        )
    )
