"""Every key of the facilitator's screen in one place (``?`` or F1)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Everywhere",
        [
            ("ctrl+n", "next activity (after the last one: end the session)"),
            ("ctrl+b", "back to the previous activity"),
            ("ctrl+z", "undo the last change (edit, hide, theme, proposition, commitment)"),
            ("ctrl+p", "command palette: every action by name, and go to any phase"),
            ("f1", "this help"),
            ("ctrl+q", "quit (the session is saved as you go; 'ai-toolkit run' resumes it)"),
        ],
    ),
    (
        "Typing a contribution (the input at the bottom)",
        [
            ("enter", "record the text for the current activity, then empty the input"),
            ("f2 / ctrl+s", "next sector tag for what you type (shown at the right of the input)"),
            ("shift+f2", "previous sector tag"),
            ("escape", "leave the input for the feed"),
        ],
    ),
    (
        "In the feed (escape or tab from the input)",
        [
            ("up / down, j / k", "highlight a contribution; its whole text shows under the feed"),
            ("page up / page down", "a screenful at a time"),
            ("home / end", "the newest / the oldest"),
            ("e", "edit the highlighted contribution"),
            ("h", "hide it (kept, left out of the minutes), or show it again"),
            ("n / right", "next activity"),
            ("b / left", "back"),
            ("i", "back to typing"),
            ("t", "themes: cluster contributions (positive core, dream themes)"),
            ("p", "provocative propositions"),
            ("v", "dot-vote"),
            ("c", "commitments"),
            ("m", "write the Word minutes into the session folder (another process; the session goes on)"),
            ("?", "this help"),
        ],
    ),
]
"""The key table; a test checks that every binding of the app and its main screen is listed here."""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q,f1,question_mark", "close", "Close")]

    def compose(self) -> ComposeResult:
        with Vertical(id="help"):
            yield Static(Content.styled("Keys", "bold"), id="help-title")
            with VerticalScroll():
                yield Static(help_content())
            yield Static(Content.styled("Escape closes this help.", "dim"))

    def action_close(self) -> None:
        self.dismiss(None)


def help_content() -> Content:
    from ai_toolkit.tui.screens.sense import help_sections  # the keys of the themes, propositions, vote, commitments

    parts: list[str | tuple[str, str]] = []
    for section, rows in [*KEYS, *help_sections()]:
        parts.append((f"{section}\n", "bold $accent"))
        for key, what in rows:
            parts.append((f"  {key:<22}", "bold"))
            parts.append(f"{what}\n")
        parts.append("\n")
    return Content.assemble(*parts).rstrip()
