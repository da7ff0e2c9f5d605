"""A text area for one statement: it wraps long text, and Enter saves instead of breaking the line."""

from __future__ import annotations

from textual import events
from textual.message import Message
from textual.widgets import TextArea


class Statement(TextArea):
    """Propositions and commitments are a sentence or two; a line break in them is never wanted."""

    class Submitted(Message):
        """Enter was pressed."""

    def __init__(self, text: str = "", *, placeholder: str = "", id: str | None = None) -> None:
        super().__init__(text, soft_wrap=True, show_line_numbers=False, tab_behavior="focus", id=id)
        self.placeholder = placeholder

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted())
            return
        await super()._on_key(event)
