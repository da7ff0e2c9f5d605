"""Running the real ``ai-toolkit`` console script in a subprocess, as a user's shell would."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

AI_TOOLKIT = Path(sys.executable).parent / "ai-toolkit"
TINY_PLANS = Path(__file__).parent.parent / "fixtures" / "plans"


@dataclass
class Result:
    code: int
    out: str
    err: str


def user_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a user's shell: none of our variables unless the test sets them; HOME is the test's."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AI_TOOLKIT_")}
    env.update(HOME=str(home), LC_ALL="C.UTF-8", **extra)
    return env


def cli(
    *args: str | bytes | Path,
    home: Path,
    root: Path | None = None,
    plans: Path | None = TINY_PLANS,
    stdin: str | bytes | None = None,
    cwd: Path | None = None,
    env: dict[str, str] | None = None,
) -> Result:
    """``ai-toolkit [--sessions-dir root] [--plans-dir plans] args...``; bytes pass through as the shell would."""
    argv: list[str | bytes | Path] = [AI_TOOLKIT]
    if root is not None:
        argv += ["--sessions-dir", root]
    if plans is not None:
        argv += ["--plans-dir", plans]
    done = subprocess.run(
        [a if isinstance(a, bytes) else str(a) for a in [*argv, *args]],
        input=stdin.encode("utf-8") if isinstance(stdin, str) else (stdin or b""),
        capture_output=True,
        cwd=cwd or home,
        env=env or user_env(home),
        timeout=120,
    )
    # What we print must be valid UTF-8: decoding strictly checks that too.
    return Result(done.returncode, done.stdout.decode("utf-8"), done.stderr.decode("utf-8"))


def ok(result: Result) -> Result:
    assert result.code == 0, f"exit {result.code}\nstdout: {result.out}\nstderr: {result.err}"
    assert "Traceback" not in result.out + result.err
    return result


def refused(result: Result, *needles: str) -> str:
    """A refusal as the user sees it: a non-zero exit and ONE line on stderr that says what is wrong."""
    assert result.code != 0, f"expected a refusal, got exit 0\nstdout: {result.out}"
    assert "Traceback" not in result.out + result.err, result.err
    lines = result.err.strip().splitlines()
    assert len(lines) == 1, f"expected one line on stderr, got:\n{result.err}"
    line = lines[0]
    assert line.startswith("ai-toolkit: ") and "unexpected error" not in line, line
    for needle in needles:
        assert needle in line, f"{needle!r} not in {line!r}"
    return line


def parallel(*calls: Callable[[], Result]) -> list[Result]:
    """Run independent commands side by side (each start-up costs half a second of imports), results in order."""
    with ThreadPoolExecutor(max_workers=4) as pool:
        return list(pool.map(lambda call: call(), calls))
