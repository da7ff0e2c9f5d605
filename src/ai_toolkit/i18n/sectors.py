"""A sector in a reader's language: the one function every surface labels a sector with.

The common sectors are labelled by the catalogs (the glossary's ``sector.*`` and the short forms of the
facilitator's screen); a plan's own sectors (CINEMA's retail and shops...) by the plan, which carries them in every
language. The phone, the facilitator's screen, the exports and the minutes all ask here, so a sector a plan adds is
named the same way everywhere, and a new surface cannot forget one.
"""

from __future__ import annotations

from enum import StrEnum

from ai_toolkit.i18n import t
from ai_toolkit.model.plan import Plan, pick

__all__ = ["TINY", "SectorForm", "sector_label", "sector_labels"]

TINY = 10
"""Columns of the facilitator's feed for a sector, where every other character is people's words."""


class SectorForm(StrEnum):
    NAME = "name"
    """The full name: the phone's choice, the minutes, the exports ("Retail and shops")."""
    HINT = "hint"
    """Who belongs there, under the name on the phone ("shopkeepers, cafés, market traders"); may be empty."""
    SHORT = "short"
    """At most 14 characters: the facilitator's sectors panel and lists."""
    TINY = "tiny"
    """At most 10 characters: the facilitator's live feed."""


_CATALOG_KEY = {
    SectorForm.NAME: "sector.",
    SectorForm.HINT: "web.sector_hint.",
    SectorForm.SHORT: "tui.sector.",
    SectorForm.TINY: "tui.sector_short.",
}


def sector_label(plan: Plan, sector: str, lang: str, form: SectorForm = SectorForm.NAME) -> str:
    """``sector`` as a reader of ``lang`` sees it in ``form``: from the plan if it is the plan's own, otherwise from
    the catalogs (a sector neither knows, which a valid log never holds, is shown as recorded)."""
    own = plan.own_sector(sector)
    if own is None:
        key = _CATALOG_KEY[form] + sector
        label = t(key, lang)
        return sector if label == key else label
    if form == SectorForm.NAME:
        return pick(own.name, lang)
    if form == SectorForm.HINT:
        return pick(own.hint, lang) if own.hint else ""
    short = pick(own.short, lang)
    if form == SectorForm.TINY and len(short) > TINY:
        return short[: TINY - 1].rstrip() + "."
    return short


def sector_labels(plan: Plan, lang: str, form: SectorForm = SectorForm.NAME) -> dict[str, str]:
    """Every sector of the plan, in its order (common ones, the plan's own, "other" last), with its label."""
    return {sector: sector_label(plan, sector, lang, form) for sector in plan.sector_ids()}
