"""A closed vote's result, as the phones and the wall show it: the same ranking, asked of the same rule.

The room sees the dots only when ``votes.results_shown`` says so (closed, or opened to be shown live); until then
only how many have voted.
"""

from __future__ import annotations

from typing import Any

from ai_toolkit.facilitation.decisions.votes import results_shown, vote_on_show
from ai_toolkit.model.session import SessionState, VoteRound


def result_context(s: SessionState, vote: VoteRound | None = None) -> dict[str, Any]:
    """``vote`` (the one on show by default), its ballots, and its ranking if the room may see it."""
    shown = vote or vote_on_show(s)
    if shown is None:
        return {"vote": None, "ranking": None, "ballots": 0, "joined": len(s.participants)}
    ranking = shown.tally() if results_shown(shown) else None
    most = max([n for _, n in ranking or []] + [1])
    return {
        "vote": shown,
        "ranking": ranking,
        "most": most,
        "ballots": len(shown.ballots),
        "joined": len(s.participants),
    }
