"""What a decision returns: the events to record, and the events that would take them back."""

from __future__ import annotations

from dataclasses import dataclass, field

from ai_toolkit.model import events as ev


@dataclass(frozen=True)
class UndoStep:
    """The events that take a change back, and what the change was, for the facilitator's screen.

    ``what`` is a key (``hide_contribution``) the TUI says in its language (``tui.undo.<what>``) with ``params``;
    ``str()`` is the English phrase, for logs and tests.
    """

    what: str
    events: list[ev.Event]
    params: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return ENGLISH[self.what].format(**self.params)


@dataclass(frozen=True)
class Change:
    """One change to a session: one or several events recorded together, and how to undo it (if it can be)."""

    events: list[ev.Event]
    undo: UndoStep | None = None


def change(event: ev.Event, undo: UndoStep | None = None) -> Change:
    return Change([event], undo)


#: The English phrase of each undo step ("Undone: hiding a contribution.").
ENGLISH = {
    "add_contribution": "adding a contribution",
    "edit_contribution": "editing a contribution",
    "hide_contribution": "hiding a contribution",
    "show_contribution": "showing a contribution",
    "create_theme": "creating the theme {name!r}",
    "rename_theme": "renaming the theme {name!r}",
    "merge_theme": "merging the theme {name!r}",
    "split_theme": "splitting the theme {name!r}",
    "move_contribution": "moving a contribution",
    "add_proposition": "adding a proposition",
    "edit_proposition": "editing a proposition",
    "hide_proposition": "hiding a proposition",
    "show_proposition": "showing a proposition",
    "take_up_candidate": "taking up a statement as a proposition",
    "merge_candidate": "merging a statement into a proposition",
    "add_commitment": "adding a commitment",
    "edit_commitment": "editing a commitment",
    "hide_commitment": "hiding a commitment",
    "show_commitment": "showing a commitment",
    "agree_topic": "agreeing the affirmative topic",
    "set_follow_up": "setting the follow-up",
}
