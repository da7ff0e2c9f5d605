"""The participants' own rights, and everyone counted: commands ``Facilitation`` inherits.

Withdrawal is the author's act on their own item: final, at any time, and never the facilitator's to take back
(the store erases the words in the same transaction, and the minutes written earlier into the session's folder,
which may quote them, are deleted: the next ``minutes`` writes them without). People present without a phone are
counted by sector so the attendance a programme reports includes everyone in the room.
"""

from __future__ import annotations

from ai_toolkit.facilitation import checks
from ai_toolkit.facilitation.decisions import attendance, commitments, contributions
from ai_toolkit.facilitation.recording import Recorder
from ai_toolkit.model.enums import Sector
from ai_toolkit.model.session import Commitment, Contribution
from ai_toolkit.store.sessions import discard_minutes


class ConsentCommands(Recorder):
    def withdraw_contribution(self, contribution_id: str, *, by_participant: str) -> Contribution:
        """Its author takes it back: its words leave the session, its file and every document made from now on."""
        self._commit(lambda s: contributions.withdraw(s, contribution_id, by_participant=by_participant))
        discard_minutes(self.folder)
        return self.state.contributions[contribution_id]

    def withdraw_commitment(self, commitment_id: str, *, by_participant: str) -> Commitment:
        """Its author takes it back, as for a contribution."""
        self._commit(lambda s: commitments.withdraw(s, commitment_id, by_participant=by_participant))
        discard_minutes(self.folder)
        return self.state.commitments[commitment_id]

    def count_people(self, sector: Sector | str, n: int = 1) -> int:
        """``n`` more people of ``sector`` present without a phone (negative: a correction); returns the new count.
        The facilitator's change: undo takes it back."""
        wanted = checks.sector(sector)
        self._commit(lambda s: attendance.count(s, wanted, int(n)))
        return self.state.counted.get(wanted, 0)
