"""Stories, strengths, wishes, dreams: recorded, edited, hidden by the facilitator or withdrawn by their author."""

from __future__ import annotations

from ai_toolkit.errors import Code, Refused, ToolkitError
from ai_toolkit.facilitation.change import Change, UndoStep, change
from ai_toolkit.facilitation.checks import unknown
from ai_toolkit.facilitation.decisions.participants import the_participant
from ai_toolkit.facilitation.decisions.phones import PhoneView, phone_view
from ai_toolkit.facilitation.decisions.sectors import the_sector
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Collects, Phase, Sector, Source
from ai_toolkit.model.plan import Activity
from ai_toolkit.model.session import Contribution, SessionState


def the_contribution(s: SessionState, contribution_id: str) -> Contribution:
    c = s.contributions.get(contribution_id)
    if c is None:
        raise unknown("contribution", contribution_id, Code.UNKNOWN_CONTRIBUTION)
    return c


def where(s: SessionState, phase: Phase | None, activity_id: str | None) -> tuple[Phase, Activity]:
    """The activity a contribution is filed under: the current one, or the first of ``phase`` (the facilitator
    typing up a flipchart later). ``activity_id`` is the activity the writer saw: if the room has moved on since,
    the text is refused rather than filed under a question its author never read."""
    if phase is not None and phase != s.current_phase:
        found = next(((p, a) for p, a in s.plan.steps() if p == phase), None)
        if found is None:
            raise Refused(f"the plan has no {phase.value} phase", code=Code.UNKNOWN_PHASE)
    elif s.current is not None:
        found = s.current
    else:
        raise Refused(
            "no activity is running (start the session, or name a phase)",
            code=Code.NOT_STARTED if s.ended_at is None else Code.SESSION_ENDED,
        )
    if activity_id is not None and found[1].id != activity_id:
        raise Refused("the facilitator has moved on from that activity", code=Code.ACTIVITY_CLOSED)
    return found


def add(
    s: SessionState,
    *,
    contribution_id: str,
    text: str,
    source: Source,
    participant_id: str | None,
    sector: str | None,
    phase: Phase | None,
    language: str | None,
    activity_id: str | None,
) -> Change:
    participant = the_participant(s, participant_id) if participant_id else None
    if source == Source.PARTICIPANT and participant is None:
        raise Refused("a participant's contribution needs the participant", code=Code.UNKNOWN_PARTICIPANT)
    ph, act = where(s, phase, activity_id)
    if sector is not None:
        the_sector(s, sector)
    if source == Source.PARTICIPANT and (phone_view(s) != PhoneView.CONTRIBUTE or act.id != s.current_activity_id):
        raise Refused("this activity is not collecting contributions now", code=Code.ACTIVITY_CLOSED)
    added = ev.ContributionAdded(
        contribution_id=contribution_id,
        text=text,
        phase=ph,
        activity_id=act.id,
        collects=act.collects if act.collects != Collects.NOTHING else Collects.STORIES,
        source=source,
        participant_id=participant.id if participant else None,
        sector=sector if sector is not None else (participant.sector if participant else Sector.OTHER.value),
        language=language or (participant.language if participant else s.info.language),
    )
    return change(added, UndoStep("add_contribution", [ev.ContributionHidden(contribution_id=contribution_id)]))


def refusal_to_change(s: SessionState, c: Contribution, participant_id: str) -> ToolkitError | None:
    """Why ``participant_id`` may not change ``c`` now, or None: their own, not withdrawn, not yet taken up as a
    proposition (the room's words now, which the facilitator may edit), activity still open."""
    if c.participant_id != participant_id:
        return unknown("contribution", c.id, Code.UNKNOWN_CONTRIBUTION)  # someone else's: ids reveal nothing
    if c.hidden:
        return Refused("you have withdrawn this contribution", code=Code.WITHDRAWN)
    if c.proposition_id is not None:
        return Refused("the facilitator has taken this up as a proposition", code=Code.TAKEN_UP)
    if s.current_activity_id != c.activity_id:
        return Refused("that activity is closed; your contribution can no longer change", code=Code.ACTIVITY_CLOSED)
    return None


def _changeable(s: SessionState, contribution_id: str, by_participant: str | None) -> Contribution:
    c = the_contribution(s, contribution_id)
    if by_participant is not None:
        refusal = refusal_to_change(s, c, by_participant)
        if refusal is not None:
            raise refusal
    return c


def edit(s: SessionState, contribution_id: str, text: str, *, by_participant: str | None) -> Change | None:
    c = _changeable(s, contribution_id, by_participant)
    if c.text == text:
        return None
    return change(
        ev.ContributionEdited(contribution_id=contribution_id, text=text),
        UndoStep("edit_contribution", [ev.ContributionEdited(contribution_id=contribution_id, text=c.text)]),
    )


def hide(s: SessionState, contribution_id: str, hidden: bool, *, by_participant: str | None) -> Change | None:
    """Hidden by the facilitator, or withdrawn by its author; either way left out of the minutes."""
    c = _changeable(s, contribution_id, by_participant)
    if c.hidden == hidden:
        return None
    return change(
        ev.ContributionHidden(contribution_id=contribution_id, hidden=hidden),
        UndoStep(
            "hide_contribution" if hidden else "show_contribution",
            [ev.ContributionHidden(contribution_id=contribution_id, hidden=not hidden)],
        ),
    )
