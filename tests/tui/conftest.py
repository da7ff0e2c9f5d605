"""What every TUI test shares: the terminal the pictures are drawn for, whatever the shell that runs the tests."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def colour_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """A terminal with colours. Textual honours ``NO_COLOR`` (set in some shells and CI images), which would draw
    every snapshot in black and white; it also removes the variable when the first app starts, so only the first
    test of each worker would have failed."""
    monkeypatch.delenv("NO_COLOR", raising=False)
