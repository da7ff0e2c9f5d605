"""People joining from their phones, and changing their own details afterwards."""

from __future__ import annotations

from ai_toolkit.errors import Code, Refused
from ai_toolkit.facilitation.change import Change, change
from ai_toolkit.facilitation.checks import unknown
from ai_toolkit.facilitation.decisions.sectors import the_sector
from ai_toolkit.model import events as ev
from ai_toolkit.model.session import Participant, SessionState


def the_participant(s: SessionState, participant_id: str | None) -> Participant:
    p = s.participants.get(participant_id or "")
    if p is None:
        raise unknown("participant", participant_id, Code.UNKNOWN_PARTICIPANT)
    return p


def join(s: SessionState, joined: ev.ParticipantJoined) -> Change:
    if joined.participant_id in s.participants:
        raise Refused("this participant has already joined", code=Code.ALREADY_JOINED)
    the_sector(s, joined.sector)
    return change(joined)


def update(s: SessionState, updated: ev.ParticipantUpdated) -> Change:
    the_participant(s, updated.participant_id)
    the_sector(s, updated.sector)
    return change(updated)
