"""What the fold checks of an event before applying it, beyond the items it names: ranges and references that no
command of the service can produce, so only a damaged, hand-edited or hostile log (an import) holds them.

Each check raises ``FoldError`` with the event's number, so ``import`` refuses the file saying where, and
``export --salvage`` knows where the readable part of a damaged session ends. The limits are the service's own
(``model.limits``): a log may hold nothing the service would have refused. Pure and cheap: it runs for every event
the service applies, too.
"""

from __future__ import annotations

from collections.abc import Mapping

from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import LANGUAGES
from ai_toolkit.model.limits import (
    MAX_CAPTION,
    MAX_DOTS,
    MAX_LONG,
    MAX_OPTIONS,
    MAX_PEOPLE,
    MAX_SHORT,
    MAX_TEXT,
    MAX_TOPIC,
)
from ai_toolkit.model.session import SessionState


class FoldError(ValueError):
    """The log does not make sense (it does not start with the session, or names something unknown)."""


def check(state: SessionState, rec: ev.Recorded) -> None:
    """Refuse ``rec`` if its values are out of range or it names someone who never joined."""
    e, seq = rec.event, rec.seq
    if isinstance(e, ev.ParticipantJoined):
        if e.participant_id in state.participants or e.participant_id in state.removed:
            raise FoldError(f"event {seq}: the participant {e.participant_id[:40]!r} joined already")
    if isinstance(e, ev.ParticipantJoined | ev.ParticipantUpdated):
        _language(e.language, seq)
        _length(seq, name=(e.name, MAX_SHORT), organisation=(e.organisation, MAX_SHORT))
    elif isinstance(e, ev.ContributionAdded):
        _new(state.contributions, e.contribution_id, "contribution", seq)
        _language(e.language, seq)
        _length(seq, text=(e.text, MAX_TEXT))
        _joined(state, e.participant_id, seq)
        _activity(state, e.activity_id, seq)
    elif isinstance(e, ev.ContributionEdited):
        _length(seq, text=(e.text, MAX_TEXT))
    elif isinstance(e, ev.ThemeCreated | ev.ThemeRenamed):
        if isinstance(e, ev.ThemeCreated):
            _new(state.themes, e.theme_id, "theme", seq)
        _length(seq, name=(e.name, MAX_SHORT))
    elif isinstance(e, ev.PropositionAdded | ev.PropositionEdited):
        if isinstance(e, ev.PropositionAdded):
            _new(state.propositions, e.proposition_id, "proposition", seq)
            _joined(state, e.participant_id, seq)
        _length(seq, text=(e.text, MAX_LONG))
        for theme_id in e.theme_ids:
            if theme_id not in state.themes:
                raise FoldError(f"event {seq} names a theme {theme_id[:40]!r} that does not exist")
    elif isinstance(e, ev.VoteOpened):
        _vote(state, e, seq)
    elif isinstance(e, ev.BallotCast):
        _ballot(state, e, seq)
    elif isinstance(e, ev.CommitmentAdded | ev.CommitmentEdited):
        if isinstance(e, ev.CommitmentAdded):
            _new(state.commitments, e.commitment_id, "commitment", seq)
            _joined(state, e.participant_id, seq)
        _length(
            seq,
            what=(e.what, MAX_LONG),
            who=(e.who, MAX_SHORT),
            first_step=(e.first_step, MAX_LONG),
            support_needed=(e.support_needed, MAX_LONG),
            team=(e.team, MAX_SHORT),
        )
    elif isinstance(e, ev.PeopleCounted):
        if abs(e.count) > MAX_PEOPLE or state.counted.get(e.sector, 0) + e.count > MAX_PEOPLE:
            raise FoldError(f"event {seq}: more than {MAX_PEOPLE} people counted in one sector")
    elif isinstance(e, ev.PhotoAdded):
        _new(state.photos, e.photo_id, "photo", seq)
        _length(seq, caption=(e.caption, MAX_CAPTION))
        _joined(state, e.participant_id, seq)
        _activity(state, e.activity_id, seq)
    elif isinstance(e, ev.PhotoCaptioned):
        _length(seq, caption=(e.caption, MAX_CAPTION))
    elif isinstance(e, ev.TopicAgreed):
        _length(seq, text=(e.text, MAX_TOPIC))
    elif isinstance(e, ev.FollowUpSet):
        _length(seq, place=(e.place, MAX_SHORT))


def check_created(created: ev.SessionCreated, seq: int) -> None:
    info = created.info
    _language(info.language, seq)
    _length(seq, title=(info.title, MAX_SHORT), affirmative_topic=(info.affirmative_topic, MAX_TOPIC))


def _new(items: Mapping[str, object], key: str, what: str, seq: int) -> None:
    if key in items:
        raise FoldError(f"event {seq} adds a {what} {key[:40]!r} that exists already")


def _language(code: str, seq: int) -> None:
    if code not in LANGUAGES:
        raise FoldError(f"event {seq}: unknown language {code[:20]!r}")


def _length(seq: int, **fields: tuple[str, int]) -> None:
    for name, (value, limit) in fields.items():
        if len(value) > limit:
            raise FoldError(f"event {seq}: the {name} is {len(value)} characters long; the limit is {limit}")


def _joined(state: SessionState, participant_id: str | None, seq: int) -> None:
    """A participant an item names must have joined and not been removed: a ghost is a damaged log."""
    if participant_id is not None and participant_id not in state.participants:
        raise FoldError(f"event {seq} names a participant {participant_id[:40]!r} who has not joined")


def _activity(state: SessionState, activity_id: str, seq: int) -> None:
    if state.activity(activity_id) is None:
        raise FoldError(f"event {seq} names an activity {activity_id[:40]!r} the plan does not have")


def _vote(state: SessionState, e: ev.VoteOpened, seq: int) -> None:
    _new(state.votes, e.vote_id, "vote", seq)
    if not 1 <= e.dots <= MAX_DOTS:
        raise FoldError(f"event {seq}: {e.dots} dots per participant; between 1 and {MAX_DOTS} are allowed")
    if not 1 <= len(e.options) <= MAX_OPTIONS:
        raise FoldError(f"event {seq}: a vote of {len(e.options)} options; between 1 and {MAX_OPTIONS} are allowed")
    if len({o.id for o in e.options}) != len(e.options):
        raise FoldError(f"event {seq}: two options of the vote have the same id")
    _length(seq, title=(e.title, MAX_LONG), **{f"option {o.id[:20]}": (o.label, MAX_LONG) for o in e.options})


def _ballot(state: SessionState, e: ev.BallotCast, seq: int) -> None:
    vote = state.votes.get(e.vote_id)
    if vote is None:
        return  # the fold says which vote is missing
    if not vote.is_open:
        raise FoldError(f"event {seq}: a ballot in the vote {e.vote_id[:40]!r}, which was closed")
    _joined(state, e.participant_id, seq)
    options = {o.id for o in vote.options}
    for option_id, n in e.dots.items():
        if option_id not in options:
            raise FoldError(f"event {seq}: a ballot names an option {option_id[:40]!r} the vote does not have")
        if n < 0:
            raise FoldError(f"event {seq}: a ballot gives {n} dots to an option")
    if sum(e.dots.values()) > vote.dots:
        raise FoldError(f"event {seq}: a ballot of {sum(e.dots.values())} dots; the vote allows {vote.dots}")
