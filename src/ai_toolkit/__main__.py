"""``python -m ai_toolkit`` is the ``ai-toolkit`` command (the TUI uses it to write minutes in another process)."""

from ai_toolkit.cli import run

run()
