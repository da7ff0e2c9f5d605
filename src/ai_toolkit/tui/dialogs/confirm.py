"""Ask before something that cannot be taken back (closing a vote)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class Confirm(ModalScreen[bool]):
    """A question with two answers; ``y`` / ``n`` answer from the keyboard, Esc means no."""

    BINDINGS = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n,escape", "answer(False)", "No"),
    ]

    DEFAULT_CSS = """
    Confirm { align: center middle; background: $background 70%; }
    Confirm > #sense-dialog { width: 64; max-width: 95%; height: auto; border: thick $warning; background: $surface;
                        padding: 1 2; }
    Confirm #question { height: auto; }
    Confirm .dialog-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    Confirm .dialog-buttons Button { margin-left: 2; }
    """

    def __init__(self, question: str, *, yes: str = "Yes", no: str = "No") -> None:
        super().__init__()
        self.question = question
        self.yes = yes
        self.no = no

    def compose(self) -> ComposeResult:
        with Vertical(id="sense-dialog"):
            yield Static(Text(self.question), id="question")
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.no} (n)", id="no")
                yield Button(f"{self.yes} (y)", id="yes", variant="warning")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")
