"""The shape every dialog shares: a title, some fields, an error line, Save and Cancel.

A dialog may be given ``apply``: the service call that uses the answer. It runs when the facilitator saves; if the
service refuses, the dialog stays open with the message under the fields, so nothing typed is lost, and the
session is unchanged. Without ``apply`` the dialog simply returns its answer with ``dismiss`` (frogmouth style).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ai_toolkit.errors import ToolkitError

A = TypeVar("A")


def sentence(err: ToolkitError) -> str:
    message = str(err).strip() or "that did not work"
    return message[0].upper() + message[1:] + ("" if message.endswith((".", "?", "!")) else ".")


class Dialog(ModalScreen[A | None], Generic[A]):
    """Subclasses compose ``fields()`` and build the answer in ``answer()`` (raising Refused for bad input)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "submit", "Save"),
    ]

    DEFAULT_CSS = """
    Dialog { align: center middle; background: $background 70%; }
    Dialog > #sense-dialog {
        width: 76; max-width: 95%; height: auto; max-height: 95%;
        border: thick $primary; background: $surface; padding: 1 2;
    }
    Dialog .dialog-title { text-style: bold; margin-bottom: 1; width: 100%; }
    Dialog .field-label { margin-top: 1; color: $text-muted; }
    Dialog .dialog-error { color: $error; text-style: bold; height: auto; margin-top: 1; display: none; }
    Dialog .dialog-hint { color: $text-muted; height: auto; margin-top: 1; }
    Dialog .dialog-buttons { height: auto; align-horizontal: right; margin-top: 1; }
    Dialog .dialog-buttons Button { margin-left: 2; }
    """

    save_label = "Save"
    hint = "Enter or Ctrl+S saves · Esc cancels"

    def __init__(self, title: str, *, apply: Callable[[A], object] | None = None) -> None:
        super().__init__()
        self.dialog_title = title
        self._apply = apply

    def compose(self) -> ComposeResult:
        with Vertical(id="sense-dialog"):
            yield Static(Text(self.dialog_title), classes="dialog-title")
            yield from self.fields()
            yield Static("", id="dialog-error", classes="dialog-error")
            yield Static(Text(self.hint), classes="dialog-hint")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Cancel", id="cancel")
                yield Button(self.save_label, id="save", variant="primary")

    def fields(self) -> ComposeResult:
        yield from ()

    def answer(self) -> A:
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        error = self.query_one("#dialog-error", Static)
        error.update(Text(message))
        error.display = True
        self.notify(message, severity="error", markup=False)

    def action_submit(self) -> None:
        try:
            value = self.answer()
            if self._apply is not None:
                self._apply(value)
        except ToolkitError as err:
            self.show_error(sentence(err))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _enter_in_a_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_submit()
