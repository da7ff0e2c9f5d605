"""Commands of the participants' side: ``serve`` the phones' form, print or write its ``qr`` code, print a ``poster``.

``qr`` and ``poster`` compute the join URL exactly as ``serve`` does for the same ``--host/--port/--public-url``,
so a handout printed the day before points where the server will listen.
"""

from __future__ import annotations

import logging
import signal
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ai_toolkit.cli.common import app, echo, settings, warn
from ai_toolkit.cli.usage import printable
from ai_toolkit.errors import Code, Refused
from ai_toolkit.facilitation import Facilitation, checks

if TYPE_CHECKING:
    from ai_toolkit.web.server import ParticipantServer

SessionArg = Annotated[str, typer.Argument(help="Session id or a unique prefix of it.")]
HostOpt = Annotated[str, typer.Option("--host", help="Address to listen on (default: every network of this laptop).")]
PortOpt = Annotated[int, typer.Option("--port", min=0, max=65535, help="Port to listen on.")]
PublicOpt = Annotated[
    str | None,
    typer.Option("--public-url", help="Address phones use instead of this laptop's (a reverse proxy or tunnel)."),
]


def _join_url(f: Facilitation, host: str, port: int, public_url: str | None) -> str:
    from ai_toolkit.web.server import join_url

    if public_url and not public_url.startswith(("http://", "https://")):
        raise Refused(f"--public-url must start with http:// or https:// (got {public_url!r})", code=Code.BAD_URL)
    return join_url(f, host, port, public_url)


def _offline_warning(url: str, host: str, public_url: str | None) -> None:
    if not public_url and host in ("0.0.0.0", "", "::") and "//127.0.0.1:" in url:
        warn("ai-toolkit: this laptop is on no network, so phones cannot reach it: join the room's Wi-Fi first")


@app.command("serve")
def serve(
    session: SessionArg,
    host: HostOpt = "0.0.0.0",
    port: PortOpt = 8000,
    public_url: PublicOpt = None,
    per_minute: Annotated[
        int, typer.Option("--max-per-minute", min=1, hidden=True, help="Submissions per participant per minute.")
    ] = 30,
    joins_per_minute: Annotated[
        int, typer.Option("--max-joins-per-minute", min=1, hidden=True, help="New participants per address at once.")
    ] = 300,
    moderate: Annotated[
        bool | None,
        typer.Option(
            "--moderate/--no-moderate",
            help=(
                "Hold phones' contributions for the wall until you let them through ('ai-toolkit let-through', or "
                "the TUI); the minutes get them at once. Without either: as the session was."
            ),
        ),
    ] = None,
) -> None:
    """Serve the participants' web form on the room's network; print the join URL and its QR code. Ctrl+C stops."""
    import asyncio  # the event loop only for the one command that serves: the others start faster

    from ai_toolkit.facilitation.decisions.joining import join_code
    from ai_toolkit.qr import qr_text
    from ai_toolkit.web.server import ParticipantServer

    f = settings.open(session)
    if moderate is not None:
        f.moderate(moderate)
    server = ParticipantServer(
        f,
        host=host,
        port=port,
        public_url=public_url,
        submissions_per_minute=per_minute,
        joins_per_minute=joins_per_minute,
        quiet_gc=True,
    )
    server.bind()
    logging.basicConfig(level=logging.WARNING, format="ai-toolkit: %(message)s")
    echo(f.state.info.title)
    echo(qr_text(server.join_url))
    echo(f"Join:      {server.join_url}")
    echo(f"Address:   {server.base_url}")
    echo(f"Code:      {join_code(f.state.info)}")
    echo(f"Wall:      {server.facilitator_url}  (the room's screen: open it on the projector, full screen)")
    if f.state.moderated:
        echo("Moderation: on. Phones' contributions reach the wall once you let them through (ai-toolkit let-through).")
    echo(f"Photos:    {server.facilitator_url}/photo   (the facilitator's own phone; keep this address to yourself)")
    _offline_warning(server.join_url, host, public_url)
    _capacity_warning(server.max_connections)
    echo("Press Ctrl+C to stop.")
    try:
        asyncio.run(_serve_until_stopped(server))
    finally:
        f.close()
    echo("Stopped.")


def _capacity_warning(connections: int) -> None:
    from ai_toolkit.web.wire import LOW_CONNECTIONS, phones_following

    if connections < LOW_CONNECTIONS:
        warn(
            f"ai-toolkit: this system lets the server keep only {connections} connections open, enough for about "
            f"{phones_following(connections)} phones following live (more can join, their pages follow a little "
            "later). For a bigger room, raise the limit before starting: ulimit -n 4096"
        )


async def _serve_until_stopped(server: ParticipantServer) -> None:
    """Run the server; Ctrl+C (or SIGTERM) asks it to stop, a second Ctrl+C cuts the goodbyes short."""
    import asyncio

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, server.stop)
        except (NotImplementedError, RuntimeError):  # Windows: Ctrl+C arrives as KeyboardInterrupt instead
            pass
    try:
        await server.serve()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            try:
                loop.remove_signal_handler(sig)
            except (NotImplementedError, RuntimeError):
                pass


@app.command("qr")
def qr(
    session: SessionArg,
    host: HostOpt = "0.0.0.0",
    port: PortOpt = 8000,
    public_url: PublicOpt = None,
    output: Annotated[
        Path | None, typer.Option("-o", "--output", help="Write the code to FILE.png or FILE.svg instead.")
    ] = None,
) -> None:
    """Print (or write to a file) the QR code of the join URL that 'serve' with the same options shows."""
    from ai_toolkit.qr import qr_text, write_qr  # Pillow and qrcode: only for the commands that draw codes

    f = settings.open(session)
    url = _join_url(f, host, port, public_url)
    _offline_warning(url, host, public_url)
    if output is None:
        echo(qr_text(url))
        echo(url)
        return
    write_qr(url, output)
    echo(f"wrote {output} ({url})")


PosterHostOpt = Annotated[
    str,
    typer.Option(
        "--host",
        metavar="ADDRESS",
        help=(
            "The laptop's address in the room, as phones will reach it (e.g. 192.168.1.20). Default: its address "
            "on the network it is on now, which is wrong for a poster printed at the office: give the room's "
            "address here, or --public-url."
        ),
    ),
]


@app.command("poster")
def poster(
    session: SessionArg,
    output: Annotated[Path, typer.Option("-o", "--output", help="FILE.png or FILE.pdf (A4).")],
    host: PosterHostOpt = "0.0.0.0",
    port: Annotated[
        int, typer.Option("--port", min=0, max=65535, help="The port the phones' server will listen on in the room.")
    ] = 8000,
    public_url: PublicOpt = None,
    wifi: Annotated[
        str, typer.Option("--wifi", metavar="NAME", help="The name of the room's Wi-Fi, printed as the first step.")
    ] = "",
) -> None:
    """Write an A4 handout to print: title, QR code, the address and short code to type, how to join, in the
    session's language. The long join token is never printed (only the QR code carries it)."""
    from ai_toolkit.facilitation.decisions.joining import join_code
    from ai_toolkit.web.poster import write_poster
    from ai_toolkit.web.wall import address_of

    f = settings.open(session)
    wifi = checks.short(wifi, "Wi-Fi name")
    url = _join_url(f, host, port, public_url)
    _offline_warning(url, host, public_url)
    if host in ("0.0.0.0", "", "::") and not public_url:
        warn(
            f"ai-toolkit: the poster shows {address_of(url)}, this laptop's address on the network it is on now; "
            "if it will be on another network in the room, give that address with --host (or --public-url)"
        )
    write_poster(f.state, url, output, wifi=wifi)
    echo(f"wrote {output} ({address_of(url)}, code {join_code(f.state.info)})")


# -- moderation of the wall, from the shell (the TUI has its keys) --------------------------------------------
IdsArg = Annotated[list[str] | None, typer.Argument(metavar="IDS", help="Contribution ids, as 'moderate' lists them.")]


@app.command("moderate")
def moderate(
    session: SessionArg,
    on: Annotated[
        bool | None,
        typer.Option("--on/--off", help="Turn moderation of the wall on or off; without either, only show it."),
    ] = None,
) -> None:
    """Moderation of the wall: while it is on, phones' contributions reach the minutes at once and the wall only
    once you let them through. Lists the contributions waiting, oldest first."""
    from ai_toolkit.facilitation.decisions.moderation import waiting

    f = settings.open(session)
    if on is not None:
        f.moderate(on)
    held = waiting(f.state)
    echo(f"Moderation: {'on' if f.state.moderated else 'off'}; waiting for the wall: {len(held)}")
    for c in held:
        echo(f"{c.id}  {printable(c.text, 120)}")


@app.command("let-through")
def let_through(session: SessionArg, ids: IdsArg = None) -> None:
    """Let contributions through to the wall: the ones named, or every one waiting."""
    f = settings.open(session)
    echo(f"Let through to the wall: {f.let_through(ids or None)}")


@app.command("take-off")
def take_off(
    session: SessionArg, ids: Annotated[list[str], typer.Argument(metavar="IDS", help="Contribution ids.")]
) -> None:
    """Take contributions off the wall; they stay in the record and the minutes ('let-through' puts them back)."""
    f = settings.open(session)
    echo(f"Taken off the wall: {f.take_off_wall(ids)}")
