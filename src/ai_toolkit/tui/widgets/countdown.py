"""The activity's countdown: a bar that fills as time passes, warns near the end and shows overtime.

The time is always worked out from when the activity started (as the log recorded it) and the clock, never
counted down in memory, so after a crash and ``ai-toolkit run`` the timer shows the same minutes it would have.
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from rich.text import Text
from textual.widget import Widget

from ai_toolkit.tui.widgets.labels import mmss
from ai_toolkit.tui.words import Localised

WARN_SECONDS = 120
"""The last two minutes: the bar turns to the warning colour so the facilitator can announce the end."""


class Countdown(Localised, Widget):
    COMPONENT_CLASSES: ClassVar[set[str]] = {"countdown--done", "countdown--rest", "countdown--label"}
    DEFAULT_CSS = """
    Countdown { height: 1; }
    Countdown > .countdown--done { color: $accent; }
    Countdown > .countdown--rest { color: $panel-lighten-2; }
    Countdown > .countdown--label { text-style: bold; }
    Countdown.-warning > .countdown--done { color: $warning; }
    Countdown.-warning > .countdown--label { color: $warning; }
    Countdown.-overtime > .countdown--done { color: $error; }
    Countdown.-overtime > .countdown--label { color: $error; }
    Countdown.-idle > .countdown--label { color: $text-muted; text-style: italic; }
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.started_at: datetime | None = None
        self.total_seconds = 0.0
        self.elapsed = 0.0
        self.idle_text = ""

    @property
    def remaining(self) -> float:
        return self.total_seconds - self.elapsed

    @property
    def label(self) -> str:
        if self.started_at is None:
            return self.idle_text or self.t("tui.countdown.not_started")
        if self.remaining < 0:
            return self.t("tui.countdown.over", time=mmss(-self.remaining))
        return self.t("tui.countdown.left", time=mmss(self.remaining))

    def show(self, started_at: datetime | None, minutes: int, now: datetime, idle_text: str = "") -> None:
        """Point the countdown at an activity that started at ``started_at`` (None: nothing is running)."""
        self.started_at = started_at
        self.total_seconds = minutes * 60.0
        if idle_text:
            self.idle_text = idle_text
        self.tick(now)

    def tick(self, now: datetime) -> None:
        self.elapsed = max(0.0, (now - self.started_at).total_seconds()) if self.started_at else 0.0
        running = self.started_at is not None
        self.set_class(not running, "-idle")
        self.set_class(running and 0 <= self.remaining <= WARN_SECONDS, "-warning")
        self.set_class(running and self.remaining < 0, "-overtime")
        self.refresh()

    def render(self) -> Text:
        style = self.get_component_rich_style
        label = self.label
        width = max(0, self.size.width - len(label) - 1)
        text = Text(no_wrap=True, end="")
        if self.started_at is None:
            text.append("─" * width, style=style("countdown--rest"))
        else:
            fraction = 1.0 if self.total_seconds <= 0 else min(1.0, self.elapsed / self.total_seconds)
            cells = fraction * width
            full = int(cells)
            half = full < width and cells - full >= 0.5
            text.append("━" * full + ("╸" if half else ""), style=style("countdown--done"))
            text.append("─" * (width - full - int(half)), style=style("countdown--rest"))
        text.append(" " + label, style=style("countdown--label"))
        return text
