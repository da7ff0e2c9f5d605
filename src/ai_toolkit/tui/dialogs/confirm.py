"""Ask before something that cannot be taken back (closing a vote, ending the session)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from ai_toolkit.tui.dialogs.base import Dialog


class Confirm(Dialog[bool]):
    """A question with two answers, laid out like every dialog: the safe one (No) on the left and focused, so a
    hurried Enter changes nothing; ``y`` / ``n`` answer from the keyboard, Esc means no (``None``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "submit", "tui.key.yes"),
        Binding("n", "cancel", "tui.key.no"),
    ]
    hint = "tui.confirm.hint"
    AUTO_FOCUS = "#cancel"

    def __init__(self, question: str, *, title: str, yes: str, no: str) -> None:
        super().__init__(title)
        self.question = question
        self.yes = yes
        self.no = no

    def fields(self) -> ComposeResult:
        yield Static(Text(self.question), id="question", classes="field-label")

    def save_text(self) -> str:
        return f"{self.yes} (y)"

    def cancel_text(self) -> str:
        return f"{self.no} (n)"

    def answer(self) -> bool:
        return True
