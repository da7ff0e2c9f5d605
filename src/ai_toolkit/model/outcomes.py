"""What a session produced, ranked the one way every surface shows it.

The minutes' summary, the phones' last page, the Excel sheets and the synthesis across regions all name "the
strongest themes" and "the top propositions": they ask here, so a partner reading the summary and a participant
reading their phone see the same order.
"""

from __future__ import annotations

from dataclasses import dataclass

from ai_toolkit.model.enums import Phase
from ai_toolkit.model.session import Commitment, Proposition, SessionState, Theme, VoteRound


@dataclass(frozen=True)
class ThemeStrength:
    theme: Theme
    contributions: int


def theme_strengths(state: SessionState, phase: Phase | None = None) -> list[ThemeStrength]:
    """Live themes with how many visible contributions they hold, the most first; ties keep the room's order."""
    counts: dict[str, int] = {}
    for c in state.contributions.values():
        if c.theme_id is not None and not c.hidden:
            counts[c.theme_id] = counts.get(c.theme_id, 0) + 1
    themes = state.live_themes(phase)
    ranked = sorted(enumerate(themes), key=lambda it: (-counts.get(it[1].id, 0), it[0]))
    return [ThemeStrength(t, counts.get(t.id, 0)) for _, t in ranked]


def strongest_themes(state: SessionState, n: int = 3, phase: Phase | None = None) -> list[ThemeStrength]:
    """The ``n`` themes holding the most contributions; empty themes are not "strong" and are left out."""
    return [t for t in theme_strengths(state, phase) if t.contributions][:n]


def proposition_vote(state: SessionState) -> VoteRound | None:
    """The dot-vote that ranks the propositions: the last closed one that offered any; else the last one open."""
    rounds = [v for v in state.votes.values() if any(o.ref in state.propositions for o in v.options)]
    closed = [v for v in rounds if not v.is_open]
    chosen = closed or rounds
    return chosen[-1] if chosen else None


@dataclass(frozen=True)
class PropositionResult:
    proposition: Proposition
    dots: int | None
    """Dots in the vote that ranks the propositions; ``None`` when it was not offered in one (or none was held)."""
    share: float | None
    """``dots`` over all dots placed in that vote."""
    rank: int | None


def ranked_propositions(state: SessionState) -> list[PropositionResult]:
    """Every visible proposition, those voted on first by dots (ties share a rank), then the rest as written."""
    props = [p for p in state.propositions.values() if not p.hidden]
    vote = proposition_vote(state)
    dots: dict[str, int] = {}
    total = 0
    if vote is not None:
        for option, n in vote.tally():
            total += n
            if option.ref in state.propositions:
                dots[option.ref] = dots.get(option.ref, 0) + n
    voted = sorted((p for p in props if p.id in dots), key=lambda p: -dots[p.id])
    out = []
    for p in voted:
        rank = 1 + sum(1 for q in voted if dots[q.id] > dots[p.id])
        out.append(PropositionResult(p, dots[p.id], dots[p.id] / total if total else None, rank))
    out += [PropositionResult(p, None, None, None) for p in props if p.id not in dots]
    return out


def top_propositions(state: SessionState, n: int = 3) -> list[PropositionResult]:
    """The propositions the room put first: the ``n`` with most dots (any with a dot), or the first ``n`` written
    when no vote was held."""
    ranked = ranked_propositions(state)
    voted = [r for r in ranked if r.dots]
    return (voted or ranked)[:n]


def action_plan(state: SessionState) -> list[Commitment]:
    """The commitments that stand (not withdrawn, not hidden), in the order they were made."""
    return [c for c in state.commitments.values() if not c.hidden]
