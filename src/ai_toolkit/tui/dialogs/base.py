"""The shape every dialog shares, so each looks and behaves the same at 120×40 and at 80×24.

A thick frame with the title in its top edge and the keys in its bottom edge; the fields scroll between them; under
the fields, always in view, the error line and the buttons: Cancel on the left, the dialog's own action (Save,
Open the vote, Yes) on the right. However small the terminal, the buttons and the error never leave the screen,
so Enter never seems to do nothing.

A dialog may be given ``apply``: the service call that uses the answer. It runs when the facilitator saves; if the
service refuses, the dialog stays open with the refusal under the fields (``refusal_text``, the facilitator's
words), so nothing typed is lost and the session is unchanged. Without ``apply`` the dialog simply returns its
answer with ``dismiss`` (frogmouth style). Words come from the catalogs: ``save_label``, ``cancel_label`` and
``hint`` are catalog keys, and a subclass writes ``self.t(...)`` for its fields.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from ai_toolkit.errors import ToolkitError
from ai_toolkit.tui.refusal import refusal_text
from ai_toolkit.tui.words import Localised

A = TypeVar("A")


class Dialog(Localised, ModalScreen[A | None], Generic[A]):
    """Subclasses compose ``fields()`` and build the answer in ``answer()`` (raising Refused for bad input)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "tui.key.cancel"),
        Binding("ctrl+s", "submit", "tui.key.save"),
    ]

    DEFAULT_CSS = """
    Dialog { align: center middle; background: $background 70%; }
    Dialog > #dialog {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: thick $primary; border-title-style: bold; border-title-color: $text;
        border-subtitle-color: $text-muted; background: $surface; padding: 0 1;
        scrollbar-size-vertical: 1;
    }
    Dialog .dialog-fields { height: auto; }
    Dialog .dialog-foot { dock: bottom; height: auto; }
    Dialog .field-label { margin-top: 1; color: $text-muted; }
    Dialog .dialog-error { color: $error; text-style: bold; height: auto; display: none; }
    Dialog .dialog-buttons { height: auto; align-horizontal: right; }
    Dialog .dialog-buttons Button { margin-left: 2; }
    """

    AUTO_FOCUS = ".dialog-fields *"
    """The first field takes the keys; the frame itself is left out of Tab (it scrolls with the focused field)."""

    save_label: str | None = "tui.dialog.save"
    """None: a dialog that only shows something (the help), with one button that closes it."""
    cancel_label = "tui.dialog.cancel"
    hint = "tui.dialog.hint"
    frame_scrolls = False
    """True for a dialog without fields to focus (the help): the frame takes the arrow keys and scrolls."""

    def __init__(self, title: str, *, apply: Callable[[A], object] | None = None) -> None:
        super().__init__()
        self.dialog_title = title
        self._apply = apply

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="dialog") as box:
            box.can_focus = self.frame_scrolls
            box.border_title = self.dialog_title
            box.border_subtitle = self.t(self.hint)
            with Vertical(classes="dialog-foot"):
                yield Static("", id="dialog-error", classes="dialog-error")
                with Horizontal(classes="dialog-buttons"):
                    yield Button(self.cancel_text(), id="cancel")
                    if self.save_label:
                        yield Button(self.save_text(), id="save", variant="primary")
            with Vertical(classes="dialog-fields"):
                yield from self.fields()

    def fields(self) -> ComposeResult:
        yield from ()

    def save_text(self) -> str:
        return self.t(self.save_label or "tui.dialog.save")

    def cancel_text(self) -> str:
        return self.t(self.cancel_label)

    def answer(self) -> A:
        raise NotImplementedError

    def show_error(self, message: str) -> None:
        """The refusal under the fields, where the eye is; the frame scrolls the field in error into view."""
        error = self.query_one("#dialog-error", Static)
        error.update(Text(message))
        error.display = True

    def action_submit(self) -> None:
        if not self.save_label:
            self.action_cancel()
            return
        try:
            value = self.answer()
            if self._apply is not None:
                self._apply(value)
        except ToolkitError as err:
            self.show_error(refusal_text(err, self.lang))
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
