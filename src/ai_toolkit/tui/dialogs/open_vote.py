"""Open a dot-vote: on what (the propositions, the dream themes, the positive core), how many dots, a title."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Input, RadioButton, RadioSet, Static

from ai_toolkit.errors import Code, Refused
from ai_toolkit.tui.dialogs.base import Dialog


@dataclass(frozen=True)
class VoteChoice:
    """Something the room can vote on: ``key`` tells the screen which service call opens it."""

    key: str
    label: str
    count: int
    title: str
    """The title used when the facilitator leaves it empty."""


@dataclass(frozen=True)
class VoteRequest:
    on: VoteChoice
    dots: int
    title: str


class OpenVoteDialog(Dialog[VoteRequest]):
    save_label = "Open the vote"
    hint = "↑↓ and space pick what to vote on · Tab: next field · Ctrl+S or Enter in a field opens · Esc cancels"

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
        self.default = default
        self.dots = dots

    def fields(self) -> ComposeResult:
        yield Static("Vote on", classes="field-label")
        with RadioSet(id="on"):
            for choice in self.choices:
                label = Text(f"{choice.label} ({choice.count})")
                yield RadioButton(label, value=choice.key == self.default, id=f"on-{choice.key}")
        yield Static("Dots for each participant", classes="field-label")
        yield Input(str(self.dots), type="integer", max_length=3, id="dots")
        yield Static("Title (what the phones show above the options)", classes="field-label")
        yield Input("", placeholder="e.g. Which dream matters most to you?", max_length=200, id="title")

    def on_mount(self) -> None:
        self.query_one("#on", RadioSet).focus()

    def answer(self) -> VoteRequest:
        pressed = self.query_one("#on", RadioSet).pressed_index
        if pressed < 0:
            raise Refused("choose what to vote on", code=Code.NO_OPTIONS)
        raw = self.query_one("#dots", Input).value.strip()
        try:
            dots = int(raw)
        except ValueError:
            raise Refused(
                f"{raw or 'nothing'!r} is not a number of dots; type a whole number", code=Code.BAD_DOTS
            ) from None
        title = self.query_one("#title", Input).value
        return VoteRequest(on=self.choices[pressed], dots=dots, title=title)
