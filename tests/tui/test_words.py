"""Every word of the facilitator's screen comes from the catalogs, in every language, and every refusal can be said.

Static checks over the catalogs and the TUI's source, per language (fast); then a walk through every screen and
dialog of a real (headless) app, reading the screen for English left behind. A word written into the code instead
of a catalog is English in every language, so one language finds it (a walk costs seconds); the snapshots show the
others, each screen and dialog in a language of its own.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import pkgutil
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from tests.conftest import FakeClock
from tests.tui.support import StandInServer, make_app, screen_text, settle
from textual.binding import Binding

import ai_toolkit.tui
from ai_toolkit.errors import Code, ToolkitError
from ai_toolkit.facilitation import Facilitation, create_session
from ai_toolkit.facilitation.change import ENGLISH as UNDO_STEPS
from ai_toolkit.i18n import LANGUAGES, catalog
from ai_toolkit.i18n.glossary import glossary
from ai_toolkit.model.enums import Phase, Sector, Source
from ai_toolkit.plans import load_toolbox
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.tui.refusal import field_word, refusal_text
from ai_toolkit.tui.screens.commitments import COLUMNS
from ai_toolkit.tui.widgets.labels import shorten

pytestmark = pytest.mark.tui

SRC = Path(ai_toolkit.tui.__file__).parents[1]
PLACEHOLDER = re.compile(r"{(\w+)}")


def labels(area: str, lang: str) -> dict[str, str]:
    return json.loads((SRC / "i18n" / area / f"{lang}.json").read_text(encoding="utf-8"))


# -- the catalogs ------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_refusal_code_has_the_phones_and_the_facilitators_words(lang: str) -> None:
    web, tui = labels("web", lang), labels("tui", lang)
    english_web, english_tui = labels("web", "en"), labels("tui", "en")
    for code in Code:
        for key, words, english in (
            (f"error.{code.value}", web, english_web),
            (f"tui.refusal.{code.value}", tui, english_tui),
        ):
            assert words.get(key, "").strip(), f"{lang}: no {key}"
            assert set(PLACEHOLDER.findall(words[key])) == set(PLACEHOLDER.findall(english[key])), (lang, key)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_tui_catalog_is_complete_and_every_key_it_uses_exists(lang: str) -> None:
    words = labels("tui", lang)
    english = labels("tui", "en")
    assert words.keys() == english.keys(), sorted(words.keys() ^ english.keys())
    for key, text in words.items():
        assert text.strip() and "  " not in text.strip(" ").replace("  {", "").replace("}  ", ""), (lang, key)
        assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(english[key])), (lang, key)
        assert not {"key", "lang"} & set(PLACEHOLDER.findall(text)), "t(key, lang, ...) takes those names"
    # Every literal key in the TUI's source, and every family of keys it builds, is in the catalog.
    used: set[str] = set()
    for path in (SRC / "tui").rglob("*.py"):
        used |= set(re.findall(r"\"(tui\.[a-z_.0-9]+[a-z0-9])\"", path.read_text(encoding="utf-8")))
    used |= {f"tui.commitments.col.{key}" for key in COLUMNS}
    used |= {f"tui.themes_of.{p.value}" for p in (Phase.DISCOVER, Phase.DREAM)}
    used |= {
        f"tui.vote.{kind}.{key}"
        for kind in ("choice", "default_title")
        for key in ("propositions", "dream", "discover")
    }
    used |= {f"tui.server.bind_{reason}" for reason in ("in_use", "no_permission", "not_local")}
    used |= {f"tui.undo.{what}" for what in UNDO_STEPS}
    used |= {f"tui.sector.{s.value}" for s in Sector} | {f"tui.sector_short.{s.value}" for s in Sector}
    missing = sorted(key for key in used if key not in words)
    assert not missing, f"{lang}: {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_tui_says_the_methods_words_as_the_glossary_does(lang: str) -> None:
    """No variant the glossary forbids (Czech "body" for dots, Dutch "je" where "u" was chosen)."""
    g = glossary(lang)
    wrong = {key: [m.found for m in g.misuses(text)] for key, text in labels("tui", lang).items() if g.misuses(text)}
    assert not wrong, f"{lang}: {wrong}"


def test_every_field_the_service_names_in_a_refusal_has_a_word() -> None:
    service = "\n".join(p.read_text(encoding="utf-8") for p in (SRC / "facilitation").rglob("*.py"))
    named = set(re.findall(r"(?:short|text)\([\w.]+, \"([a-z ()]+)\"", service))
    assert {"title", "contribution", "theme name", "commitment (what)"} <= named
    english = labels("tui", "en")
    for what in named:
        assert field_word(what, "en") != english["tui.field.text"] or what == "text", f"no tui.field for {what!r}"


def _bindings() -> list[tuple[str, Binding]]:
    found = []
    for info in pkgutil.walk_packages(ai_toolkit.tui.__path__, "ai_toolkit.tui."):
        module = importlib.import_module(info.name)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__:
                for binding in cls.__dict__.get("BINDINGS", []):
                    if isinstance(binding, Binding):
                        found.append((f"{cls.__name__} {binding.key}", binding))
    return found


def test_every_binding_names_its_words_by_catalog_key() -> None:
    """The footer, the help and the palette translate what a binding names: a word there would stay English."""
    english = labels("tui", "en")
    bindings = _bindings()
    assert len(bindings) > 40
    for where, binding in bindings:
        assert binding.description in english, f"{where}: {binding.description!r} is not a catalog key"
        if binding.tooltip:
            assert binding.tooltip in english, f"{where}: {binding.tooltip!r} is not a catalog key"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_refusal_becomes_a_sentence_without_keys_or_braces(lang: str) -> None:
    params = {"limit": 2000, "allowed": 3, "used": 5, "what": "theme name", "reason": "in_use", "port": 8000}
    for code in Code:
        text = refusal_text(ToolkitError("the service's words", code=code, **params), lang)
        assert text and not text.startswith("tui.") and "{" not in text and "}" not in text, (code, text)
    unknown = ToolkitError("a detail", code=Code.REFUSED)
    assert "a detail" in refusal_text(unknown, lang), "a code without words of its own still says what happened"
    assert "2000" in refusal_text(ToolkitError("x", code=Code.TEXT_TOO_LONG, what="title", limit=2000), lang)


# -- one ellipsis, at a word --------------------------------------------------------------------------------------
def test_shorten_cuts_at_a_word_with_one_ellipsis() -> None:
    text = "Open doors: culture, live, work and play in the old foundry (5)"
    assert shorten(text, 200) == text
    assert shorten(text, 30) == "Open doors: culture, live…"
    assert shorten("live, work and play", 14) == "live, work…"
    assert shorten("Uresničevanje", 8) == "Uresnič…", "one long word is cut inside it"
    assert shorten("a\nb\tc", 10) == "a b c"
    assert shorten("🎉🎉🎉🎉", 5) == "🎉🎉…"


@given(st.text(min_size=0, max_size=80), st.integers(min_value=1, max_value=60))
def test_shorten_never_exceeds_the_width_and_never_doubles_the_ellipsis(text: str, width: int) -> None:
    cut = shorten(text, width)
    assert cell_len(cut) <= width
    assert "……" not in cut or "……" in text
    if cell_len(" ".join(text.split())) <= width:
        assert cut == " ".join(text.split())


# -- every screen and dialog, read off the screen, in each language ----------------------------------------------
STORIES = [
    "Livarna je odprla halo za festival: 400 ljudi je gledalo ulivanje železa ob glasbi.",
    "Dijaki so za gledališko predstavo izdelali rekvizite v robotskem krožku tovarne.",
    "Oblikovalka nam je pomagala prenoviti embalažo v dveh mesecih.",
]


def walked_workshop(sessions: SessionsDir, clock: FakeClock, lang: str) -> Facilitation:
    """A session of the InduCCI plan (every text in all seven languages) in Destiny, with something everywhere."""
    toolbox = load_toolbox()
    f = create_session(sessions, toolbox.get("inducci-industry"), title="Kranj", language=lang, clock=clock)
    f.start()
    f.go_to_phase(Phase.DISCOVER)
    f.advance()  # from the pair interviews (nothing to type) to typing the stories
    people = [f.join(name="Maja", sector=Sector.CREATIVE, consent_named=True).id, f.join(sector=Sector.COMPANY).id]
    made = [
        f.add_contribution(s, source=Source.PARTICIPANT, participant_id=people[i % 2]) for i, s in enumerate(STORIES)
    ]
    core = f.create_theme("Odprta vrata")
    f.assign(made[0].id, core.id)
    f.go_to_phase(Phase.DESIGN)
    f.add_proposition("Smo regija, kjer vsaka tiha hala postane delavnica.", theme_ids=[core.id])
    vote = f.open_vote_on_propositions(dots=3, title="Glasovanje")
    f.cast(vote.id, people[0], {"o1": 2})
    f.close_vote()
    f.go_to_phase(Phase.DESTINY)
    f.add_commitment("Odprli bomo halo za vikend ustvarjalcev", who="Tomaž", by_when="2027-03-01")
    f.go_to(len(f.state.plan.steps()) - 1)  # the last activity: ctrl+n would end the session
    return f


ROUTE = [
    ("main", []),
    ("feed", ["escape", "down"]),
    ("count people", ["a"]),
    ("help", ["escape", "f1"]),
    ("themes", ["escape", "t", "d"]),
    ("new theme", ["n"]),
    ("propositions", ["escape", "p"]),
    ("new proposition", ["n"]),
    ("vote", ["escape", "v"]),
    ("open a vote", ["o"]),
    ("commitments", ["escape", "c"]),
    ("new commitment", ["n"]),
    ("refused", ["ctrl+s"]),
    ("palette", ["escape", "escape", "ctrl+p"]),
    ("end?", ["escape", "ctrl+n"]),
]
"""Where the walk goes and the keys that lead there, from the main screen with the input focused."""


def english_left(shown: str, lang: str) -> list[str]:
    """English catalog words (whole labels of 8 characters or more, placeholders aside) on a screen in ``lang``."""
    english, words = catalog("en"), catalog(lang)
    found = []
    for key, text in english.items():
        if not key.startswith(("tui.", "phase.", "mode.", "collects.")) or words.get(key) == text:
            continue
        for part in PLACEHOLDER.split(text)[::2]:
            part = part.strip(" :·().,…")
            if len(part) >= 8 and part in shown and not any(part in w for w in words.values()):
                found.append(f"{key}: {part!r}")
    return found


@pytest.mark.parametrize("lang", ["sl"])
def test_every_screen_and_dialog_speaks_the_language(lang: str, sessions: SessionsDir, clock: FakeClock) -> None:
    f = walked_workshop(sessions, clock, lang)
    seen: dict[str, str] = {}

    async def walk() -> None:
        app = make_app(f, server=lambda f: StandInServer())
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            for name, keys in ROUTE:
                for key in keys:
                    await pilot.press(key)
                    await pilot.pause()
                await settle(pilot, 2)
                seen[name] = screen_text(app)

    asyncio.run(walk())
    f.close()
    assert "tui." not in " ".join(seen.values()), "a raw catalog key on screen"
    for name, shown in seen.items():
        left = english_left(shown, lang)
        assert not left, f"{lang}, {name}: {left}\n{shown}"
    words = catalog(lang)
    assert words["tui.key.next"] in seen["main"] and words["tui.key.palette"] in seen["main"]
    assert words["tui.help.title"] in seen["help"]
    assert words["tui.count.title"] in seen["count people"] and words["tui.join.wall"] in seen["main"]
    assert words["tui.vote.open_button"] in seen["open a vote"]
    assert words["tui.vote.default_title.propositions"] in seen["open a vote"], "the phones' title, in the room's"
    assert words["tui.refusal.empty_text"].split("{")[0].strip() in seen["refused"]
    assert words["tui.palette.placeholder"] in seen["palette"]
    assert words["tui.end.yes"] in seen["end?"]
    # The plan's own texts are in the session's language too (the InduCCI plan has all seven).
    assert words["phase.destiny"].upper() in seen["main"]
