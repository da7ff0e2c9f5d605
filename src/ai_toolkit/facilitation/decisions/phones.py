"""What a phone shows now: the one answer the web's pages, its push channel and the service's checks share.

A phone may only send what its page offers: a contribution while it shows the contribution form, a ballot while a
vote is open, a commitment while Destiny collects them. So the form a page shows and the rule that accepts a post
are the same function.
"""

from __future__ import annotations

import zlib
from enum import StrEnum

from ai_toolkit.facilitation.decisions.votes import vote_on_show
from ai_toolkit.model.enums import Collects, Phase
from ai_toolkit.model.session import FollowUp, SessionState


class PhoneView(StrEnum):
    BEFORE = "before"
    """The session has not started: a waiting page."""
    LISTEN = "listen"
    """An activity that collects nothing (a welcome, a talk, a break)."""
    CONTRIBUTE = "contribute"
    VOTE = "vote"
    VOTE_WAIT = "vote_wait"
    """A voting step with no vote open yet."""
    VOTE_RESULT = "vote_result"
    """A voting step whose vote has closed: the ranking, not "the vote has not opened yet"."""
    COMMIT = "commit"
    ENDED = "ended"


WAITING = frozenset({PhoneView.BEFORE, PhoneView.LISTEN, PhoneView.VOTE_WAIT, PhoneView.VOTE_RESULT, PhoneView.ENDED})
"""Pages with nothing to type: without JavaScript they reload themselves to follow the room. A page with a form
never does (it would throw away what someone is typing)."""


def phone_view(s: SessionState) -> PhoneView:
    if s.ended_at is not None:
        return PhoneView.ENDED
    cur = s.current
    if cur is None:
        return PhoneView.BEFORE
    phase, act = cur
    if s.open_vote is not None:
        return PhoneView.VOTE
    if act.collects == Collects.NOTHING:
        return PhoneView.LISTEN
    if act.collects == Collects.VOTES:
        return PhoneView.VOTE_RESULT if vote_on_show(s) is not None else PhoneView.VOTE_WAIT
    if act.collects == Collects.COMMITMENTS:
        return PhoneView.COMMIT if phase == Phase.DESTINY else PhoneView.LISTEN
    return PhoneView.CONTRIBUTE


def follow_up_shown(s: SessionState) -> FollowUp | None:
    """The follow-up meeting, once set, from Destiny on and after the end: the phones' last page and the wall's
    closing screen show it (before Destiny it would only distract from the room's work)."""
    if s.follow_up is None or (s.ended_at is None and s.current_phase != Phase.DESTINY):
        return None
    return s.follow_up


def phone_version(s: SessionState) -> str:
    """Changes exactly when a phone's page should change: another step, a vote opening or closing, the end, a
    participant removed."""
    vote = s.open_vote
    follow = s.follow_up
    # The place as a checksum: the version goes into a URL's JSON, the place may be any text.
    later = f"{follow.on}|{zlib.crc32(follow.place.encode()):x}" if follow_up_shown(s) and follow else "-"
    # A removal reloads every page once: the removed phone then says so at once, the others show the ranking again.
    return (
        f"{s.position}.{int(s.ended_at is not None)}.{vote.id if vote else '-'}.{len(s.votes)}.{later}.{len(s.removed)}"
    )
