"""The facilitator's app: one session, its main screen and views, and the life of the participant server.

What the app owns, and nothing more: the keys that work everywhere, the command palette, turning the service's
notifications into ``SessionChanged`` messages, the participant server's life (bind, serve, restart it when it
stops on its own, stop and wait, so the port is free when the app has quit) and the simulated phones of the demo.
``run`` and ``demo`` give it a server in a process of its own (``web.process``), so the phones never wait for the
screen's drawing; tests may give it one in the app's own loop. Every change goes through
``Facilitation``; a refusal is a notification in plain words and changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import subprocess
import sys
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, tzinfo
from typing import Any, ClassVar, Protocol, TypeVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, TextArea

from ai_toolkit.errors import ToolkitError
from ai_toolkit.facilitation import Facilitation
from ai_toolkit.facilitation.sessions import SessionsDir
from ai_toolkit.i18n import t
from ai_toolkit.model import events as ev
from ai_toolkit.plans import Toolbox
from ai_toolkit.tui.messages import SessionChanged
from ai_toolkit.tui.widgets.labels import PHASE_LABEL

log = logging.getLogger(__name__)
T = TypeVar("T")

REFRESH_SECONDS = 1.0
"""How often the app looks for changes another process made (``ai-toolkit next`` in a second shell). The phones'
server process says when it saved something, so the phones' contributions do not wait for this."""

RESTARTS = 5
"""Times in a row the phones' server may stop within ``STEADY_SECONDS`` of starting before the app gives up on it
(a broken installation would otherwise restart for ever)."""
STEADY_SECONDS = 30.0

VIEW_ACTIONS = ("themes", "propositions", "vote", "commitments")
"""Single-letter keys: they only work (and only show in the footer) when no text input has the focus."""

PLAIN_WORDS = {
    "not_started": "No activity is running yet: press ctrl+n to start the session. Nothing was recorded.",
    "session_ended": "The session has ended: press ctrl+b to go back to the last activity. Nothing was recorded.",
    "empty_text": "There is nothing to record: the text is empty.",
    "at_start": "This is the first activity; there is nothing before it.",
}


class ParticipantServerLike(Protocol):
    """What the app needs of ``ai_toolkit.web.server.ParticipantServer`` (tests may pass a stand-in)."""

    port: int

    @property
    def join_url(self) -> str: ...

    def bind(self) -> None: ...

    async def serve(self) -> None:
        """Serve until ``stop()``. A server with ``restartable = True`` may be served again after it raised."""

    def stop(self) -> None: ...


ServerFactory = Callable[[Facilitation], ParticipantServerLike]
Phones = Callable[[Facilitation, str], Awaitable[None]]
"""The demo's simulated phones: a coroutine given the service and the server's loopback base URL."""


class Heard(Message):
    """The service told the app about new events (from the listener, maybe on another thread)."""

    def __init__(self, records: list[ev.Recorded]) -> None:
        super().__init__()
        self.records = records


class FacilitatorApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "ai-toolkit"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "next_activity", "Next"),
        Binding("ctrl+b", "previous_activity", "Back"),
        Binding("t", "themes", "Themes"),
        Binding("p", "propositions", "Propositions"),
        Binding("v", "vote", "Vote"),
        Binding("c", "commitments", "Commitments"),
        Binding("ctrl+z", "undo", "Undo"),
        Binding("m", "minutes", "Minutes"),
        Binding("f1,question_mark", "help", "Help"),
    ]

    def __init__(
        self,
        facilitation: Facilitation | None = None,
        *,
        sessions: SessionsDir | None = None,
        toolbox: Toolbox | None = None,
        server: ServerFactory | None = None,
        phones: Phones | None = None,
        zone: tzinfo | None = None,
        refresh_seconds: float = REFRESH_SECONDS,
    ) -> None:
        super().__init__()
        self._facilitation = facilitation
        self.sessions = sessions or SessionsDir()
        self.toolbox = toolbox
        self.server_factory = server
        self.phones = phones
        self.zone = zone
        """Time zone for clock times in the feed; None is the laptop's own."""
        self.refresh_seconds = refresh_seconds
        self.server: ParticipantServerLike | None = None
        self.join_url: str | None = None
        self.server_problem: str | None = None
        self._server_task: asyncio.Task[None] | None = None
        self._server_wanted = True
        """False once the app stops the server: no restart after that."""
        self._phones_task: asyncio.Task[None] | None = None
        self._unsubscribe: Callable[[], None] | None = None

    # -- the session ---------------------------------------------------------------------------------------
    @property
    def facilitation(self) -> Facilitation:
        if self._facilitation is None:
            raise RuntimeError("no session is open yet")
        return self._facilitation

    @property
    def opened(self) -> Facilitation | None:
        """The session the app is on, if one was opened (the start screen may have been left without one)."""
        return self._facilitation

    @property
    def has_session(self) -> bool:
        return self._facilitation is not None

    def now(self) -> datetime:
        """The service's clock: the same one that stamps events, so the countdown agrees with the log."""
        return self.facilitation.clock()

    def on_mount(self) -> None:
        if self._facilitation is None:
            from ai_toolkit.tui.screens.start import StartScreen

            self.push_screen(StartScreen(self.sessions, self.toolbox), self._opened)
        else:
            self._opened(self._facilitation)

    def _opened(self, facilitation: Facilitation | None) -> None:
        if facilitation is None:
            self.exit()
            return
        from ai_toolkit.tui.screens.main import MainScreen

        self._facilitation = facilitation
        self.sub_title = facilitation.state.info.title
        self._unsubscribe = facilitation.subscribe(self._heard)
        self.set_interval(self.refresh_seconds, self._follow)
        self.push_screen(MainScreen(self))
        self._start_server()

    def _heard(self, records: list[ev.Recorded]) -> None:
        """The service's listener. It may run on another thread (a web worker): only post, never touch widgets."""
        self.post_message(Heard(records))

    def on_heard(self, message: Heard) -> None:
        # Every screen on the stack hears of it (the main screen's feed stays current under the themes view),
        # the active one last. SessionChanged bubbles from a screen up to the app, which does not handle it:
        # handling it here would send it round again.
        for screen in self.screen_stack:
            screen.post_message(SessionChanged(message.records))

    def _follow(self) -> None:
        try:
            self.facilitation.refresh()
        except ToolkitError as exc:  # the database is busy for a moment: try again next second
            log.warning("could not read the session: %s", exc.message)
        server = self.server
        if server is not None and self.join_url is not None and server.join_url != self.join_url:
            # The laptop's address changed (its Wi-Fi reconnected after a sleep, or it moved to another network):
            # the QR code and the address on screen follow, so new phones find the server.
            self.join_url = server.join_url
            self._address_changed()

    # -- doing things, in plain words ------------------------------------------------------------------------
    def attempt(self, command: Callable[..., T], *args: Any, **kwargs: Any) -> T | None:
        """Run a service command; a refusal becomes a notification and ``None``, never a traceback."""
        try:
            return command(*args, **kwargs)
        except ToolkitError as exc:
            self.refused(exc)
            return None

    def refused(self, exc: ToolkitError) -> None:
        text = PLAIN_WORDS.get(exc.code) or (exc.message[:1].upper() + exc.message[1:] + ".").replace("..", ".")
        self.notify(text, title="Not done", severity="error", timeout=8)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_activity", "previous_activity", "undo", "go_to_phase", "help", "minutes", *VIEW_ACTIONS):
            if not self.has_session or isinstance(self.screen, ModalScreen):
                return False
        if action in (*VIEW_ACTIONS, "minutes") and isinstance(self.focused, Input | TextArea):
            return False
        return True

    def action_next_activity(self) -> None:
        self.attempt(self.facilitation.advance)

    def action_previous_activity(self) -> None:
        self.attempt(self.facilitation.back)

    def action_go_to_phase(self, phase: str) -> None:
        self.attempt(self.facilitation.go_to_phase, phase)

    def action_end_session(self) -> None:
        self.attempt(self.facilitation.end)

    def action_undo(self) -> None:
        try:
            label = self.facilitation.undo()
        except ToolkitError as exc:
            if exc.code == "nothing_to_undo":
                self.notify("Nothing to undo.", severity="warning")
            else:
                self.refused(exc)
            return
        self.notify(f"Undone: {label}.")

    def action_minutes(self) -> None:
        self.notify("Writing the minutes…")
        self._write_minutes()

    @work(thread=True, exclusive=True, group="minutes")
    def _write_minutes(self) -> None:
        """The minutes come from ``ai-toolkit minutes`` in another process: the Word side stays out of the TUI, and
        the store already lets a second process read a session that is being written."""
        folder = self.facilitation.folder
        command = [sys.executable, "-m", "ai_toolkit", "--sessions-dir", str(folder.parent), "minutes", folder.name]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
        except (OSError, subprocess.TimeoutExpired) as exc:
            self.call_from_thread(self.notify, f"The minutes could not be written: {exc}", severity="error")
            return
        if done.returncode == 0:
            self.call_from_thread(self.notify, f"Minutes written: {done.stdout.strip()}", timeout=12)
        else:
            why = (done.stderr.strip().splitlines() or ["unknown error"])[-1].removeprefix("ai-toolkit: ")
            self.call_from_thread(self.notify, f"The minutes could not be written: {why}", severity="error")

    def action_help(self) -> None:
        from ai_toolkit.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    # -- the sense-making views; each is a Screen made from the service, imported when first opened --------
    def action_themes(self) -> None:
        from ai_toolkit.tui.screens.themes import ThemesScreen

        self._show_view(ThemesScreen(self.facilitation))

    def action_propositions(self) -> None:
        from ai_toolkit.tui.screens.propositions import PropositionsScreen

        self._show_view(PropositionsScreen(self.facilitation))

    def action_vote(self) -> None:
        from ai_toolkit.tui.screens.vote import VoteScreen

        self._show_view(VoteScreen(self.facilitation))

    def action_commitments(self) -> None:
        from ai_toolkit.tui.screens.commitments import CommitmentsScreen

        self._show_view(CommitmentsScreen(self.facilitation))

    def _show_view(self, screen: Screen[None]) -> None:
        """From one view to another replaces it (Escape always leads back to the main screen)."""
        if self.screen.__class__.__module__.rsplit(".", 1)[-1] in VIEW_ACTIONS:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    # -- the command palette --------------------------------------------------------------------------------
    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        if not self.has_session:
            return
        yield SystemCommand(
            "Next activity", "Move on (ctrl+n); after the last one the session ends", self.action_next_activity
        )
        yield SystemCommand("Previous activity", "Go back one activity (ctrl+b)", self.action_previous_activity)
        for plan_phase in self.facilitation.state.plan.phases:
            phase = plan_phase.phase
            yield SystemCommand(
                f"Go to {PHASE_LABEL[phase]}",
                f"Start the first activity of {PHASE_LABEL[phase]}",
                lambda p=phase.value: self.action_go_to_phase(p),
            )
        yield SystemCommand("Minutes", "Write the Word minutes into the session folder (m)", self.action_minutes)
        yield SystemCommand("Themes", "Cluster contributions into themes (t)", self.action_themes)
        yield SystemCommand("Propositions", "Write provocative propositions (p)", self.action_propositions)
        yield SystemCommand("Vote", "Open, follow and close a dot-vote (v)", self.action_vote)
        yield SystemCommand("Commitments", "Who does what by when (c)", self.action_commitments)
        yield SystemCommand("Undo", "Take back the last change (ctrl+z)", self.action_undo)
        yield SystemCommand("Help: every key", "The keys of the facilitator's screen (F1)", self.action_help)
        yield SystemCommand("End the session", "Close the last activity now", self.action_end_session)
        main = self._main_screen()
        if main is not None:
            yield SystemCommand(
                "Edit contribution", "Edit the highlighted contribution in the feed (e)", main.edit_contribution
            )
            yield SystemCommand(
                "Hide or show contribution",
                "Hide the highlighted contribution, or show it again (h)",
                main.toggle_hidden,
            )
            yield SystemCommand("Next sector", "Tag what you type with the next sector (F2)", main.action_next_sector)
            yield SystemCommand("Type a contribution", "Put the cursor in the input bar (i)", main.action_focus_entry)

    def _main_screen(self):  # MainScreen | None, imported lazily
        from ai_toolkit.tui.screens.main import MainScreen

        return next((s for s in self.screen_stack if isinstance(s, MainScreen)), None)

    # -- the participant server -----------------------------------------------------------------------------
    def _start_server(self) -> None:
        if self.server_factory is None:
            self._address_changed()
            return
        try:
            server = self.server_factory(self.facilitation)
            server.bind()
        except ToolkitError as exc:
            self._server_failed(exc.message)
            return
        except OSError as exc:
            self._server_failed(exc.strerror or str(exc))
            return
        self.server = server
        self.join_url = server.join_url
        self._server_task = asyncio.create_task(self._serve(server))
        capacity = getattr(server, "capacity_note", None)
        if capacity is not None:
            connections, phones = capacity
            lang = self.facilitation.state.info.language
            self.notify(t("tui.server.capacity", lang, connections=connections, phones=phones), timeout=20)
        if self.phones is not None:
            self._phones_task = asyncio.create_task(self._run_phones(self.phones, f"http://127.0.0.1:{server.port}"))
        self._address_changed()

    async def _serve(self, server: ParticipantServerLike) -> None:
        """Serve; when a restartable server stops on its own, say so and start it again on the same address."""
        loop = asyncio.get_running_loop()
        quick_stops = 0
        while True:
            started = loop.time()
            if not self._server_wanted:
                return
            try:
                await server.serve()
                return  # stopped as asked
            except asyncio.CancelledError:
                raise
            except (ToolkitError, OSError, SystemExit) as exc:  # uvicorn may sys.exit; never take the TUI down
                reason = str(exc) or exc.__class__.__name__
            except Exception as exc:  # the room keeps working with typed contributions
                log.exception("participant server stopped")
                reason = f"it stopped unexpectedly ({exc.__class__.__name__}: {exc})"
            if not self._server_wanted:
                return
            quick_stops = quick_stops + 1 if loop.time() - started < STEADY_SECONDS else 1
            if not getattr(server, "restartable", False) or quick_stops > RESTARTS:
                server.stop()
                self._server_failed(reason)
                return
            lang = self.facilitation.state.info.language
            self.notify(t("tui.server.restarting", lang, why=reason), severity="warning", timeout=12, markup=False)
            await asyncio.sleep(min(8.0, 0.5 * 2 ** (quick_stops - 1)))

    async def _run_phones(self, phones: Phones, base_url: str) -> None:
        try:
            await phones(self.facilitation, base_url)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a broken simulation must not end a demo
            log.exception("simulated phones stopped")
            self.notify(f"The simulated phones stopped: {exc}", severity="warning")

    def _server_failed(self, reason: str) -> None:
        self.server = None
        self.join_url = None
        self.server_problem = f"Phones cannot join: {reason}. Typed contributions still work."
        self.notify(self.server_problem, title="Participant server", severity="error", timeout=20)
        self._address_changed()

    def _address_changed(self) -> None:
        main = self._main_screen()
        if main is not None and main.is_mounted:
            main.address_changed()

    async def _stop_server(self) -> None:
        """Stop the phones and the server and wait, so the port is released before the app is gone."""
        self._server_wanted = False
        if self._phones_task is not None:
            self._phones_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._phones_task
            self._phones_task = None
        task, self._server_task = self._server_task, None
        if task is None:
            return
        if self.server is not None:
            self.server.stop()
        try:
            await asyncio.wait_for(asyncio.shield(task), timeout=5)
        except (TimeoutError, asyncio.CancelledError, Exception):  # shutting down regardless
            if self.server is not None:
                self.server.stop()  # a second stop cuts the graceful shutdown short
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    async def action_quit(self) -> None:
        await self._stop_server()
        self.exit()

    async def on_unmount(self) -> None:
        await self._stop_server()
        if self._unsubscribe is not None:
            self._unsubscribe()
