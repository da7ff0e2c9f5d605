"""The service's commands for the room's screen: moderation on or off, cards let through or taken off the wall.

The rules are in ``decisions/moderation.py``; what the wall shows is asked of ``decisions/wall.py``. Nothing here
touches the record: a card taken off the wall is still in the minutes (hiding it from them is
``hide_contribution``).
"""

from __future__ import annotations

from collections.abc import Iterable

from ai_toolkit.facilitation.decisions import moderation
from ai_toolkit.facilitation.recording import Recorder
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import OnWall


class WallCommands(Recorder):
    def moderate(self, on: bool = True) -> bool:
        """Turn moderation of the wall on or off; returns whether it is on now."""
        self._commit(lambda s: moderation.moderate(s, bool(on)))
        return self.state.moderated

    def let_through(self, contribution_ids: Iterable[str] | None = None) -> int:
        """Let waiting cards through to the wall (``None``: every card waiting); returns how many moved."""
        wanted = list(contribution_ids) if contribution_ids is not None else None
        return self._move(wanted, OnWall.SHOWN)

    def take_off_wall(self, contribution_ids: Iterable[str]) -> int:
        """Take cards off the wall (or refuse waiting ones), keeping them in the record; returns how many moved."""
        return self._move(list(contribution_ids), OnWall.OFF)

    def _move(self, contribution_ids: list[str] | None, on_wall: OnWall) -> int:
        rec = self._commit(lambda s: moderation.put_on_wall(s, contribution_ids, on_wall))
        return len(rec.event.contribution_ids) if rec and isinstance(rec.event, ev.ContributionsOnWall) else 0
