"""The footer of keys, in the facilitator's language.

Bindings name catalog keys (``tui.key.next``), not words; Textual's footer would show the keys themselves. This
footer lets Textual lay the keys out and only swaps each description for its words (``key_label``).

Textual's footer cuts the row at the right edge, mid-word, and on a laptop's 80 columns the cut took the help key
with it: the one key that leads to all the others. This footer shows the keys in their order while they fit whole,
and always the help key, so a facilitator sees fewer keys but never a broken one, and F1 lists the rest.
"""

from __future__ import annotations

from rich.cells import cell_len
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from ai_toolkit.i18n import t
from ai_toolkit.tui.words import Localised

HELP = "tui.key.help"
"""The description of the key that must always show (catalog keys are unique)."""


class KeyFooter(Localised, Footer):
    """Compact below 100 columns, so more keys fit on a laptop's 80."""

    DEFAULT_CSS = """
    /* Textual's compact footer keeps a margin right of the palette key, where a cut-off key shows through. */
    KeyFooter.-compact FooterKey.-command-palette { margin-right: 0; padding-right: 1; }
    """

    NARROW = 100

    _laid_out_for = 0
    """The screen width the keys were chosen for."""

    def on_resize(self) -> None:
        # What fits changes with the width; a recompose shows an empty row for a frame, so only when it changed.
        if self.app.size.width != self._laid_out_for:
            self.call_after_refresh(self.recompose)

    def compose(self) -> ComposeResult:
        self._laid_out_for = self.app.size.width
        self.compact = self.app.size.width < self.NARROW
        widgets = list(super().compose())
        keys = [w for w in widgets if isinstance(w, FooterKey)]
        palette = [w for w in keys if w.has_class("-command-palette")]
        room = self.app.size.width - sum(key_width(w, self.compact, self.lang) + 1 for w in palette)  # and its border
        room -= sum(key_width(w, self.compact, self.lang) for w in keys if w.description == HELP)
        shown: list[Widget] = []
        for widget in widgets:
            if isinstance(widget, FooterKey) and widget not in palette and widget.description != HELP:
                if room < key_width(widget, self.compact, self.lang):
                    room = -1  # keep the order: no shorter key from further on slips in after a gap
                    continue
                room -= key_width(widget, self.compact, self.lang)
            shown.append(widget)
        for widget in shown:
            if isinstance(widget, FooterKey):
                if widget.description:
                    widget.description = key_words(widget.description, self.lang)
                if isinstance(widget.tooltip, str) and widget.tooltip:
                    widget.tooltip = key_words(widget.tooltip, self.lang)
            yield widget


def key_width(key: FooterKey, compact: bool, lang: str) -> int:
    """Cells one key takes in the row, as Textual's footer CSS lays it out: "^n Next" and the space after it."""
    words = cell_len(key_words(key.description, lang)) if key.description else 0
    if compact:
        return cell_len(key.key_display) + (1 + words if words else 0) + 1
    return 1 + cell_len(key.key_display) + 1 + (words + 1 if words else 0)


def key_words(text: str, lang: str) -> str:
    """A catalog key's words; anything else (a binding of Textual's own) as it is."""
    return t(text, lang) if text.startswith("tui.") else text
