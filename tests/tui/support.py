"""What the TUI tests share: driving an app headless, a stand-in server, a session with many contributions, and
reading the screen."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from datetime import UTC
from typing import Any, TypeVar

from textual.app import App
from textual.pilot import Pilot

from ai_toolkit.facilitation import Facilitation, import_records
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Sector, Source
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.tui.app import FacilitatorApp
from ai_toolkit.tui.widgets.feed import Feed

AppT = TypeVar("AppT", bound=App[Any])

FIXED_URL = "http://192.168.1.20:8000/j/Xq3v_Zk9-ytYwE0aC1bRr7uLmN2pO4sT"
FIXED_WALL = "http://192.168.1.20:8000/f/Wd7q_Hn2-pLsVe8bK3xTz9uMa4yRc6fG"


class StandInServer:
    """The participant server's interface with a fixed address and no socket: for snapshots that must not vary."""

    def __init__(self, url: str = FIXED_URL) -> None:
        self.port = 8000
        self.url = url
        self.served = False
        self.stopped = False
        self._stop: asyncio.Event | None = None

    @property
    def join_url(self) -> str:
        return self.url

    @property
    def facilitator_url(self) -> str:
        """The wall's address (``/f/<token>``)."""
        return FIXED_WALL

    def bind(self) -> None:
        pass

    async def serve(self) -> None:
        self._stop = asyncio.Event()
        self.served = True
        await self._stop.wait()
        self.stopped = True

    def stop(self) -> None:
        if self._stop is not None:
            self._stop.set()


def with_many_contributions(f: Facilitation, into: SessionsDir, n: int) -> Facilitation:
    """A copy of a running session with ``n`` more phone contributions, written in one transaction (fast)."""
    records = f.records()
    state = f.state
    assert state.current is not None
    phase, activity = state.current
    pid = next(iter(state.participants), None)
    seq, at = records[-1].seq, records[-1].at
    for i in range(n):
        seq += 1
        event = ev.ContributionAdded(
            contribution_id=f"c-{i:012x}",
            text=f"Contribution {i}",
            phase=phase,
            activity_id=activity.id,
            source=Source.PARTICIPANT if pid else Source.FACILITATOR,
            participant_id=pid,
            sector=list(Sector)[i % len(Sector)],
        )
        records.append(ev.Recorded(seq=seq, at=at, event=event))
    return import_records(into, records, clock=f.clock)


def make_app(f: Facilitation, **kwargs: object) -> FacilitatorApp:
    kwargs.setdefault("zone", UTC)
    return FacilitatorApp(f, **kwargs)  # type: ignore[arg-type]


def screen_text(app: FacilitatorApp) -> str:
    """Every character on the terminal, line by line: what the facilitator reads."""
    return "\n".join(strip.text for strip in app.screen._compositor.render_strips())


def feed_rows(app: FacilitatorApp) -> list[str]:
    return [row for row in app.screen.query_one(Feed).visible_rows() if row]


def notes(app: FacilitatorApp) -> list[str]:
    return [n.message for n in app._notifications]


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Key by key, as a person types (markup characters included)."""
    await pilot.press(*text)


async def settle(pilot: Pilot[None], rounds: int = 3) -> None:
    for _ in range(rounds):
        await pilot.pause()


async def steady(pilot: Pilot[Any]) -> None:
    """Until the screens have stopped changing and the active one has its focus, then no cursor blinks: a picture
    must be the same every time, however busy the machine. (A dialog is pushed, mounted and focuses its first field
    over several turns of messages; a fixed number of pauses sometimes took the picture before the focus landed,
    and a snapshot without the text box's cursor was committed.)"""
    deadline = time.monotonic() + 30
    seen: tuple[object, ...] = ()
    while True:
        await pilot.pause()
        app = pilot.app
        now = (len(app.screen_stack), app.screen, app.screen.focused)
        focused = app.screen.focused is not None or not app.screen.focus_chain
        if focused and now == seen:
            break
        seen = now
        assert time.monotonic() < deadline, f"the screen never settled: {now}"
    for screen in pilot.app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            widget.cursor_blink = False  # type: ignore[attr-defined]
    await pilot.pause()


async def until(pilot: Pilot[None], check: Callable[[], object], seconds: float = 30.0) -> None:
    """Let the app run until ``check()`` holds: for what comes by itself (a timer's tick, another process's change,
    a child process's answer). The bound is for a busy machine, where a fixed pause is sometimes too short; an idle
    one gets there in a fraction of it."""
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, f"not within {seconds} s"
        await pilot.pause(0.05)


def drive(
    app: AppT,
    scenario: Callable[[Pilot[Any], AppT], Awaitable[None]],
    size: tuple[int, int] = (120, 40),
    *,
    notifications: bool = True,
    keeps_running: bool = False,
) -> None:
    """Run ``app`` headless in a terminal of ``size`` (the projector's 120x40, a laptop's 80x24), let the first
    frames settle, then play ``scenario`` with the keyboard and mouse. ``notifications`` shows the toasts on screen
    (off where a test reads the screen under them); ``keeps_running`` asserts the app is still up at the end, for
    tests of input that must never make it quit."""

    async def run() -> None:
        async with app.run_test(size=size, notifications=notifications) as pilot:
            await settle(pilot)
            await scenario(pilot, app)
            if keeps_running:
                assert app.is_running, "the app must never quit because of what someone typed"

    asyncio.run(run())
