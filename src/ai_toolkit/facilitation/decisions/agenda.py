"""Moving through the plan: start, next, back, a phase, the end; the cover details that may change; the topic the
group agrees in Define and the follow-up it sets in Destiny."""

from __future__ import annotations

from datetime import date

from ai_toolkit.errors import Code, Refused
from ai_toolkit.facilitation.change import Change, UndoStep, change
from ai_toolkit.facilitation.checks import a_date
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Phase
from ai_toolkit.model.fold import EDITABLE_DETAILS
from ai_toolkit.model.session import SessionState


def _start_at(s: SessionState, position: int) -> Change:
    return change(ev.ActivityStarted(position=position, activity_id=s.plan.steps()[position][1].id))


def go_to(s: SessionState, position: int) -> Change:
    if not 0 <= position < len(s.plan.steps()):
        raise Refused(f"the plan has no step {position + 1}", code=Code.NO_SUCH_STEP)
    return _start_at(s, position)


def start(s: SessionState) -> Change | None:
    """The first activity; nothing once the session has started."""
    return None if s.position is not None else _start_at(s, 0)


def advance(s: SessionState) -> Change:
    """The next activity; from the last one, the end of the session."""
    if s.ended_at is not None:
        raise Refused("the session has ended", code=Code.SESSION_ENDED)
    if s.position is None:
        return _start_at(s, 0)
    if s.position + 1 >= len(s.plan.steps()):
        return change(ev.SessionEnded())
    return _start_at(s, s.position + 1)


def ends_session(s: SessionState) -> bool:
    """Whether ``advance`` now would end the session (the TUI asks before it does)."""
    return s.ended_at is None and s.position is not None and s.position + 1 >= len(s.plan.steps())


def back(s: SessionState) -> Change:
    """The previous activity; after the end, the last one again."""
    if s.position is None:
        raise Refused("the session has not started yet", code=Code.NOT_STARTED)
    if s.ended_at is not None:
        return _start_at(s, s.position)
    if s.position == 0:
        raise Refused("this is the first activity", code=Code.AT_START)
    return _start_at(s, s.position - 1)


def go_to_phase(s: SessionState, phase: Phase) -> Change:
    """The first activity of ``phase``."""
    for i, (p, _) in enumerate(s.plan.steps()):
        if p == phase:
            return _start_at(s, i)
    raise Refused(f"the plan has no {phase.value} phase", code=Code.UNKNOWN_PHASE)


def end(s: SessionState) -> Change:
    if s.ended_at is not None:
        raise Refused("the session has already ended", code=Code.SESSION_ENDED)
    return change(ev.SessionEnded())


def details(changes: dict[str, str | list[str]]) -> Change:
    """Cover details changed (already cleaned by the service): only those that may change after creation."""
    unknown = set(changes) - EDITABLE_DETAILS
    if unknown:
        raise Refused(f"cannot change {', '.join(sorted(unknown))}", code=Code.BAD_FIELD)
    return change(ev.SessionDetailsChanged(changes=changes))


def agree_topic(s: SessionState, text: str) -> Change | None:
    """The group's wording of the affirmative topic, recorded as agreed (the draft from the plan is not)."""
    if s.topic_agreed_at is not None and s.info.affirmative_topic == text:
        return None
    return change(
        ev.TopicAgreed(text=text),
        UndoStep(
            "agree_topic",
            [ev.TopicAgreed(text=s.info.affirmative_topic, agreed=s.topic_agreed_at is not None)],
        ),
    )


def follow_up(s: SessionState, on: date | str | None, place: str, *, today: date) -> Change | None:
    """When and where the group meets again. A newly typed date must not be in the past (the one already set
    stays valid once it has passed: the minutes are often tidied the day after)."""
    kept = s.follow_up.on if s.follow_up is not None else None
    when = kept if kept is not None and on in (kept, kept.isoformat()) else a_date(on, not_before=today)
    before = s.follow_up
    if before is not None and (before.on, before.place) == (when, place):
        return None
    if before is None and when is None and not place:
        return None
    return change(
        ev.FollowUpSet(on=when, place=place),
        UndoStep(
            "set_follow_up",
            [ev.FollowUpSet(on=before.on if before else None, place=before.place if before else "")],
        ),
    )
