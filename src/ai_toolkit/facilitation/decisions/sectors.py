"""Sectors: the common ones and those the session's plan adds (CINEMA's retail and shops...).

A sector as recorded is a string; whether a session knows it depends on its plan, so the check lives here, next
to the decisions that record one, and not in ``checks`` (which never sees the session).
"""

from __future__ import annotations

from ai_toolkit.errors import Code, Refused
from ai_toolkit.model.session import SessionState


def the_sector(s: SessionState, sector: str) -> str:
    """``sector`` if the session's plan offers it; otherwise a refusal that lists what it does offer."""
    known = s.plan.sector_ids()
    if sector not in known:
        raise Refused(f"unknown sector {sector!r}; use one of {', '.join(known)}", code=Code.BAD_SECTOR)
    return sector
