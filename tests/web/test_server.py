"""The server as the TUI and ``ai-toolkit serve`` run it: real uvicorn on loopback, bound to a free port."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from tests.conftest import need

from ai_toolkit.errors import ToolkitError
from ai_toolkit.facilitation import Facilitation, open_session
from ai_toolkit.facilitation.decisions.joining import join_code
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.web import server as server_module
from ai_toolkit.web.server import ParticipantServer, base_url, lan_address


async def _started(server: ParticipantServer) -> None:
    deadline = time.monotonic() + 30  # a bound for a busy machine, not a measure: it starts in milliseconds
    while not server.started:
        if time.monotonic() > deadline:
            raise AssertionError("the server did not start")
        await asyncio.sleep(0.02)


def test_serves_in_an_existing_loop_stops_and_releases_the_port(session: Facilitation) -> None:
    async def scenario() -> int:
        before = signal.getsignal(signal.SIGINT)  # asyncio.run's own handler
        server = ParticipantServer(session, host="127.0.0.1", port=0)
        server.bind()
        assert server.join_url == f"http://127.0.0.1:{server.port}/j/{session.state.info.join_token}"
        assert server.facilitator_url.endswith(f"/f/{session.state.info.facilitator_token}")
        task = asyncio.create_task(server.serve())
        await _started(server)
        assert signal.getsignal(signal.SIGINT) is before, "an embedded server installs no signal handlers"
        async with httpx.AsyncClient() as client:
            r = await client.get(server.join_url)
            assert r.status_code == 200 and "<form" in r.text
        server.stop()
        await asyncio.wait_for(task, 5)
        return server.port

    port = asyncio.run(scenario())
    with socket.socket() as again:  # the port is free again
        again.bind(("127.0.0.1", port))


def test_port_in_use_is_a_plain_error_not_an_exit(session: Facilitation) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = ParticipantServer(session, host="127.0.0.1", port=port)
        with pytest.raises(ToolkitError, match=f"port {port} is already in use"):
            server.bind()
    with pytest.raises(ToolkitError, match="not an address of this laptop"):
        ParticipantServer(session, host="203.0.113.7", port=0).bind()


def test_follows_changes_made_by_another_process(session: Facilitation, sessions: SessionsDir) -> None:
    """A listener on the served session hears of ``ai-toolkit next`` run elsewhere, without any request."""
    heard: list[str] = []
    session.subscribe(lambda records: heard.extend(r.event.kind for r in records))

    async def scenario() -> None:
        server = ParticipantServer(session, host="127.0.0.1", port=0)
        task = asyncio.create_task(server.serve())
        await _started(server)
        other = open_session(sessions, session.state.info.id)
        other.advance()
        other.close()
        deadline = time.monotonic() + 20  # heard within FOLLOW_SECONDS on an idle machine
        while "activity_started" not in heard and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
        server.stop()
        await task

    asyncio.run(scenario())
    assert "activity_started" in heard
    assert session.state.position == 0


def test_lan_address_sends_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("lan_address must not send packets")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "sendto", refuse)
    monkeypatch.setattr(socket.socket, "send", refuse)
    address = lan_address()
    assert socket.inet_aton(address)
    assert address == "127.0.0.1" or not address.startswith("127.")


def test_lan_address_prefers_wifi_and_skips_loopback_and_docker(monkeypatch: pytest.MonkeyPatch) -> None:
    found = [("lo", "127.0.0.1"), ("docker0", "172.17.0.1"), ("eth0", "10.0.0.5"), ("wlp2s0", "192.168.1.20")]
    monkeypatch.setattr(server_module, "_interface_addresses", lambda: iter(found))
    assert lan_address() == "192.168.1.20"
    monkeypatch.setattr(server_module, "_interface_addresses", lambda: iter(found[:2]))
    monkeypatch.setattr(server_module, "_resolved_addresses", lambda: [])
    assert lan_address() == "127.0.0.1"


def test_urls_for_every_host_option(monkeypatch: pytest.MonkeyPatch, session: Facilitation) -> None:
    monkeypatch.setattr(server_module, "lan_address", lambda: "192.168.1.20")
    assert base_url("0.0.0.0", 8000) == "http://192.168.1.20:8000"
    assert base_url("10.1.2.3", 8080) == "http://10.1.2.3:8080"
    assert base_url("::1", 8000) == "http://[::1]:8000"
    assert base_url("0.0.0.0", 8000, "https://ws.example.org/") == "https://ws.example.org"
    with pytest.raises(ToolkitError, match="http:// or https://"):
        ParticipantServer(session, public_url="ws.example.org")


# -- the commands ------------------------------------------------------------------------------------------
CLI = "from ai_toolkit.cli import run; run()"


def _cli(sessions: SessionsDir, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "AI_TOOLKIT_SESSIONS_DIR": str(sessions.root)}
    return subprocess.run(
        [sys.executable, "-c", CLI, *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_prints_the_url_and_qr_and_stops_cleanly_on_ctrl_c(session: Facilitation, sessions: SessionsDir) -> None:
    env = {**os.environ, "AI_TOOLKIT_SESSIONS_DIR": str(sessions.root)}
    proc = subprocess.Popen(
        [sys.executable, "-c", CLI, "serve", session.state.info.id[:12],
         "--host", "127.0.0.1", "--port", "0", "--moderate"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )  # fmt: skip
    try:
        assert proc.stdout is not None
        lines = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            lines.append(line)
            if line.startswith("Press Ctrl+C"):
                break
        out = "".join(lines)
        join = next(line.split()[1] for line in lines if line.startswith("Join:"))
        assert join.endswith(f"/j/{session.state.info.join_token}") and join.startswith("http://127.0.0.1:")
        assert "█" in out and "▀" in out  # the QR code in half blocks
        assert httpx.get(join, timeout=10).status_code == 200
        # The short way in, printed on a line of its own: the address and the code the front door asks for.
        address = next(line.split()[1] for line in lines if line.startswith("Address:"))
        code = next(line.split()[1] for line in lines if line.startswith("Code:"))
        assert join.startswith(address + "/j/") and code == join_code(session.state.info)
        door = httpx.post(address + "/", data={"code": code.lower()}, timeout=10)
        assert door.status_code == 303 and door.headers["location"] == f"/j/{session.state.info.join_token}"
        assert any(line.startswith("Moderation: on.") for line in lines)
        wall = next(line.split()[1] for line in lines if line.startswith("Wall:"))
        assert httpx.get(wall, timeout=10).status_code == 200
        proc.send_signal(signal.SIGINT)
        rest, err = proc.communicate(timeout=15)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "Traceback" not in err and "Stopped." in rest


def test_serve_on_a_taken_port_says_so(session: Facilitation, sessions: SessionsDir) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = str(taken.getsockname()[1])
        r = _cli(sessions, "serve", session.state.info.id, "--host", "127.0.0.1", "--port", port)
    assert r.returncode == 2 and f"port {port} is already in use" in r.stderr and "Traceback" not in r.stderr


def test_qr_file_decodes_to_the_url_serve_prints(session: Facilitation, sessions: SessionsDir, tmp_path: Path) -> None:
    zbarimg = need("zbarimg")
    port = str(_free_port())
    args = ("--host", "127.0.0.1", "--port", port)
    printed = _cli(sessions, "qr", session.state.info.id, *args)
    assert printed.returncode == 0, printed.stderr
    url = printed.stdout.strip().splitlines()[-1]
    assert url == f"http://127.0.0.1:{port}/j/{session.state.info.join_token}"
    r = _cli(sessions, "qr", session.state.info.id, *args, "-o", str(tmp_path / "join.png"))
    assert r.returncode == 0, r.stderr
    decoded = subprocess.run([zbarimg, "--quiet", "--raw", str(tmp_path / "join.png")], capture_output=True, text=True)
    assert decoded.stdout.rstrip("\n") == url
    public = _cli(sessions, "qr", session.state.info.id, "--public-url", "https://ws.example.org/kranj/")
    assert public.stdout.strip().splitlines()[-1] == f"https://ws.example.org/kranj/j/{session.state.info.join_token}"
    bad = _cli(sessions, "qr", session.state.info.id, "-o", str(tmp_path / "join.gif"))
    assert bad.returncode == 2 and ".png or .svg" in bad.stderr


@pytest.mark.parametrize("suffix", [".png", ".pdf"])
def test_poster_carries_a_readable_code(
    session: Facilitation, sessions: SessionsDir, tmp_path: Path, suffix: str
) -> None:
    zbarimg = need("zbarimg")
    out = tmp_path / f"handout{suffix}"
    r = _cli(sessions, "poster", session.state.info.id, "--public-url", "http://10.0.0.2:8000", "-o", str(out))
    assert r.returncode == 0, r.stderr
    image = out
    if suffix == ".pdf":
        assert out.read_bytes().startswith(b"%PDF")
        subprocess.run(
            [need("pdftoppm"), "-r", "100", "-png", "-singlefile", str(out), str(tmp_path / "page")], check=True
        )
        image = tmp_path / "page.png"
    decoded = subprocess.run([zbarimg, "--quiet", "--raw", str(image)], capture_output=True, text=True)
    assert decoded.stdout.rstrip("\n") == f"http://10.0.0.2:8000/j/{session.state.info.join_token}"
