"""Provocative propositions (Design): the ideal stated in the present tense, built on the themes."""

from __future__ import annotations

from collections.abc import Sequence

from ai_toolkit.errors import Code
from ai_toolkit.facilitation.change import Change, UndoStep, change
from ai_toolkit.facilitation.checks import unknown
from ai_toolkit.facilitation.decisions.participants import the_participant
from ai_toolkit.facilitation.decisions.themes import the_theme
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Source
from ai_toolkit.model.session import Proposition, SessionState


def the_proposition(s: SessionState, proposition_id: str) -> Proposition:
    p = s.propositions.get(proposition_id)
    if p is None:
        raise unknown("proposition", proposition_id, Code.UNKNOWN_PROPOSITION)
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
