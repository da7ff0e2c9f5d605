"""Ask for one line: a theme's name, a new theme from a split, who owns a commitment."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, Static

from ai_toolkit.tui.dialogs.base import Dialog


class AskText(Dialog[str]):
    """One labelled input; Enter saves. The answer is the text as typed (the service cleans and checks it).

    The caller gives the words (title, label, placeholder) already in the facilitator's language."""

    def __init__(
        self,
        title: str,
        *,
        label: str,
        value: str = "",
        placeholder: str = "",
        max_length: int = 200,
        apply: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(title, apply=apply)
        self.label = label
        self.value = value
        self.placeholder = placeholder
        self.max_length = max_length

    def fields(self) -> ComposeResult:
        yield Static(Text(self.label), classes="field-label")
        yield Input(self.value, placeholder=self.placeholder, max_length=self.max_length, id="text")

    def answer(self) -> str:
        return self.query_one("#text", Input).value
