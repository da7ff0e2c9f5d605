"""Lint and type checks are part of the test suite: ruff (rules and format) and mypy over src, tests and bench.

Each tool runs as its own process from the project folder, with the configuration in pyproject.toml; on failure
the test shows the tool's own output.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


@pytest.mark.parametrize(
    "command",
    [
        ["ruff", "check", "src", "tests", "bench"],
        ["ruff", "format", "--check", "src", "tests", "bench"],
        ["mypy"],
    ],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_lint_and_types_are_clean(command: list[str]) -> None:
    tool = BIN / command[0]
    assert tool.is_file(), f"{command[0]} is not installed in {BIN} (make install adds the test tools)"
    done = subprocess.run(
        [str(tool), *command[1:]], cwd=PROJECT, capture_output=True, text=True, timeout=600, check=False
    )
    assert done.returncode == 0, f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}"
