"""Every label of the documents exists in every language, is really translated, and keeps its placeholders."""

from __future__ import annotations

import json
import string
from pathlib import Path

import pytest

from ai_toolkit.i18n import LANGUAGES
from ai_toolkit.i18n.glossary import glossary
from ai_toolkit.model.session import SessionState
from ai_toolkit.plans import load_plan_file
from ai_toolkit.reports import agenda_context, minutes_context, write_agenda, write_minutes
from ai_toolkit.reports import labels as labels_module

from .conftest import ROOM, doc_text

CATALOGS = Path(labels_module.__file__).resolve().parent.parent / "i18n" / "minutes"
FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "plans"

# Labels that are the same word as in English, checked one by one ("Partner" is "Partner" in German).
SAME_AS_ENGLISH: dict[str, set[str]] = {
    "de": {"cover.partner", "cover.region", "col.phase", "col.option", "col.name", "col.organisation"},
    "cs": {"cover.partner", "cover.region", "unit.minutes", "agenda.phase_heading"},
    "pl": {"cover.partner", "cover.region", "unit.minutes", "agenda.phase_heading"},
    "it": {"cover.partner", "unit.minutes", "agenda.phase_heading"},
    "sl": {"cover.partner", "unit.minutes", "agenda.phase_heading"},
    "nl": {"cover.project", "cover.partner", "col.sector", "col.start"},
}
EVERYWHERE = {"quote.named"}  # "{name}, {sector}": punctuation only


def _load(lang: str) -> dict[str, str]:
    return json.loads((CATALOGS / f"{lang}.json").read_text(encoding="utf-8"))


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_seven_catalogs_are_there() -> None:
    assert sorted(p.stem for p in CATALOGS.glob("*.json")) == sorted(LANGUAGES)


@pytest.mark.parametrize("lang", [code for code in LANGUAGES if code != "en"])
def test_every_label_is_translated(lang: str) -> None:
    en, own = _load("en"), _load(lang)
    assert set(own) == set(en), "missing or extra keys"
    allowed = {"minutes." + k for k in SAME_AS_ENGLISH[lang] | EVERYWHERE}
    same = {k for k in en if own[k].strip() == en[k].strip()}
    assert same == allowed, "left in English (or the allow-list is out of date)"
    for key, text in own.items():
        assert text.strip(), key
        assert _fields(text) == _fields(en[key]), f"{key}: placeholders differ from English"
        text.format(**{name: "x" for name in _fields(text)})  # no stray braces


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_label_the_renderers_ask_for_exists(lang: str, workshop_state: SessionState, tmp_path: Path) -> None:
    """Render the minutes (finished and unstarted) and the agenda; each key asked for must be in the catalog."""
    own = _load(lang) | glossary(lang).words  # the documents' own labels, and the method's words
    labels_module.USED.clear()
    minutes_context(workshop_state, lang, tz=ROOM)
    empty = workshop_state.model_copy(update={"runs": [], "ended_at": None, "participants": {}, "contributions": {}})
    minutes_context(empty, lang, tz=ROOM)
    plan = load_plan_file(FIXTURES / "tiny.yaml")
    agenda_context(plan, lang, workshop_state.info)
    used = set(labels_module.USED)
    assert len(used) > 120
    assert used <= set(own), f"asked for but missing: {sorted(used - set(own))}"
    # And no raw key ever reaches a page.
    path = write_minutes(workshop_state, tmp_path / "m.docx", lang=lang, tz=ROOM)
    agenda = write_agenda(plan, tmp_path / "a.docx", lang=lang, info=workshop_state.info)
    for file in (path, agenda):
        assert "minutes." not in doc_text(file)
