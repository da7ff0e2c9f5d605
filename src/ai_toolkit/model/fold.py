"""State is a fold over events. Pure: the same events always give the same state.

``apply`` mutates the state it is given (the service keeps one live state and applies each new event to it);
``fold`` builds a fresh state from a whole log.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar, assert_never

from pydantic import ValidationError

from ai_toolkit.model import events as ev
from ai_toolkit.model.consistency import FoldError, check, check_created
from ai_toolkit.model.enums import OnWall
from ai_toolkit.model.session import (
    ActivityRun,
    Commitment,
    Contribution,
    FollowUp,
    Participant,
    Photo,
    Proposition,
    SessionInfo,
    SessionState,
    Theme,
    VoteRound,
)

__all__ = ["EDITABLE_DETAILS", "FoldError", "apply", "fold"]


V = TypeVar("V")


def _the(items: dict[str, V], key: str, what: str, seq: int) -> V:
    """The item an event names; a log that names a missing one is damaged, and says which event."""
    found = items.get(key)
    if found is None:
        raise FoldError(f"event {seq} names a {what} {key!r} that does not exist")
    return found


W = TypeVar("W", Contribution, Commitment)


def _not_withdrawn(items: dict[str, W], key: str, what: str, seq: int) -> W:
    """The item an event changes, which must not have been withdrawn: a withdrawal is final, and an event that
    brought words or visibility back would undo the participant's choice (a damaged or tampered log)."""
    found = _the(items, key, what, seq)
    if found.withdrawn:
        raise FoldError(f"event {seq} changes the {what} {key!r}, which its author withdrew")
    return found


def _sector(state: SessionState, sector: str, seq: int) -> str:
    """A sector the session's plan offers (a common one or the plan's own); any other is a damaged log."""
    if sector not in state.plan.sector_ids():
        raise FoldError(f"event {seq} names a sector {sector[:40]!r} that the session's plan does not have")
    return sector


def _remove(state: SessionState, e: ev.ParticipantRemoved, seq: int) -> None:
    """A participant and everything they sent leave the state. The event must list exactly what they sent: the
    store erased the words of what it lists, so a log where the two differ is damaged (or tampered with)."""
    pid = e.participant_id
    _the(state.participants, pid, "participant", seq)
    for what, items, listed in (
        ("contribution", state.contributions, e.contribution_ids),
        ("commitment", state.commitments, e.commitment_ids),
        ("photo", state.photos, e.photo_ids),
    ):
        theirs = {key for key, item in items.items() if item.participant_id == pid}
        if set(listed) != theirs:
            raise FoldError(f"event {seq} removes a participant but does not list exactly the {what}s they sent")
    del state.participants[pid]
    state.removed.add(pid)
    for key in e.contribution_ids:
        del state.contributions[key]
    for key in e.commitment_ids:
        del state.commitments[key]
    for key in e.photo_ids:
        del state.photos[key]
    for vote in state.votes.values():
        vote.ballots.pop(pid, None)


#: Cover details that may change after creation. The id, date, language and tokens never do: an imported log
#: that tried (``{"id": "../x"}``) would otherwise rename the session behind the folder's back.
EDITABLE_DETAILS = frozenset(
    {
        "title",
        "project",
        "partner",
        "region",
        "venue",
        "affirmative_topic",
        "facilitators",
        "controller",
        "contact",
        "keep_until",
    }
)


def fold(records: Iterable[ev.Recorded]) -> SessionState:
    state: SessionState | None = None
    for rec in records:
        if state is None:
            if not isinstance(rec.event, ev.SessionCreated):
                raise FoldError("the log must start with session_created")
            check_created(rec.event, rec.seq)
            state = SessionState(info=rec.event.info, plan=rec.event.plan, created_at=rec.at, seq=rec.seq)
            continue
        apply(state, rec)
    if state is None:
        raise FoldError("the log is empty")
    return state


def apply(state: SessionState, rec: ev.Recorded) -> None:
    """Apply one event. Checks come before changes, so an event that names something missing, or holds values out of
    range (``model.consistency``), changes nothing."""
    check(state, rec)
    _change(state, rec)
    state.seq = rec.seq


def _change(state: SessionState, rec: ev.Recorded) -> None:  # one branch per event kind reads best
    e, at = rec.event, rec.at
    match e:
        case ev.SessionCreated():
            raise FoldError(f"event {rec.seq}: session_created may only be the first event")
        case ev.SessionDetailsChanged():
            fixed = sorted(set(e.changes) - EDITABLE_DETAILS)
            if fixed:
                raise FoldError(f"event {rec.seq}: {', '.join(fixed)} cannot change after the session is created")
            try:
                state.info = SessionInfo.model_validate({**state.info.model_dump(), **e.changes})
            except ValidationError as exc:
                raise FoldError(f"event {rec.seq}: bad session details ({exc.errors()[0]['msg']})") from None
            if "affirmative_topic" in e.changes:
                state.topic_agreed_at = None  # a new draft: the group has not agreed this wording
        case ev.TopicAgreed():
            state.info = state.info.model_copy(update={"affirmative_topic": e.text})
            state.topic_agreed_at = at if e.agreed else None
        case ev.FollowUpSet():
            state.follow_up = FollowUp(on=e.on, place=e.place) if e.on is not None or e.place else None
        case ev.ActivityStarted():
            steps = state.plan.steps()
            if not 0 <= e.position < len(steps):
                raise FoldError(f"event {rec.seq}: the plan has no step {e.position}")
            if state.runs and state.runs[-1].ended_at is None:
                state.runs[-1].ended_at = at
            phase, activity = steps[e.position]
            state.position = e.position
            state.ended_at = None
            state.runs.append(ActivityRun(phase=phase, activity_id=activity.id, started_at=at))
        case ev.SessionEnded():
            if state.runs and state.runs[-1].ended_at is None:
                state.runs[-1].ended_at = at
            state.ended_at = at
        case ev.ParticipantJoined():
            state.participants[e.participant_id] = Participant(
                id=e.participant_id,
                name=e.name,
                organisation=e.organisation,
                sector=_sector(state, e.sector, rec.seq),
                consent_named=e.consent_named,
                consent_organisation=e.consent_organisation,
                language=e.language,
                joined_at=at,
            )
        case ev.ParticipantUpdated():
            p = _the(state.participants, e.participant_id, "participant", rec.seq)
            state.participants[e.participant_id] = p.model_copy(
                update={
                    "name": e.name,
                    "organisation": e.organisation,
                    "sector": _sector(state, e.sector, rec.seq),
                    "consent_named": e.consent_named,
                    "consent_organisation": e.consent_organisation,
                    "language": e.language,
                }
            )
        case ev.ParticipantRemoved():
            _remove(state, e, rec.seq)
        case ev.ContributionAdded():
            state.contributions[e.contribution_id] = Contribution(
                id=e.contribution_id,
                text=e.text,
                phase=e.phase,
                activity_id=e.activity_id,
                kind=e.collects,
                source=e.source,
                participant_id=e.participant_id,
                sector=_sector(state, e.sector, rec.seq),
                language=e.language,
                at=at,
                told_by=e.told_by,
                on_wall=OnWall.HELD if e.held else OnWall.SHOWN,
            )
        case ev.ContributionEdited():
            c = _not_withdrawn(state.contributions, e.contribution_id, "contribution", rec.seq)
            c.text, c.edited = e.text, True
        case ev.ContributionHidden():
            hidden = _the(state.contributions, e.contribution_id, "contribution", rec.seq)
            if not e.hidden:
                _not_withdrawn(state.contributions, e.contribution_id, "contribution", rec.seq)
            hidden.hidden = e.hidden or hidden.withdrawn
        case ev.ContributionWithdrawn():
            gone = _the(state.contributions, e.contribution_id, "contribution", rec.seq)
            gone.text, gone.withdrawn, gone.hidden = "", True, True
        case ev.ModerationSet():
            state.moderated = e.on
        case ev.ContributionsOnWall():
            cards = [_the(state.contributions, cid, "contribution", rec.seq) for cid in e.contribution_ids]
            for card in cards:
                card.on_wall = e.on_wall
        case ev.ThemeCreated():
            state.themes[e.theme_id] = Theme(id=e.theme_id, name=e.name, phase=e.phase, created_at=at)
        case ev.ThemeRenamed():
            _the(state.themes, e.theme_id, "theme", rec.seq).name = e.name
        case ev.ThemesMerged():
            _the(state.themes, e.target_id, "theme", rec.seq)
            _the(state.themes, e.source_id, "theme", rec.seq).merged_into = e.target_id
            for c in state.contributions.values():
                if c.theme_id == e.source_id:
                    c.theme_id = e.target_id
            for prop in state.propositions.values():
                if e.source_id in prop.theme_ids:
                    prop.theme_ids = list(dict.fromkeys(e.target_id if t == e.source_id else t for t in prop.theme_ids))
        case ev.ThemeRemoved():
            _the(state.themes, e.theme_id, "theme", rec.seq).removed = True
            for c in state.contributions.values():
                if c.theme_id == e.theme_id:
                    c.theme_id = None
        case ev.ThemeRestored():
            restored = _the(state.themes, e.theme_id, "theme", rec.seq)
            restored.removed, restored.merged_into = False, None
        case ev.ContributionAssigned():
            assigned = _the(state.contributions, e.contribution_id, "contribution", rec.seq)
            if e.theme_id is not None:
                _the(state.themes, e.theme_id, "theme", rec.seq)
            assigned.theme_id = e.theme_id
        case ev.ContributionTakenUp():
            taken = _the(state.contributions, e.contribution_id, "contribution", rec.seq)
            if e.proposition_id is not None:
                _the(state.propositions, e.proposition_id, "proposition", rec.seq)
            taken.proposition_id = e.proposition_id
        case ev.PropositionAdded():
            state.propositions[e.proposition_id] = Proposition(
                id=e.proposition_id,
                text=e.text,
                theme_ids=list(e.theme_ids),
                source=e.source,
                participant_id=e.participant_id,
                at=at,
            )
        case ev.PropositionEdited():
            edited = _the(state.propositions, e.proposition_id, "proposition", rec.seq)
            edited.text, edited.theme_ids = e.text, list(e.theme_ids)
        case ev.PropositionHidden():
            _the(state.propositions, e.proposition_id, "proposition", rec.seq).hidden = e.hidden
        case ev.VoteOpened():
            state.votes[e.vote_id] = VoteRound(
                id=e.vote_id,
                title=e.title,
                phase=e.phase,
                options=list(e.options),
                dots=e.dots,
                opened_at=at,
                show_live=e.show_live,
            )
        case ev.BallotCast():
            ballot = {k: v for k, v in e.dots.items() if v > 0}
            _the(state.votes, e.vote_id, "vote", rec.seq).ballots[e.participant_id] = ballot
        case ev.VoteClosed():
            _the(state.votes, e.vote_id, "vote", rec.seq).closed_at = at
        case ev.CommitmentAdded():
            if e.proposition_id is not None:
                _the(state.propositions, e.proposition_id, "proposition", rec.seq)
            state.commitments[e.commitment_id] = Commitment(
                id=e.commitment_id,
                what=e.what,
                who=e.who,
                by_when=e.by_when,
                first_step=e.first_step,
                support_needed=e.support_needed,
                team=e.team,
                proposition_id=e.proposition_id,
                source=e.source,
                participant_id=e.participant_id,
                at=at,
            )
        case ev.CommitmentEdited():
            c2 = _not_withdrawn(state.commitments, e.commitment_id, "commitment", rec.seq)
            if e.proposition_id is not None:
                _the(state.propositions, e.proposition_id, "proposition", rec.seq)
            c2.what, c2.who, c2.by_when = e.what, e.who, e.by_when
            c2.first_step, c2.support_needed = e.first_step, e.support_needed
            c2.team, c2.proposition_id = e.team, e.proposition_id
        case ev.CommitmentHidden():
            k = _the(state.commitments, e.commitment_id, "commitment", rec.seq)
            if not e.hidden:
                _not_withdrawn(state.commitments, e.commitment_id, "commitment", rec.seq)
            k.hidden = e.hidden or k.withdrawn
        case ev.CommitmentWithdrawn():
            k = _the(state.commitments, e.commitment_id, "commitment", rec.seq)
            k.what = k.who = k.first_step = k.support_needed = k.team = ""
            k.withdrawn, k.hidden = True, True
        case ev.PeopleCounted():
            sector = _sector(state, e.sector, rec.seq)
            counted = state.counted.get(sector, 0) + e.count
            if counted < 0:
                raise FoldError(f"event {rec.seq}: fewer than no one counted in the sector {sector!r}")
            state.counted[sector] = counted
        case ev.PhotoAdded():
            state.photos[e.photo_id] = Photo(
                id=e.photo_id,
                sha256=e.sha256,
                size=e.size,
                width=e.width,
                height=e.height,
                caption=e.caption,
                phase=e.phase,
                activity_id=e.activity_id,
                source=e.source,
                participant_id=e.participant_id,
                sector=e.sector,
                at=at,
            )
        case ev.PhotoCaptioned():
            _the(state.photos, e.photo_id, "photo", rec.seq).caption = e.caption
        case ev.PhotoHidden():
            _the(state.photos, e.photo_id, "photo", rec.seq).hidden = e.hidden
        case ev.PhotoWithdrawn():
            gone_photo = _the(state.photos, e.photo_id, "photo", rec.seq)
            gone_photo.caption, gone_photo.withdrawn = "", True
        case _:
            assert_never(e)
