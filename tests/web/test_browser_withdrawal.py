"""A withdrawal from a real phone holds everywhere, end to end.

Chromium at 360×740 joins over real HTTP, sends a story, reads the privacy page, withdraws the story. Then the
facilitator's TUI (Textual's Pilot) shows it as withdrawn and cannot show it again (``h`` and undo are refused
with a message); the JSON, CSV and Markdown exports and the Word minutes do not hold the words; and once every
process has let go, neither do the bytes of the database files.
"""

from __future__ import annotations

import asyncio
import os
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from tests.conftest import FIXTURES, need
from tests.tui.support import feed_rows, make_app, notes, screen_text, settle
from tests.web.test_browser import ACTION_MS, CHROMIUM_ARGS, PHONE, BackgroundServer, expect

from ai_toolkit.export import to_csv, to_markdown
from ai_toolkit.facilitation import Facilitation, create_session, open_session
from ai_toolkit.facilitation.sessions import export_session
from ai_toolkit.plans import load_plan_file
from ai_toolkit.reports import write_minutes
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.tui.widgets.feed import Feed

playwright_api = pytest.importorskip("playwright.sync_api")

pytestmark = [pytest.mark.browser, pytest.mark.tui]

INTERVIEWS = 1
STORY = "Naša livarna je odprla halo ZQXJ-umik 🎭"
KEPT = "A story that stays in the minutes"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[SessionsDir, Facilitation]]:
    sessions = SessionsDir(tmp_path / "sessions")
    plan = load_plan_file(FIXTURES / "plans" / "tiny.yaml")
    f = create_session(
        sessions,
        plan,
        title="KKI in industrija",
        language="sl",
        project="InduCCI",
        partner="BSC Kranj",
        contact="zasebnost@bsc-kranj.si",
    )
    f.go_to(INTERVIEWS)
    yield sessions, f
    f.close()


def phone_withdraws(f: Facilitation, shots: Path) -> str:
    """Join in Slovenian, read the privacy page, send a story, withdraw it; returns the contribution's id."""
    chromium = need("chromium")
    with BackgroundServer(f) as server, playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport=PHONE, locale="sl-SI", device_scale_factor=2)
        context.set_default_timeout(ACTION_MS)
        page = context.new_page()
        page.goto(server.join_url)
        assert page.get_attribute("html", "lang") == "sl"
        assert not page.is_checked("#consent") and not page.is_checked("#consent_org")
        page.screenshot(path=shots / "join-privacy-link-sl.png", full_page=True)
        page.get_by_role("link", name="Kako uporabljamo vaše podatke").first.click()
        expect(page.locator("main")).to_contain_text("zasebnost@bsc-kranj.si")  # the privacy page, once parsed
        assert "BSC Kranj" in page.inner_text("main")
        page.screenshot(path=shots / "privacy-sl.png", full_page=True)
        page.go_back()
        page.fill("#name", "Maja")
        page.check("#sector-creative")
        page.check("#consent")
        page.click("form[action$='/join'] button[type=submit]")
        page.wait_for_url("**?ok=joined")
        page.fill("#text", STORY)
        page.check("#told-own")
        assert not page.is_visible("#teller_sector")  # only a partner's story asks the storyteller's sector
        page.check("#told-partner")
        assert page.is_visible("#teller_sector")
        page.check("#told-own")
        page.screenshot(path=shots / "whose-story-sl.png", full_page=True)
        page.click("form[action$='/contribute'] button[type=submit]")
        page.wait_for_url("**?ok=sent*")
        assert page.inner_text(".yours .card .text") == STORY
        page.get_by_role("link", name="Umaknite").first.click()
        expect(page.locator("main")).to_contain_text("izbrisano")  # the confirm page, once parsed
        page.screenshot(path=shots / "withdraw-confirm-sl.png", full_page=True)
        page.click("form[action$='/withdraw'] button[type=submit]")
        page.wait_for_url("**?ok=withdrawn*")
        assert page.locator(".yours .card").count() == 0
        assert STORY not in page.content()
        context.close()
        browser.close()
    f.refresh()
    (gone,) = [c for c in f.state.contributions.values() if c.withdrawn]
    return gone.id


def test_a_phones_withdrawal_holds_in_the_tui_exports_minutes_and_files(
    served: tuple[SessionsDir, Facilitation], tmp_path: Path
) -> None:
    sessions, f = served
    shots = Path(os.environ.get("AI_TOOLKIT_SCREENSHOTS") or tmp_path)
    shots.mkdir(parents=True, exist_ok=True)
    f.add_contribution(KEPT, sector="company")
    f.hide_contribution(f.add_contribution("hidden by the facilitator, kept").id)  # the undo stack has a step
    gone = phone_withdraws(f, shots)
    assert f.state.contributions[gone].text == ""

    # The facilitator's screen: withdrawn, and neither h nor undo brings it back.
    async def facilitate() -> None:
        app = make_app(f)
        async with app.run_test(size=(120, 40), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("escape")  # from the input to the feed, the newest highlighted
            feed = app.screen.query_one(Feed)
            assert feed.highlighted is not None and feed.highlighted.id == gone
            assert "avtor ga je umaknil" in feed_rows(app)[0]
            assert "UMAKNJENO" in screen_text(app)
            await pilot.press("h")
            await settle(pilot)
            assert any("Avtor ga je umaknil" in n for n in notes(app)), notes(app)  # in the session's language
            await pilot.press("down", "ctrl+z")  # the undo of the hiding is a different item: it works
            await settle(pilot)
            assert STORY not in screen_text(app)

    asyncio.run(facilitate())
    c = f.state.contributions[gone]
    assert c.withdrawn and c.hidden and c.text == ""

    # Every export and the minutes.
    for text in (export_session(f), to_csv(f.state), to_markdown(f.state)):
        assert "ZQXJ-umik" not in text
    assert KEPT in to_csv(f.state)
    minutes = write_minutes(f.state, tmp_path / "minutes.docx")
    words = "\n".join(p.text for p in docx.Document(str(minutes)).paragraphs)
    words += "\n".join(cell.text for t in docx.Document(str(minutes)).tables for row in t.rows for cell in row.cells)
    assert "ZQXJ-umik" not in words and KEPT in words

    # The bytes on disk, once every process has let go.
    folder = f.folder
    f.close()
    open_session(sessions, folder.name).close()
    data = b"".join(p.read_bytes() for p in folder.iterdir() if p.name.startswith("session.db"))
    assert b"ZQXJ-umik" not in data and KEPT.encode() in data
