"""Input checks with named limits: what the service accepts from any adapter, before any rule of the method.

Each check cleans what it is given (``model.text.clean``) and refuses with a ``Code`` the surfaces can say. They
look at the arguments only, never at the session: the decisions (``decisions/``) do that, under the lock.
"""

from __future__ import annotations

import re
import secrets
from datetime import date

from ai_toolkit.errors import Code, NotFound, Refused
from ai_toolkit.model.enums import LANGUAGES, Phase, Sector, Teller
from ai_toolkit.model.limits import MAX_CAPTION, MAX_DOTS, MAX_LONG, MAX_OPTIONS, MAX_TOPIC
from ai_toolkit.model.text import MAX_SHORT, MAX_TEXT, clean

__all__ = [
    "MAX_CAPTION",
    "MAX_DOTS",
    "MAX_LONG",
    "MAX_OPTIONS",
    "MAX_SHORT",
    "MAX_TEXT",
    "MAX_TOPIC",
    "a_date",
    "client_made_id",
    "whole_number",
    "is_id",
    "language",
    "new_id",
    "phase",
    "sector",
    "teller",
    "text",
]

#: What each kind of id looks like: a prefix and 12 hex digits, as ``new_id`` makes them. An id from outside (a
#: form field, a URL) that does not have this shape names nothing, so adapters can refuse it without asking.
ID_PREFIX = {
    "contribution": "c-",
    "theme": "t-",
    "proposition": "pr-",
    "vote": "v-",
    "commitment": "k-",
    "photo": "ph-",
    "participant": "p-",
}
_ID_SHAPE = {
    kind: re.compile(rf"^{re.escape(prefix)}[0-9a-f]{{12}}$")
    for kind, prefix in ID_PREFIX.items()
    if kind != "participant"
}
"""Participants are left out: a phone brings its own id (``client_made_id``)."""
#: Ids a client may choose (a phone's cookie, a request id): letters, digits, '-' and '_', as ``new_id`` and
#: ``secrets.token_urlsafe`` make them.
_CLIENT_MADE = re.compile(r"^[A-Za-z0-9_-]{1,100}$")


def new_id(kind: str) -> str:
    return ID_PREFIX[kind] + secrets.token_hex(6)


def is_id(kind: str, value: str) -> bool:
    """Whether ``value`` has the shape of a ``kind`` id (``contribution``, ``commitment``...)."""
    return bool(_ID_SHAPE[kind].match(value))


def client_made_id(value: str) -> str:
    if not _CLIENT_MADE.match(value):
        raise Refused("a participant id is letters, digits, '-' or '_'", code=Code.BAD_PARTICIPANT_ID)
    return value


def text(value: str, what: str, limit: int = MAX_TEXT, *, required: bool = True) -> str:
    """Cleaned text, refused when empty (if required) or longer than ``limit`` characters."""
    cleaned = clean(value or "")
    if required and not cleaned:
        raise Refused(f"the {what} is empty", code=Code.EMPTY_TEXT, what=what)
    if len(cleaned) > limit:
        raise Refused(
            f"the {what} is {len(cleaned)} characters long; the limit is {limit}",
            code=Code.TEXT_TOO_LONG,
            what=what,
            limit=limit,
        )
    return cleaned


def short(value: str, what: str, *, required: bool = False) -> str:
    """A name, organisation, title or label."""
    return text(value, what, MAX_SHORT, required=required)


def language(value: str) -> str:
    if value not in LANGUAGES:
        raise Refused(f"unknown language {value!r}; use one of {', '.join(LANGUAGES)}", code=Code.BAD_LANGUAGE)
    return value


_SECTOR = re.compile(r"^[a-z][a-z0-9_]{1,31}$")


def sector(value: Sector | str) -> str:
    """A sector's shape (``civil_society``, a plan's ``retail``); whether the session's plan has it is for the
    decision to say (``decisions.sectors.the_sector``), since only it sees the plan."""
    text = str(value).strip() if isinstance(value, str) else ""
    if not _SECTOR.match(text):
        shown = text[:40] + ("…" if len(text) > 40 else "")
        common = ", ".join(s.value for s in Sector)
        raise Refused(f"unknown sector {shown!r}; use one of {common} or one the plan adds", code=Code.BAD_SECTOR)
    return text


def teller(value: Teller | str) -> Teller:
    try:
        return Teller(value)
    except ValueError:
        raise Refused(
            f"whose story is {value!r}? use one of {', '.join(t.value for t in Teller)}", code=Code.BAD_FIELD
        ) from None


def phase(value: Phase | str) -> Phase:
    try:
        return Phase(value)
    except ValueError:
        raise Refused(
            f"unknown phase {value!r}; use one of {', '.join(p.value for p in Phase)}", code=Code.UNKNOWN_PHASE
        ) from None


_WHOLE = re.compile(r"[0-9]{1,9}")
#: ASCII digits only: ``"²".isdigit()`` and ``"٣".isdigit()`` are true, ``int("1_0")`` is 10 and ``int("３")`` is 3,
#: and each of them once reached a handler that trusted it.
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
"""Only YYYY-MM-DD: ``date.fromisoformat`` also takes "20270331" and "2027-W13-3", which nobody means on a form."""


def whole_number(value: str, what: str, *, maximum: int, minimum: int = 0, code: Code = Code.BAD_FIELD) -> int:
    """A count a person typed (dots on a phone, in a dialog): ASCII digits, from ``minimum`` to ``maximum``; empty
    is 0 (a phone's untouched option), so a ``minimum`` of 1 refuses an empty field too."""
    raw = (value or "").strip() or "0"
    if not _WHOLE.fullmatch(raw):
        raise Refused(f"{raw[:20]!r} is not a whole number of {what}", code=code, what=what)
    number = int(raw)
    if number > maximum:
        raise Refused(f"{number} {what} is more than {maximum}", code=code, what=what, limit=maximum)
    if number < minimum:
        raise Refused(f"at least {minimum} {what}, not {number}", code=code, what=what, limit=maximum)
    return number


def a_date(value: date | str | None, *, not_before: date | None = None) -> date | None:
    """A date from a form (YYYY-MM-DD) or from code; empty is None; ``not_before`` refuses one in the past."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        typed = value.strip()
        try:
            if not _ISO_DATE.fullmatch(typed):
                raise ValueError(typed)
            value = date.fromisoformat(typed)
        except ValueError:
            raise Refused(f"{typed[:40]!r} is not a date; write it as YYYY-MM-DD", code=Code.BAD_DATE) from None
    if not_before is not None and value < not_before:
        raise Refused(f"{value.isoformat()} is in the past", code=Code.DATE_IN_PAST)
    return value


def unknown(kind: str, value: object, code: Code) -> NotFound:
    """The one way to say an id names nothing (also for ids of someone else's items: ids reveal nothing)."""
    return NotFound(f"no {kind} {value!r}", code=code)
