"""How long a session is kept, and when it is due to be deleted (``ai-toolkit purge``).

A partner tells participants how long their words are kept (the privacy page, the minutes' data note); this is
the one place that says what that date is. Sessions from before retention existed keep the default.
"""

from __future__ import annotations

import calendar
from datetime import date

from ai_toolkit.errors import Code, Refused
from ai_toolkit.facilitation.checks import a_date
from ai_toolkit.model.session import SessionInfo

KEEP_MONTHS = 12
"""A year after the session: long enough for the project's reporting period, no longer."""


def months_after(day: date, months: int) -> date:
    """The same day ``months`` later (the month's last day where it is shorter: 31 Jan + 1 month = 28/29 Feb)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def default_keep_until(session_date: date) -> date:
    return months_after(session_date, KEEP_MONTHS)


def keep_until(info: SessionInfo) -> date:
    """The day after which the session is deleted."""
    return info.keep_until or default_keep_until(info.date)


def is_past(info: SessionInfo, today: date) -> bool:
    """Whether the session is kept longer than its participants were told: ``purge`` removes it."""
    return today > keep_until(info)


def checked_keep_until(value: date | str | None, session_date: date, today: date) -> date:
    """A keep-until date as typed: a real date, not past, and not before the session itself (else its data would
    be due for deletion before anyone said a word). None is the default: a year after the session, or after
    today for a session typed up later (so ``purge`` never takes one the moment it is made)."""
    day = a_date(value, not_before=today)
    if day is None:
        return default_keep_until(max(session_date, today))
    if day < session_date:
        raise Refused(
            f"keep-until {day.isoformat()} is before the session's date {session_date.isoformat()}",
            code=Code.KEEP_UNTIL_TOO_EARLY,
            date=day.isoformat(),
        )
    return day
