"""Stories, strengths, wishes, dreams: recorded, edited, hidden by the facilitator or withdrawn by their author.

Hiding is the facilitator's moderation: reversible, and undone by undo. Withdrawal is the author's own act and it
is final: the words leave the record (the store erases them), and neither the facilitator nor undo can bring them
back. A participant may withdraw their own contribution at any time, also after its activity has closed: it is
their right, and the item simply leaves the record.
"""

from __future__ import annotations

from ai_toolkit.errors import Code, Refused, ToolkitError
from ai_toolkit.facilitation.change import Change, UndoStep, change
from ai_toolkit.facilitation.checks import unknown
from ai_toolkit.facilitation.decisions.participants import the_participant
from ai_toolkit.facilitation.decisions.phones import PhoneView, phone_view
from ai_toolkit.facilitation.decisions.sectors import the_sector
from ai_toolkit.facilitation.decisions.withdrawal import refusal_to_withdraw_own, still_withdrawn
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Collects, Phase, Sector, Source, Teller
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
    told_by: Teller = Teller.OWN,
) -> Change:
    """A contribution; a partner's story (``told_by``) carries the storyteller's ``sector``, which must be given:
    it is never the sender's, and the sender is never named for it."""
    participant = the_participant(s, participant_id) if participant_id else None
    if source == Source.PARTICIPANT and participant is None:
        raise Refused("a participant's contribution needs the participant", code=Code.UNKNOWN_PARTICIPANT)
    if told_by == Teller.PARTNER and sector is None:
        raise Refused("a partner's story needs the storyteller's sector", code=Code.NO_STORYTELLER)
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
        told_by=told_by,
        held=s.moderated and source == Source.PARTICIPANT,
    )
    return change(added, UndoStep("add_contribution", [ev.ContributionHidden(contribution_id=contribution_id)]))


def asks_whose_story(activity: Activity) -> bool:
    """Whether the form for ``activity`` asks whose story it is: where it collects interview stories, which
    partners often retell for each other."""
    return activity.collects == Collects.STORIES


def refusal_to_change(s: SessionState, c: Contribution, participant_id: str) -> ToolkitError | None:
    """Why ``participant_id`` may not change ``c`` now, or None: their own, not withdrawn, not yet taken up as a
    proposition (the room's words now, which the facilitator may edit), activity still open."""
    return refusal_to_change_own(
        s,
        "contribution",
        c.id,
        owner=c.participant_id,
        withdrawn=c.withdrawn,
        taken_up=c.proposition_id is not None,
        activity_id=c.activity_id,
        participant_id=participant_id,
        not_found=Code.UNKNOWN_CONTRIBUTION,
    )


def refusal_to_change_own(
    s: SessionState,
    kind: str,
    item_id: str,
    *,
    owner: str | None,
    withdrawn: bool,
    activity_id: str,
    participant_id: str,
    not_found: Code,
    taken_up: bool = False,
) -> ToolkitError | None:
    """The rule for anything a phone sent in an activity (a contribution, a photo): its sender may change or
    withdraw it while it is theirs, not withdrawn, not taken up by the facilitator, and its activity is still the
    one running."""
    if owner != participant_id:
        return unknown(kind, item_id, not_found)  # someone else's: ids reveal nothing
    if withdrawn:
        return Refused(f"you have withdrawn this {kind}", code=Code.WITHDRAWN)
    if taken_up:
        return Refused("the facilitator has taken this up as a proposition", code=Code.TAKEN_UP)
    if s.current_activity_id != activity_id:
        return Refused(f"that activity is closed; your {kind} can no longer change", code=Code.ACTIVITY_CLOSED)
    return None


def refusal_to_withdraw(c: Contribution, participant_id: str) -> ToolkitError | None:
    """Why ``participant_id`` may not withdraw ``c``, or None: as for all they send (``refusal_to_withdraw_own``),
    and not a statement the facilitator has taken up as a proposition: its words are the group's now (the
    facilitator may hide it), and withdrawing the statement would pretend they were gone."""
    refused = refusal_to_withdraw_own("contribution", c, participant_id, Code.UNKNOWN_CONTRIBUTION)
    if refused is None and c.proposition_id is not None:
        return Refused("the facilitator has taken this up as a proposition", code=Code.TAKEN_UP)
    return refused


def _changeable(s: SessionState, contribution_id: str, by_participant: str | None) -> Contribution:
    c = the_contribution(s, contribution_id)
    if by_participant is not None:
        refusal = refusal_to_change(s, c, by_participant)
        if refusal is not None:
            raise refusal
    still_withdrawn("contribution", c.withdrawn)
    return c


def edit(s: SessionState, contribution_id: str, text: str, *, by_participant: str | None) -> Change | None:
    c = _changeable(s, contribution_id, by_participant)
    if c.text == text:
        return None
    return change(
        ev.ContributionEdited(contribution_id=contribution_id, text=text),
        UndoStep("edit_contribution", [ev.ContributionEdited(contribution_id=contribution_id, text=c.text)]),
    )


def hide(s: SessionState, contribution_id: str, hidden: bool) -> Change | None:
    """Hidden (or shown again) by the facilitator: left out of the minutes while hidden. Not a withdrawn one."""
    c = _changeable(s, contribution_id, None)
    if c.hidden == hidden:
        return None
    return change(
        ev.ContributionHidden(contribution_id=contribution_id, hidden=hidden),
        UndoStep(
            "hide_contribution" if hidden else "show_contribution",
            [ev.ContributionHidden(contribution_id=contribution_id, hidden=not hidden)],
        ),
    )


def withdraw(s: SessionState, contribution_id: str, *, by_participant: str) -> Change:
    """The author takes their contribution back: final, so there is no undo."""
    c = the_contribution(s, contribution_id)
    refusal = refusal_to_withdraw(c, by_participant)
    if refusal is not None:
        raise refusal
    return change(ev.ContributionWithdrawn(contribution_id=contribution_id))
