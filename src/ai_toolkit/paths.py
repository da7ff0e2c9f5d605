"""Where files are: the shipped templates (inside the wheel, or at the top of a source checkout), and the minutes a
session's folder holds (the minutes command writes them, the phones download them)."""

from __future__ import annotations

from pathlib import Path

_HERE = Path(__file__).resolve().parent


def templates_dir() -> Path:
    packaged = _HERE / "_templates"
    return packaged if packaged.is_dir() else _HERE.parent.parent / "templates"


def minutes_file(folder: Path, lang: str) -> Path:
    """The minutes of a session in one language, in the session's own folder: ``minutes-sl.docx``."""
    return Path(folder) / f"minutes-{lang}.docx"
