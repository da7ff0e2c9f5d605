"""A whole focus group through the real facilitator app, with 20 phones on the real participant server.

Discover stories arrive from phones over HTTP → the facilitator clusters them into the positive core → Dream →
dream themes → Design: provocative propositions → a dot-vote the 20 phones cast over HTTP while the TUI runs,
the bars filling on screen → closed, ranked → Destiny: commitments from phones and from the facilitator → end.
Asserts on what the screen shows and on what the database on disk holds.
"""

from __future__ import annotations

import asyncio
import re
import secrets
from datetime import UTC

import httpx
import pytest
from tests.tui.support import drive, screen_text
from textual.containers import VerticalScroll
from textual.pilot import Pilot
from textual.widgets import Input, RadioButton

from ai_toolkit.facilitation import Facilitation, open_session
from ai_toolkit.facilitation.decisions.naming import attribution
from ai_toolkit.model.enums import Phase, Sector
from ai_toolkit.model.fold import fold
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.tui.app import FacilitatorApp
from ai_toolkit.tui.dialogs.statement import Statement
from ai_toolkit.tui.screens.commitments import CommitmentsScreen
from ai_toolkit.tui.screens.propositions import PropositionsScreen
from ai_toolkit.tui.screens.themes import ThemesScreen
from ai_toolkit.tui.screens.vote import VoteScreen
from ai_toolkit.web.server import ParticipantServer

pytestmark = [pytest.mark.tui, pytest.mark.slow]

SECTORS = [Sector.CREATIVE, Sector.COMPANY, Sector.ADMINISTRATION, Sector.SCHOOL, Sector.UNIVERSITY]


class Phone:
    """One participant's browser: its own cookie jar, the CSRF token of its pages, a fresh request id per post."""

    def __init__(self, base: str, token: str) -> None:
        self.client = httpx.AsyncClient(base_url=base, headers={"origin": base}, timeout=20)
        self.home = f"/j/{token}"
        self.csrf = ""

    async def open(self) -> str:
        page = await self.client.get(self.home)
        assert page.status_code == 200, page.text
        found = re.search(r'name="csrf" value="([^"]+)"', page.text)
        assert found, "the page carries its CSRF token"
        self.csrf = found.group(1)
        return page.text

    async def post(self, path: str, **fields: str) -> None:
        if not self.csrf:
            await self.open()
        answer = await self.client.post(
            self.home + path, data={"csrf": self.csrf, "rid": secrets.token_hex(8), **fields}
        )
        assert answer.status_code == 303, f"{path}: {answer.status_code} {answer.text[:300]}"

    async def close(self) -> None:
        await self.client.aclose()


async def until(pilot: Pilot[None], app: FacilitatorApp, shows: str, seconds: float = 30) -> str:
    """Wait until the screen shows ``shows``: the phones' news reach it through the app's messages (at once on an
    idle machine; the bound is for a busy one)."""
    for _ in range(int(seconds / 0.05)):
        await pilot.pause(0.05)
        text = screen_text(app)
        if shows in text:
            return text
    raise AssertionError(f"the screen never showed {shows!r}:\n{screen_text(app)}")


def test_a_whole_cycle_with_twenty_phones_voting_over_http(session: Facilitation, sessions: SessionsDir) -> None:
    app = FacilitatorApp(
        session, server=lambda f: ParticipantServer(f, host="127.0.0.1", port=0, submissions_per_minute=600), zone=UTC
    )

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        assert app.server is not None, app.server_problem
        base = f"http://127.0.0.1:{app.server.port}"
        phones = [Phone(base, session.state.info.join_token) for _ in range(20)]
        try:
            await cycle(pilot, app, phones)
        finally:
            await asyncio.gather(*(p.close() for p in phones))

    drive(app, scenario)

    # Everything is on disk: a fresh read of the log gives the same session.
    again = open_session(sessions, session.state.info.id)
    try:
        on_disk = fold(again.records())
    finally:
        again.close()
    assert on_disk.ended_at is not None
    assert len(on_disk.participants) == 20
    [vote] = on_disk.votes.values()
    assert len(vote.ballots) == 20 and not vote.is_open
    assert [on_disk.propositions[o.ref or ""].text for o, _ in vote.tally()][:1] == [
        "We are a region where every silent hall becomes a workshop"
    ]
    assert {k.what for k in on_disk.commitments.values()} >= {"Open the foundry for a makers' weekend"}


async def cycle(pilot: Pilot[None], app: FacilitatorApp, phones: list[Phone]) -> None:
    f = app.facilitation
    # -- Discover: the session starts, 20 phones join and tell a story each ---------------------------------
    await pilot.press("escape")  # from the input bar to the feed, so single keys are commands
    await pilot.press("ctrl+n", "ctrl+n")
    assert f.state.current_phase == Phase.DISCOVER
    await asyncio.gather(
        # The first three agree to be named, so their commitments carry their names.
        *(
            p.post("/join", name=f"Person {i}", sector=SECTORS[i % 5].value, **({"consent": "yes"} if i < 3 else {}))
            for i, p in enumerate(phones)
        )
    )
    stories = [("foundry" if i % 2 else "school") + f" story {i}" for i in range(20)]
    await asyncio.gather(*(p.post("/contribute", text=stories[i]) for i, p in enumerate(phones)))
    assert len(f.state.visible_contributions(Phase.DISCOVER)) == 20

    # -- the positive core: two themes, every story in one of them -----------------------------------------
    await pilot.press("t")
    assert isinstance(app.screen, ThemesScreen)
    await until(pilot, app, "NOT IN A THEME YET  20 of 20")
    for name in ("Industry opens its doors", "Schools make things"):
        await pilot.press("n")
        app.screen.query_one(Input).value = name
        await pilot.press("enter")
    await pilot.pause()
    themes = {t.name: t.id for t in f.state.live_themes(Phase.DISCOVER)}
    for c in list(f.state.visible_contributions(Phase.DISCOVER)):
        await pilot.press("1" if c.text.startswith("foundry") else "2")
    text = await until(pilot, app, "NOT IN A THEME YET  0 of 20")
    assert re.search(r"1 Industry opens its doors\s+10\s+", text)
    assert re.search(r"2 Schools make things\s+10\s+", text)
    assert len(f.state.theme_members(themes["Industry opens its doors"])) == 10

    # -- Dream: phones send dreams; the view follows the phase ----------------------------------------------
    await pilot.press("escape", "ctrl+n", "ctrl+n")
    assert f.state.current_phase == Phase.DREAM
    await asyncio.gather(
        *(p.post("/contribute", text=f"In 2030 hall {i} is a studio") for i, p in enumerate(phones[:5]))
    )
    await pilot.press("t")
    await until(pilot, app, "DREAM THEMES · Dream")
    await until(pilot, app, "NOT IN A THEME YET  5 of 5")
    await pilot.press("n")
    app.screen.query_one(Input).value = "Every silent hall is a studio"
    await pilot.press("enter")
    await pilot.press(*["a"] * 5)
    [dream] = f.state.live_themes(Phase.DREAM)
    assert len(f.state.theme_members(dream.id)) == 5

    # -- Design: two propositions, linked to themes ----------------------------------------------------------
    await pilot.press("escape", "ctrl+n")
    assert f.state.current_phase == Phase.DESIGN
    await pilot.press("p")
    assert isinstance(app.screen, PropositionsScreen)
    for text in ("We are a region where every silent hall becomes a workshop", "Every school has a maker partner"):
        await pilot.press("n")
        app.screen.query_one(Statement).text = text
        await pilot.press("tab", "space", "ctrl+s")  # tick the first theme offered (the dream's)
        await pilot.pause()
    props = list(f.state.propositions.values())
    assert [p.theme_ids for p in props] == [[dream.id], [dream.id]]
    await until(pilot, app, "Every school has a maker partner")

    # -- the vote: opened in the TUI, cast by 20 phones over HTTP, bars filling live -----------------------
    await pilot.press("v")
    assert isinstance(app.screen, VoteScreen)
    await pilot.press("o")
    assert app.screen.query_one("#on-propositions", RadioButton).value
    app.screen.query_one("#dots", Input).value = "3"
    await pilot.press("ctrl+s")
    await until(pilot, app, "0 of 20 joined have voted · 0 of 60 dots placed")
    vote = f.state.open_vote
    assert vote is not None
    # Phones see the ballot at once.
    assert f'name="vote" value="{vote.id}"' in await phones[0].open()
    first, second = vote.options
    ballots = [{first.id: 3} if i < 12 else {first.id: 1, second.id: 2} for i in range(20)]
    await asyncio.gather(
        *(
            p.post("/vote", vote=vote.id, send="1", **{f"d_{k}": str(n) for k, n in ballots[i].items()})
            for i, p in enumerate(phones[:10])
        )
    )
    await until(pilot, app, "10 of 20 joined have voted · 30 of 60 dots placed")
    await asyncio.gather(
        *(
            p.post("/vote", vote=vote.id, send="1", **{f"d_{k}": str(n) for k, n in ballots[i].items()})
            for i, p in enumerate(phones[10:], start=10)
        )
    )
    text = await until(pilot, app, "20 of 20 joined have voted · 60 of 60 dots placed")
    assert re.search(r"█+\s+44 dots\s+73%", text) and re.search(r"█+░+\s+16 dots\s+27%", text)
    await pilot.press("x")
    await pilot.press("y")
    text = await until(pilot, app, "CLOSED · ranking")
    assert re.search(r" 1\. We are a region where every silent hall becomes a workshop", text)
    assert re.search(r" 2\. Every school has a maker partner", text)
    assert [n for _, n in f.state.votes[vote.id].tally()] == [44, 16]

    # -- Destiny: commitments from phones arrive live; the facilitator adds one and sets an owner ----------
    await pilot.press("escape", "ctrl+n", "ctrl+n")
    assert f.state.current_phase == Phase.DESTINY
    await pilot.press("c")
    assert isinstance(app.screen, CommitmentsScreen)
    await asyncio.gather(
        *(
            p.post("/commit", what=f"Workshop series {i}", by_when="2027-02-01", support="")
            for i, p in enumerate(phones[:3])
        )
    )
    text = await until(pilot, app, "Workshop series 2")
    assert "Person 0" in text and "2027-02-01" in text
    await pilot.press("n")
    app.screen.query_one(Statement).text = "Open the foundry for a makers' weekend"
    app.screen.query_one("#by_when", Input).value = "2027-03-01"
    await pilot.press("ctrl+s")
    text = await until(pilot, app, "Open the foundry for a makers' weekend")
    assert "nobody yet" in text
    await pilot.press("w")
    app.screen.query_one(Input).value = "Ana"
    await pilot.press("enter")
    await until(pilot, app, "4 commitments")
    # Phones' commitments name their owner (as they agreed) without storing a name; the facilitator's has "Ana".
    owners = {attribution(f.state, k).name for k in f.state.commitments.values()}
    assert owners == {"Person 0", "Person 1", "Person 2", "Ana"}
    assert {k.who for k in f.state.commitments.values()} == {"", "Ana"}

    # -- the end ---------------------------------------------------------------------------------------------
    await pilot.press("ctrl+n")  # the last activity: ending the session is asked first
    await until(pilot, app, "End the session (y)")
    assert f.state.ended_at is None
    await pilot.press("y")
    assert f.state.ended_at is not None
    assert app.is_running


def test_the_help_screen_lists_the_keys_of_the_sense_making_views(session: Facilitation) -> None:
    session.start()
    session.advance()
    app = FacilitatorApp(session, zone=UTC)

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        await pilot.press("escape", "t")
        assert isinstance(app.screen, ThemesScreen)
        await pilot.press("f1")
        await pilot.pause()
        text = screen_text(app)
        app.screen.query_one(VerticalScroll).scroll_end(animate=False)  # the help scrolls: read its end too
        await pilot.pause()
        text += screen_text(app)
        for line in (
            "Themes (t): the positive core and dream themes",
            "Merge the highlighted theme into another",
            "put the highlighted contribution into theme 1 … 9",
            "Dot-vote (v)",
            "Close the open vote and show the ranking",
            "Commitments (c)",
            "Set who owns the highlighted commitment",
        ):
            assert line in text, line

    drive(app, scenario, (120, 60), notifications=False)
