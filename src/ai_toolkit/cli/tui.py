"""Commands of the facilitator's face: the demo (and, with the TUI issue, ``run``)."""

from __future__ import annotations

from ai_toolkit.cli.common import app, echo, settings
from ai_toolkit.cli.sessions import summary
from ai_toolkit.demo import build_demo


@app.command("demo")
def demo() -> None:
    """Create a realistic demo session (an InduCCI focus group in Kranj) and print its summary."""
    f = build_demo(settings.sessions, settings.toolbox())
    echo(summary(f.state))
    echo(f"\nSaved in {f.folder}")
