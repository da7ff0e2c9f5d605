"""Short words and number formats the widgets share.

The facilitator's screen speaks English (the toolkit's working language); what the room reads aloud, the prompt,
comes from the plan in the session's language. Everything a person typed is turned into ``rich.text.Text`` here
and nowhere else, so Rich/Textual markup in it (``[bold]``, ``[@click=app.quit]``) is shown, never run.
"""

from __future__ import annotations

import re

from rich.text import Text

from ai_toolkit.model.enums import Mode, Phase, Sector, Source

PHASE_LABEL: dict[Phase, str] = {p: p.value.capitalize() for p in Phase}
SECTOR_LABEL: dict[Sector, str] = {
    Sector.CREATIVE: "creative",
    Sector.ADMINISTRATION: "administration",
    Sector.COMPANY: "company",
    Sector.UNIVERSITY: "university",
    Sector.SCHOOL: "school",
    Sector.CIVIL_SOCIETY: "civil society",
    Sector.CITIZEN: "citizen",
    Sector.OTHER: "other",
}
SECTOR_SHORT: dict[Sector, str] = {
    **SECTOR_LABEL,
    Sector.ADMINISTRATION: "admin",
    Sector.CIVIL_SOCIETY: "civil soc.",
}
"""For the feed's sector column, where every character is taken from people's words."""
MODE_LABEL: dict[Mode, str] = {
    Mode.PAIRS: "Pairs",
    Mode.INDIVIDUAL: "Individual",
    Mode.SMALL_GROUP: "Small groups",
    Mode.PLENARY: "Plenary",
}
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
