"""The footer of keys, in the facilitator's language.

Bindings name catalog keys (``tui.key.next``), not words; Textual's footer would show the keys themselves. This
footer lets Textual lay the keys out and only swaps each description for its words (``key_label``).
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from ai_toolkit.i18n import t
from ai_toolkit.tui.words import Localised


class KeyFooter(Localised, Footer):
    """Compact below 100 columns, so more keys fit on a laptop's 80."""

    DEFAULT_CSS = """
    /* Textual's compact footer keeps a margin right of the palette key, where a cut-off key shows through. */
    KeyFooter.-compact FooterKey.-command-palette { margin-right: 0; padding-right: 1; }
    """

    NARROW = 100

    def on_resize(self) -> None:
        self.compact = self.app.size.width < self.NARROW

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                if widget.description:
                    widget.description = key_words(widget.description, self.lang)
                if isinstance(widget.tooltip, str) and widget.tooltip:
                    widget.tooltip = key_words(widget.tooltip, self.lang)
            yield widget


def key_words(text: str, lang: str) -> str:
    """A catalog key's words; anything else (a binding of Textual's own) as it is."""
    return t(text, lang) if text.startswith("tui.") else text
