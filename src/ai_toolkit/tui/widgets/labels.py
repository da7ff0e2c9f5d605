"""Short words and number formats the widgets share.

The main screen is projected to the room, so what it shows speaks the session's language (``tui.*`` labels in
``i18n/tui``, phase/sector/mode names from ``i18n/common``); the facilitator's own tools (keys, help, dialogs,
notifications) stay in English, the toolkit's working language. Everything a person typed is turned into
``rich.text.Text`` here and nowhere else, so Rich/Textual markup in it (``[bold]``, ``[@click=app.quit]``) is
shown, never run.
"""

from __future__ import annotations

import re

from rich.text import Text

from ai_toolkit.i18n import normalise_lang, t
from ai_toolkit.i18n.sectors import SectorForm
from ai_toolkit.i18n.sectors import sector_label as label_sector
from ai_toolkit.model.enums import Collects, Mode, Phase, Source
from ai_toolkit.model.plan import Plan


def phase_label(phase: Phase, lang: str = "en") -> str:
    """``Discover``, ``Odkrivanje``: the phase as the room calls it."""
    return t(f"phase.{phase.value}", lang)


def sector_label(plan: Plan, sector: str, lang: str = "en") -> str:
    """A sector in at most 14 characters (the sectors panel's column): ``civil society``, ``javna uprava``.

    The full names (``Kulturni in kreativni sektor``) are for the phone form and the minutes, where there is room;
    the TUI has its own short, lower-case words (a plan's own sectors bring theirs).
    """
    return label_sector(plan, sector, lang, SectorForm.SHORT)


def sector_short(plan: Plan, sector: str, lang: str = "en") -> str:
    """A sector in at most 10 characters, for the feed's sector column, where every character is people's words."""
    return label_sector(plan, sector, lang, SectorForm.TINY)


def mode_label(mode: Mode, lang: str = "en") -> str:
    return t(f"mode.{mode.value}", lang)


def collects_label(collects: Collects, lang: str = "en") -> str:
    """What an activity gathers, as a word inside a sentence (``collects stories``, ``sammelt Geschichten``):
    lower case except in German, which capitalises every noun."""
    word = t(f"collects.{collects.value}", lang)
    return word if normalise_lang(lang) == "de" else word.lower()


PHASE_LABEL: dict[Phase, str] = {p: phase_label(p) for p in Phase}
"""English, for the facilitator's own tools (the command palette, dialogs)."""
SOURCE_SYMBOL: dict[Source, str] = {Source.PARTICIPANT: "●", Source.FACILITATOR: "◆"}
"""A phone's contribution is a dot; one typed by the facilitator on someone's behalf is a diamond."""

_SPACE = re.compile(r"\s+")


def plain(text: str, style: str = "") -> Text:
    """People's words as literal text: markup characters stay characters."""
    return Text(text, style=style)


def one_line(text: str) -> str:
    """Line breaks and runs of white space as one space, for a row in a list."""
    return _SPACE.sub(" ", text).strip()


def mmss(seconds: float) -> str:
    """``07:42`` (minutes may pass 99 for a very long overtime)."""
    s = int(abs(seconds))
    return f"{s // 60:02d}:{s % 60:02d}"


def hmm(seconds: float) -> str:
    """``0:41``: hours and minutes, as the agenda shows how long a phase really took."""
    m = int(seconds // 60)
    return f"{m // 60}:{m % 60:02d}"
