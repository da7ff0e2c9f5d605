"""Push: a phone's page and the projector's wall hear of a change as it happens, over Server-Sent Events, from a
real server; a phone hears only what changes its page; a wrong token hears nothing; stopping the server ends every
stream at once. And a POST that meets another process's write lock waits off the event loop, then says "busy".
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3

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

    async def stop(self) -> None:
        """Stop reading, before the response is closed under the reader. A reader left to fail on the closed
        connection is a task whose error nobody retrieved: the garbage collector then logs it with a traceback
        whenever it runs, and Python 3.11 formatting that traceback inside an ``ast.parse`` (pytest rewriting a
        module it imports later) fails that parse ("AST constructor recursion depth mismatch")."""
        self.reader.cancel()
        with contextlib.suppress(asyncio.CancelledError, httpx.HTTPError):
            await self.reader


def _serve(f: Facilitation, scenario) -> None:
    async def run() -> None:
        server = ParticipantServer(f, host="127.0.0.1", port=0)
        # Stopping must end every stream at once, not after uvicorn's grace period: with a grace period longer than
        # any wait below, a stream that outlived ``stop()`` fails the test whatever the machine's speed.
        server._server.config.timeout_graceful_shutdown = 60
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
            # Another process moves on (``ai-toolkit next`` in a shell): the phone hears it with no request and no
            # poke, from the server's own look at the database (every ``FOLLOW_SECONDS``; how soon is the
            # benchmark's business, a bound in seconds here only failed on a busy machine).
            other = open_session(sessions, session.state.info.id)
            other.advance()
            other.close()
            assert await phone.next_data(10) == version(session.state)
            # The server stops: the streams end now, not after the graceful timeout (60 s here, see ``_serve``).
            server.stop()
            with pytest.raises(EOFError):
                await phone.next_data(10)
            for stream in (phone, projector):
                await stream.stop()

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
        group = server.app.state.web.group
        await client.get(f"/j/{token}")
        page = await client.post(f"/j/{token}/join", data=_fields(await client.get(f"/j/{token}"), sector="school"))
        assert page.status_code == 303
        form = _fields(await client.get(f"/j/{token}"), text="Naša livarna je odprla halo")
        holder = sqlite3.connect(session.store.path, isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")
        try:
            # A post that waits longer than its time: "busy", its text kept, nothing saved.
            group.busy_seconds = 0.3
            busy = await client.post(f"/j/{token}/contribute", data=form)
            assert busy.status_code == 503
            assert "Naša livarna je odprla halo" in busy.text and "try again" in busy.text
            assert session.state.contributions == {}
            # A post waiting for the lock (no end to its patience here) while a page is asked for: the page is
            # served and the post is still waiting, which a loop blocked by the wait could not do.
            group.busy_seconds = 60.0
            posting = asyncio.create_task(client.post(f"/j/{token}/contribute", data=form))
            for _ in range(1000):
                if group._waiting_for_lock:
                    break
                await asyncio.sleep(0.01)
            assert group._waiting_for_lock, "the post never started waiting for the lock"
            assert (await client.get(f"/j/{token}/state.json")).status_code == 200
            assert not posting.done(), "pages are served while a post waits for the lock"
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        # Once the lock is free, the waiting post goes through (the same form: a retry after "busy" counts once).
        assert (await posting).status_code == 303
        again = await client.post(f"/j/{token}/contribute", data=form)
        assert again.status_code == 303
        assert [c.text for c in session.state.contributions.values()] == ["Naša livarna je odprla halo"]

    _serve(session, scenario)


def _fields(page: httpx.Response, **values: str) -> dict[str, str]:
    import re
    from html import unescape

    found = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.text))
    return {k: unescape(v) for k, v in found.items()} | values


def test_a_full_hall_spreads_its_reloads(session: Facilitation) -> None:
    """Every listening page reloads when the room moves on: the page says over how long to spread that (2 ms per
    listening phone), so that a hall's reloads do not all land in the same instant in front of the posts."""
    token = session.state.info.join_token

    async def scenario(server: ParticipantServer, client: httpx.AsyncClient) -> None:
        assert 'data-spread="0"' in (await client.get(f"/j/{token}")).text
        async with (
            client.stream("GET", f"/j/{token}/events") as one,
            client.stream("GET", f"/j/{token}/events") as two,
            client.stream("GET", f"/j/{token}/events") as three,
        ):
            streams = [Stream(one), Stream(two), Stream(three)]
            for stream in streams:
                await stream.next_data()  # each is counted once it has started
            assert 'data-spread="6"' in (await client.get(f"/j/{token}")).text
            for stream in streams:
                await stream.stop()
        for _ in range(1000):  # closed streams are no longer counted, once the server has seen them go
            if server.app.state.web.changes.listening["phone"] == 0:
                break
            await asyncio.sleep(0.01)
        assert 'data-spread="0"' in (await client.get(f"/j/{token}")).text

    _serve(session, scenario)
