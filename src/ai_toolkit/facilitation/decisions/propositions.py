"""Provocative propositions (Design): the ideal stated in the present tense, built on the themes.

What phones send in a propositions activity arrives as *candidates*: contributions the facilitator takes up with
one key, as a proposition of its own (as written, or edited) or merged into one the room already has. So the
room's own words become vote options without anyone retyping them, and the minutes count what the room wrote.
"""

from __future__ import annotations

from collections.abc import Sequence

from ai_toolkit.errors import Code, Refused
from ai_toolkit.facilitation.change import Change, UndoStep, change
from ai_toolkit.facilitation.checks import MAX_LONG, unknown
from ai_toolkit.facilitation.decisions.contributions import the_contribution
from ai_toolkit.facilitation.decisions.participants import the_participant
from ai_toolkit.facilitation.decisions.themes import the_theme
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Collects, Source
from ai_toolkit.model.session import Contribution, Proposition, SessionState


def the_proposition(s: SessionState, proposition_id: str) -> Proposition:
    p = s.propositions.get(proposition_id)
    if p is None:
        raise unknown("proposition", proposition_id, Code.UNKNOWN_PROPOSITION)
    return p


def shown_proposition(s: SessionState, proposition_id: str) -> Proposition:
    """A proposition the room can see: a hidden one takes nothing new (no merged candidate, no commitment)."""
    p = the_proposition(s, proposition_id)
    if p.hidden:
        raise Refused("that proposition is hidden; show it again first", code=Code.PROPOSITION_HIDDEN)
    return p


def add(
    s: SessionState,
    proposition_id: str,
    text: str,
    theme_ids: Sequence[str],
    source: Source,
    participant_id: str | None,
) -> Change:
    for t in theme_ids:
        the_theme(s, t)
    if participant_id:
        the_participant(s, participant_id)
    return change(
        ev.PropositionAdded(
            proposition_id=proposition_id,
            text=text,
            theme_ids=list(theme_ids),
            source=source,
            participant_id=participant_id,
        ),
        UndoStep("add_proposition", [ev.PropositionHidden(proposition_id=proposition_id)]),
    )


def edit(s: SessionState, proposition_id: str, text: str, theme_ids: Sequence[str] | None) -> Change:
    p = the_proposition(s, proposition_id)
    themes = list(theme_ids) if theme_ids is not None else list(p.theme_ids)
    for t in themes:
        the_theme(s, t)
    return change(
        ev.PropositionEdited(proposition_id=proposition_id, text=text, theme_ids=themes),
        UndoStep(
            "edit_proposition",
            [ev.PropositionEdited(proposition_id=proposition_id, text=p.text, theme_ids=list(p.theme_ids))],
        ),
    )


def hide(s: SessionState, proposition_id: str, hidden: bool) -> Change:
    the_proposition(s, proposition_id)
    return change(
        ev.PropositionHidden(proposition_id=proposition_id, hidden=hidden),
        UndoStep(
            "hide_proposition" if hidden else "show_proposition",
            [ev.PropositionHidden(proposition_id=proposition_id, hidden=not hidden)],
        ),
    )


# -- candidates: statements sent in a propositions activity, waiting to be taken up -----------------------------
def is_candidate(c: Contribution) -> bool:
    """Sent in a propositions activity, still shown, and not yet part of a proposition."""
    return c.kind == Collects.PROPOSITIONS and not c.hidden and c.proposition_id is None


def candidates(s: SessionState) -> list[Contribution]:
    """The statements waiting for the facilitator, oldest first (what the Propositions view lists above the rest)."""
    return [c for c in s.contributions.values() if is_candidate(c)]


def taken_up(s: SessionState, proposition_id: str) -> list[Contribution]:
    """The statements a proposition was made from (its own, and those merged into it), shown ones only."""
    return [c for c in s.contributions.values() if c.proposition_id == proposition_id and not c.hidden]


def the_candidate(s: SessionState, contribution_id: str) -> Contribution:
    c = the_contribution(s, contribution_id)
    if c.kind != Collects.PROPOSITIONS or c.hidden:
        raise Refused(
            "only statements shown from a propositions activity become propositions", code=Code.NOT_A_CANDIDATE
        )
    if c.proposition_id is not None:
        raise Refused("that statement is already part of a proposition", code=Code.TAKEN_UP)
    return c


def take_up(
    s: SessionState,
    contribution_id: str,
    proposition_id: str,
    *,
    text: str | None = None,
    theme_ids: Sequence[str] = (),
) -> Change:
    """A candidate becomes a proposition of its own: in its author's words, or as the facilitator edited them.
    The proposition stays the author's (a phone's, with its sector), so the minutes say whose idea it was."""
    c = the_candidate(s, contribution_id)
    body = c.text if text is None else text
    if len(body) > MAX_LONG:
        raise Refused(
            f"the proposition is {len(body)} characters long; the limit is {MAX_LONG} (edit it shorter)",
            code=Code.TEXT_TOO_LONG,
            what="proposition",
            limit=MAX_LONG,
        )
    for t in theme_ids:
        the_theme(s, t)
    made: list[ev.Event] = [
        ev.PropositionAdded(
            proposition_id=proposition_id,
            text=body,
            theme_ids=list(theme_ids),
            source=c.source,
            participant_id=c.participant_id,
        ),
        ev.ContributionTakenUp(contribution_id=c.id, proposition_id=proposition_id),
    ]
    back: list[ev.Event] = [
        ev.ContributionTakenUp(contribution_id=c.id, proposition_id=None),
        ev.PropositionHidden(proposition_id=proposition_id),
    ]
    return Change(made, UndoStep("take_up_candidate", back))


def merge_candidate(s: SessionState, contribution_id: str, proposition_id: str) -> Change:
    """A candidate that says what a proposition already says joins it (the proposition keeps its words)."""
    c = the_candidate(s, contribution_id)
    shown_proposition(s, proposition_id)
    return change(
        ev.ContributionTakenUp(contribution_id=c.id, proposition_id=proposition_id),
        UndoStep("merge_candidate", [ev.ContributionTakenUp(contribution_id=c.id, proposition_id=None)]),
    )
