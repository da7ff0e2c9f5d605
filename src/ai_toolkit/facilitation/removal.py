"""The facilitator removes a participant and everything they sent: ``remove_participant``, which
``Facilitation`` inherits.

For someone who floods or abuses the room. One event (``ParticipantRemoved``) takes the participant, their
contributions, commitments, photos and ballots out of the record; the store erases their words, name and
organisation in the same transaction (``model.redaction``), as for a withdrawal. Their photos' files are deleted
once the event is saved, as a withdrawn photo's are, and the minutes written earlier into the session's folder
(which may quote them) are deleted. Final: no undo, and their phone can no longer send anything.
"""

from __future__ import annotations

from functools import partial

from ai_toolkit.facilitation import checks
from ai_toolkit.facilitation.change import Change
from ai_toolkit.facilitation.decisions import participants
from ai_toolkit.facilitation.decisions.participants import Sent
from ai_toolkit.facilitation.photo_commands import PhotoCommands
from ai_toolkit.model.session import SessionState
from ai_toolkit.store.sessions import discard_minutes


class RemovalCommands(PhotoCommands):
    def remove_participant(self, participant_id: str) -> Sent:
        """Remove ``participant_id`` and everything they sent; returns what was removed."""
        pid = checks.client_made_id(participant_id)
        removed: list[tuple[Sent, set[str]]] = []

        def decide(s: SessionState) -> Change:
            made = participants.remove(s, pid)
            sent = participants.sent_by(s, pid)
            removed.append((sent, {s.photos[photo_id].sha256 for photo_id in sent.photos}))
            return made

        self._commit(decide, undoable=False)
        sent, files = removed[-1]
        for sha in sorted(files):  # once saved, as a withdrawn photo's; kept while an identical upload needs it
            self.after_commit(partial(self._drop_file, sha))
        discard_minutes(self.folder)
        return sent
