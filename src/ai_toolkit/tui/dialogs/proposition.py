"""Write or edit a provocative proposition and tick the themes it builds on."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.widgets import SelectionList, Static
from textual.widgets.selection_list import Selection

from ai_toolkit.tui.dialogs.base import Dialog
from ai_toolkit.tui.dialogs.statement import Statement


@dataclass(frozen=True)
class PropositionAnswer:
    text: str
    theme_ids: list[str]


class PropositionDialog(Dialog[PropositionAnswer]):
    """``themes`` are (theme id, label, ticked). Tab moves to the checklist; space ticks a theme."""

    hint = "tui.proposition.hint"

    DEFAULT_CSS = """
    PropositionDialog #text { height: 5; }
    PropositionDialog #themes { height: auto; max-height: 12; }
    """

    def __init__(
        self,
        title: str,
        *,
        text: str = "",
        themes: Sequence[tuple[str, Text, bool]] = (),
        apply: Callable[[PropositionAnswer], object] | None = None,
    ) -> None:
        super().__init__(title, apply=apply)
        self.text = text
        self.themes = list(themes)

    def fields(self) -> ComposeResult:
        yield Static(self.t("tui.proposition.label"), classes="field-label")
        yield Statement(self.text, placeholder=self.t("tui.proposition.placeholder"), id="text")
        yield Static(self.t("tui.proposition.themes_label"), classes="field-label")
        if self.themes:
            yield SelectionList[str](
                *[Selection(label, key, ticked) for key, label, ticked in self.themes], id="themes"
            )
        else:
            yield Static(Text(self.t("tui.proposition.no_themes"), "italic"), id="no-themes")

    def on_mount(self) -> None:
        self.query_one("#text", Statement).focus()

    def answer(self) -> PropositionAnswer:
        text = self.query_one("#text", Statement).text
        ticked = set(self.query_one("#themes", SelectionList).selected) if self.themes else set()
        return PropositionAnswer(text=text, theme_ids=[key for key, _, _ in self.themes if key in ticked])

    @on(Statement.Submitted)
    def _enter(self) -> None:
        self.action_submit()
