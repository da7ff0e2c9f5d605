"""One glossary per language: the method's words, and the variants of them that no surface may use.

A partner sees one session on three surfaces (the projected screen, the phones, the Word minutes) and reads the
plan's prompts aloud: if Destiny is "Realiseren" on the wall and "Verwezenlijken" on the phone, the room wonders
whether they are two things. So each concept has one word per language, kept in ``glossary/<lang>.json``:

- ``words``: labels like any catalog's (``phase.destiny``, ``mode.pairs``, ``sector.citizen``, ``kind.stories``,
  ``vote.default_title``), read with ``ai_toolkit.i18n.t``; no other area restates them. ``term.*`` entries
  name the words that sit inside sentences (dots, theme, proposition, facilitator, the form of address), for
  whoever writes a sentence: inflected languages keep their own sentence, with the glossary's noun in it.
- ``wrong``: per concept, regular expressions for the variants a review found or a native speaker would reject
  (Czech "body" for dots, Dutch "je" where "u" was chosen). A test searches every text a user can see (all
  catalogs, every plan in that language, the web templates) for them.
- ``notes``: why a word was chosen, for the next translator.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ai_toolkit.i18n import GLOSSARY_AREA, LANGUAGES, normalise_lang, t

_FOLDER = Path(__file__).parent / GLOSSARY_AREA


@dataclass(frozen=True)
class Misuse:
    """A wrong variant found in a text: which concept, which pattern, and the words it matched."""

    concept: str
    pattern: str
    found: str


@dataclass(frozen=True)
class Glossary:
    lang: str
    words: dict[str, str]
    wrong: dict[str, tuple[re.Pattern[str], ...]]
    notes: dict[str, str]

    def misuses(self, text: str) -> list[Misuse]:
        """Every wrong variant in ``text`` (patterns see each line on its own: ``^`` and ``$`` are line ends)."""
        found: list[Misuse] = []
        for concept, patterns in self.wrong.items():
            for pattern in patterns:
                found += [Misuse(concept, pattern.pattern, m.group(0)) for m in pattern.finditer(text)]
        return found


@cache
def glossary(lang: str) -> Glossary:
    code = normalise_lang(lang)
    data = json.loads((_FOLDER / f"{code}.json").read_text(encoding="utf-8"))
    return Glossary(
        lang=code,
        words=dict(data["words"]),
        wrong={concept: tuple(re.compile(p, re.MULTILINE) for p in ps) for concept, ps in data["wrong"].items()},
        notes=dict(data.get("notes", {})),
    )


def all_glossaries() -> dict[str, Glossary]:
    return {lang: glossary(lang) for lang in LANGUAGES}


STORED_DEFAULT_VOTE_TITLE = "Dot-vote"
"""What sessions recorded for a vote opened without a title before the title was left empty: English,
whatever the room's language, so every surface reads it as "no title"."""


def vote_title(title: str | None, lang: str) -> str:
    """A vote's title as a reader sees it: the facilitator's words, or the glossary's name for a dot-vote in
    the reader's language (a Slovenian phone shows "Glasovanje s pikami", never an English default)."""
    text = (title or "").strip()
    if not text or text == STORED_DEFAULT_VOTE_TITLE:
        return t("vote.default_title", lang)
    return text
