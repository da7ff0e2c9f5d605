"""The layers of ARCHITECTURE.md, checked on the source: the domain stays pure, adapters stay apart.

If an adapter needs a rule, the rule moves into the service, so the TUI, the web form and the CLI can never
disagree. This test reads every module's imports (static, so lazy imports inside functions count too).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "ai_toolkit"
UI_AND_IO = {"textual", "rich", "fastapi", "starlette", "uvicorn", "jinja2", "docx", "httpx", "qrcode", "PIL"}
ADAPTERS = {"ai_toolkit.tui", "ai_toolkit.web", "ai_toolkit.reports", "ai_toolkit.cli"}

# layer (a module path prefix) -> what it must never import (module prefixes)
RULES: dict[str, set[str]] = {
    "ai_toolkit.model": UI_AND_IO | {"sqlite3"} | ADAPTERS | {"ai_toolkit.store", "ai_toolkit.facilitation"},
    "ai_toolkit.store": UI_AND_IO | ADAPTERS | {"ai_toolkit.facilitation"},
    "ai_toolkit.facilitation": UI_AND_IO | ADAPTERS,
    "ai_toolkit.plans": UI_AND_IO | ADAPTERS,
    "ai_toolkit.i18n": UI_AND_IO | ADAPTERS | {"ai_toolkit.store", "ai_toolkit.facilitation"},
    "ai_toolkit.reports": {"textual", "fastapi", "starlette", "uvicorn", "ai_toolkit.tui", "ai_toolkit.web"},
    "ai_toolkit.web": {"textual", "docx", "ai_toolkit.tui", "ai_toolkit.reports", "ai_toolkit.cli"},
    # The TUI starts the participant server through ai_toolkit.web.server, and nothing else of the web.
    "ai_toolkit.tui": {"fastapi", "starlette", "ai_toolkit.cli", "ai_toolkit.web.routes", "ai_toolkit.web.app"},
}


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> set[str]:
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rsplit(".", 1)[0]
    return _imports_in(path.read_text(encoding="utf-8"), package)


def _imports_in(source: str, package: str) -> set[str]:
    tree = ast.parse(source)
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                module = f"{base}.{node.module}" if node.module else base
            else:
                module = node.module or ""
            found.add(module)
            found |= {f"{module}.{a.name}" for a in node.names}
    return found


def _violations() -> list[str]:
    bad = []
    for path in sorted(SRC.rglob("*.py")):
        name = _module_name(path)
        for layer, forbidden in RULES.items():
            if name == layer or name.startswith(layer + "."):
                for imported in _imports(path):
                    for f in forbidden:
                        if imported == f or imported.startswith(f + "."):
                            bad.append(f"{name} imports {imported} (the {layer} layer must not use {f})")
    return bad


def test_every_layer_imports_only_what_it_may() -> None:
    assert _violations() == []


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("import textual.app\n", "textual.app"),
        ("from docx import Document\n", "docx.Document"),
        ("def f():\n    from ..web import server\n", "ai_toolkit.web.server"),
    ],
)
def test_the_checker_sees_an_import(source: str, expected: str) -> None:
    # The check itself must work, or the test above would pass on anything.
    assert expected in _imports_in(source, "ai_toolkit.tui")
