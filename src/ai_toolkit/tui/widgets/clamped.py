"""Text in at most as many lines as the stylesheet's ``max-height`` gives it, ending in one ellipsis when cut.

Textual clips a tall Static at its ``max-height`` without a sign that anything is missing: a prompt cut mid-line
reads as the whole prompt. This Static wraps the text itself and, when more lines would be needed than it has, ends
its last line at a word with "…", so the facilitator knows to look further (the plan, ``ai-toolkit plans show``).
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.css.scalar import Unit
from textual.widgets import Static

from ai_toolkit.tui.widgets.labels import shorten
from ai_toolkit.tui.widgets.quiet import update_if_changed


class Clamped(Static):
    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._text = ""

    def show_text(self, text: str) -> None:
        self._text = text
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def max_lines(self) -> int | None:
        limit = self.styles.max_height
        if limit is None or limit.unit != Unit.CELLS:
            return None
        return max(int(limit.value), 1)

    def _fit(self) -> None:
        width = self.content_size.width
        limit = self.max_lines()
        if not self._text or not width or limit is None:
            update_if_changed(self, Content(self._text))
            return
        lines = Text(self._text).wrap(self.app.console, width)
        if len(lines) <= limit:
            update_if_changed(self, Content(self._text))
            return
        kept = [line.plain.rstrip() for line in lines[:limit]]
        rest = " ".join(line.plain.strip() for line in lines[limit - 1 :])
        kept[-1] = shorten(rest, width)
        update_if_changed(self, Content("\n".join(kept)))
