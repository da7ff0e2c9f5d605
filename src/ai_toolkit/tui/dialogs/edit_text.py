"""Correct a contribution's words (a typo, a name that should not be there): several lines, as typed.

The one edit dialog of the TUI: the main screen's feed and the themes view both open it.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Static, TextArea

from ai_toolkit.tui.dialogs.base import Dialog


class EditText(Dialog[str]):
    """A text area with the cursor at the end; Ctrl+S saves (Enter makes a new line)."""

    hint = "tui.dialog.hint_multiline"

    DEFAULT_CSS = """
    EditText #text { height: 8; }
    EditText .dialog-note { color: $text-muted; }
    """

    def __init__(
        self,
        title: str,
        *,
        label: str,
        value: str,
        note: Text | str = "",
        apply: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(title, apply=apply)
        self.label = label
        self.value = value
        self.note = note

    def fields(self) -> ComposeResult:
        if self.note:
            yield Static(Text(self.note) if isinstance(self.note, str) else self.note, classes="dialog-note")
        yield Static(Text(self.label), classes="field-label")
        yield TextArea(self.value, soft_wrap=True, show_line_numbers=False, id="text")

    def on_mount(self) -> None:
        area = self.query_one("#text", TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def answer(self) -> str:
        return self.query_one("#text", TextArea).text
