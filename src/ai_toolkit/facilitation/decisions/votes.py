"""Dot-votes: one round open at a time, a number of dots each, the latest ballot counts, a ranking when closed."""

from __future__ import annotations

from collections.abc import Sequence

from ai_toolkit.errors import Code, Refused
from ai_toolkit.facilitation.change import Change, change
from ai_toolkit.facilitation.checks import MAX_DOTS, MAX_OPTIONS, MAX_SHORT, unknown
from ai_toolkit.facilitation.decisions.participants import the_participant
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Phase
from ai_toolkit.model.session import SessionState, VoteOption, VoteRound

Option = tuple[str, str | None]
"""A label, and the theme or proposition it stands for (if any)."""


def the_vote(s: SessionState, vote_id: str) -> VoteRound:
    vote = s.votes.get(vote_id)
    if vote is None:
        raise unknown("vote", vote_id, Code.UNKNOWN_VOTE)
    return vote


def check_shape(options: Sequence[Option], dots: int) -> None:
    """What any vote needs, whatever the session holds."""
    if not options:
        raise Refused("a vote needs at least one option", code=Code.NO_OPTIONS)
    if len(options) > MAX_OPTIONS:
        raise Refused(f"a vote can have at most {MAX_OPTIONS} options", code=Code.TOO_MANY_OPTIONS)
    if not 1 <= dots <= MAX_DOTS:
        raise Refused(f"dots per participant must be between 1 and {MAX_DOTS}", code=Code.BAD_DOTS)


def on_propositions(s: SessionState) -> list[Option]:
    """The propositions still shown, as options: the room votes on what it can see."""
    return [(p.text[:MAX_SHORT], p.id) for p in s.propositions.values() if not p.hidden]


def on_themes(s: SessionState, phase: Phase) -> list[Option]:
    return [(t.name, t.id) for t in s.live_themes(phase)]


def open_round(
    s: SessionState, vote_id: str, options: Sequence[Option], *, dots: int, title: str, phase: Phase | None
) -> Change:
    check_shape(options, dots)
    if s.open_vote is not None:
        raise Refused(
            f"the vote {s.open_vote.title or 'without a title'!r} is still open; close it first", code=Code.VOTE_OPEN
        )
    return change(
        ev.VoteOpened(
            vote_id=vote_id,
            title=title,  # no title: each surface names it in its reader's language (i18n.glossary.vote_title)
            phase=phase or s.current_phase or Phase.DESIGN,
            options=[VoteOption(id=f"o{i + 1}", label=label, ref=ref) for i, (label, ref) in enumerate(options)],
            dots=dots,
        )
    )


def cast(s: SessionState, vote_id: str, participant_id: str, dots: dict[str, int]) -> Change:
    vote = the_vote(s, vote_id)
    if not vote.is_open:
        raise Refused("this vote is closed", code=Code.VOTE_CLOSED)
    the_participant(s, participant_id)
    known = {o.id for o in vote.options}
    for option_id, n in dots.items():
        if option_id not in known:
            raise Refused(f"no option {option_id!r} in this vote", code=Code.UNKNOWN_OPTION)
        if not isinstance(n, int) or isinstance(n, bool) or n < 0:
            raise Refused("dots must be whole numbers, zero or more", code=Code.BAD_DOTS)
    total = sum(dots.values())
    if total > vote.dots:
        raise Refused(
            f"{total} dots is more than the {vote.dots} each person has",
            code=Code.ALLOWANCE_EXCEEDED,
            allowed=vote.dots,
            used=total,
        )
    if total == 0:
        raise Refused("place at least one dot", code=Code.NO_DOTS)
    return change(ev.BallotCast(vote_id=vote_id, participant_id=participant_id, dots=dict(dots)))


def close(s: SessionState, vote_id: str | None) -> Change:
    """Close a round (the open one by default)."""
    vid = vote_id or (s.open_vote.id if s.open_vote else None)
    if vid is None:
        raise Refused("no vote is open", code=Code.NO_OPEN_VOTE)
    if not the_vote(s, vid).is_open:
        raise Refused("this vote is already closed", code=Code.VOTE_CLOSED)
    return change(ev.VoteClosed(vote_id=vid))
