"""Open a dot-vote: on what (the propositions, the dream themes, the positive core), how many dots, a title.

The title is what every phone shows above the options, so it is suggested in the session's language (the room's),
whatever language the facilitator reads; choosing another set of options swaps the suggestion until the
facilitator writes their own.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input, RadioButton, RadioSet, Static

from ai_toolkit.errors import Code, Refused
from ai_toolkit.facilitation.checks import MAX_DOTS, whole_number
from ai_toolkit.tui.dialogs.base import Dialog


@dataclass(frozen=True)
class VoteChoice:
    """Something the room can vote on: ``key`` tells the screen which service call opens it."""

    key: str
    label: str
    count: int
    title: str
    """The title suggested for it, in the session's language."""


@dataclass(frozen=True)
class VoteRequest:
    on: VoteChoice
    dots: int
    title: str


def preselected(choices: Sequence[VoteChoice], default: str | None) -> str | None:
    """The default if it has something to vote on, else the first choice that has: an empty set preselected
    ("Provocative propositions (0)") would make Enter look as if it did nothing."""
    with_content = [c.key for c in choices if c.count]
    if default in with_content or not with_content:
        return default
    return with_content[0]


class ChoiceList(RadioSet):
    """A RadioSet where Enter takes the highlighted choice and asks for the dialog's action, as Enter does in every
    other field (space still only picks). Without it, Enter on the list would only tick the choice already ticked."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "choose", "tui.key.pick", show=False)]

    class Chosen(Message):
        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def on_mount(self) -> None:
        # Textual highlights the first row once the set is mounted (after this handler); highlight the preselected
        # one instead, so Enter on the list takes what the dialog offers. (``_selected`` is the highlight; Textual
        # keeps it private.)
        self.call_after_refresh(self._highlight_pressed)

    def _highlight_pressed(self) -> None:
        if self.pressed_index >= 0:
            self._selected = self.pressed_index

    def action_choose(self) -> None:
        index = self._selected if self._selected is not None else self.pressed_index
        if index >= 0:
            button = self._nodes[index]
            if isinstance(button, RadioButton):
                button.value = True
        self.post_message(self.Chosen(index))


class OpenVoteDialog(Dialog[VoteRequest]):
    save_label = "tui.vote.open_button"
    hint = "tui.vote.open_hint"

    DEFAULT_CSS = """
    OpenVoteDialog #on { width: 100%; }
    OpenVoteDialog #dots { width: 12; }
    """

    def __init__(
        self,
        title: str,
        *,
        choices: Sequence[VoteChoice],
        default: str | None = None,
        dots: int = 3,
        apply: Callable[[VoteRequest], object] | None = None,
    ) -> None:
        super().__init__(title, apply=apply)
        self.choices = list(choices)
        self.default = preselected(self.choices, default)
        self.dots = dots
        self._chosen_index: int | None = None

    def fields(self) -> ComposeResult:
        yield Static(self.t("tui.vote.on"), classes="field-label")
        with ChoiceList(id="on"):
            for choice in self.choices:
                label = Text(f"{choice.label} ({choice.count})", "" if choice.count else "dim")
                yield RadioButton(label, value=choice.key == self.default, id=f"on-{choice.key}")
        yield Static(self.t("tui.vote.dots_label"), classes="field-label")
        yield Input(str(self.dots), type="integer", max_length=3, id="dots")
        yield Static(self.t("tui.vote.title_label"), classes="field-label")
        suggested = next((c.title for c in self.choices if c.key == self.default), "")
        yield Input(suggested, max_length=200, id="title")

    def on_mount(self) -> None:
        self.query_one("#on", ChoiceList).focus()

    @on(RadioSet.Changed, "#on")
    def _suggest_title(self, event: RadioSet.Changed) -> None:
        """Another set of options: its title, unless the facilitator has written one of their own."""
        title = self.query_one("#title", Input)
        if title.value.strip() in ("", *(c.title for c in self.choices)):
            title.value = self.choices[event.index].title

    @on(ChoiceList.Chosen)
    def _chosen(self, event: ChoiceList.Chosen) -> None:
        self._chosen_index = event.index
        self.action_submit()

    def answer(self) -> VoteRequest:
        pressed = (
            self._chosen_index if self._chosen_index is not None else self.query_one("#on", RadioSet).pressed_index
        )
        self._chosen_index = None
        if pressed < 0:
            raise Refused("choose what to vote on", code=Code.NO_OPTIONS)
        dots = whole_number(
            self.query_one("#dots", Input).value, "dots", minimum=1, maximum=MAX_DOTS, code=Code.BAD_DOTS
        )
        choice = self.choices[pressed]
        title = self.query_one("#title", Input).value.strip() or choice.title
        return VoteRequest(on=choice, dots=dots, title=title)
