"""``run`` with the phones' server in a process of its own: phones' contributions reach the screen through the
child's notices (not the TUI's once-a-second look); the child killed mid-session is replaced on the same port and
nothing acknowledged is lost or doubled; the TUI killed takes its child with it, leaving the port free.
"""

from __future__ import annotations

import os
import re
import shlex
import signal
import socket
import sys
import time
from pathlib import Path

import httpx
import pytest
from tests.conftest import FIXTURES
from tests.tui.support import StandInServer, drive, feed_rows, make_app, screen_text, until
from tests.tui.test_e2e_tmux import AI_TOOLKIT, Tmux, tmux  # noqa: F401 - the fixture
from textual.pilot import Pilot

from ai_toolkit.errors import ToolkitError
from ai_toolkit.facilitation import Facilitation, create_session, open_session
from ai_toolkit.facilitation.sessions import SessionsDir
from ai_toolkit.model.plan import Plan
from ai_toolkit.tui.app import FacilitatorApp
from ai_toolkit.web.process import ServerProcess

pytestmark = pytest.mark.tui

_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def _form(page: httpx.Response, **values: str) -> dict[str, str]:
    return dict(_HIDDEN.findall(page.text)) | values


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _server_child(tui: int) -> int | None:
    for pid in _children(tui):
        try:
            if b"ai_toolkit.web.child" in Path(f"/proc/{pid}/cmdline").read_bytes():
                return pid
        except OSError:
            continue
    return None


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait(check, seconds: float = 20.0) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def test_the_tui_hears_the_server_process_at_once(session: Facilitation) -> None:
    """The app's own look at the database is set to once an hour: a phone's story still reaches the feed (in well
    under a second on an idle laptop), because the server process says when it saved something."""
    session.go_to(1)

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        server = app.server
        assert isinstance(server, ServerProcess)
        home = server.join_url.replace(server.base_url, f"http://127.0.0.1:{server.port}")
        async with httpx.AsyncClient(timeout=20) as phone:
            page = await phone.get(home)  # waits in the system's queue while the child starts
            await phone.post(home + "/join", data=_form(page, sector="school"))
            page = await phone.get(home)
            story = _form(page, text="Robotski krožek je izdelal rekvizite")
            answer = await phone.post(home + "/contribute", data=story)
            assert answer.status_code == 303
            answered = time.monotonic()
            while not any("Robotski krožek" in row for row in feed_rows(app)):
                # Only the child's notice can bring it before the app's own hourly look: no need to time it (a
                # bound of one second failed on a busy machine), only to bound the wait.
                assert time.monotonic() - answered < 30, "the story never reached the feed"
                await pilot.pause(0.02)
        await pilot.press("ctrl+q")

    app = make_app(session, server=lambda f: ServerProcess(f, host="127.0.0.1", port=0), refresh_seconds=3600)
    drive(app, scenario, notifications=False)
    assert [c.text for c in session.state.contributions.values()] == ["Robotski krožek je izdelal rekvizite"]


def test_a_taken_port_is_a_plain_message_before_any_process_starts(session: Facilitation) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        server = ServerProcess(session, host="127.0.0.1", port=port)
        with pytest.raises(ToolkitError, match=f"port {port} is already in use"):
            server.bind()
    assert not (session.folder / "server.log").exists(), "no child was started"


def test_the_address_on_screen_follows_the_laptops_address(session: Facilitation) -> None:
    """After a sleep the laptop may come back with another address on the Wi-Fi: the join panel follows."""
    server = StandInServer("http://192.168.1.20:8000/j/token")

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        assert "192.168.1.20:8000" in screen_text(app)
        server.url = "http://10.0.0.7:8000/j/token"
        await until(pilot, lambda: "10.0.0.7:8000" in screen_text(app))  # at the app's next look (0.05 s here)
        assert app.join_url == server.url

    drive(make_app(session, server=lambda f: server, refresh_seconds=0.05), scenario, notifications=False)


def test_run_survives_its_server_being_killed_and_takes_it_along_when_killed(
    tmux: Tmux,  # noqa: F811 - the fixture
    tmp_path: Path,
    tiny_plan: Plan,
) -> None:
    sessions = SessionsDir(tmp_path / "sessions")
    f = create_session(sessions, tiny_plan, title="Plenary in Kranj")
    f.go_to(1)
    session_id, token = f.state.info.id, f.state.info.join_token
    f.close()
    # Port 0: the TUI takes a free port and keeps it for its children (a port found free beforehand may be taken
    # by another test's server before ``run`` binds it).
    argv = [str(AI_TOOLKIT), "--sessions-dir", str(sessions.root), "--plans-dir", str(FIXTURES / "plans"),
            "run", session_id, "--host", "127.0.0.1", "--port", "0"]  # fmt: skip
    env = f"HOME={shlex.quote(str(tmp_path))} TERM=xterm-256color LANG=C.UTF-8"
    tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "40", f"env {env} {shlex.join(argv)}")
    deadline = time.monotonic() + 60
    while not (shown := re.search(r"http://127\.0\.0\.1:(\d+)/", tmux.screen())):  # the whole address drawn
        assert time.monotonic() < deadline, f"no address on screen:\n{tmux.screen()}"
        time.sleep(0.1)
    port = int(shown.group(1))
    shell = int(tmux("display-message", "-p", "-t", "t", "#{pane_pid}").strip())
    tui = shell  # tmux runs the command itself (no shell in between)
    _wait(lambda: _server_child(tui) is not None)
    first = _server_child(tui)
    assert first is not None and first != tui

    home = f"http://127.0.0.1:{port}/j/{token}"
    with httpx.Client(timeout=20) as phone:
        page = phone.get(home)
        assert phone.post(home + "/join", data=_form(page, sector="company")).status_code == 303
        before = _form(phone.get(home), text="Livarna je odprla halo za festival")
        assert phone.post(home + "/contribute", data=before).status_code == 303
        tmux.wait_for("Livarna je odprla halo")

        os.kill(first, signal.SIGKILL)
        tmux.wait_for("The phones' server stopped")
        _wait(lambda: (_server_child(tui) or first) != first)
        # The phone retries the post it had sent before (the same form, the same id): not counted twice.
        assert phone.post(home + "/contribute", data=before).status_code == 303
        after = _form(phone.get(home), text="Po ponovnem zagonu: šola in podjetje")
        assert phone.post(home + "/contribute", data=after).status_code == 303
        tmux.wait_for("Po ponovnem zagonu")

    second = _server_child(tui)
    assert second is not None
    os.kill(tui, signal.SIGKILL)
    _wait(lambda: not _alive(second), 10)
    with socket.socket() as again:  # nobody listens on the port (SO_REUSEADDR: the old connections' TIME_WAIT
        again.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # does not count, a listener would)
        again.bind(("127.0.0.1", port))
        again.listen()
    done = open_session(sessions, session_id)
    texts = sorted(c.text for c in done.state.contributions.values())
    done.close()
    assert texts == ["Livarna je odprla halo za festival", "Po ponovnem zagonu: šola in podjetje"]
    log = (sessions.root / session_id / "server.log").read_text() if (sessions.root / session_id).exists() else ""
    assert "Traceback" not in log, log


if sys.platform != "linux":  # the process tree is read from /proc
    pytestmark = [pytestmark, pytest.mark.skip(reason="reads /proc")]
