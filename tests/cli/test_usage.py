"""Usage mistakes as a new user makes them, through the real console script: one ``ai-toolkit:`` line with Click's
hint and exit 2, never "unexpected error"; a bare ``ai-toolkit`` prints the help; help names values plainly; and the
quick commands a facilitator types during a session start without the Word, image, web and TUI libraries.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from functools import partial
from pathlib import Path

import pytest
import typer
from tests.cli.runner import cli, ok, parallel, refused, user_env

from ai_toolkit.cli import app, main
from ai_toolkit.facilitation import create_session
from ai_toolkit.model.plan import Plan
from ai_toolkit.store.sessions import SessionsDir

MISTAKES: list[tuple[list[str | bytes], list[str]]] = [
    (["nxt"], ["No such command 'nxt'. Did you mean 'next'?", "See 'ai-toolkit --help'."]),
    (["new", "--title", "X"], ["Missing option '--plan'.", "See 'ai-toolkit new --help'."]),
    (["show"], ["Missing argument 'SESSION'.", "See 'ai-toolkit show --help'."]),
    (["add", "only-a-session"], ["Missing argument 'TEXT'."]),
    (["next", "s", "--bogus"], ["No such option: --bogus"]),
    (["new", "--plan", "p", "--tittle", "x"], ["No such option: --tittle", "--title"]),
    (["serve", "s", "--port", "eighty"], ["Invalid value for '--port'"]),
    (["qr", "s", "--port", "70000"], ["Invalid value for '--port'"]),
    (["plans", "shwo"], ["No such command 'shwo'. Did you mean 'show'?", "See 'ai-toolkit plans --help'."]),
    (["new", "--plan"], ["Option '--plan' requires an argument."]),
    (["--sessions-dir"], ["Option '--sessions-dir' requires an argument."]),
    # Hostile and broken input is shown, not obeyed: no escape sequence reaches the terminal, no byte that is not
    # UTF-8 breaks the line, and a name of 100,000 characters does not become a page of output.
    (["\x1b[2J\x1b[31mnext"], ["No such command '\\x1b[2J\\x1b[31mnext'."]),
    (["show", "s", "--\u202eevil"], ["No such option: --\\u202eevil"]),
    ([b"n\xffxt"], ["No such command 'n\\udcffxt'."]),
    (["x" * 100_000], ["No such command 'xxxx"]),
]


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("home")


def test_every_usage_mistake_is_one_line_with_the_hint_and_exit_2(home: Path) -> None:
    results = parallel(*(partial(cli, *args, home=home, plans=None) for args, _ in MISTAKES))
    for result, (args, needles) in zip(results, MISTAKES, strict=True):
        line = refused(result, *needles)
        assert result.code == 2, (args, result.code, line)
        assert "\x1b" not in line and "\u202e" not in line and len(line) < 1_000
        assert result.out == ""
    assert not (home / ".ai-toolkit-error.log").exists()


def test_a_bare_command_prints_the_help_and_succeeds(home: Path) -> None:
    bare, helped = parallel(partial(cli, home=home, plans=None), partial(cli, "--help", home=home, plans=None))
    out = ok(bare).out
    assert out == ok(helped).out and bare.err == ""
    assert out.startswith("Usage: ai-toolkit [OPTIONS] COMMAND [ARGS]...")
    commands = out.split("Commands:")[1]
    for name in ["new", "list", "show", "add", "next", "run", "minutes", "agenda", "plans"]:
        assert re.search(rf"^  {name} ", commands, re.M), name


def every_command() -> list[list[str]]:
    group = typer.main.get_command(app)
    names: list[list[str]] = [[]]
    for name, command in getattr(group, "commands", {}).items():
        names.append([name])
        names += [[name, sub] for sub in getattr(command, "commands", {})]
    return names


@pytest.mark.parametrize("path", every_command(), ids=lambda p: " ".join(p) or "ai-toolkit")
def test_help_names_values_plainly(path: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*path, "--help"]) == 0
    text = capsys.readouterr().out
    usage = text.splitlines()[0]
    assert usage.startswith(f"Usage: {' '.join(['ai-toolkit', *path])} ")
    # No Python types ("--plans-dir <list[Path]>", "session <str>") and no braces around arguments ("{session}").
    assert not re.search(r"^\s+(?:-\w, )?[\w-]+ <", text, re.M), text
    assert "{" not in usage, usage
    for line in text.splitlines():
        if option := re.match(r"^\s+(?:-\w, )?(--[\w-]+) (\S+)", line):
            assert option.group(2).isupper() or option.group(2) in ("YYYY-MM-DD", "/"), line


def test_the_global_and_common_options_have_their_own_names(capsys: pytest.CaptureFixture[str]) -> None:
    main(["--help"])
    main(["new", "--help"])
    main(["minutes", "--help"])
    main(["add", "--help"])
    text = capsys.readouterr().out
    for shown in [
        "--plans-dir FOLDER",
        "--sessions-dir FOLDER",
        "--plan PLAN",
        "--facilitator NAME",
        "--date YYYY-MM-DD",
        "-o, --output FILE",
        "Usage: ai-toolkit add [OPTIONS] SESSION TEXT",
        "Usage: ai-toolkit minutes [OPTIONS] SESSION",
    ]:
        assert shown in text


HEAVY = ("textual", "fastapi", "starlette", "uvicorn", "docx", "PIL", "qrcode", "lxml", "asyncio")
PROBE = """
import sys
from ai_toolkit.cli import main
code = main(sys.argv[1:])
print("LOADED", *sorted(m for m in {heavy!r} if m in sys.modules), file=sys.stderr)
sys.exit(code)
"""


def test_next_add_and_show_start_without_word_images_web_or_tui(tmp_path: Path, tiny_plan: Plan) -> None:
    root = tmp_path / "sessions"
    sid = create_session(SessionsDir(root), tiny_plan, title="Kranj", on=date(2026, 11, 23)).state.info.id
    probe = [sys.executable, "-c", PROBE.format(heavy=HEAVY), "--sessions-dir", str(root)]
    env = user_env(tmp_path)

    def run(*args: str) -> str:
        done = subprocess.run([*probe, *args], capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stderr.strip().splitlines()[-1]

    # One after the other: ``add`` needs the activity that ``next`` starts.
    for args in (["next", sid], ["add", sid, "Our foundry opened its hall"], ["show", sid], ["list"]):
        assert run(*args) == "LOADED", args
    # The probe can see them: the commands that need Word do load it.
    assert "docx" in run("agenda", sid, "-o", str(tmp_path / "agenda.docx")).split()


def test_a_windows_pipe_gets_utf8_instead_of_a_crash(tmp_path: Path, tiny_plan: Plan) -> None:
    """Redirected output on Windows uses the ANSI code page (cp1252, no "č"); PYTHONIOENCODING plays it here."""
    root = tmp_path / "sessions"
    create_session(SessionsDir(root), tiny_plan, title="Čipka in železo – Škofja Loka", on=date(2026, 11, 23))
    env = user_env(tmp_path, PYTHONIOENCODING="cp1252")
    shown, listed = parallel(
        partial(cli, "show", "2026-11-23", home=tmp_path, root=root, env=env),
        partial(cli, "list", home=tmp_path, root=root, env=env),
    )
    assert ok(shown).out.startswith("Čipka in železo – Škofja Loka  [2026-11-23-")
    assert "Čipka in železo" in ok(listed).out
