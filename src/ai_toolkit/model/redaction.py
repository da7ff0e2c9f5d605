"""What a participant's withdrawal erases from the log: the words of the item, wherever an earlier event holds them;
and what the facilitator's removal of a participant erases: the words of everything they sent, their name and
organisation.

The log is append-only except for this. A withdrawal is the participant's right and it is final, so the words must
not stay in the session's file (nor in an export, nor come back with an import). The store asks here which earlier
events a withdrawal touches and what each becomes: the same event with its words emptied and ``redacted`` set.
Everything else (ids, times, the activity, the sector) stays, so the log still folds and the agenda still adds up.
"""

from __future__ import annotations

from dataclasses import dataclass

from ai_toolkit.model import events as ev


@dataclass(frozen=True)
class Redaction:
    """The earlier events one withdrawal (or removal) empties: those of ``kinds`` whose ``key`` field is one of
    ``item_ids``."""

    kinds: tuple[str, ...]
    key: str
    item_ids: tuple[str, ...]

    def touches(self, event: ev.Event) -> bool:
        return event.kind in self.kinds and getattr(event, self.key, None) in self.item_ids


_CONTRIBUTION = ("contribution_added", "contribution_edited")
_COMMITMENT = ("commitment_added", "commitment_edited")
_PHOTO = ("photo_added", "photo_captioned")  # the file is deleted by the service once the event is saved


def redactions_of(event: ev.Event) -> list[Redaction]:
    """The redactions ``event`` calls for: none for every event that is neither a withdrawal nor a removal."""
    if isinstance(event, ev.ContributionWithdrawn):
        return [Redaction(_CONTRIBUTION, "contribution_id", (event.contribution_id,))]
    if isinstance(event, ev.CommitmentWithdrawn):
        return [Redaction(_COMMITMENT, "commitment_id", (event.commitment_id,))]
    if isinstance(event, ev.PhotoWithdrawn):
        return [Redaction(_PHOTO, "photo_id", (event.photo_id,))]
    if isinstance(event, ev.ParticipantRemoved):
        # A removed participant's words go as a withdrawal's do, and their name and organisation with them.
        found = [
            Redaction(("participant_joined", "participant_updated"), "participant_id", (event.participant_id,)),
            Redaction(_CONTRIBUTION, "contribution_id", tuple(event.contribution_ids)),
            Redaction(_COMMITMENT, "commitment_id", tuple(event.commitment_ids)),
            Redaction(_PHOTO, "photo_id", tuple(event.photo_ids)),
        ]
        return [r for r in found if r.item_ids]
    return []


def redacted(event: ev.Event) -> ev.Event:
    """``event`` without the words it carries (unchanged if it carries none)."""
    if isinstance(event, ev.ContributionAdded | ev.ContributionEdited):
        return event.model_copy(update={"text": "", "redacted": True})
    if isinstance(event, ev.CommitmentAdded | ev.CommitmentEdited):
        return event.model_copy(
            update={"what": "", "who": "", "first_step": "", "support_needed": "", "redacted": True}
        )
    if isinstance(event, ev.PhotoAdded | ev.PhotoCaptioned):
        return event.model_copy(update={"caption": "", "redacted": True})
    if isinstance(event, ev.ParticipantJoined | ev.ParticipantUpdated):
        return event.model_copy(update={"name": "", "organisation": ""})
    return event


def holds_words(event: ev.Event) -> bool:
    """Whether a redacted event still carries words (an export edited by hand): never imported as it is."""
    if isinstance(event, ev.ContributionAdded | ev.ContributionEdited):
        return bool(event.text)
    if isinstance(event, ev.CommitmentAdded | ev.CommitmentEdited):
        return any((event.what, event.who, event.first_step, event.support_needed))
    if isinstance(event, ev.PhotoAdded | ev.PhotoCaptioned):
        return bool(event.caption)
    return False
