"""How a phone's post is answered: the notices after a success, and a refusal as a status, a code and its values.

Every participant form (``participant.py``, ``photos.py``) shows the same page again on a refusal, with what the
person had typed (``Draft``) and the reason in their language (``error.<code>``); the status tells a script the same.
"""

from __future__ import annotations

from typing import Any

from ai_toolkit.errors import NotFound, StoreError, ToolkitError

OK_CODES = {
    "sent",
    "edited",
    "withdrawn",
    "voted",
    "committed",
    "joined",
    "details",
    "commitment_withdrawn",
    "photo_sent",
    "photo_captioned",
    "photo_withdrawn",
}

STATUS_FOR = {
    "rate_limited": 429,
    "activity_closed": 409,
    "vote_closed": 409,
    "session_ended": 409,
    "not_started": 409,
    "withdrawn": 409,
    "taken_up": 409,
    "unknown_vote": 409,
    "client_id_reused": 409,
    "removed": 403,
    "no_photo": 400,
    "not_a_photo": 415,
    "photo_too_large": 413,
    "photo_too_many_pixels": 413,
    "photo_shape": 422,
    "photo_broken": 422,
    "photo_limit": 409,
    "disk_full": 507,
}

Refusal = tuple[int, str, dict[str, Any]]


class Draft(dict[str, Any]):
    """What the person had typed, for showing it again; a missing field is empty, never an error."""

    def __missing__(self, key: str) -> Any:
        return ""


def refusal(exc: ToolkitError) -> Refusal:
    status = STATUS_FOR.get(exc.code) or (
        404 if isinstance(exc, NotFound) else 503 if isinstance(exc, StoreError) else 400
    )
    return status, exc.code, dict(exc.params)


RATE_LIMITED: Refusal = (429, "rate_limited", {})
