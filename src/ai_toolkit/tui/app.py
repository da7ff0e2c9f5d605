"""The facilitator's app: one session, its main screen and views, and the life of the participant server.

What the app owns, and nothing more: the keys that work everywhere, the command palette, the facilitator's
language (``lang``: ``--ui-lang``, else the session's; see ``words.py``), turning the service's notifications into
``SessionChanged`` messages, the participant server's life (bind, serve, restart it when it stops on its own, stop
and wait, so the port is free when the app has quit) and the simulated phones of the demo. ``run`` and ``demo`` give
it a server in a process of its own (``web.process``), so the phones never wait for the screen's drawing; tests may
give it one in the app's own loop. Every change goes through ``Facilitation``; a refusal is a notification in the
facilitator's words (``refusal.py``) and changes nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import subprocess
import sys
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, tzinfo
from typing import Any, ClassVar, Protocol, TypeVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, TextArea

from ai_toolkit.errors import Code, ToolkitError
from ai_toolkit.facilitation import Facilitation
from ai_toolkit.facilitation.decisions.agenda import ends_session
from ai_toolkit.facilitation.sessions import SessionsDir
from ai_toolkit.i18n import LANGUAGES, t
from ai_toolkit.model import events as ev
from ai_toolkit.plans import Toolbox
from ai_toolkit.tui.messages import SessionChanged
from ai_toolkit.tui.palette import LocalPalette, system_commands
from ai_toolkit.tui.presence import Presence
from ai_toolkit.tui.refusal import attempt, detail, refusal_text, undo
from ai_toolkit.tui.words import system_lang

log = logging.getLogger(__name__)
T = TypeVar("T")

REFRESH_SECONDS = 1.0
"""How often the app looks for changes another process made (``ai-toolkit next`` in a second shell). The phones'
server process says when it saved something, so the phones' contributions do not wait for this."""

RESTARTS = 5
"""Times in a row the phones' server may stop within ``STEADY_SECONDS`` of starting before the app gives up on it
(a broken installation would otherwise restart for ever)."""
STEADY_SECONDS = 30.0

VIEW_ACTIONS = ("themes", "propositions", "vote", "commitments", "photos")
"""Single-letter keys: they only work (and only show in the footer) when no text input has the focus."""


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
        Binding("ctrl+n", "next_activity", "tui.key.next"),
        Binding("ctrl+b", "previous_activity", "tui.key.back"),
        Binding("ctrl+z", "undo", "tui.key.undo"),  # early: the footer keeps the first keys that fit
        Binding("t", "themes", "tui.key.themes"),
        Binding("p", "propositions", "tui.key.propositions"),
        Binding("v", "vote", "tui.key.vote"),
        Binding("c", "commitments", "tui.key.commitments"),
        Binding("f", "photos", "tui.key.photos"),
        Binding("m", "minutes", "tui.key.minutes"),
        Binding("f1,question_mark", "help", "tui.key.help"),
        Binding("ctrl+p", "command_palette", "tui.key.palette", show=False, priority=True),
        Binding("ctrl+q", "quit", "tui.key.quit", show=False, priority=True),
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
        ui_lang: str | None = None,
    ) -> None:
        super().__init__()
        if ui_lang is not None and ui_lang not in LANGUAGES:
            raise ValueError(f"ui_lang must be one of {', '.join(LANGUAGES)}")
        self.ui_lang = ui_lang
        """The facilitator's own choice (``--ui-lang``); None: the session's language."""
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
        self._presence: Presence | None = None

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

    @property
    def lang(self) -> str:
        """The language of every word on the facilitator's screen: ``--ui-lang``, else the session's, else (on the
        start screen, before any session) the laptop's own."""
        if self.ui_lang is not None:
            return self.ui_lang
        if self._facilitation is not None:
            return self._facilitation.state.info.language
        return system_lang()

    def say(self, key: str, **values: object) -> str:
        return t(key, self.lang, **values)

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
        self._warn_if_open_elsewhere(facilitation)
        self._start_server()

    def _warn_if_open_elsewhere(self, facilitation: Facilitation) -> None:
        """A second ``run`` on the same session works (both follow each other), but the facilitator should know."""
        self._presence = Presence(facilitation.folder)
        if not self._presence.claim():
            self.notify(
                self.say("tui.presence.open_elsewhere", pid=self._presence.other or "?"),
                title=self.say("tui.presence.title"),
                severity="warning",
                timeout=20,
            )

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

    # -- doing things, in the facilitator's words ------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_activity", "previous_activity", "undo", "go_to_phase", "help", "minutes", *VIEW_ACTIONS):
            if not self.has_session or isinstance(self.screen, ModalScreen):
                return False
        if action in (*VIEW_ACTIONS, "minutes") and isinstance(self.focused, Input | TextArea):
            return False
        return True

    def action_next_activity(self) -> None:
        """Move on; from the last activity that ends the session, so the facilitator is asked first."""
        if ends_session(self.facilitation.state):
            self._confirm_end(self.facilitation.advance, "tui.end.question")
        else:
            attempt(self, self.facilitation.advance)

    def _confirm_end(self, end: Callable[[], object], question: str) -> None:
        """Ending stops the countdown and the phones: asked first, the safe answer focused."""
        from ai_toolkit.tui.dialogs.confirm import Confirm

        def answered(yes: bool | None) -> None:
            if yes:
                attempt(self, end)

        dialog = Confirm(
            self.say(question),
            title=self.say("tui.end.title"),
            yes=self.say("tui.end.yes"),
            no=self.say("tui.end.no"),
        )
        self.push_screen(dialog, answered)

    def action_previous_activity(self) -> None:
        attempt(self, self.facilitation.back)

    def action_go_to_phase(self, phase: str) -> None:
        attempt(self, lambda: self.facilitation.go_to_phase(phase))

    def action_end_session(self) -> None:
        if self.facilitation.state.ended_at is None:
            self._confirm_end(self.facilitation.end, "tui.end.question_now")
        else:
            attempt(self, self.facilitation.end)  # says that it has ended already

    def action_undo(self) -> None:
        undo(self, self.facilitation)

    def action_minutes(self) -> None:
        self.notify(self.say("tui.minutes.writing"))
        self._write_minutes()

    @work(thread=True, exclusive=True, group="minutes")
    def _write_minutes(self) -> None:
        """The minutes come from ``ai-toolkit minutes`` in another process: the Word side stays out of the TUI, and
        the store already lets a second process read a session that is being written."""
        folder = self.facilitation.folder
        command = [sys.executable, "-m", "ai_toolkit", "--sessions-dir", str(folder.parent), "minutes", folder.name]
        try:
            # UTF-8 both ways: a Windows console's code page would garble a path with č or ł (and could not encode it).
            env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONUTF8": "1"}
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=120,
                check=False,
                env=env,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            failed = self.say("tui.minutes.failed", why=exc)
            self.call_from_thread(self.notify, failed, severity="error", markup=False)
            return
        if done.returncode == 0:
            written = self.say("tui.minutes.written", path=done.stdout.strip())
            self.call_from_thread(self.notify, written, timeout=12, markup=False)
        else:
            why = (done.stderr.strip().splitlines() or ["?"])[-1].removeprefix("ai-toolkit: ")
            failed = self.say("tui.minutes.failed", why=why)
            self.call_from_thread(self.notify, failed, severity="error", markup=False)

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

    def action_photos(self) -> None:
        from ai_toolkit.tui.screens.photos import PhotosScreen

        self._show_view(PhotosScreen(self.facilitation))

    def _show_view(self, screen: Screen[None]) -> None:
        """From one view to another replaces it (Escape always leads back to the main screen)."""
        if self.screen.__class__.__module__.rsplit(".", 1)[-1] in VIEW_ACTIONS:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    # -- the command palette --------------------------------------------------------------------------------
    def action_help_quit(self) -> None:
        """Ctrl+C out of habit: say how to quit (Textual says it in English)."""
        self.notify(self.say("tui.quit_hint.body"), title=self.say("tui.quit_hint.title"), markup=False)

    def search_themes(self) -> None:
        from textual.theme import ThemeProvider

        self.push_screen(LocalPalette(self.lang, providers=[ThemeProvider], placeholder="tui.palette.theme_search"))

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            self.push_screen(LocalPalette(self.lang))

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from system_commands(self)

    def main_screen(self):  # MainScreen | None, imported lazily
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
            self._server_failed(server_words(exc, self.lang))
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
            self.notify(self.say("tui.server.capacity", connections=connections, phones=phones), timeout=20)
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
            except ToolkitError as exc:
                reason = server_words(exc, self.lang)
            except (OSError, SystemExit) as exc:  # uvicorn may sys.exit; never take the TUI down
                reason = str(exc) or exc.__class__.__name__
            except Exception as exc:  # the room keeps working with typed contributions
                log.exception("participant server stopped")
                reason = self.say("tui.server.stopped", why=f"{exc.__class__.__name__}: {exc}")
            if not self._server_wanted:
                return
            quick_stops = quick_stops + 1 if loop.time() - started < STEADY_SECONDS else 1
            if not getattr(server, "restartable", False) or quick_stops > RESTARTS:
                server.stop()
                self._server_failed(reason)
                return
            self.notify(self.say("tui.server.restarting", why=reason), severity="warning", timeout=12, markup=False)
            await asyncio.sleep(min(8.0, 0.5 * 2 ** (quick_stops - 1)))

    async def _run_phones(self, phones: Phones, base_url: str) -> None:
        try:
            await phones(self.facilitation, base_url)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # a broken simulation must not end a demo
            log.exception("simulated phones stopped")
            self.notify(self.say("tui.server.phones_stopped", why=exc), severity="warning", markup=False)

    def _server_failed(self, reason: str) -> None:
        """``reason`` is a clause in the facilitator's language (``server_words``), or an operating system's."""
        self.server = None
        self.join_url = None
        self.server_problem = self.say("tui.server.failed", why=reason.rstrip("."))
        self.notify(self.server_problem, title=self.say("tui.server.title"), severity="error", timeout=20, markup=False)
        self._address_changed()

    def _address_changed(self) -> None:
        main = self.main_screen()
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
        if self._presence is not None:
            self._presence.release()


def server_words(exc: ToolkitError, lang: str) -> str:
    """Why the participant server could not start or stopped, as a clause: the port clash in the facilitator's
    words (with the port); a refusal with words of its own (a bad --public-url) as its sentence; anything else (the
    server process's last words) as it is, technical and English, which is what whoever helps will need."""
    if exc.code == Code.BIND:
        reason = exc.params.get("reason", "other")
        key = f"tui.server.bind_{reason}" if reason in ("in_use", "no_permission", "not_local") else ""
        if key:
            return t(key, lang, port=exc.params.get("port", "?"), host=exc.params.get("host", "?"))
    if exc.code in (Code.ERROR, Code.REFUSED, Code.NOT_FOUND, Code.BIND):
        return detail(exc)
    return refusal_text(exc, lang)
