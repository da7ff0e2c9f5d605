"""The layers of docs/architecture.md, as import-linter contracts in pyproject.toml, checked on the source.

If an adapter needs a rule, the rule moves into the service, so the TUI, the web form and the CLI can never
disagree. ``lint-imports`` reads every module's imports, lazy ones inside functions too.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """``lint-imports`` with the project's contracts, on the package found under ``root/src``."""
    assert LINT_IMPORTS.is_file(), "import-linter is not installed (make install adds the test tools)"
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(PROJECT / "pyproject.toml"), "--no-cache"],
        cwd=root,
        env={"PYTHONPATH": str(root / "src"), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_every_layer_imports_only_what_it_may() -> None:
    done = lint_imports(PROJECT)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    ("module", "source", "contract"),
    [
        ("model/leak.py", "import sqlite3\n", "The domain is pure"),
        ("facilitation/leak.py", "from docx import Document\n", "Service, store, plans"),
        ("tui/leak.py", "def f():\n    from ai_toolkit.store import events\n", "Adapters reach the store only"),
        ("web/leak.py", "import textual.app\n", "The phone web serves no terminal"),
        ("store/leak.py", "from ai_toolkit.facilitation import service\n", "Layers"),
    ],
)
def test_the_contracts_catch_a_leak(tmp_path: Path, module: str, source: str, contract: str) -> None:
    # The check itself must work, or the test above would pass on anything: the same tree with one bad import.
    shutil.copytree(PROJECT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "src" / "ai_toolkit" / module).write_text(source, encoding="utf-8")
    done = lint_imports(tmp_path)
    assert done.returncode != 0
    broken = [line for line in done.stdout.splitlines() if line.endswith("BROKEN")]
    assert any(line.startswith(contract) for line in broken), done.stdout


def test_every_module_stays_small() -> None:
    """Small modules named after the method's words: a module past 500 lines is doing two things (split it)."""
    sizes = {p.relative_to(PROJECT).as_posix(): len(p.read_text(encoding="utf-8").splitlines()) for p in SOURCES}
    assert sizes, "no source found"
    assert not {name: n for name, n in sizes.items() if n > 500}


SOURCES = sorted((PROJECT / "src").rglob("*.py"))
