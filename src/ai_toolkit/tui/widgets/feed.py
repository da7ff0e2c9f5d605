"""The live feed: every contribution, newest first, one line each.

A session can hold thousands of contributions, so the feed is a Line-API widget: it keeps only the ids in order
and renders the few rows that are on screen, reading each contribution from the live state when it is drawn.
A new contribution costs one list append and a repaint of the visible rows, whatever the length of the feed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import tzinfo
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from ai_toolkit.i18n import t
from ai_toolkit.model.session import Contribution, SessionState
from ai_toolkit.tui.widgets.labels import SOURCE_SYMBOL, one_line, sector_short

SECTOR_WIDTH = 10


class Feed(ScrollView, can_focus=True):
    """Contributions newest first; a cursor picks one to edit (``e``) or hide/show (``h``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "first", "Newest", show=False),
        Binding("end", "last", "Oldest", show=False),
        Binding("e", "edit", "Edit"),
        Binding("h", "toggle_hidden", "Hide/show"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "feed--time",
        "feed--sector",
        "feed--participant",
        "feed--facilitator",
        "feed--hidden",
        "feed--cursor",
        "feed--empty",
    }
    DEFAULT_CSS = """
    Feed { overflow-x: hidden; }
    Feed > .feed--time { color: $text-muted; }
    Feed > .feed--sector { color: $text-secondary; }
    Feed > .feed--participant { color: $success; }
    Feed > .feed--facilitator { color: $accent; }
    Feed > .feed--hidden { color: $text-disabled; text-style: strike; }
    Feed > .feed--cursor { background: $boost; }
    Feed:focus > .feed--cursor { background: $accent 30%; }
    Feed > .feed--empty { color: $text-muted; text-style: italic; }
    """

    cursor: reactive[int] = reactive(0, repaint=False)
    """Row of the highlighted contribution; 0 is the newest."""

    class Highlighted(Message):
        """The cursor moved, or the highlighted contribution changed."""

        def __init__(self, contribution: Contribution | None) -> None:
            super().__init__()
            self.contribution = contribution

    class EditRequested(Message):
        def __init__(self, contribution_id: str) -> None:
            super().__init__()
            self.contribution_id = contribution_id

    class HideRequested(Message):
        def __init__(self, contribution_id: str) -> None:
            super().__init__()
            self.contribution_id = contribution_id

    def __init__(self, state: SessionState, *, zone: tzinfo | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.state = state
        self.zone = zone
        self._ids: list[str] = []
        self._known: set[str] = set()
        # Drawn rows by (contribution, highlighted, focused, width): paging back and forth, and the once-a-second
        # repaint of the screen, reuse them. Cleared whenever a contribution's words or visibility change.
        self._lines: LRUCache[tuple[str, bool, bool, int], Strip] = LRUCache(1024)
        self.reset(state)

    # -- data --------------------------------------------------------------------------------------------
    def reset(self, state: SessionState) -> None:
        """Take every contribution of ``state`` (after opening a session, or when another process rewrote it)."""
        self.state = state
        # The order of the log is the order of arrival (clocks of two processes may disagree; the log does not).
        self._ids = list(state.contributions)
        self._known = set(self._ids)
        self._resize()
        self.changed()

    def changed(self) -> None:
        """Some contribution was edited, hidden or shown: draw the rows afresh."""
        self._lines.clear()
        self.refresh()

    def add(self, contribution_ids: Iterable[str]) -> None:
        """New contributions arrived: they go on top. A highlighted one stays highlighted while the facilitator
        is in the feed; a reader who scrolled down keeps the rows they were reading in place."""
        new = [cid for cid in contribution_ids if cid not in self._known and cid in self.state.contributions]
        if not new:
            return
        self._ids.extend(new)
        self._known.update(new)
        self._resize()
        if self.has_focus and self._ids[len(new) :]:
            self.set_reactive(Feed.cursor, min(self.cursor + len(new), len(self._ids) - 1))
        if self.scroll_y > 0:
            self.scroll_to(y=self.scroll_y + len(new), animate=False, immediate=True)
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self._ids)

    @property
    def highlighted(self) -> Contribution | None:
        """The contribution under the cursor, if the feed has any."""
        if not self._ids:
            return None
        return self.state.contributions.get(self._ids[-1 - min(self.cursor, len(self._ids) - 1)])

    def _resize(self) -> None:
        self.virtual_size = Size(0, len(self._ids))

    # -- drawing -----------------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row = self.scroll_offset.y + y
        base = self.rich_style
        if not self._ids:
            if y == 0:
                empty = t("tui.feed.empty", self.state.info.language)
                text = Text(empty, style=self.get_component_rich_style("feed--empty"))
                text.truncate(width, overflow="ellipsis")
                return Strip(text.render(self.app.console)).crop_extend(0, width, base)
            return Strip.blank(width, base)
        if row >= len(self._ids):
            return Strip.blank(width, base)
        cid = self._ids[-1 - row]
        key = (cid, row == self.cursor, self.has_focus, width)
        cached = self._lines.get(key)
        if cached is not None:
            return cached
        contribution = self.state.contributions.get(cid)
        if contribution is None:
            return Strip.blank(width, base)
        text = self._row_text(contribution)
        text.truncate(width, overflow="ellipsis", pad=True)
        if row == self.cursor:
            # Only the background: the time, the sector and the words keep their colours.
            text.stylize(Style(bgcolor=self.get_component_rich_style("feed--cursor").bgcolor))
        segments = list(text.render(self.app.console))
        strip = Strip(Segment.apply_style(segments, base)).crop_extend(0, width, base)
        self._lines[key] = strip
        return strip

    def _row_text(self, c: Contribution) -> Text:
        style = self.get_component_rich_style
        at = c.at.astimezone(self.zone)
        text = Text(no_wrap=True, overflow="ellipsis", end="")
        text.append(at.strftime("%H:%M") + " ", style=style("feed--time"))
        text.append(SOURCE_SYMBOL[c.source] + " ", style=style(f"feed--{c.source.value}"))
        sector = sector_short(self.state.plan, c.sector, self.state.info.language)[:SECTOR_WIDTH]
        text.append(sector.ljust(SECTOR_WIDTH) + " ", style=style("feed--sector"))
        # People's words as plain Text: markup in them is drawn, never interpreted.
        body = one_line(c.text)
        if c.hidden:
            text.append(t("tui.feed.hidden", self.state.info.language) + " ", style=style("feed--time"))
            text.append(body, style=style("feed--hidden"))
        else:
            text.append(body)
        if c.edited:
            text.append(" ✎", style=style("feed--time"))
        return text

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.highlighted))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()  # a new theme: the colours of every row change

    def on_resize(self) -> None:
        # The detail under the feed takes lines when the feed gets the focus: keep the highlighted row in view.
        self.call_after_refresh(self._scroll_to_cursor)

    def _scroll_to_cursor(self) -> None:
        if self._ids:
            self.scroll_to_region(Region(0, self.cursor, max(1, self.size.width), 1), animate=False, immediate=True)

    # -- keys and mouse ----------------------------------------------------------------------------------
    def _move_to(self, row: int) -> None:
        if self._ids:
            self.cursor = max(0, min(row, len(self._ids) - 1))

    def action_cursor(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max(1, self.size.height - 1))

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(len(self._ids) - 1)

    def action_edit(self) -> None:
        if (c := self.highlighted) is not None:
            self.post_message(self.EditRequested(c.id))

    def action_toggle_hidden(self) -> None:
        if (c := self.highlighted) is not None:
            self.post_message(self.HideRequested(c.id))

    def on_click(self, event: events.Click) -> None:
        self._move_to(self.scroll_offset.y + event.y)

    def visible_rows(self) -> list[str]:
        """The text of the rows on screen (for tests and the benchmark: what a person would read)."""
        out = []
        for y in range(self.size.height):
            out.append("".join(seg.text for seg in self.render_line(y)).rstrip())
        return out
