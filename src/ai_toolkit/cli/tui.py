"""Commands of the facilitator's face: ``run`` opens the TUI on a session, ``demo`` on a fresh demo session.

The participant server runs in a process of its own that the TUI starts, restarts and stops (``web.process``);
the demo adds simulated phones that join over HTTP. Without a
terminal (a pipe, CI, ``make demo`` in a script) the demo prints its summary instead of waiting for keys.
"""

from __future__ import annotations

import socket
import sys
from datetime import date
from typing import Annotated

import typer

from ai_toolkit.cli.common import app, echo, settings, warn
from ai_toolkit.cli.sessions import summary
from ai_toolkit.demo import build_demo
from ai_toolkit.errors import Code, Refused
from ai_toolkit.facilitation import Facilitation
from ai_toolkit.facilitation.decisions.retention import is_past, keep_until
from ai_toolkit.i18n import LANGUAGES
from ai_toolkit.model.enums import Phase

DEFAULT_PORT = 8000


def interactive() -> bool:
    """A person at a terminal: the TUI can open (otherwise it would wait for keys nobody can press)."""
    return sys.stdin.isatty() and sys.stdout.isatty()


def _server_factory(host: str, port: int, public_url: str | None, moderate: bool | None = None):  # ServerFactory
    """The participant server, or None when the web package cannot be loaded (the TUI then says so).

    ``moderate`` (``--moderate/--no-moderate``) is applied once, to the session the TUI opens (given on the command
    line or picked on the start screen), before the phones can post: a restarted server leaves the facilitator's
    later choice alone."""
    try:
        from ai_toolkit.web.process import ServerProcess
    except ImportError:
        return None
    pending = [moderate] if moderate is not None else []

    def make(f: Facilitation) -> ServerProcess:
        while pending:
            f.moderate(pending.pop())
        return ServerProcess(f, host=host, port=port, public_url=public_url)

    return make


def _open_tui(
    facilitation: Facilitation | None,
    *,
    host: str,
    port: int,
    public_url: str | None,
    ui_lang: str | None,
    simulate: bool = False,
    moderate: bool | None = None,
) -> None:
    from ai_toolkit.tui.app import FacilitatorApp

    phones = None
    if simulate:
        from ai_toolkit.simulate import run_phones

        phones = run_phones
    tui = FacilitatorApp(
        facilitation,
        sessions=settings.sessions,
        toolbox=settings.toolbox(),
        server=_server_factory(host, port, public_url, moderate),
        phones=phones,
        ui_lang=ui_lang,
    )
    tui.run()
    opened = tui.opened
    if opened is not None:
        echo(f"Saved in {opened.folder}; 'ai-toolkit run {opened.state.info.id}' continues where you stopped.")


HostOption = Annotated[
    str, typer.Option("--host", help="Address to listen on for phones (default: every network of this laptop).")
]
PortOption = Annotated[int, typer.Option("--port", help="Port for the phones' web form.", min=0, max=65535)]
PublicUrlOption = Annotated[
    str | None,
    typer.Option("--public-url", help="Address phones should use, if not this laptop's (e.g. behind a proxy)."),
]
ModerateOption = Annotated[
    bool | None,
    typer.Option(
        "--moderate/--no-moderate",
        help=(
            "Hold phones' contributions for the wall until you let them through (the minutes get them at once); "
            "--no-moderate turns it off. Without either: as the session was."
        ),
    ),
]
UiLangOption = Annotated[
    str | None,
    typer.Option(
        "--ui-lang",
        help=f"Your own screen's language ({' '.join(LANGUAGES)}); default: the session's. Phones are not affected.",
    ),
]


def _ui_lang(value: str | None) -> str | None:
    if value is None:
        return None
    code = value.strip().lower()
    if code not in LANGUAGES:
        raise Refused(
            f"unknown language {value!r} for --ui-lang; use one of {', '.join(LANGUAGES)}", code=Code.BAD_LANGUAGE
        )
    return code


@app.command("run")
def run(
    session: Annotated[
        str | None, typer.Argument(help="Session id or a unique prefix of it; leave out to pick or create one.")
    ] = None,
    host: HostOption = "0.0.0.0",
    port: PortOption = DEFAULT_PORT,
    public_url: PublicUrlOption = None,
    ui_lang: UiLangOption = None,
    moderate: ModerateOption = None,
) -> None:
    """Facilitate a session in the terminal, with the phones' web form running alongside."""
    lang = _ui_lang(ui_lang)
    facilitation = settings.open(session) if session else None
    if facilitation is not None:
        past_keep_until(facilitation)
    if not interactive():
        raise Refused("'ai-toolkit run' needs a terminal to draw in; 'ai-toolkit show SESSION' prints a summary")
    _open_tui(facilitation, host=host, port=port, public_url=public_url, ui_lang=lang, moderate=moderate)


@app.command("demo")
def demo(
    simulate: Annotated[
        bool, typer.Option("--simulate/--no-simulate", help="Simulated phones join and contribute over HTTP.")
    ] = True,
    host: HostOption = "0.0.0.0",
    port: PortOption = DEFAULT_PORT,
    public_url: PublicUrlOption = None,
    ui_lang: UiLangOption = None,
) -> None:
    """A fresh demo session (an InduCCI focus group in Kranj) in the TUI, with simulated phones.

    Without a terminal it prints the finished demo session's summary instead.
    """
    lang = _ui_lang(ui_lang)
    if not interactive():
        f = build_demo(settings.sessions, settings.toolbox())
        echo(summary(f.state))
        echo(f"\nSaved in {f.folder}")
        return
    if port == DEFAULT_PORT and not _port_free(host, port):
        port = 0  # a demo should just work: any free port will do (the address is on screen)
    f = build_demo(settings.sessions, settings.toolbox(), until=Phase.DISCOVER)
    _open_tui(f, host=host, port=port, public_url=public_url, ui_lang=lang, simulate=simulate)


def past_keep_until(f: Facilitation) -> None:
    """Say so, before the screen opens, when a session is kept longer than its participants were told."""
    info = f.state.info
    if is_past(info, date.today()):
        warn(
            f"ai-toolkit: {info.id} was to be kept until {keep_until(info).isoformat()}; "
            "'ai-toolkit purge' deletes the sessions past their date"
        )


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True
