"""People's words made to fit one line: the same cut in the terminal, the TUI and the documents.

A label cut mid-word ("…every factory hall that f 12") reads as a typo in front of a room; a cut at a word with one
ellipsis reads as "there is more". Only display goes through here: what is stored is never shortened.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"
_SPACE = re.compile(r"\s+")
# Marks that would make the ellipsis read oddly when a cut leaves them at the end ("hall, …", "hall …").
_TRAILING = " \t,;:-–—(/[{“„«‹\"'"


def one_line(text: str) -> str:
    """Line breaks and runs of white space as one space, ends trimmed."""
    return _SPACE.sub(" ", text).strip()


def shorten(text: str, width: int) -> str:
    """``text`` on one line of at most ``width`` characters: whole if it fits, else cut at a word with one ``…``.

    A single word longer than the line is cut inside (nothing else fits), and so is a text whose last space comes
    too early to leave more than half of the line: "Gorenjska" is more use than an ellipsis alone. An ellipsis the
    text already had at the cut ("Foundry..." / "Foundry…") is not doubled.
    """
    line = one_line(text)
    if width <= 0:
        return ""
    if len(line) <= width:
        return line
    room = width - len(ELLIPSIS)
    if room <= 0:
        return ELLIPSIS[:width]
    cut = line[:room]
    if line[room] != " ":  # the cut falls inside a word: go back to the last space, if that keeps enough
        space = cut.rfind(" ")
        if space >= room // 2:
            cut = cut[:space]
    cut = cut.rstrip(_TRAILING).rstrip(".…").rstrip(_TRAILING)
    return (cut or line[:room]) + ELLIPSIS
