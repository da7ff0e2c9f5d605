"""Where the shipped templates are: inside the wheel, or at the top of a source checkout."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def templates_dir() -> Path:
    packaged = _HERE / "_templates"
    return packaged if packaged.is_dir() else _HERE.parent.parent / "templates"
