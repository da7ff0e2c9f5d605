"""One glossary per language, complete, and the only place the method's words are kept.

The glossary (``i18n/glossary/<lang>.json``) names every phase, mode, sector and kind of contribution once per
language; these tests keep it whole and keep other catalogs from restating its words, so a word changed there
changes on every surface.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from ai_toolkit.i18n import GLOSSARY_AREA, LANGUAGES, catalog, t
from ai_toolkit.i18n.glossary import glossary
from ai_toolkit.model.enums import Collects, Mode, Phase, Sector
from ai_toolkit.reports.labels import Labels

I18N = Path(__file__).parents[2] / "src" / "ai_toolkit" / "i18n"
SHORT_FORMS = re.compile(r"^tui\.sector(_short)?\.")
"""The projected screen's narrow sector columns (14 and 10 characters): abbreviations of the glossary's names."""


def _areas(lang: str) -> dict[str, dict[str, str]]:
    return {
        p.parent.name: json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(I18N.glob(f"*/{lang}.json"))
        if p.parent.name != GLOSSARY_AREA
    }


def test_every_concept_of_the_method_has_a_word() -> None:
    words = glossary("en").words
    wanted = (
        {f"phase.{p.value}" for p in Phase}
        | {f"mode.{m.value}" for m in Mode}
        | {f"collects.{c.value}" for c in Collects}
        | {f"kind.{c.value}" for c in Collects}
        | {f"sector.{s.value}" for s in Sector}
        | {"vote.default_title", "term.dots", "term.theme", "term.positive_core", "term.proposition"}
        | {"term.commitment", "term.facilitator", "term.participant", "term.address"}
    )
    assert wanted <= words.keys(), sorted(wanted - words.keys())


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_each_language_names_every_concept(lang: str) -> None:
    english, own = glossary("en"), glossary(lang)
    assert own.words.keys() == english.words.keys()
    for key, word in own.words.items():
        assert word.strip() == word and word, (lang, key)
    # A phase, a mode, a sector are never left in English (a German "Design" would still be a choice: none is).
    same = {k for k in own.words if k.split(".")[0] in {"phase", "mode", "sector"} and own.words[k] == english.words[k]}
    assert not same, same
    # Phases are five different words, and so are the sectors: a label names one thing.
    for prefix in ("phase.", "sector.", "mode."):
        names = [w for k, w in own.words.items() if k.startswith(prefix)]
        assert len(set(names)) == len(names), (lang, prefix, names)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_glossary_is_what_every_surface_reads(lang: str) -> None:
    """``t`` answers with the glossary's words, and no other area restates one (``minutes.phase.dream``)."""
    words = glossary(lang).words
    assert all(t(key, lang) == word for key, word in words.items())
    restated = []
    seen: dict[str, str] = {}
    for area, labels in _areas(lang).items():
        for key in labels:
            assert key not in words, f"{area}/{lang}.json restates the glossary's {key}"
            assert key not in seen, f"{key} is in both {seen[key]} and {area}"
            seen[key] = area
            rest = key.split(".", 1)[-1]
            if rest in words and not SHORT_FORMS.match(key):
                restated.append(key)
    assert not restated, f"{lang}: these keys restate a glossary word; read the glossary's instead: {restated}"
    assert set(catalog(lang)) == set(seen) | set(words)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_wrong_variants_are_valid_and_named(lang: str) -> None:
    g = glossary(lang)
    for concept in g.wrong:
        assert concept in g.words or concept == "wording", f"{lang}: wrong variants of an unknown concept {concept}"
    # The glossary's own words are never among the variants it forbids.
    for key, word in g.words.items():
        assert not g.misuses(word), (lang, key, g.misuses(word))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_minutes_name_every_kind_of_contribution(lang: str) -> None:
    """A SOAR opportunity once printed as ``minutes.kind.opportunities``: every kind is a glossary word now."""
    labels = Labels(lang)
    for kind in Collects:
        assert labels(f"kind.{kind.value}") == glossary(lang).words[f"kind.{kind.value}"]
    assert labels("phase.destiny") == t("phase.destiny", lang) and labels("toc") == t("minutes.toc", lang)
