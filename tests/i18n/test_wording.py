"""No text a user can see uses a variant the glossary calls wrong: every catalog and every plan, per language.

The glossary lists, per concept, what a review of the seven languages found and a native speaker would reject
(Czech "body" for the dots, Dutch "je" where the session says "u", German "Bereich" for a sector). Sentences keep
their own grammar, so this is a search for the wrong words, not for the right ones.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from ai_toolkit.i18n import GLOSSARY_AREA, LANGUAGES
from ai_toolkit.i18n.glossary import glossary
from ai_toolkit.model.plan import Localised, Plan
from ai_toolkit.plans import builtin_dirs, load_plan_file

I18N = Path(__file__).parents[2] / "src" / "ai_toolkit" / "i18n"
PLANS = sorted(path for folder in builtin_dirs() for path in folder.glob("*.yaml"))


@cache
def toolbox() -> tuple[Plan, ...]:
    return tuple(load_plan_file(path) for path in PLANS)


def catalog_texts(lang: str) -> Iterator[tuple[str, str]]:
    """``(where, text)`` for every label of ``lang`` in every area, the glossary's own words included."""
    for path in sorted(I18N.glob(f"*/{lang}.json")):
        labels = json.loads(path.read_text(encoding="utf-8"))
        if path.parent.name == GLOSSARY_AREA:
            labels = labels["words"]
        for key, text in labels.items():
            yield f"{path.parent.name}/{lang}.json {key}", text


def plan_texts(plan: Plan, lang: str) -> Iterator[tuple[str, str]]:
    """Every text the plan has in ``lang`` itself (its English fallbacks are English's business)."""

    def own(where: str, text: Localised) -> Iterator[tuple[str, str]]:
        if text.get(lang):
            yield f"{plan.id} {where}", text[lang]

    yield from own("name", plan.name)
    yield from own("description", plan.description)
    yield from own("affirmative_topic", plan.affirmative_topic)
    for _, a in plan.steps():
        yield from own(f"{a.id}.title", a.title)
        yield from own(f"{a.id}.prompt", a.prompt)
        yield from own(f"{a.id}.instructions", a.instructions)


def test_the_toolbox_is_there() -> None:
    assert len(PLANS) >= 4


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_catalog_or_plan_uses_a_wrong_variant(lang: str) -> None:
    g = glossary(lang)
    texts = list(catalog_texts(lang))
    for plan in toolbox():
        texts += plan_texts(plan, lang)
    assert len(texts) > 400
    found = [f"{where}: {m.found!r} ({m.concept})" for where, text in texts for m in g.misuses(text)]
    assert not found, f"{lang}: {len(found)} wrong variants\n" + "\n".join(found)
