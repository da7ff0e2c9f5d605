"""How a person is named: by name only where they agreed to be named, otherwise by their sector.

The phones' consent is a promise; the minutes, the exports, the TUI and the wall all ask here, so no surface can
name someone who did not agree.
"""

from __future__ import annotations

from ai_toolkit.model.session import Participant, SessionState


def shown_name(s: SessionState, participant_id: str | None) -> str:
    """The participant's name where they agreed to be named; otherwise (or for no participant) nothing."""
    p = s.participants.get(participant_id or "")
    return p.name.strip() if p is not None and p.consent_named else ""


def named_participants(s: SessionState) -> list[Participant]:
    """Those who agreed to be named and gave a name, by name: the attendance list of the minutes."""
    named = [p for p in s.participants.values() if p.consent_named and p.name.strip()]
    return sorted(named, key=lambda p: p.name.strip().casefold())
