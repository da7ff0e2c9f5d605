"""The TUI with the real participant server in its loop: phones post over HTTP and the feed shows them; a port
that is taken is a plain message; quitting releases the port; the demo's simulated phones take part.
"""

from __future__ import annotations

import random
import socket
import time

import httpx
import pytest
from tests.tui.support import drive, feed_rows, make_app, notes, screen_text, settle, type_text
from textual.pilot import Pilot

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model.enums import Phase, Sector, Source
from ai_toolkit.simulate import Phone, run_phones
from ai_toolkit.tui.app import FacilitatorApp
from ai_toolkit.web.server import ParticipantServer

pytestmark = pytest.mark.tui


def loopback_server(f: Facilitation, port: int = 0) -> ParticipantServer:
    return ParticipantServer(f, host="127.0.0.1", port=port)


async def wait_for(pilot: Pilot[None], check, seconds: float = 30.0) -> None:
    """Until ``check()``; the bound is for a busy machine, not a measure of speed."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        await pilot.pause(0.02)


def test_phones_posting_over_http_appear_in_the_feed(session: Facilitation) -> None:
    session.start()
    session.advance()  # Discover interviews: collecting stories

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        assert app.server is not None and app.join_url is not None
        assert app.join_url.endswith(f"/j/{session.state.info.join_token}")
        base = f"http://127.0.0.1:{app.server.port}"
        home = f"{base}/j/{session.state.info.join_token}"
        async with httpx.AsyncClient(timeout=10) as one, httpx.AsyncClient(timeout=10) as two:
            ana = Phone(one, home, ("Ana P.", "Gimnazija Kranj", Sector.SCHOOL, "sl"), random.Random(1))
            jan = Phone(two, home, ("", "", Sector.COMPANY, "en"), random.Random(2))
            await ana.join()
            await jan.join()
            await wait_for(pilot, lambda: "2 joined" in screen_text(app))
            forms = await ana.forms()
            assert await ana.post(forms["contribute"], {"text": "Rekviziti – [b]č[/b]"})
            await wait_for(pilot, lambda: any("Rekviziti" in row for row in feed_rows(app)))
            forms = await jan.forms()
            assert await jan.post(forms["contribute"], {"text": "Our hall for the festival"})
            await wait_for(pilot, lambda: "Our hall" in feed_rows(app)[0])
        rows = feed_rows(app)
        assert "● company" in rows[0] and "Our hall for the festival" in rows[0]
        assert "● school" in rows[1] and rows[1].endswith("Rekviziti – [b]č[/b]")
        texts = {c.text: c for c in session.state.contributions.values()}
        assert texts["Our hall for the festival"].source == Source.PARTICIPANT
        assert texts["Rekviziti – [b]č[/b]"].sector == Sector.SCHOOL
        # The header's counts are laid out a frame after the feed ("1 contribution" is shorter than "2 …").
        await wait_for(pilot, lambda: "2 contributions" in screen_text(app))
        text = screen_text(app)
        assert any("school" in line and " 1 " in line for line in text.splitlines())

    # The app's own look at the database once an hour: what the phones send can only reach the feed through the
    # service's notices, as it does at once (a bound in seconds here only measured the machine's load).
    drive(make_app(session, server=loopback_server, refresh_seconds=3600), scenario)


def test_a_taken_port_is_a_plain_message_and_typing_still_works(session: Facilitation) -> None:
    session.start()
    blocker = socket.socket()
    blocker.bind(("127.0.0.1", 0))
    blocker.listen(1)
    port = blocker.getsockname()[1]

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        assert app.server is None and app.join_url is None
        assert any(f"port {port} is already in use" in n for n in notes(app)), notes(app)
        text = screen_text(app)
        assert "Phones cannot join" in text, "the join panel says why, where the QR code would be"
        assert any("Typed contributions still work" in n for n in notes(app)), notes(app)
        assert "Traceback" not in text
        await type_text(pilot, "Typed anyway")
        await pilot.press("enter")
        await settle(pilot)
        assert [c.text for c in session.state.contributions.values()] == ["Typed anyway"]

    try:
        drive(make_app(session, server=lambda f: loopback_server(f, port)), scenario)
    finally:
        blocker.close()


def test_quitting_stops_the_server_and_releases_the_port(session: Facilitation) -> None:
    session.start()
    used: list[int] = []

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        assert app.server is not None
        used.append(app.server.port)
        async with httpx.AsyncClient(timeout=5) as client:
            response = await client.get(f"http://127.0.0.1:{app.server.port}/j/{session.state.info.join_token}")
            assert response.status_code == 200
        await pilot.press("ctrl+q")

    app = make_app(session, server=loopback_server)
    drive(app, scenario)
    assert app.return_code == 0
    with socket.socket() as again:  # the port is free again (no SO_REUSEADDR here: a listener would block this)
        again.bind(("127.0.0.1", used[0]))
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"http://127.0.0.1:{used[0]}/", timeout=2)


def test_simulated_phones_join_contribute_vote_and_commit_over_http(session: Facilitation) -> None:
    """The demo's phones, fast: they join, send stories, put dots on an open vote, and commit in Destiny."""
    session.start()
    session.advance()

    async def phones(f: Facilitation, base_url: str) -> None:
        await run_phones(f, base_url, pace=0.01, seed=7)

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        s = session.state
        await wait_for(pilot, lambda: len(s.participants) == 6 and len(s.contributions) >= 4, 15)
        assert all(c.source == Source.PARTICIPANT for c in s.contributions.values())
        # The feed shows the phones' cards at its next redraw (at most every REDRAW_SECONDS while only phones send):
        # recorded is not yet drawn.
        await wait_for(pilot, lambda: any("● " in row for row in feed_rows(app)))
        session.go_to_phase(Phase.DESIGN)
        session.advance()  # the dot-vote step
        vote = session.open_vote([("Open halls", None), ("Makers in schools", None)], dots=3, title="Which first?")
        await wait_for(pilot, lambda: len(s.votes[vote.id].ballots) >= 3, 15)
        assert all(sum(b.values()) == 3 for b in s.votes[vote.id].ballots.values())
        session.close_vote()
        session.go_to_phase(Phase.DESTINY)
        await wait_for(pilot, lambda: len(s.commitments) >= 2, 15)
        assert all(k.source == Source.PARTICIPANT and k.what and k.by_when for k in s.commitments.values())

    drive(make_app(session, server=loopback_server, phones=phones), scenario)
