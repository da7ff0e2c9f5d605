"""The room's screen in real Chromium against real uvicorn: it follows the session by itself, at projector sizes.

One server and one browser for the module (as in ``test_browser.py``); the facilitator is a second
``Facilitation`` on the same database, as the TUI or a shell would be. One wall page stays open through a test
and is never reloaded: the point is that it follows by itself. Screenshots go to ``$AI_TOOLKIT_SCREENSHOTS``.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, need
from tests.web.test_browser import (
    ACTION_MS,
    CHROMIUM_ARGS,
    COMMITMENTS,
    FOLLOW_MS,
    INTERVIEWS,
    PROPOSITIONS,
    STRENGTHS,
    VOTE,
    WELCOME,
    BackgroundServer,
    at,
    expect,
    join,
    phone,
    playwright_api,
    serious,
)

from ai_toolkit.facilitation import Facilitation, create_session, open_session
from ai_toolkit.facilitation.decisions.joining import join_code
from ai_toolkit.plans import load_plan_file
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.web.server import ParticipantServer

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def room(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[SessionsDir, Facilitation, ParticipantServer]]:
    """A session served on loopback; the test drives it through its own ``Facilitation`` (the "facilitator")."""
    sessions = SessionsDir(tmp_path_factory.mktemp("wall") / "sessions")
    plan = load_plan_file(FIXTURES / "plans" / "tiny.yaml")
    served = create_session(sessions, plan, title="Ustvarjalne industrije · Kranj", venue="Kulturcafé Jesenice")
    facilitator = open_session(sessions, served.state.info.id)
    with BackgroundServer(served) as server:
        yield sessions, facilitator, server
    facilitator.close()
    served.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=need("chromium"), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("AI_TOOLKIT_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


SIZES = {"1280x720": (1280, 720), "1920x1080": (1920, 1080), "1024x768": (1024, 768)}

# The smallest text on the page and anything sticking out sideways: what the back row cannot read.
MEASURE = """() => {
  let smallest = 1000, what = '';
  for (const el of document.querySelectorAll('main *')) {
    const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
    const box = el.getBoundingClientRect();
    if (!own || box.width === 0 || box.height === 0) continue;
    const px = parseFloat(getComputedStyle(el).fontSize);
    if (px < smallest) { smallest = px; what = el.tagName + '.' + el.className; }
  }
  return {smallest, what, wide: document.documentElement.scrollWidth, high: document.documentElement.scrollHeight};
}"""


def open_wall(browser, server: ParticipantServer, size: str = "1280x720", scheme: str = "light"):
    w, h = SIZES[size]
    context = browser.new_context(viewport={"width": w, "height": h}, color_scheme=scheme, locale="en-GB")
    context.set_default_timeout(ACTION_MS)
    page = context.new_page()
    page.goto(server.facilitator_url)
    page.evaluate("window.__neverReloaded = true")
    return context, page


def on_screen(page, f: Facilitation, screen: str) -> None:
    """Wait until the wall shows ``screen`` as of the session's latest change (it follows by push)."""
    f.refresh()
    expect(page.locator(f".screen.screen-{screen}[data-version='{f.state.seq}']")).to_have_count(1, timeout=FOLLOW_MS)


def test_a_phones_card_appears_on_every_open_wall_without_a_reload(browser, room, shots: Path) -> None:
    _, facilitator, server = room
    at(facilitator, INTERVIEWS)
    walls = [open_wall(browser, server), open_wall(browser, server, "1920x1080", "dark")]  # a second device
    context = phone(browser)
    page = context.new_page()
    join(page, server, name="Maja", sector="school")
    text = "Dijaki so z inženirji izdelali sceno za gledališče <b>nič krepko</b>"
    page.fill("#text", text)
    page.check("#told-own")  # a stories activity asks whose story it is
    page.get_by_role("button", name="Send", exact=True).click()
    for _, wall in walls:
        expect(wall.locator(".card .text").first).to_have_text(text, timeout=FOLLOW_MS)
        assert wall.evaluate("window.__neverReloaded") is True  # swapped in, not reloaded
        assert wall.locator(".card b").count() == 0  # markup stays text
    walls[0][1].screenshot(path=shots / "wall-card-1280.png")
    walls[1][1].screenshot(path=shots / "wall-card-1920-dark.png")
    for wall_context, _ in walls:
        wall_context.close()
    context.close()


def test_a_hidden_vote_shows_how_many_voted_and_the_ranking_only_when_closed(browser, room, shots: Path) -> None:
    _, facilitator, server = room
    at(facilitator, VOTE)
    wall_context, wall = open_wall(browser, server, "1920x1080")
    vote = facilitator.open_vote([("Shared workshop", None), ("Help desk", None)], dots=3, title="What first?")
    context = phone(browser)
    page = context.new_page()
    join(page, server)
    page.get_by_role("button", name="One dot more for: Help desk").click()
    page.get_by_role("button", name="One dot more for: Help desk").click()
    page.get_by_role("button", name="Send my vote").last.click()
    expect(page.locator("main")).to_contain_text("Your vote is counted.")
    on_screen(wall, facilitator, "vote")
    assert re.search(r"\b1 of \d+ have voted", wall.inner_text(".voted"))
    assert wall.locator("progress").count() == 0 and "The dots are shown when the vote closes." in wall.inner_text(
        "main"
    )
    wall.screenshot(path=shots / "wall-vote-hidden-1920.png")
    facilitator.close_vote(vote.id)
    on_screen(wall, facilitator, "vote")
    expect(wall.locator(".ranking li").first).to_contain_text("Help desk")
    assert wall.locator(".ranking progress").first.get_attribute("value") == "2"
    wall.screenshot(path=shots / "wall-vote-closed-1920.png")
    # The phone that voted follows too, to the result rather than "the vote has not opened yet".
    expect(page.locator("main")).to_contain_text("The vote is closed.", timeout=FOLLOW_MS)
    assert page.locator("ol.tally li").first.inner_text().startswith("Help desk")
    wall_context.close()
    context.close()


def test_moderation_holds_a_card_until_the_facilitator_lets_it_through(browser, room) -> None:
    _, facilitator, server = room
    at(facilitator, INTERVIEWS)
    facilitator.moderate(True)
    try:
        wall_context, wall = open_wall(browser, server)
        context = phone(browser)
        page = context.new_page()
        join(page, server)
        page.fill("#text", "Held for a moment")
        page.check("#told-own")  # a stories activity asks whose story it is
        page.get_by_role("button", name="Send", exact=True).click()
        expect(page.locator("main")).to_contain_text("Held for a moment")  # the sender sees it as sent
        on_screen(wall, facilitator, "cards")  # the wall has heard of the change, and shows no card for it
        assert "Held for a moment" not in wall.inner_text("main")
        (held,) = [c.id for c in facilitator.state.contributions.values() if c.text == "Held for a moment"]
        facilitator.let_through([held])
        expect(wall.locator(".card .text").first).to_have_text("Held for a moment", timeout=FOLLOW_MS)
        facilitator.take_off_wall([held])
        expect(wall.locator(".card .text", has_text="Held for a moment")).to_have_count(0, timeout=FOLLOW_MS)
        wall_context.close()
        context.close()
    finally:
        facilitator.moderate(False)


def test_every_wall_screen_is_readable_from_the_back_and_accessible(browser, room, shots: Path) -> None:
    """Each screen at 1280x720, 1920x1080 and 4:3, light and dark: nothing under 24 px (36 px at 1080p), nothing
    wider than the screen, no serious axe-core violation."""
    _, facilitator, server = room
    at(facilitator, WELCOME)
    pages = {size: open_wall(browser, server, size) for size in SIZES}
    found: dict[str, list[str]] = {}
    problems: list[str] = []

    def look(screen: str) -> None:
        for size, (_, page) in pages.items():
            on_screen(page, facilitator, screen)
            for scheme in ("light", "dark"):
                page.emulate_media(color_scheme=scheme)
                page.screenshot(path=shots / f"wall-{screen}-{size}-{scheme}.png")
                measured = page.evaluate(MEASURE)
                least = 36 if size == "1920x1080" else 24
                if measured["smallest"] < least:
                    problems.append(f"{screen} {size}: {measured['smallest']} px text ({measured['what']})")
                width, height = SIZES[size]
                if measured["wide"] > width or measured["high"] > height:
                    problems.append(f"{screen} {size}: scrolls ({measured['wide']}x{measured['high']})")
                if size == "1280x720":
                    found[f"{screen}-{scheme}"] = serious(page)

    look("welcome")
    at(facilitator, INTERVIEWS)
    for text in ["<script>alert(1)</script>", "🎨 " * 30, "مرحبا بالجميع في ورشة العمل", "Dolga zgodba " * 160]:
        facilitator.add_contribution(text)
    look("cards")
    facilitator.go_to(STRENGTHS)
    core = facilitator.create_theme("Odprta vrata industrije in mesta za vse ustvarjalce naše regije")
    for c in list(facilitator.state.contributions.values())[-4:]:
        facilitator.assign(c.id, core.id)
    look("cards")
    facilitator.go_to(PROPOSITIONS)
    facilitator.add_proposition("V naši regiji vsaka hala, ki utihne, v enem letu postane delavnica " * 6)
    look("propositions")
    facilitator.go_to(VOTE)
    facilitator.open_vote_on_propositions()
    look("vote")
    facilitator.close_vote()
    look("vote")
    at(facilitator, COMMITMENTS)
    in_three_months = facilitator.clock().date() + timedelta(days=90)  # a fixed date would be in the past one day
    facilitator.add_commitment("Odprem delavnico dvema oblikovalcema " * 8, who="Ana", by_when=in_three_months)
    look("commitments")
    facilitator.end()
    look("closing")
    facilitator.back()
    for context, _ in pages.values():
        context.close()
    assert problems == []
    assert {name: v for name, v in found.items() if v} == {}


def test_the_wall_comes_back_after_the_network_drops(browser, room) -> None:
    """A laptop that sleeps, a cable pulled: the stream dies; once the network is back the wall catches up."""
    _, facilitator, server = room
    at(facilitator, INTERVIEWS)
    wall_context, wall = open_wall(browser, server)
    wall_context.set_offline(True)
    facilitator.add_contribution("Written while the wall was away")
    wall.wait_for_timeout(500)
    wall_context.set_offline(False)
    expect(wall.locator(".card .text", has_text="Written while the wall was away")).to_have_count(1, timeout=FOLLOW_MS)
    assert wall.evaluate("window.__neverReloaded") is True
    wall_context.close()


def test_a_phone_without_javascript_follows_while_it_waits(browser, room) -> None:
    _, facilitator, server = room
    at(facilitator, WELCOME)
    context = phone(browser, javascript=False)
    page = context.new_page()
    join(page, server)
    assert "This page reloads itself every few seconds." in page.inner_text("main")  # (expect() skips noscript)
    facilitator.go_to(INTERVIEWS)
    expect(page.locator("h1")).to_have_text("Appreciative interviews", timeout=FOLLOW_MS)  # reloaded by itself
    page.fill("#text", "Typing, not to be lost")
    facilitator.go_to(STRENGTHS)
    page.wait_for_timeout(6000)  # longer than the waiting pages' reload: a page with a form never reloads
    assert page.input_value("#text") == "Typing, not to be lost"
    context.close()


def test_a_phone_joins_with_the_code_typed_in_lower_case(browser, room, shots: Path) -> None:
    _, facilitator, server = room
    context = phone(browser, locale="sl-SI")
    page = context.new_page()
    page.goto(server.base_url + "/")
    page.fill("#code", "abc def")
    page.get_by_role("button", name="Naprej").click()
    expect(page.locator("[role=alert]")).to_contain_text("To ni koda tega srečanja.")
    assert page.input_value("#code") == "abc def"
    page.screenshot(path=shots / "code-wrong-sl.png", full_page=True)
    code = join_code(facilitator.state.info)
    page.fill("#code", f"{code[:3].lower()} {code[3:].lower()}")
    page.get_by_role("button", name="Naprej").click()
    page.wait_for_url(f"**/j/{facilitator.state.info.join_token}")
    assert page.get_by_role("button", name="Pridružite se").is_visible()
    assert serious(page) == []
    context.close()
