"""The last page in real Chromium at phone size: the results, the minutes downloaded with a tap, nothing sideways.

Screenshots land in ``$AI_TOOLKIT_SCREENSHOTS`` when it is set (to look at them), else in a temporary folder.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, need

from ai_toolkit.facilitation import create_session, open_session
from ai_toolkit.model.enums import Phase
from ai_toolkit.plans import load_plan_file
from ai_toolkit.reports import write_minutes
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.web.server import ParticipantServer

playwright_api = pytest.importorskip("playwright.sync_api")
from axe_playwright_python.sync_playwright import Axe  # noqa: E402

pytestmark = pytest.mark.browser


class Served:
    """The participant server in a thread with its own event loop."""

    def __init__(self, server: ParticipantServer) -> None:
        self.server = server
        server.bind()
        self.thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)

    def __enter__(self) -> ParticipantServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise AssertionError("the server did not start")
            threading.Event().wait(0.02)
        return self.server

    def __exit__(self, *exc: object) -> None:
        self.server.stop()
        self.thread.join(10)


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("AI_TOOLKIT_SCREENSHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_phone_sees_the_results_and_downloads_the_minutes(tmp_path: Path, shots: Path) -> None:
    chromium = need("chromium")
    sessions = SessionsDir(tmp_path / "sessions")
    plan = load_plan_file(FIXTURES / "plans" / "tiny.yaml")
    served = create_session(
        sessions, plan, title="Ustvarjalne industrije · Kranj", language="sl", on=date(2026, 11, 24)
    )
    f = open_session(sessions, served.state.info.id)
    with Served(ParticipantServer(served, host="127.0.0.1", port=0)) as server, playwright_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox", "--disable-gpu"])
        context = browser.new_context(
            viewport={"width": 360, "height": 740}, locale="sl-SI", device_scale_factor=2, accept_downloads=True
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.goto(server.join_url)
        page.fill("#name", "Maja Kovač")
        page.check("#sector-creative")
        page.check("#consent")
        page.click("form[action$='/join'] button[type=submit]")
        page.wait_for_url("**?ok=joined")
        f.refresh()
        maja = next(iter(f.state.participants))
        f.start()
        f.advance()
        story = f.add_contribution(
            "Livarna je odprla halo za festivalsko noč.", participant_id=maja, source="participant"
        )
        f.assign(story.id, f.create_theme("Industrija odpira vrata", phase=Phase.DISCOVER).id)
        f.create_theme("Podpora, ki govori jezik podjetij", phase=Phase.DISCOVER)
        for _ in range(3):
            f.advance()
        f.add_proposition("V naši regiji vsaka tovarniška hala, ki utihne, v enem letu postane delavnica.")
        f.add_proposition("Vsaka šola ima partnerja v podjetju za vogalom.")
        f.advance()
        vote = f.open_vote_on_propositions(dots=3)
        f.cast(vote.id, maja, {vote.options[0].id: 3})
        f.close_vote()
        f.advance()
        f.add_commitment(
            "Druga tovarniška noč v livarski hali",
            by_when=f.clock().date() + timedelta(days=60),
            source="participant",
            participant_id=maja,
        )
        f.end()

        # The open page follows the room to its results by itself (pushed reloads, one per change it hears of);
        # a goto here raced the last of those reloads ("navigation interrupted by another navigation", seen in CI).
        # Awaited by words only the last page has: "Pozitivno jedro" is also the heading of the Discover step the
        # page may show for a moment on its way.
        playwright_api.expect(page.locator("main")).to_contain_text("Zapisnik še ni pripravljen", timeout=15000)
        page.wait_for_load_state()
        main = page.inner_text("main")
        assert "Pozitivno jedro" in main and "Industrija odpira vrata" in main
        assert "Zapisnik še ni pripravljen" in main
        page.screenshot(path=shots / "results-before-minutes.png", full_page=True)

        write_minutes(f.state, folder=f.folder)  # the facilitator presses m
        page.reload()
        link = page.get_by_role("link", name="Prenesite zapisnik")
        assert link.is_visible()
        page.screenshot(path=shots / "results.png", full_page=True)
        violations = [v["id"] for v in Axe().run(page).response["violations"] if v["impact"] in ("serious", "critical")]
        assert violations == []
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360
        with page.expect_download() as download:
            link.click()
        got = download.value
        assert got.suggested_filename == f"{f.state.info.id}-minutes-sl.docx"
        saved = tmp_path / "downloaded.docx"
        got.save_as(saved)
        assert saved.read_bytes() == (f.folder / "minutes-sl.docx").read_bytes()

        narrow = browser.new_context(viewport={"width": 320, "height": 640}, locale="sl-SI")
        small = narrow.new_page()
        small.context.add_cookies(context.cookies())
        small.goto(server.join_url)
        assert small.evaluate("document.documentElement.scrollWidth") <= 320
        browser.close()
    f.close()
    served.close()
