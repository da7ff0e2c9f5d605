"""Pick one theme from a list: the theme another is merged into."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ai_toolkit.errors import Code, Refused
from ai_toolkit.tui.dialogs.base import Dialog


class PickTheme(Dialog[str]):
    """``choices`` are (theme id, label); Enter on a row picks it. The answer is the theme id."""

    save_label = "tui.dialog.pick"
    hint = "tui.dialog.hint_pick"

    DEFAULT_CSS = """
    PickTheme #choices { height: auto; max-height: 16; }
    """

    def __init__(
        self,
        title: str,
        *,
        label: str,
        choices: Sequence[tuple[str, Text]],
        apply: Callable[[str], object] | None = None,
    ) -> None:
        super().__init__(title, apply=apply)
        self.label = label
        self.choices = list(choices)

    def fields(self) -> ComposeResult:
        yield Static(Text(self.label), classes="field-label")
        yield OptionList(*[Option(label, id=key) for key, label in self.choices], id="choices")

    def on_mount(self) -> None:
        choices = self.query_one("#choices", OptionList)
        choices.highlighted = 0 if self.choices else None
        choices.focus()

    def answer(self) -> str:
        option = self.query_one("#choices", OptionList).highlighted_option
        if option is None or option.id is None:
            raise Refused("pick a theme first", code=Code.NOTHING_PICKED)
        return option.id

    @on(OptionList.OptionSelected)
    def _picked(self) -> None:
        self.action_submit()
