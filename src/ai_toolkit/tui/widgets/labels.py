"""Short words, cuts and number formats the widgets share.

Method words (phases, sectors, modes, what an activity collects) come from the catalogs in the language asked for
(``words.py`` says which: the facilitator's). Text that does not fit is cut once, at a word, with one ellipsis
(``shorten``). Everything a person typed is shown as ``rich.text.Text`` or ``Content`` built from plain strings,
so Rich/Textual markup in it (``[bold]``, ``[@click=app.quit]``) is shown, never run.
"""

from __future__ import annotations

import re

from rich.cells import cell_len
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


def themes_name(phase: Phase, lang: str = "en") -> str:
    """What the themes of a phase are called: ``positive core`` (Discover), ``dream themes`` (Dream)."""
    return t(f"tui.themes_of.{phase.value}", lang)


def counted(key: str, n: int, lang: str = "en") -> str:
    """``1 theme``, ``3 themes``: ``key`` for many, ``key_one`` for one. Languages whose plurals need more than
    two forms (sl, pl, cs) write both as ``teme: 3``."""
    return t(f"{key}_one" if n == 1 else key, lang, n=n)


SOURCE_SYMBOL: dict[Source, str] = {Source.PARTICIPANT: "●", Source.FACILITATOR: "◆"}
"""A phone's contribution is a dot; one typed by the facilitator on someone's behalf is a diamond."""

_SPACE = re.compile(r"\s+")


def plain(text: str, style: str = "") -> Text:
    """People's words as literal text: markup characters stay characters."""
    return Text(text, style=style)


def one_line(text: str) -> str:
    """Line breaks and runs of white space as one space, for a row in a list."""
    return _SPACE.sub(" ", text).strip()


ELLIPSIS = "…"


def shorten(text: str, width: int) -> str:
    """``text`` on one line in at most ``width`` cells: whole if it fits, else cut after the last whole word that
    fits, with one ellipsis ("…live, work and…", never "…work an" nor "……"). A single word longer than the
    width is cut inside it."""
    text = one_line(text)
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return ELLIPSIS[:width]
    room = width - 1
    cut = _cut_cells(text, room)
    if " " in cut and not text[len(cut)].isspace():
        head = cut.rsplit(" ", 1)[0]
        if cell_len(head) >= room // 2:  # a cut at a word that would waste half the room is worse than none
            cut = head
    return cut.rstrip(" ,;:.-–—…") + ELLIPSIS


def _cut_cells(text: str, cells: int) -> str:
    """The longest start of ``text`` at most ``cells`` wide (wide characters count two)."""
    used = 0
    for i, char in enumerate(text):
        used += cell_len(char)
        if used > cells:
            return text[:i]
    return text


def mmss(seconds: float) -> str:
    """``07:42`` (minutes may pass 99 for a very long overtime)."""
    s = int(abs(seconds))
    return f"{s // 60:02d}:{s % 60:02d}"


def hmm(seconds: float) -> str:
    """``0:41``: hours and minutes, as the agenda shows how long a phase really took."""
    m = int(seconds // 60)
    return f"{m // 60}:{m % 60:02d}"
