"""Correct a contribution's words (a typo, a name that should not be there): several lines, as typed."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static, TextArea

from ai_toolkit.tui.dialogs.base import Dialog


class EditText(Dialog[str]):
    """A text area; Ctrl+S saves (Enter makes a new line)."""

    hint = "Ctrl+S saves · Esc cancels"

    DEFAULT_CSS = """
    EditText #text { height: 10; }
    """

    def __init__(self, title: str, *, label: str, value: str, apply: Callable[[str], object] | None = None) -> None:
        super().__init__(title, apply=apply)
        self.label = label
        self.value = value

    def fields(self) -> ComposeResult:
        yield Static(Text(self.label), classes="field-label")
        yield TextArea(self.value, soft_wrap=True, show_line_numbers=False, id="text")

    def answer(self) -> str:
        return self.query_one("#text", TextArea).text
