"""What a participant's withdrawal erases from the log: the words of the item, wherever an earlier event holds them.

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
    """The earlier events one withdrawal empties: those of ``kinds`` whose ``key`` field is ``item_id``."""

    kinds: tuple[str, ...]
    key: str
    item_id: str

    def touches(self, event: ev.Event) -> bool:
        return event.kind in self.kinds and getattr(event, self.key, None) == self.item_id


def redaction_of(event: ev.Event) -> Redaction | None:
    """The redaction ``event`` calls for, or None for every event that is not a withdrawal."""
    if isinstance(event, ev.ContributionWithdrawn):
        return Redaction(("contribution_added", "contribution_edited"), "contribution_id", event.contribution_id)
    if isinstance(event, ev.CommitmentWithdrawn):
        return Redaction(("commitment_added", "commitment_edited"), "commitment_id", event.commitment_id)
    if isinstance(event, ev.PhotoWithdrawn):
        # The picture's file is deleted by the service once the withdrawal is saved; the caption lives here.
        return Redaction(("photo_added", "photo_captioned"), "photo_id", event.photo_id)
    return None


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
