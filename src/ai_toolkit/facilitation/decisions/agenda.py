"""Moving through the plan: start, next, back, a phase, the end; and the cover details that may change."""

from __future__ import annotations

from ai_toolkit.errors import Code, Refused
from ai_toolkit.facilitation.change import Change, change
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
