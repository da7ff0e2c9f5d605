"""Push: pages learn that the session changed the moment it does, instead of 1,000 phones asking every 2.5 s.

One general mechanism for every page that follows the room (the phone's current step, the projector's wall, a
moderation view later): a *topic* is a function of the session's state to a short version string that changes
exactly when that page should change (the phone's: another step or vote; the wall's: any event at all).
``Changes.publish`` runs after every change the server hears of (its own group commits, the facilitator's
screen, a command in a shell) and wakes only the listeners of the topics whose version moved.

A page listens with Server-Sent Events (``EventStream``, ``text/event-stream``): on connecting it gets the
topic's version at once (so a change it missed while reconnecting is not lost), then one ``data: <version>`` line
per change, and a comment every ``HEARTBEAT_SECONDS`` so that dead connections are noticed (after a laptop's
sleep, a phone that left). Browsers reconnect by themselves after ``RETRY_MS``; a stream also ends after
``LIFETIME_SECONDS`` and when the server stops. Pages without EventSource keep asking ``state.json`` every 2.5 s.
"""

from __future__ import annotations

import asyncio
import contextlib
import random
from collections.abc import Callable, Mapping

from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from ai_toolkit.model.session import SessionState

Topic = Callable[[SessionState], str]

STREAM_SUFFIX = "/events"
"""Every stream's address ends so (``/j/<token>/events``, ``/f/<token>/events``): the wire knows them by it."""
HEARTBEAT_SECONDS = 15.0
RETRY_MS = 2000
"""How long a browser waits before reconnecting a stream that ended."""
LIFETIME_SECONDS = 600.0
"""A stream is ended (and the browser reconnects) after about this long: nothing stale lives for ever."""


class Changes:
    """The current version of each topic, and the listeners waiting for the next one."""

    def __init__(self, topics: Mapping[str, Topic], state: SessionState) -> None:
        self.topics = dict(topics)
        self.versions = {name: topic(state) for name, topic in self.topics.items()}
        self._next: dict[str, asyncio.Future[None]] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self.closed = False

    def publish(self, state: SessionState) -> None:
        """The session changed: wake the listeners of every topic whose version moved. Any thread may call it."""
        loop = self._loop
        if loop is not None and not loop.is_closed() and not _in(loop):
            loop.call_soon_threadsafe(self.publish, state)
            return
        for name, topic in self.topics.items():
            version = topic(state)
            if version != self.versions[name]:
                self.versions[name] = version
                self._wake(name)

    def next_change(self, name: str) -> asyncio.Future[None]:
        """Done at the topic's next change (or when the server stops)."""
        future = self._next.get(name)
        if future is None or future.done():
            self._loop = asyncio.get_running_loop()
            future = self._loop.create_future()
            if self.closed:
                future.set_result(None)
            self._next[name] = future
        return future

    def close(self) -> None:
        """The server stops: every stream ends now, instead of holding the shutdown up."""
        self.closed = True
        for name in list(self._next):
            self._wake(name)

    def _wake(self, name: str) -> None:
        future = self._next.pop(name, None)
        if future is not None and not future.done():
            future.set_result(None)


def _in(loop: asyncio.AbstractEventLoop) -> bool:
    try:
        return asyncio.get_running_loop() is loop
    except RuntimeError:
        return False


class EventStream(Response):
    """``text/event-stream`` of one topic's versions, for as long as the page listens."""

    media_type = "text/event-stream"

    def __init__(self, changes: Changes, topic: str) -> None:
        # As Starlette's StreamingResponse does: no body, so no Content-Length. ``Guardrails`` adds no-store.
        self.status_code = 200
        self.background = None
        self.init_headers({"x-accel-buffering": "no"})
        self.changes = changes
        self.topic = topic

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 200, "headers": self.raw_headers})
        sent = self.changes.versions[self.topic]
        await send(_body(f"retry: {RETRY_MS}\ndata: {sent}\n\n"))
        gone = asyncio.ensure_future(_disconnected(receive))
        loop = asyncio.get_running_loop()
        until = loop.time() + LIFETIME_SECONDS * random.uniform(0.9, 1.1)  # not all 1,000 phones at once
        try:
            while not self.changes.closed and loop.time() < until:
                version = self.changes.versions[self.topic]
                if version != sent:  # also a change made between our last look and now
                    sent = version
                    await send(_body(f"data: {version}\n\n"))
                    continue
                change = self.changes.next_change(self.topic)
                done, _ = await asyncio.wait(
                    {change, gone}, timeout=HEARTBEAT_SECONDS, return_when=asyncio.FIRST_COMPLETED
                )
                if gone in done:
                    break
                if not done:
                    await send(_body(": still here\n\n"))
        finally:
            gone.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await gone
        await send({"type": "http.response.body", "body": b"", "more_body": False})


def _body(text: str) -> dict[str, object]:
    return {"type": "http.response.body", "body": text.encode(), "more_body": True}


async def _disconnected(receive: Receive) -> None:
    while (await receive())["type"] != "http.disconnect":
        pass
