"""``ai-toolkit run`` in a real terminal (tmux): open a session, type a contribution, Ctrl+Q, find it on disk.
And without a terminal: ``run`` refuses in one line, ``demo`` prints its summary instead of waiting for keys.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import FIXTURES, need

from ai_toolkit.facilitation import create_session, open_session
from ai_toolkit.model.plan import Plan
from ai_toolkit.store.sessions import SessionsDir

pytestmark = pytest.mark.tui

AI_TOOLKIT = Path(sys.executable).parent / "ai-toolkit"


class Tmux:
    """A private tmux server (its own socket and no configuration file), so the test never touches anyone's
    sessions and no one's ``~/.tmux.conf`` changes what it sees."""

    def __init__(self, tmux: str, name: str) -> None:
        self.tmux = tmux
        self.socket = name

    def __call__(self, *args: str) -> str:
        done = subprocess.run(
            [self.tmux, "-L", self.socket, "-f", os.devnull, *args],
            capture_output=True,
            text=True,
            timeout=20,
            check=True,
        )
        return done.stdout

    def screen(self) -> str:
        return self("capture-pane", "-p", "-t", "t")

    def wait_for(self, text: str, seconds: float = 60) -> str:
        """The screen once it shows ``text``; the bound is for a busy machine (the TUI starts in about a second)."""
        deadline = time.monotonic() + seconds
        while True:
            screen = self.screen()
            if text in screen:
                return screen
            if time.monotonic() > deadline:
                raise AssertionError(f"{text!r} never appeared; the screen was:\n{screen}")
            time.sleep(0.1)


@pytest.fixture
def tmux() -> Iterator[Tmux]:
    t = Tmux(need("tmux"), f"aitk-test-{os.getpid()}-{time.monotonic_ns()}")
    yield t
    subprocess.run([t.tmux, "-L", t.socket, "kill-server"], capture_output=True, timeout=20)


def test_run_in_tmux_types_a_contribution_and_quits_with_ctrl_q(tmux: Tmux, tmp_path: Path, tiny_plan: Plan) -> None:
    sessions = SessionsDir(tmp_path / "sessions")
    f = create_session(sessions, tiny_plan, title="Tmux focus group")
    f.start()
    session_id = f.state.info.id
    f.close()
    argv = [
        str(AI_TOOLKIT),
        "--sessions-dir",
        str(sessions.root),
        "--plans-dir",
        str(FIXTURES / "plans"),
        "run",
        session_id[:18],  # a unique prefix is enough
        "--host",
        "127.0.0.1",
        "--port",
        "0",
    ]
    command = f"{shlex.join(argv)}; echo EXIT=$?; sleep 60"
    env = f"HOME={shlex.quote(str(tmp_path))} TERM=xterm-256color LANG=C.UTF-8"
    tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "40", f"env {env} sh -c {shlex.quote(command)}")
    screen = tmux.wait_for("F2 sector")
    assert "Tmux focus group" in screen and "DEFINE · Welcome" in screen
    assert "http://127.0.0.1:" in screen, "the server is up: its address is on screen"
    tmux("send-keys", "-t", "t", "-l", "From tmux: č š ž [bold]x[/bold]")
    tmux("send-keys", "-t", "t", "Enter")
    tmux.wait_for("From tmux: č š ž [bold]x[/bold]")
    tmux("send-keys", "-t", "t", "C-q")
    screen = tmux.wait_for("EXIT=")
    assert "EXIT=0" in screen, screen
    assert "Traceback" not in screen
    assert f"ai-toolkit run {session_id}" in screen.replace("\n", ""), "it says how to continue"
    again = open_session(sessions, session_id)
    assert [c.text for c in again.state.contributions.values()] == ["From tmux: č š ž [bold]x[/bold]"]
    again.close()


def test_a_second_run_in_another_language_is_warned_and_both_follow_each_other(
    tmux: Tmux, tmp_path: Path, tiny_plan: Plan
) -> None:
    """A Slovenian session open in one terminal (Slovenian screen), then again with ``--ui-lang de``: the second
    is German and warns that the session is open twice; what it records shows in the first."""
    sessions = SessionsDir(tmp_path / "sessions")
    f = create_session(sessions, tiny_plan, title="Kranj dvakrat", language="sl")
    f.start()
    session_id = f.state.info.id
    f.close()

    def run(window: str, *extra: str) -> None:
        argv = [str(AI_TOOLKIT), "--sessions-dir", str(sessions.root), "--plans-dir", str(FIXTURES / "plans")]
        argv += ["run", session_id, "--host", "127.0.0.1", "--port", "0", *extra]
        env = f"HOME={shlex.quote(str(tmp_path))} TERM=xterm-256color LANG=C.UTF-8"
        command = f"env {env} sh -c {shlex.quote(shlex.join(argv) + '; sleep 60')}"
        if window == "t":
            tmux("new-session", "-d", "-s", "t", "-x", "120", "-y", "40", command)
        else:
            tmux("new-window", "-d", "-t", "t", "-n", window, command)

    run("t")
    first = tmux.wait_for("F2 sektor")
    assert "OPREDELITEV · Welcome" in first and "Naprej" in first
    run("de", "--ui-lang", "de")
    deadline = time.monotonic() + 60
    while "Zweimal geöffnet" not in (second := tmux("capture-pane", "-p", "-t", "t:de")):
        assert time.monotonic() < deadline, f"no warning that the session is open twice:\n{second}"
        time.sleep(0.1)
    assert "DEFINIEREN · Welcome" in second and "Weiter" in second, second
    assert "Diese Sitzung ist bereits in einem" in second, second
    tmux("send-keys", "-t", "t:de", "-l", "Iz drugega okna")
    tmux("send-keys", "-t", "t:de", "Enter")
    tmux.wait_for("Iz drugega okna")  # the first window, following the second (within a second when idle)


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AI_TOOLKIT_")}
    env["HOME"] = str(home)
    return subprocess.run(
        [str(AI_TOOLKIT), *args], capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120, env=env
    )


def test_without_a_terminal_run_refuses_in_one_line_and_demo_prints_its_summary(tmp_path: Path) -> None:
    root = tmp_path / "sessions"
    demo = run_cli("--sessions-dir", str(root), "demo", home=tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert "Creative industries and industry in Gorenjska" in demo.stdout and "Saved in" in demo.stdout
    (session_id,) = SessionsDir(root).ids()
    run = run_cli("--sessions-dir", str(root), "run", session_id, home=tmp_path)
    assert run.returncode == 2
    assert run.stderr.strip() == (
        "ai-toolkit: 'ai-toolkit run' needs a terminal to draw in; 'ai-toolkit show SESSION' prints a summary"
    )
    wrong = run_cli("--sessions-dir", str(root), "run", session_id, "--ui-lang", "xx", home=tmp_path)
    assert wrong.returncode == 2 and wrong.stderr.strip() == (
        "ai-toolkit: unknown language 'xx' for --ui-lang; use one of en, de, cs, pl, it, sl, nl"
    )
