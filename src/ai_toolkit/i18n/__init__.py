"""Labels in the seven languages of the partners, and dates formatted the way each country writes them.

Catalogs are plain JSON files, one folder per area (``common``, ``web``, ``minutes``, ``tui``) and one file per
language (``en.json``, ``de.json``...). Keys are dotted and unique across areas (``sector.creative``,
``web.join.button``). English is complete by definition and is the fallback for anything missing.

The method's own words (phase, mode, sector names, what an activity collects...) live in one area only, the
glossary (``glossary/<lang>.json``, see ``ai_toolkit.i18n.glossary``): its ``words`` join the catalog like any
other labels, so every surface asks ``t("phase.destiny", lang)`` and gets the same word.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path

from ai_toolkit.model.enums import LANGUAGES

__all__ = [
    "LANGUAGES",
    "LANGUAGE_NAMES",
    "babel_locale",
    "catalog",
    "fmt_date",
    "normalise_lang",
    "t",
]

LANGUAGE_NAMES: dict[str, str] = {
    "en": "English",
    "de": "Deutsch",
    "cs": "Čeština",
    "pl": "Polski",
    "it": "Italiano",
    "sl": "Slovenščina",
    "nl": "Nederlands",
}
_HERE = Path(__file__).parent
GLOSSARY_AREA = "glossary"
"""The one area whose files are not flat: labels under ``words``, next to the variants no surface may use."""


@cache
def catalog(lang: str) -> dict[str, str]:
    """Every label of one language, from all areas merged."""
    merged: dict[str, str] = {}
    for path in sorted(_HERE.glob(f"*/{lang}.json")):
        labels = json.loads(path.read_text(encoding="utf-8"))
        merged.update(labels["words"] if path.parent.name == GLOSSARY_AREA else labels)
    return merged


def normalise_lang(lang: str | None) -> str:
    """A supported language code for any input (``de-AT`` -> ``de``); English when there is none."""
    code = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    return code if code in LANGUAGES else "en"


def t(key: str, lang: str = "en", **values: object) -> str:
    """The label ``key`` in ``lang`` (English if missing), with ``{placeholders}`` filled in."""
    text = catalog(normalise_lang(lang)).get(key) or catalog("en").get(key) or key
    return text.format(**values) if values else text


def babel_locale(lang: str) -> str:
    """The Babel locale for a language: British English, since our partners write "23 November 2026"."""
    code = normalise_lang(lang)
    return "en_GB" if code == "en" else code


def fmt_date(value: date, lang: str, form: str = "long") -> str:
    from babel.dates import format_date  # Babel's locale data: only for documents and pages, not quick commands

    return format_date(value, format=form, locale=babel_locale(lang))
