"""The main screen speaks the session's language (or the facilitator's ``--ui-lang``), footer keys included.

A Slovenian and a Polish session, driven in a real (headless) Textual app: the phases, the activity's mode and what
it collects, the countdown, the header's counts, the join panel, the sectors, the input bar and the keys in the
footer are read off the screen in that language, and none of the English labels is left. The English screen is
held by the SVG snapshots.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.conftest import FakeClock
from tests.tui.support import StandInServer, drive, feed_rows, make_app, screen_text, settle
from textual.pilot import Pilot
from textual.widgets import Input

from ai_toolkit.facilitation import Facilitation, create_session
from ai_toolkit.i18n import LANGUAGES
from ai_toolkit.model.enums import Phase, Sector, Source
from ai_toolkit.model.plan import Plan
from ai_toolkit.plans import Toolbox
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.tui.app import FacilitatorApp

pytestmark = pytest.mark.tui

CATALOGS = Path(__file__).parents[2] / "src" / "ai_toolkit" / "i18n" / "tui"
ENGLISH_LABELS = [
    "PHASES", "SECTORS", "Join on your phone", "Join:", "joined", "contribution", " left", " over", "step ",
    "Pairs", "collects", "stories", "min planned", "sector:", "Discover", "Define", "Dream", "Design", "Destiny",
    "creative", "administration", "company", "university", "other", "No contributions yet",
    "Next", "Back", "Undo", "Help", "Sector", "palette", "Commands", "Correct", "Hide/show", "Themes",
]  # fmt: skip
"""What the English screen shows of its own, the footer's keys included."""
SAME_WORD = {
    "Phase",
    "Name",
    "partner",
    "region",
    "text",
    "Plan",
    "No",
    "project",
    "Sector",
    "OPEN",
    "Project · partner",
    "team",
    "Moderation",
    "Code {code} · {address}",
    "code {code}",
}
"""Words that are spelled the same in English and in one of the other languages."""
MARKUP = "Livarna [bold]odprla[/bold] vrata [@click=app.quit]festivalu[/]"


def room_text(app: FacilitatorApp) -> str:
    """Every line of the screen, the footer of keys included."""
    return screen_text(app)


def in_language(sessions: SessionsDir, plan: Plan, clock: FakeClock, lang: str) -> Facilitation:
    f = create_session(sessions, plan, title="Kranj 2026", language=lang, region="Gorenjska", clock=clock)
    f.start()
    f.advance()  # Discover: the appreciative interviews, in pairs, 20 minutes, collecting stories
    return f


def test_a_slovenian_session_is_projected_in_slovenian(
    sessions: SessionsDir, tiny_plan: Plan, clock: FakeClock
) -> None:
    f = in_language(sessions, tiny_plan, clock, "sl")
    maja = f.join(name="Maja", sector="creative", consent_named=True)
    f.join(name="", sector="administration")
    f.add_contribution(MARKUP, source=Source.PARTICIPANT, participant_id=maja.id)
    clock.advance(minutes=11, seconds=18)
    seen: dict[str, str] = {}

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        seen["running"] = room_text(app)
        seen["rows"] = "\n".join(feed_rows(app))
        await pilot.press("escape")  # into the feed: the highlighted contribution's detail shows under it
        await settle(pilot)
        seen["detail"] = room_text(app)
        seen["detail_text"] = str(app.screen.query_one("#feed-detail").render())
        clock.advance(minutes=14)
        app.screen.tick()  # type: ignore[attr-defined]
        await settle(pilot)
        seen["overtime"] = room_text(app)

    app = make_app(f, server=lambda f: StandInServer())
    drive(app, scenario, (120, 40), notifications=False)
    f.close()
    screen = seen["running"]
    for word in ("FAZE", "Opredelitev", "Odkrivanje", "Sanjanje", "Oblikovanje", "Uresničevanje", "ODKRIVANJE"):
        assert word in screen, word
    assert "Apreciativni intervjuji" in screen and "korak 2" in screen
    assert "V parih · 20 min · zbiramo: zgodbe" in screen
    assert "08:42 še" not in screen and "še 08:42" in screen
    assert "pridruženi: 2 · prispevki: 1" in screen
    assert "Pridružite se s telefonom" in screen and "SEKTORJI  pridruženi: 2" in screen
    assert re.search(r"kreativci\s+1 ▇", screen) and re.search(r"javna uprava\s+1 ▇", screen)
    assert "F2 sektor: drugo" in screen and "vpišite prispevek v imenu udeleženca" in screen
    # The feed's sector column, and the participant's words exactly as typed (markup is text, never run).
    assert "● kreativci  Livarna [bold]odprla[/bold] vrata" in seen["rows"]
    whole = " ".join(line.split("│")[1].strip() for line in seen["detail"].splitlines() if line.count("│") >= 2)
    assert MARKUP in whole, "the highlighted contribution is whole in the feed, wrapped"
    assert seen["detail_text"].startswith("kreativci · s telefona · Maja · Odkrivanje: Apreciativni intervjuji · ")
    assert "Naprej" in seen["running"] and "Razveljavi" in seen["running"], "the footer's keys"
    assert "Popravi" in seen["detail"] and "Skrij/pokaži" in seen["detail"], "the feed's keys"
    assert "+05:18 prekoračeno" in seen["overtime"]
    for shown in seen.values():
        left = [w for w in ENGLISH_LABELS if w in shown]
        assert not left, left


def test_a_polish_session_on_a_narrow_screen_is_in_polish(
    sessions: SessionsDir, tiny_plan: Plan, clock: FakeClock
) -> None:
    f = in_language(sessions, tiny_plan, clock, "pl")
    f.join(name="Ola", sector="civil_society")
    seen: dict[str, str] = {}

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        seen["start"] = room_text(app)
        await pilot.press("f2", "f2")  # other -> creative -> administration
        await settle(pilot)
        seen["sector"] = room_text(app)

    app = make_app(f, server=lambda f: StandInServer())
    drive(app, scenario, (80, 24), notifications=False)
    f.close()
    screen = seen["start"]
    for word in ("ETAPY", "Definiowa…", "Odkrywanie", "Marzenie", "Realizacja", "ODKRYWANIE", "W parach"):
        assert word in screen, word
    # "Projektowanie" is longer than the narrow column leaves next to the times: cut, and the time still shows.
    assert re.search(r"Projektow… +20′", screen), screen
    assert "zbieramy: historie" in screen and "zostało 20:00" in screen
    assert "dołączyło: 1 · wypowiedzi: 0" in screen
    assert "Dołącz: http://" in screen  # the join panel gives way on 80 columns; its line says it instead
    assert "Nie ma jeszcze wypowiedzi" in screen
    assert "F2 sektor: administracja" in seen["sector"]
    for shown in seen.values():
        left = [w for w in ENGLISH_LABELS if w in shown]
        assert not left, left


def test_before_the_start_and_after_the_end_in_slovenian(
    sessions: SessionsDir, tiny_plan: Plan, clock: FakeClock
) -> None:
    f = create_session(sessions, tiny_plan, title="Kranj 2026", language="sl", clock=clock)
    seen: dict[str, str] = {}

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        seen["before"] = room_text(app)
        f.start()
        while f.state.current is not None:
            f.advance()
        app.screen.redraw()  # type: ignore[attr-defined]
        await settle(pilot)
        seen["after"] = room_text(app)

    app = make_app(f)
    drive(app, scenario, (120, 40), notifications=False)
    f.close()
    assert "Še se ni začelo" in seen["before"] and "ctrl+n začne s fazo Opredelitev: Welcome" in seen["before"]
    assert "načrtovano 5 min" in seen["before"]
    assert "Srečanje se je končalo" in seen["after"] and "končano" in seen["after"]


def test_every_tui_label_is_in_all_seven_languages_and_fits() -> None:
    catalogs = {lang: json.loads((CATALOGS / f"{lang}.json").read_text(encoding="utf-8")) for lang in LANGUAGES}
    english = catalogs["en"]
    assert english and all(key.startswith("tui.") for key in english)
    assert {f"tui.sector.{s.value}" for s in Sector} <= english.keys()
    for lang, labels in catalogs.items():
        assert labels.keys() == english.keys(), lang
        for key, text in labels.items():
            assert text.strip(), (lang, key)
            # The same {placeholders} as English: a missing one would drop a number, an extra one would crash.
            assert set(re.findall(r"{(\w+)}", text)) == set(re.findall(r"{(\w+)}", english[key])), (lang, key)
            if key.startswith("tui.sector."):
                assert len(text) <= 14, (lang, key, text)  # the sectors panel's column
            if key.startswith("tui.sector_short."):
                assert len(text) <= 10, (lang, key, text)  # the feed's sector column
        if lang != "en":
            # Sector names may coincide ("school" in Dutch), and so does Dutch "F2 sector: ..."; so do a few words
            # that are the same word in both languages ("Phase", "partner", "Plan", "OPEN").
            same = [
                k
                for k in english
                if labels[k] == english[k]
                and not k.startswith(("tui.sector", "tui.entry.sector"))
                and labels[k] not in SAME_WORD
            ]
            assert not same, (lang, same)  # translated, not copied


def test_a_facilitator_who_prefers_german_reads_german_while_phones_get_the_rooms_slovenian(
    sessions: SessionsDir, tiny_plan: Plan, clock: FakeClock
) -> None:
    f = in_language(sessions, tiny_plan, clock, "sl")
    f.go_to_phase(Phase.DESIGN)
    f.add_proposition("Smo regija, kjer vsaka tiha hala postane delavnica.")
    seen: dict[str, str] = {}

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        seen["main"] = room_text(app)
        await pilot.press("escape", "v", "o")
        await settle(pilot)
        seen["dialog"] = room_text(app)
        seen["title"] = app.screen.query_one("#title", Input).value
        await pilot.press("ctrl+s")
        await settle(pilot)
        seen["notes"] = " ".join(n.message for n in app._notifications)

    app = make_app(f, server=lambda f: StandInServer(), ui_lang="de")
    drive(app, scenario, (120, 40))
    assert "PHASEN" in seen["main"] and "GESTALTEN" in seen["main"] and "Weiter" in seen["main"]
    assert "FAZE" not in seen["main"] and "Naprej" not in seen["main"]
    assert "Abstimmen über" in seen["dialog"] and "Zukunftsaussagen (1)" in seen["dialog"]
    title = "Katere provokativne izjave so za vas najpomembnejše?"
    assert seen["title"] == title, "the phones' title is in the room's language"
    vote = f.state.open_vote
    assert vote is not None and vote.title == title
    assert "Die Abstimmung ist offen" in seen["notes"]
    f.close()


def test_the_start_screen_speaks_the_ui_language_before_any_session(sessions: SessionsDir, tiny_plan: Plan) -> None:
    create_session(sessions, tiny_plan, title="Kranj 2026", language="sl").close()
    app = FacilitatorApp(sessions=sessions, toolbox=Toolbox(plans={tiny_plan.id: tiny_plan}), ui_lang="cs")
    seen: dict[str, str] = {}

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        seen["start"] = screen_text(app)

    drive(app, scenario, (120, 40))
    assert "Pokračovat v setkání" in seen["start"] and "Nové setkání" in seen["start"]
    assert "Kranj 2026" in seen["start"] and "· sl" in seen["start"], "sessions by title, date and language"
    assert "Vytvořit a otevřít" in seen["start"]


def test_ctrl_c_and_ending_from_the_palette_in_czech(sessions: SessionsDir, tiny_plan: Plan, clock: FakeClock) -> None:
    f = in_language(sessions, tiny_plan, clock, "cs")
    seen: dict[str, str] = {}

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        await pilot.press("ctrl+c")  # out of habit
        await settle(pilot)
        seen["hint"] = " ".join(n.message for n in app._notifications)
        await pilot.press("ctrl+p", *"Ukončit setkání")
        await settle(pilot, 6)
        await pilot.press("enter")
        await settle(pilot)
        seen["asked"] = room_text(app)
        await pilot.press("n")
        await settle(pilot)

    app = make_app(f, server=lambda f: StandInServer())
    drive(app, scenario, (120, 40))
    assert "ctrl+q ukončí" in seen["hint"]
    assert "Ukončit setkání hned?" in seen["asked"] and "Ukončit setkání (y)" in seen["asked"]
    assert f.state.ended_at is None, "n keeps the session going"
    f.close()
