"""The phone's form in real Chromium at phone size, against real uvicorn on loopback.

The facilitator's side is played by a second ``Facilitation`` on the same database (and once by a real
``ai-toolkit next`` process), exactly as the TUI or a shell would change the session while phones are connected.
One browser and one server for the module keep it quick; every test opens a fresh context, so a fresh phone.
Screenshots land in ``$AI_TOOLKIT_SCREENSHOTS`` when it is set (to look at the pages), else in a temporary folder.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, need

from ai_toolkit.facilitation import Facilitation, create_session, open_session
from ai_toolkit.plans import load_plan_file
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.web.server import ParticipantServer

playwright_api = pytest.importorskip("playwright.sync_api")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

expect = playwright_api.expect

pytestmark = pytest.mark.browser

WELCOME, INTERVIEWS, STRENGTHS, DREAMS, PROPOSITIONS, VOTE, COMMITMENTS = range(7)
PHONE = {"width": 360, "height": 740}
FOLLOW_MS = 15_000
"""How long a page may take to follow a change by itself (push, then a reload or a swap): well under a second on an
idle laptop, but a CI machine with two busy cores starves the server's thread and Chromium now and then. Only a
failing test ever waits this long."""
ACTION_MS = 15_000
"""Playwright's own bound on each click, fill and navigation, for the same reason."""
STARTUP_SECONDS = 30.0
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


class BackgroundServer:
    """The participant server in a thread with its own event loop, as the TUI runs it in Textual's."""

    def __init__(self, f: Facilitation) -> None:
        self.server = ParticipantServer(f, host="127.0.0.1", port=0)
        self.server.bind()
        self.thread = threading.Thread(target=lambda: asyncio.run(self.server.serve()), daemon=True)

    def __enter__(self) -> ParticipantServer:
        self.thread.start()
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise AssertionError("the server did not start")
            threading.Event().wait(0.02)
        return self.server

    def __exit__(self, *exc: object) -> None:
        self.server.stop()
        self.thread.join(10)


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SessionsDir, Facilitation, ParticipantServer]]:
    """A session served on loopback; the test drives it through its own ``Facilitation`` (the "facilitator")."""
    sessions = SessionsDir(tmp_path_factory.mktemp("browser") / "sessions")
    plan = load_plan_file(FIXTURES / "plans" / "tiny.yaml")
    served = create_session(sessions, plan, title="Ustvarjalne industrije · Kranj", venue="Kulturcafé Jesenice")
    facilitator = open_session(sessions, served.state.info.id)
    with BackgroundServer(served) as server:
        yield sessions, facilitator, server
    facilitator.close()
    served.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    chromium = need("chromium")
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("AI_TOOLKIT_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def phone(browser, *, locale: str = "en-GB", javascript: bool = True):
    context = browser.new_context(viewport=PHONE, locale=locale, java_script_enabled=javascript, device_scale_factor=2)
    context.set_default_timeout(ACTION_MS)
    return context


def at(facilitator: Facilitation, position: int) -> None:
    facilitator.refresh()
    if facilitator.state.open_vote is not None:
        facilitator.close_vote()
    facilitator.go_to(position)


def join(page, server: ParticipantServer, *, name: str = "", sector: str = "creative") -> None:
    page.goto(server.join_url)
    if name:
        page.fill("#name", name)
    page.check(f"#sector-{sector}")
    page.click("form[action$='/join'] button[type=submit]")
    page.wait_for_url("**?ok=joined")


def serious(page) -> list[str]:
    """Serious or critical axe-core violations on the page, as readable lines."""
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def test_join_switch_language_contribute_edit_withdraw(browser, room, shots: Path) -> None:
    sessions, facilitator, server = room
    at(facilitator, INTERVIEWS)
    context = phone(browser, locale="de-DE")
    page = context.new_page()
    page.goto(server.join_url)
    assert page.get_attribute("html", "lang") == "de"
    assert page.get_by_role("button", name="Teilnehmen").is_visible()
    page.screenshot(path=shots / "join-de.png", full_page=True)
    page.click("a[hreflang=sl]")
    expect(page.locator("html")).to_have_attribute("lang", "sl")  # the new page, not the one being left
    assert page.get_by_role("button", name="Pridružite se").is_visible()
    assert page.is_checked("#consent") is False
    page.fill("#name", "Maja Kovač")
    page.get_by_label("Ustvarjalna skupnost").check()
    page.get_by_role("button", name="Pridružite se").click()
    page.wait_for_url("**?ok=joined")
    assert "Povejte zgodbo o vrhuncu." in page.inner_text("main")

    story = "Livarna je odprla halo za festival 🎉 <b>not bold</b> שלום"
    page.fill("#text", story)
    page.get_by_label("Moja lastna zgodba").check()  # a stories activity asks whose story it is
    page.get_by_role("button", name="Pošljite", exact=True).click()
    page.wait_for_url("**?ok=sent*")
    assert page.inner_text(".yours .card .text") == story
    page.screenshot(path=shots / "contribute-sl.png", full_page=True)
    facilitator.refresh()
    (c,) = [c for c in facilitator.state.contributions.values() if c.text == story]
    assert c.language == "sl" and facilitator.state.participants[c.participant_id].name == "Maja Kovač"

    page.get_by_role("link", name="Uredite").first.click()
    page.fill("#text", story + " – popravljeno")
    page.screenshot(path=shots / "edit-sl.png", full_page=True)
    page.get_by_role("button", name="Shranite spremembe").click()
    page.wait_for_url("**?ok=edited*")
    assert page.inner_text(".yours .card .text").endswith("popravljeno")

    page.get_by_role("link", name="Umaknite").first.click()
    page.screenshot(path=shots / "withdraw-sl.png", full_page=True)
    page.get_by_role("button", name="Da, umaknite").click()
    page.wait_for_url("**?ok=withdrawn*")
    assert page.locator(".yours .card").count() == 0
    facilitator.refresh()
    assert facilitator.state.contributions[c.id].withdrawn
    context.close()


def test_dot_vote_with_plus_and_minus(browser, room, shots: Path) -> None:
    sessions, facilitator, server = room
    at(facilitator, VOTE)
    vote = facilitator.open_vote([("Shared workshop", None), ("Help desk for artists", None)], dots=3, title="Top 2")
    context = phone(browser)
    page = context.new_page()
    join(page, server, name="Luka")
    assert "3 of 3 dots left" in page.inner_text(".left")
    more_1 = page.get_by_role("button", name="One dot more for: Shared workshop")
    more_2 = page.get_by_role("button", name="One dot more for: Help desk for artists")
    less_1 = page.get_by_role("button", name="One dot less for: Shared workshop")
    more_1.click()
    more_1.click()
    less_1.click()
    more_2.click()
    more_2.click()
    assert page.inner_text(".left") == "0 of 3 dots left"
    assert more_1.is_disabled() and more_2.is_disabled()
    facilitator.refresh()
    assert facilitator.state.votes[vote.id].ballots == {}  # all of that happened in the page, nothing was posted
    page.screenshot(path=shots / "vote-en.png", full_page=True)
    page.get_by_role("button", name="Send my vote").last.click()
    page.wait_for_url("**?ok=voted*")
    facilitator.refresh()
    assert list(facilitator.state.votes[vote.id].ballots.values()) == [{"o1": 1, "o2": 2}]
    context.close()


def test_typing_more_dots_than_allowed_says_how_many_too_many(browser, room, shots: Path) -> None:
    """3 + 3 typed into a vote of 4: the phone says "2 too many" in the participant's language before sending,
    not "0 of 4 dots left" and a refusal afterwards; taking one away makes it count down again."""
    sessions, facilitator, server = room
    at(facilitator, VOTE)
    facilitator.open_vote([("Delavnica", None), ("Pisarna za umetnike", None)], dots=4)
    context = phone(browser, locale="sl-SI")
    page = context.new_page()
    join(page, server, name="Nika")
    assert page.inner_text(".vote-title") == "Glasovanje s pikami"  # no title given: the glossary's, in Slovenian
    page.fill("#d-o1", "3")
    page.fill("#d-o2", "3")
    left = page.locator(".left")
    expect(left).to_have_text("Preveč pik: 2 več, kot jih imate na voljo (4). Pred pošiljanjem jih nekaj odvzemite.")
    assert "over" in (left.get_attribute("class") or "")
    page.screenshot(path=shots / "vote-over-sl.png", full_page=True)
    page.get_by_role("button", name="Ena pika manj za: Delavnica").click()
    page.get_by_role("button", name="Ena pika manj za: Delavnica").click()
    expect(left).to_have_text("Preostale pike: 0 od 4")
    assert "over" not in (left.get_attribute("class") or "")
    context.close()


def test_commitment_in_destiny(browser, room, shots: Path) -> None:
    sessions, facilitator, server = room
    at(facilitator, COMMITMENTS)
    context = phone(browser, locale="it-IT")
    page = context.new_page()
    join(page, server, name="Giulia")
    when = (date.today() + timedelta(days=60)).isoformat()
    page.fill("#what", "Aprire la mensa della fonderia per una giornata di studi aperti")
    page.fill("#by_when", when)
    page.fill("#support", "Una lettera del sindaco")
    page.get_by_role("button", name="Prendo l'impegno").click()
    page.wait_for_url("**?ok=committed*")
    assert "Aprire la mensa" in page.inner_text(".yours")
    page.screenshot(path=shots / "commit-it.png", full_page=True)
    facilitator.refresh()
    (k,) = [k for k in facilitator.state.commitments.values() if k.what.startswith("Aprire")]
    assert k.by_when is not None and k.by_when.isoformat() == when and k.support_needed == "Una lettera del sindaco"
    context.close()


def test_page_follows_ai_toolkit_next_from_another_process(browser, room) -> None:
    sessions, facilitator, server = room
    at(facilitator, INTERVIEWS)
    context = phone(browser)
    page = context.new_page()
    join(page, server)
    assert page.inner_text("h1") == "Appreciative interviews"
    env = {**os.environ, "AI_TOOLKIT_SESSIONS_DIR": str(sessions.root)}
    cli = "from ai_toolkit.cli import run; run()"
    subprocess.run([sys.executable, "-c", cli, "next", facilitator.state.info.id], env=env, check=True, timeout=60)
    expect(page.locator("h1")).to_have_text("Positive core", timeout=FOLLOW_MS)
    # The quiet note that the facilitator moved on: the page's deferred script shows it, which may run a moment
    # after the heading is parsed.
    expect(page.locator("#moved")).to_be_visible()

    # Someone typing is never interrupted: the page stays, with a note and a link, and the text is kept.
    page.fill("#text", "Half a thought")
    subprocess.run([sys.executable, "-c", cli, "next", facilitator.state.info.id], env=env, check=True, timeout=60)
    expect(page.locator("#moved .moved-keep")).to_be_visible(timeout=FOLLOW_MS)
    assert page.inner_text("h1") == "Positive core" and page.input_value("#text") == "Half a thought"
    context.close()


def test_pages_follow_by_push_and_old_browsers_by_asking(browser, room, shots: Path) -> None:
    """The phone and the projector's wall listen to the server's change stream and never poll; a browser without
    EventSource asks ``state.json`` instead and follows all the same."""
    sessions, facilitator, server = room
    at(facilitator, INTERVIEWS)
    context = phone(browser)
    page = context.new_page()
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url))
    join(page, server)
    wall_context = browser.new_context(viewport={"width": 1280, "height": 720})
    wall = wall_context.new_page()
    wall_asked: list[str] = []
    wall.on("request", lambda r: wall_asked.append(r.url))
    wall.goto(server.facilitator_url)
    expect(wall.locator(".screen")).to_contain_text("What you send from your phones appears here.")
    facilitator.add_contribution("Kulturcafé: a stage in the old canteen")
    expect(wall.locator(".card .text").first).to_have_text("Kulturcafé: a stage in the old canteen", timeout=FOLLOW_MS)
    assert any(url.endswith("/events") for url in wall_asked)
    wall.screenshot(path=shots / "wall-1280.png")
    facilitator.advance()
    expect(page.locator("h1")).to_have_text("Positive core", timeout=FOLLOW_MS)
    assert any(url.endswith("/events") for url in asked) and not any("state.json" in url for url in asked)
    wall_context.close()
    context.close()

    old = phone(browser)
    old.add_init_script("delete window.EventSource;")
    page = old.new_page()
    join(page, server)
    facilitator.back()
    expect(page.locator("h1")).to_have_text("Appreciative interviews", timeout=FOLLOW_MS)
    old.close()


def test_everything_works_without_javascript(browser, room, shots: Path) -> None:
    sessions, facilitator, server = room
    at(facilitator, DREAMS)
    context = phone(browser, locale="cs-CZ", javascript=False)
    page = context.new_page()
    join(page, server, sector="university")
    assert page.get_attribute("html", "lang") == "cs"
    page.fill("#text", "V roce 2030 je stará válcovna plná ateliérů.")
    page.get_by_role("button", name="Odeslat", exact=True).click()
    expect(page.locator("main")).to_contain_text("Odesláno. Děkujeme!")

    at(facilitator, VOTE)
    vote = facilitator.open_vote([("Dílna", None), ("Poradna", None)], dots=2, title="Hlasování")
    page.goto(server.join_url)
    page.get_by_role("button", name="O tečku více pro: Poradna").click()  # posts the form: the server moves the dot
    expect(page.locator(".left")).to_contain_text("Zbývá teček: 1 z 2")
    page.screenshot(path=shots / "vote-nojs-cs.png", full_page=True)
    page.get_by_role("button", name="Odeslat můj hlas").last.click()
    expect(page.locator("main")).to_contain_text("Váš hlas je započítán.")
    facilitator.refresh()
    assert list(facilitator.state.votes[vote.id].ballots.values()) == [{"o2": 1}]

    at(facilitator, COMMITMENTS)
    page.goto(server.join_url)
    page.fill("#what", "Uspořádám den otevřených dveří")
    page.get_by_role("button", name="Zavázat se").click()
    expect(page.locator(".yours")).to_contain_text("Uspořádám den otevřených dveří")
    context.close()


def test_no_serious_accessibility_violation_on_any_page(browser, room, shots: Path) -> None:
    sessions, facilitator, server = room
    facilitator.refresh()
    if facilitator.state.open_vote is not None:
        facilitator.close_vote()
    facilitator.go_to(WELCOME)
    context = phone(browser, locale="pl-PL")
    page = context.new_page()
    found: dict[str, list[str]] = {}

    narrow = browser.new_context(viewport={"width": 320, "height": 640}, locale="pl-PL")
    small = narrow.new_page()
    too_wide: dict[str, int] = {}

    def check(name: str) -> None:
        page.wait_for_load_state()
        found[name] = serious(page)
        page.screenshot(path=shots / f"axe-{name}.png", full_page=True)
        # The same page on the narrowest phone: nothing may stick out sideways.
        small.context.clear_cookies()
        small.context.add_cookies(page.context.cookies())
        small.goto(page.url)
        width = small.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            too_wide[name] = width
        # Leave: an open page follows the room by itself (a pushed reload), which would race the next goto here
        # once the test changes the session ("navigation interrupted by another navigation").
        small.goto("about:blank")

    page.goto(server.join_url)
    check("join")
    join(page, server, name="Zofia")
    check("listen")
    page.goto(server.join_url + "/me")
    assert page.url.endswith("/me") and page.locator("#name").input_value() == "Zofia"
    check("me")
    page.goto("about:blank")  # an open page follows a change by itself (push), which would race our next goto
    at(facilitator, INTERVIEWS)
    page.goto(server.join_url)
    page.fill("#text", "   ")  # passes the browser's "required", refused by the server: the error notice
    page.check("#told-own")  # a stories activity asks whose story it is
    page.get_by_role("button", name="Wyślij", exact=True).click()
    check("contribute-error")
    page.fill("#text", "Nasza historia")
    page.check("#told-own")
    page.get_by_role("button", name="Wyślij", exact=True).click()
    check("contribute")
    page.get_by_role("link", name="Popraw").first.click()
    check("edit")
    page.goto(server.join_url)
    page.get_by_role("link", name="Wycofaj").first.click()
    check("withdraw")
    page.goto("about:blank")
    at(facilitator, VOTE)
    page.goto(server.join_url)
    check("vote-waiting")
    page.goto("about:blank")
    facilitator.open_vote([("Warsztat", None), ("Punkt pomocy", None)], dots=3)
    page.goto(server.join_url)
    check("vote")
    page.goto("about:blank")
    at(facilitator, COMMITMENTS)
    zofia = next(p.id for p in facilitator.state.participants.values() if p.name == "Zofia")
    mine = facilitator.add_commitment("Warsztaty w odlewni", source="participant", participant_id=zofia)
    page.goto(server.join_url)
    check("commit")
    page.goto(server.join_url + f"/k/{mine.id}/withdraw")
    assert "Warsztaty w odlewni" in page.inner_text("main")
    check("commit-withdraw")
    page.goto(server.join_url + "/mine")
    assert "Nasza historia" in page.inner_text("main") and "Warsztaty w odlewni" in page.inner_text("main")
    check("mine")
    page.goto(server.join_url + "/privacy")
    check("privacy")
    page.goto(server.join_url + "/c/c-000000000000")
    check("not-found")
    page.goto(server.facilitator_url)
    check("projector")
    wide = browser.new_context(viewport={"width": 1280, "height": 720})
    projector = wide.new_page()
    projector.goto(server.facilitator_url)
    projector.screenshot(path=shots / "projector-1280.png")
    assert "Commitments" in projector.inner_text("h1")
    wide.close()
    page.goto("about:blank")
    facilitator.end()
    page.goto(server.join_url)
    check("ended")
    # The checker itself works: a field without a label is a serious violation it must report.
    page.set_content("<!doctype html><html lang='en'><title>t</title><main><input></main></html>")
    assert any(line.startswith("label") for line in serious(page))
    context.close()
    narrow.close()
    assert {name: v for name, v in found.items() if v} == {}
    assert too_wide == {}, "wider than a 320 px phone"
