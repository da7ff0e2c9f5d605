"""Labels of the documents in the reader's language, and the small formatting rules they share.

The documents' own keys live under ``minutes.`` in ``i18n/minutes/<lang>.json`` (the agenda's too: one catalog per
document area). The method's words (``phase.destiny``, ``sector.citizen``, ``mode.pairs``, ``kind.stories``...)
are not restated there: a key the minutes do not have is looked up in the language's glossary, the same words the
phones and the facilitator's screen show. ``Labels`` remembers which keys it was asked for (as found), so a test
can render a rich session and check that each of them exists in every language: a missing key would otherwise
fall back to English without anyone noticing.
"""

from __future__ import annotations

from datetime import date, datetime, tzinfo

from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent

from ai_toolkit.facilitation import checks
from ai_toolkit.i18n import catalog
from ai_toolkit.i18n.glossary import glossary
from ai_toolkit.model.text import clean_forbidden

PREFIX = "minutes."

LOCALE_TAGS = {
    "en": "en-GB",
    "de": "de-DE",
    "cs": "cs-CZ",
    "pl": "pl-PL",
    "it": "it-IT",
    "sl": "sl-SI",
    "nl": "nl-NL",
}

BABEL_LOCALES = {"en": "en_GB"}
"""English minutes go to European partners: "23 November 2026", not the US "November 23, 2026"."""

USED: set[str] = set()
"""Every key any ``Labels`` was asked for in this process, as found (``minutes.toc``, ``phase.dream``)."""


def check_lang(lang: str) -> str:
    return checks.language((lang or "").strip().lower())


def plain(text: str | None) -> str:
    """Text from people or plans, safe for Word: forbidden characters gone, line ends unified, ends trimmed."""
    return clean_forbidden(text or "").replace("\r\n", "\n").replace("\r", "\n").strip()


class Labels:
    def __init__(self, lang: str, tz: tzinfo | None = None) -> None:
        self.lang = check_lang(lang)
        self.tz = tz
        self.locale = BABEL_LOCALES.get(self.lang, self.lang)
        self._own = catalog(self.lang)
        self._en = catalog("en")

    def __call__(self, key: str, **values: object) -> str:
        full = PREFIX + key
        if full not in self._en and key in glossary("en").words:
            full = key  # a method word: the glossary's, as on the phones and the projected screen
        USED.add(full)
        text = self._own.get(full) or self._en.get(full) or full
        return text.format(**values) if values else text

    # -- numbers, dates and times the way the reader writes them ----------------------------------------
    def number(self, n: int) -> str:
        return format_decimal(n, locale=self.locale)

    def percent(self, share: float) -> str:
        return format_percent(share, locale=self.locale)

    def date(self, value: date, form: str = "long") -> str:
        return format_date(value, format=form, locale=self.locale)

    def local(self, value: datetime) -> datetime:
        """A stored (UTC) time in the room's time: the machine's zone unless a test gives one."""
        return value.astimezone(self.tz) if self.tz is not None else value.astimezone()

    def time(self, value: datetime) -> str:
        return format_time(self.local(value), format="HH:mm", locale=self.locale)

    def minutes(self, seconds: float) -> str:
        """Whole minutes, rounded: what a facilitator reads off a clock."""
        return self.number(int(round(seconds / 60)))

    def duration(self, seconds: float) -> str:
        """``2:05`` style, the same in every language (the column header says h:min)."""
        total = int(round(seconds / 60))
        return f"{total // 60}:{total % 60:02d}"
