"""A dialog to correct a contribution's words (a typo, a name that should not be there).

Its own ``ModalScreen`` that answers with ``dismiss``: the new text, or ``None`` when the facilitator cancels.
The caller records the answer through the service, so the dialog never changes anything itself.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static, TextArea


class EditTextScreen(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, title: str, text: str, *, note: str = "") -> None:
        super().__init__()
        self.dialog_title = title
        self.text = text
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog"):
            yield Static(Content.styled(self.dialog_title, "bold"), id="dialog-title")
            if self.note:
                yield Static(Content(self.note), id="dialog-note")
            yield TextArea(self.text, id="dialog-text", soft_wrap=True, show_line_numbers=False)
            with Horizontal(id="dialog-buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save")
                yield Button("Cancel (Esc)", id="cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "save":
            self.action_save()
        else:
            self.action_cancel()

    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
