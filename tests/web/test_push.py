"""Push: a phone's page and the projector's wall hear of a change as it happens, over Server-Sent Events, from a
real server; a phone hears only what changes its page; a wrong token hears nothing; stopping the server ends every
stream at once. And a POST that meets another process's write lock waits off the event loop, then says "busy".
"""

from __future__ import annotations

import asyncio
import sqlite3
import time

import httpx
import pytest

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.facilitation.sessions import SessionsDir
from ai_toolkit.model.enums import Source
from ai_toolkit.web import push
from ai_toolkit.web.routes.participant import version
from ai_toolkit.web.server import ParticipantServer


class Stream:
    """One listener's Server-Sent Events: its ``data`` lines, read in the background as they come."""

    def __init__(self, response: httpx.Response) -> None:
        self.data: asyncio.Queue[str | None] = asyncio.Queue()
        self.reader = asyncio.create_task(self._read(response))

    async def _read(self, response: httpx.Response) -> None:
        try:
            async for line in response.aiter_lines():
                if line.startswith("data: "):
                    self.data.put_nowait(line.removeprefix("data: "))
        finally:
            self.data.put_nowait(None)  # the stream ended

    async def next_data(self, seconds: float = 5.0) -> str:
        found = await asyncio.wait_for(self.data.get(), seconds)
        if found is None:
            raise EOFError
        return found


def _serve(f: Facilitation, scenario) -> None:
    async def run() -> None:
        server = ParticipantServer(f, host="127.0.0.1", port=0)
        task = asyncio.create_task(server.serve())
        while not server.started:
            await asyncio.sleep(0.01)
        try:
            async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{server.port}", timeout=10) as client:
                await scenario(server, client)
        finally:
            server.stop()
            await asyncio.wait_for(task, 10)

    asyncio.run(run())


def test_phones_and_the_wall_hear_changes_as_they_happen(session: Facilitation, sessions: SessionsDir) -> None:
    from ai_toolkit.facilitation import open_session

    session.go_to(1)
    token, wall = session.state.info.join_token, session.state.info.facilitator_token

    async def scenario(server: ParticipantServer, client: httpx.AsyncClient) -> None:
        async with (
            client.stream("GET", f"/j/{token}/events") as phone_response,
            client.stream("GET", f"/f/{wall}/events") as wall_response,
        ):
            assert phone_response.headers["content-type"].startswith("text/event-stream")
            assert phone_response.headers["cache-control"] == "no-store"
            phone, projector = Stream(phone_response), Stream(wall_response)
            assert await phone.next_data() == version(session.state)  # at once: nothing missed while away
            assert await projector.next_data() == str(session.state.seq)
            # A contribution changes the wall, not the phone's page.
            session.add_contribution("Help desk in Škofja Loka", source=Source.FACILITATOR)
            assert await projector.next_data() == str(session.state.seq)
            with pytest.raises(TimeoutError):
                await phone.next_data(0.5)
            # Another process moves on (``ai-toolkit next`` in a shell): the phone hears it within a second.
            other = open_session(sessions, session.state.info.id)
            other.advance()
            moved = time.monotonic()
            other.close()
            assert await phone.next_data(2) == version(session.state)
            assert time.monotonic() - moved < 1.0
            # The server stops: the streams end now, not after the graceful timeout.
            stopped = time.monotonic()
            server.stop()
            with pytest.raises(EOFError):
                await phone.next_data()
            assert time.monotonic() - stopped < 2

    _serve(session, scenario)


def test_a_wrong_token_hears_nothing(session: Facilitation) -> None:
    async def scenario(server: ParticipantServer, client: httpx.AsyncClient) -> None:
        assert (await client.get("/j/not-the-token/events")).status_code == 404
        assert (await client.get(f"/f/{session.state.info.join_token}/events")).status_code == 404

    _serve(session, scenario)


def test_a_quiet_stream_says_it_is_still_there(monkeypatch: pytest.MonkeyPatch, session: Facilitation) -> None:
    monkeypatch.setattr(push, "HEARTBEAT_SECONDS", 0.2)

    async def scenario(server: ParticipantServer, client: httpx.AsyncClient) -> None:
        async with client.stream("GET", f"/j/{session.state.info.join_token}/events") as response:
            lines = response.aiter_lines()
            seen: list[str] = []
            async for line in lines:
                seen.append(line)
                if line.startswith(":"):
                    break
            assert seen[0] == f"retry: {push.RETRY_MS}" and ": still here" in seen

    _serve(session, scenario)


def test_a_post_that_meets_another_writers_lock_waits_off_the_loop_then_says_busy(session: Facilitation) -> None:
    """Another program holds the write lock: the post waits (bounded), pages are served meanwhile, and the phone
    gets "try again" with its text still in the box. Once the lock is free, the same post goes through."""
    session.go_to(1)
    token = session.state.info.join_token

    async def scenario(server: ParticipantServer, client: httpx.AsyncClient) -> None:
        server.app.state.web.group.busy_seconds = 1.0
        await client.get(f"/j/{token}")
        page = await client.post(f"/j/{token}/join", data=_fields(await client.get(f"/j/{token}"), sector="school"))
        assert page.status_code == 303
        form = _fields(await client.get(f"/j/{token}"), text="Naša livarna je odprla halo")
        holder = sqlite3.connect(session.store.path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            posting = asyncio.create_task(client.post(f"/j/{token}/contribute", data=form))
            await asyncio.sleep(0.2)
            started = time.monotonic()
            assert (await client.get(f"/j/{token}/state.json")).status_code == 200
            assert time.monotonic() - started < 0.5, "pages are served while a post waits for the lock"
            busy = await posting
            assert busy.status_code == 503
            assert "Naša livarna je odprla halo" in busy.text and "try again" in busy.text
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert session.state.contributions == {}
        again = await client.post(f"/j/{token}/contribute", data=form)
        assert again.status_code == 303
        assert [c.text for c in session.state.contributions.values()] == ["Naša livarna je odprla halo"]

    _serve(session, scenario)


def _fields(page: httpx.Response, **values: str) -> dict[str, str]:
    import re
    from html import unescape

    found = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
    return {k: unescape(v) for k, v in found.items()} | values
