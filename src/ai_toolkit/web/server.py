"""The participant server: uvicorn serving the web form, as a task in whatever asyncio loop runs it.

``ai-toolkit serve`` runs it in a loop of its own, and so does the server process of ``run`` and ``demo``
(``web.process``); tests may run it inside the TUI's loop. So it installs no signal handlers, never calls
``sys.exit`` (uvicorn does when it cannot bind: we bind the socket ourselves, first, or are handed one), and stops
when asked. Everything the web does runs on that one loop thread, so the service is never entered from two
threads by us. Another process's changes are picked up when it says so (``poke``) or within ``FOLLOW_SECONDS``.
Every connection passes the limits of ``web.wire``.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import logging
import socket
import struct
import sys
from collections.abc import Iterator

import uvicorn

from ai_toolkit.errors import Code, Refused, StoreError, ToolkitError
from ai_toolkit.facilitation import Facilitation
from ai_toolkit.web.app import DEFAULT_JOINS_PER_ADDRESS, DEFAULT_PER_MINUTE, PHOTO_PATH, create_app
from ai_toolkit.web.push import STREAM_SUFFIX
from ai_toolkit.web.quiet_gc import QuietCollector
from ai_toolkit.web.wire import (
    ACCEPT_BATCH,
    IDLE_SECONDS,
    LISTEN_BACKLOG,
    Wire,
    WireLimits,
    connections_allowed,
    open_files_allowed,
)

log = logging.getLogger(__name__)

FOLLOW_SECONDS = 0.25
"""How often the server looks for changes another process wrote without telling it (``ai-toolkit next`` in a
shell): one indexed read, so that a phone hears of the change well within a second."""

_SKIPPED_INTERFACES = ("lo", "docker", "br-", "veth", "virbr", "vmnet", "vboxnet", "tun", "tap", "wg", "zt")


def lan_address() -> str:
    """The laptop's IPv4 address on the local network, found without sending a single packet.

    Interfaces are read from the kernel (Linux, ``SIOCGIFADDR``); elsewhere the host name is resolved. Loopback,
    link-local and container bridges are skipped; Wi-Fi comes first (the room's network), then cable, then the
    rest. ``127.0.0.1`` when nothing else is there (the laptop is offline: phones cannot reach it anyway).
    """
    found = list(_interface_addresses()) or [("", a) for a in _resolved_addresses()]
    usable = [(name, addr) for name, addr in found if _usable(name, addr)]
    if not usable:
        return "127.0.0.1"
    usable.sort(key=lambda na: (_interface_rank(na[0]), not ipaddress.ip_address(na[1]).is_private))
    return usable[0][1]


def _interface_addresses() -> Iterator[tuple[str, str]]:
    if not sys.platform.startswith("linux"):
        return
    import fcntl

    siocgifaddr = 0x8915
    try:
        names = [name for _, name in socket.if_nameindex()]
    except OSError:
        return
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:  # only an ioctl handle: nothing is sent
        for name in names:
            try:
                packed = fcntl.ioctl(probe.fileno(), siocgifaddr, struct.pack("256s", name.encode()[:15]))
            except OSError:
                continue  # no IPv4 address on this interface
            yield name, socket.inet_ntoa(packed[20:24])


def _resolved_addresses() -> list[str]:
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET, socket.SOCK_STREAM)
    except OSError:
        return []
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _usable(name: str, addr: str) -> bool:
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return False
    if ip.is_loopback or ip.is_link_local or ip.is_unspecified or ip.is_multicast:
        return False
    return not name.startswith(_SKIPPED_INTERFACES)


def _interface_rank(name: str) -> int:
    if name.startswith(("wl", "wlan", "wifi")):
        return 0
    if name.startswith(("en", "eth")):
        return 1
    return 2


def base_url(host: str, port: int, public_url: str | None = None) -> str:
    """Where phones reach the server: ``public_url`` if given, else this laptop's LAN address (never 0.0.0.0)."""
    if public_url:
        return public_url.rstrip("/")
    if host in ("0.0.0.0", "", "::"):
        host = lan_address()
    if ":" in host:
        host = f"[{host}]"
    return f"http://{host}:{port}"


def join_url(facilitation: Facilitation, host: str, port: int, public_url: str | None = None) -> str:
    """The address the QR code carries: what ``ParticipantServer(...).join_url`` says for the same options."""
    return f"{base_url(host, port, public_url)}/j/{facilitation.state.info.join_token}"


class _EmbeddedServer(uvicorn.Server):
    """uvicorn without its signal handlers: the process that embeds us decides what Ctrl+C means."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield

    async def startup(self, sockets: list[socket.socket] | None = None) -> None:
        await super().startup(sockets=sockets)
        # asyncio listens with the backlog it was given, which is also how many it accepts in one turn
        # (``ACCEPT_BATCH``): give the system back its long queue for a hall's phones joining at once.
        for sock in sockets or []:
            with contextlib.suppress(OSError):
                sock.listen(LISTEN_BACKLOG)


class ParticipantServer:
    """The phones' web form for one session, served on ``host:port`` until ``stop()``."""

    def __init__(
        self,
        facilitation: Facilitation,
        *,
        host: str = "0.0.0.0",
        port: int = 8000,
        public_url: str | None = None,
        submissions_per_minute: int = DEFAULT_PER_MINUTE,
        joins_per_minute: int = DEFAULT_JOINS_PER_ADDRESS,
        quiet_gc: bool = False,
        sock: socket.socket | None = None,
        max_connections: int | None = None,
        guarded: bool = True,
    ) -> None:
        """``quiet_gc``: move Python's full garbage collections to quiet moments (``web.quiet_gc``); only for a
        process of its own, as ``ai-toolkit serve`` is. ``sock``: a listening socket to serve on (the server
        process gets its parent's). ``max_connections``: by default sized to the open-file limit, raised first
        where the system allows. ``guarded=False`` is uvicorn's bare protocol, for the benchmark's comparison."""
        self.facilitation = facilitation
        self.quiet_gc = quiet_gc
        self._collector: QuietCollector | None = None
        self.host = host
        self.port = port
        if public_url and not public_url.startswith(("http://", "https://")):
            raise Refused(f"--public-url must start with http:// or https:// (got {public_url!r})", code=Code.BAD_URL)
        self.public_url = public_url.rstrip("/") if public_url else None
        self._socket: socket.socket | None = sock
        if sock is not None:
            self.port = sock.getsockname()[1]
        self.open_files = open_files_allowed()
        self.wire = Wire(
            WireLimits(
                max_connections or connections_allowed(self.open_files),
                streams=(STREAM_SUFFIX,),
                uploads=(PHOTO_PATH,),
            )
        )
        self.app = create_app(
            facilitation,
            join_url=lambda: self.join_url,
            submissions_per_minute=submissions_per_minute,
            joins_per_minute=joins_per_minute,
        )
        config = uvicorn.Config(
            self.app,
            lifespan="off",  # nothing to start; uvicorn would sys.exit if a lifespan failed
            log_config=None,  # leave the embedding program's logging (and the TUI's screen) alone
            access_log=False,  # participants' requests are nobody's business, and logging costs time
            timeout_graceful_shutdown=3,
            timeout_keep_alive=IDLE_SECONDS,
            server_header=False,
            http=self.wire.protocol() if guarded else "httptools",
            ws="none",
            backlog=ACCEPT_BATCH,
            proxy_headers=True,  # --public-url behind a reverse proxy on the laptop: trust its X-Forwarded-Proto
        )
        self._server = _EmbeddedServer(config)

    # -- addresses ---------------------------------------------------------------------------------------
    @property
    def base_url(self) -> str:
        return base_url(self.host, self.port, self.public_url)

    @property
    def join_url(self) -> str:
        return f"{self.base_url}/j/{self.facilitation.state.info.join_token}"

    @property
    def facilitator_url(self) -> str:
        return f"{self.base_url}/f/{self.facilitation.state.info.facilitator_token}"

    @property
    def max_connections(self) -> int:
        return self.wire.limits.max_connections

    # -- running -----------------------------------------------------------------------------------------
    def bind(self) -> None:
        """Take the port now, so a clash is a plain message before anything else starts."""
        if self._socket is None:
            self._socket = listen(self.host, self.port)
            self.port = self._socket.getsockname()[1]

    def poke(self) -> None:
        """Another process says it changed the session: catch up now rather than at the next look."""
        self._catch_up()

    async def serve(self) -> None:
        """Serve until ``stop()``; binds first if ``bind()`` was not called. Releases the port on the way out."""
        self.bind()
        assert self._socket is not None
        self._collector = QuietCollector() if self.quiet_gc else None
        follower = asyncio.create_task(self._follow())
        try:
            await self._server.serve(sockets=[self._socket])
        finally:
            follower.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await follower
            if self._collector is not None:
                self._collector.close()
                self._collector = None
            self.app.state.web.close()
            if self._socket is not None:
                self._socket.close()
                self._socket = None

    def stop(self) -> None:
        """Ask the server to stop; ``await`` the ``serve()`` task to know it has. A second call cuts it short."""
        if self._server.should_exit:
            self._server.force_exit = True
        self._server.should_exit = True
        self.app.state.web.changes.close()  # change streams end now instead of holding the shutdown up

    @property
    def started(self) -> bool:
        return bool(self._server.started)

    async def _follow(self) -> None:
        """Catch up with the database every ``FOLLOW_SECONDS``, so listening pages (and, in-process, the TUI)
        hear of other processes' changes; tick the quiet collector about once a second."""
        turns = 0
        while True:
            await asyncio.sleep(FOLLOW_SECONDS)
            self._catch_up()
            turns += 1
            if self._collector is not None and turns % round(1 / FOLLOW_SECONDS) == 0:
                self._collector.tick(self._server.server_state.total_requests)

    def _catch_up(self) -> None:
        try:
            self.facilitation.refresh()
        except StoreError as exc:  # busy for a moment, or the disk went away: try again soon
            log.warning("could not read the session: %s", exc.message)


def listen(host: str, port: int) -> socket.socket:
    """A listening TCP socket on ``host:port``, or a plain ``ToolkitError`` saying why not.

    Made with ``IPPROTO_TCP`` rather than 0: asyncio sets TCP_NODELAY only on accepted sockets whose protocol
    says TCP, and without it every response on a kept-alive connection waited ~40 ms (``web.wire`` sets it too).
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    try:
        if sys.platform == "win32":  # there SO_REUSEADDR would let us share a port another server is using
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)  # type: ignore[attr-defined]
        else:  # a restart right after a stop must not wait for old connections' TIME_WAIT
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(LISTEN_BACKLOG)
        sock.setblocking(False)
    except OSError as exc:
        sock.close()
        raise ToolkitError(
            _bind_message(exc, host, port), code=Code.BIND, reason=_bind_reason(exc), host=host, port=port
        ) from None
    return sock


def _bind_reason(exc: OSError) -> str:
    """Why the port could not be taken, as a word other surfaces can say in their language (the TUI does)."""
    return {errno.EADDRINUSE: "in_use", errno.EACCES: "no_permission", errno.EADDRNOTAVAIL: "not_local"}.get(
        exc.errno or 0, "other"
    )


def _bind_message(exc: OSError, host: str, port: int) -> str:
    if exc.errno == errno.EADDRINUSE:
        return f"port {port} is already in use on this laptop; stop the other server or choose one with --port"
    if exc.errno == errno.EACCES:
        return f"no permission to use port {port}; choose a port above 1023 with --port"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"{host} is not an address of this laptop; leave --host out to listen on every network"
    return f"cannot listen on {host}:{port}: {exc.strerror or exc}"
