"""Messages shared by the app and its screens."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from ai_toolkit.model.events import Recorded


@dataclass
class SessionChanged(Message):
    """New events reached the session (ours, a phone's, or another process's).

    The app receives the service's listener calls (possibly from the web server's threads), and posts this
    message to itself and to the active screen, so every screen redraws from ``facilitation.state``.
    """

    records: list[Recorded]
