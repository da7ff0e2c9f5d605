"""Every limit on what a session holds, in one place: the service refuses input beyond them
(``facilitation.checks``), and the fold refuses a log beyond them (``model.consistency``: an import, a damaged or
hand-edited file), so nothing outside these ranges ever reaches a page, a document or an export."""

from __future__ import annotations

from ai_toolkit.model.text import MAX_SHORT, MAX_TEXT

__all__ = [
    "MAX_CAPTION",
    "MAX_DOTS",
    "MAX_LONG",
    "MAX_OPTIONS",
    "MAX_PEOPLE",
    "MAX_SHORT",
    "MAX_TEXT",
    "MAX_TOPIC",
]

MAX_DOTS = 20
"""Dots one person may have in a vote: a dot-vote is a quick choice, not a budget."""
MAX_OPTIONS = 40
"""Options in one vote: more do not fit on a phone's screen or in the room's attention."""
MAX_LONG = 2000
"""A proposition, or a commitment's what, first step and support: a paragraph, not a story."""
MAX_TOPIC = 1000
"""The affirmative topic: a sentence or two the group agrees on."""
MAX_CAPTION = 300
"""A photo's caption: what the paper is ("Group 3's dream postcard"), not a story."""
MAX_PEOPLE = 10_000
"""People counted on paper in one sector: more than any hall holds."""
