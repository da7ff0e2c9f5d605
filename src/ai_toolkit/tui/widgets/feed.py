"""The live feed: every contribution, newest first; the highlighted one whole, the others in one or two lines.

A session can hold thousands of contributions, so the feed is a Line-API widget: it keeps the ids in order with
each row's height and a running total of heights, and renders only the lines on screen, reading each contribution
from the live state when it is drawn. A row is one line when its words fit, else two where the feed has room
(the second ending in one ellipsis), and the highlighted row (the newest while typing, the cursor's in the feed)
shows every line of its words. Heights are known from a width comparison alone, so a new contribution costs one
append to three lists and a repaint of the visible lines, whatever the length of the feed.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from datetime import tzinfo
from typing import ClassVar

from rich.cells import cell_len
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

from ai_toolkit.facilitation.decisions.moderation import waiting
from ai_toolkit.model.enums import OnWall
from ai_toolkit.model.session import Contribution, SessionState
from ai_toolkit.tui.widgets.labels import SOURCE_SYMBOL, one_line, sector_short, shorten
from ai_toolkit.tui.words import Localised

SECTOR_WIDTH = 10
PREFIX_WIDTH = 6 + 2 + SECTOR_WIDTH + 1
"""``14:41 ● company    ``: time, source, sector; the words start after it, and wrap under themselves."""
TWO_LINES_FROM = 12
"""A feed at least this many lines high shows two lines of each contribution; a lower one (80×24), one."""
EDITED = " ✎"


class Feed(Localised, ScrollView, can_focus=True):
    """Contributions newest first; a cursor picks one to edit (``e``) or hide/show (``h``)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "cursor(-1)", "tui.key.up", show=False),
        Binding("down,j", "cursor(1)", "tui.key.down", show=False),
        Binding("pageup", "page(-1)", "tui.key.page_up", show=False),
        Binding("pagedown", "page(1)", "tui.key.page_down", show=False),
        Binding("home", "first", "tui.key.newest", show=False),
        Binding("end", "last", "tui.key.oldest", show=False),
        Binding("e", "edit", "tui.key.edit"),
        Binding("h", "toggle_hidden", "tui.key.hide_show"),
        Binding("r", "remove_sender", "tui.key.remove_sender", tooltip="tui.keyhelp.remove_sender", show=False),
        Binding("l", "let_through", "tui.key.let_through", tooltip="tui.keyhelp.let_through"),
        Binding("x", "take_off_wall", "tui.key.off_wall", tooltip="tui.keyhelp.off_wall", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "feed--time",
        "feed--sector",
        "feed--participant",
        "feed--facilitator",
        "feed--hidden",
        "feed--waiting",
        "feed--off",
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
    Feed > .feed--waiting { color: $warning; text-style: bold; }
    Feed > .feed--off { color: $text-muted; text-style: italic; }
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

    class RemoveSenderRequested(Message):
        """Remove the participant who sent this contribution (asked first, on the screen)."""

        def __init__(self, contribution_id: str) -> None:
            super().__init__()
            self.contribution_id = contribution_id

    class LetThroughRequested(Message):
        """Let the highlighted card, waiting under moderation, through to the wall."""

        def __init__(self, contribution_id: str) -> None:
            super().__init__()
            self.contribution_id = contribution_id

    class OffWallRequested(Message):
        """Take the highlighted card off the wall, or put it back."""

        def __init__(self, contribution_id: str) -> None:
            super().__init__()
            self.contribution_id = contribution_id

    def __init__(self, state: SessionState, *, zone: tzinfo | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.state = state
        self.zone = zone
        self._ids: list[str] = []
        """Oldest first, the order of the log (clocks of two processes may disagree; the log does not)."""
        self._known: set[str] = set()
        self._heights: list[int] = []
        self._ends: list[int] = []
        """``_ends[i]``: the lines of rows ``0..i`` (oldest first), so a line finds its row by bisection."""
        self._width = 0
        self._cap = 1
        self._open_lines = 1
        """How many lines the highlighted row takes (all its words)."""
        # Drawn lines by (contribution, line, highlighted, focused, width): paging back and forth, and the
        # once-a-second repaint of the screen, reuse them. Cleared whenever words or visibility change.
        self._lines: LRUCache[tuple[str, int, bool, bool, int], Strip] = LRUCache(2048)
        self._wraps: LRUCache[tuple[str, int], list[str]] = LRUCache(256)
        self.reset(state)

    # -- data --------------------------------------------------------------------------------------------
    def reset(self, state: SessionState) -> None:
        """Take every contribution of ``state`` (after opening a session, or when another process rewrote it)."""
        self.state = state
        self._ids = list(state.contributions)
        self._known = set(self._ids)
        self._measure()

    def changed(self) -> None:
        """Some contribution was edited, hidden or shown: measure and draw the rows afresh."""
        self._measure()

    def add(self, contribution_ids: Iterable[str]) -> None:
        """New contributions arrived: they go on top. A highlighted one stays highlighted while the facilitator
        is in the feed; a reader who scrolled down keeps the lines they were reading in place."""
        new = [cid for cid in contribution_ids if cid not in self._known and cid in self.state.contributions]
        if not new:
            return
        before = self._total()
        for cid in new:
            self._ids.append(cid)
            self._known.add(cid)
            height = self._height(self.state.contributions[cid])
            self._heights.append(height)
            self._ends.append((self._ends[-1] if self._ends else 0) + height)
        if self.has_focus and len(self._ids) > len(new):
            self.set_reactive(Feed.cursor, min(self.cursor + len(new), len(self._ids) - 1))
        self._open_row_changed()
        if self.scroll_y > 0:
            self.scroll_to(y=self.scroll_y + self._total() - before, animate=False, immediate=True)
        self.refresh()

    @property
    def row_count(self) -> int:
        return len(self._ids)

    @property
    def highlighted(self) -> Contribution | None:
        """The contribution under the cursor, if the feed has any."""
        index = self._cursor_index()
        return None if index is None else self.state.contributions.get(self._ids[index])

    # -- heights -----------------------------------------------------------------------------------------
    def _body_width(self) -> int:
        return max(self._width - PREFIX_WIDTH, 8)

    def _mark(self, c: Contribution) -> tuple[str, str]:
        """The mark before the words and its component class: hidden from the record, waiting for the wall (under
        moderation), or taken off the wall; none for a card on the wall."""
        if c.hidden:
            return self.t("tui.feed.hidden") + " ", "feed--time"
        if c.on_wall == OnWall.HELD:
            return self.t("tui.feed.waiting") + " ", "feed--waiting"
        if c.on_wall == OnWall.OFF:
            return self.t("tui.feed.off_wall") + " ", "feed--off"
        return "", ""

    def _body(self, c: Contribution) -> str:
        """The words on one line, with the marks that travel with them (hidden, waiting, off the wall, edited); a
        withdrawn one's words are gone."""
        if c.withdrawn:
            return self.t("tui.feed.withdrawn")
        return self._mark(c)[0] + one_line(c.text) + (EDITED if c.edited else "")

    def _height(self, c: Contribution) -> int:
        """A row's height when it is not highlighted: one line if its words fit, else the feed's cap (1 or 2)."""
        return 1 if cell_len(self._body(c)) <= self._body_width() else self._cap

    def _wrapped(self, c: Contribution) -> list[str]:
        """The words as lines of the body's width (for drawn rows only: this is the costly part)."""
        key = (c.id, self._body_width())
        lines = self._wraps.get(key)
        if lines is None:
            text = Text(self._body(c))
            lines = [line.plain.rstrip() for line in text.wrap(self.app.console, self._body_width())] or [""]
            self._wraps[key] = lines
        return lines

    def _measure(self) -> None:
        """Every row's height for the current width and cap: once per resize or edit, not per key or arrival."""
        contributions = self.state.contributions
        self._heights = [self._height(contributions[cid]) if cid in contributions else 1 for cid in self._ids]
        self._ends = []
        total = 0
        for height in self._heights:
            total += height
            self._ends.append(total)
        self._lines.clear()
        self._wraps.clear()
        self._open_row_changed()
        self.refresh()

    def _cursor_index(self) -> int | None:
        if not self._ids:
            return None
        return len(self._ids) - 1 - min(self.cursor, len(self._ids) - 1)

    def _open_row_changed(self) -> None:
        """The highlighted row takes all the lines its words need (at most the feed's height: the edit dialog
        shows the rest), and the feed's virtual height follows."""
        index = self._cursor_index()
        lines = 1
        if index is not None and self._width:
            c = self.state.contributions.get(self._ids[index])
            if c is not None:
                lines = min(len(self._wrapped(c)), max(self.size.height, 1))
        self._open_lines = max(lines, self._heights[index] if index is not None else 1)
        self.virtual_size = Size(0, self._total())

    def _extra(self) -> int:
        index = self._cursor_index()
        return 0 if index is None else self._open_lines - self._heights[index]

    def _total(self) -> int:
        return (self._ends[-1] if self._ends else 0) + self._extra()

    def _top(self, index: int) -> int:
        """The first line (from the top, newest first) of the row at ``index`` (oldest first)."""
        top = self._ends[-1] - self._ends[index]
        opened = self._cursor_index()
        return top + (self._extra() if opened is not None and opened > index else 0)

    def _row_at(self, y: int) -> tuple[int, int] | None:
        """(row index, line within the row) of line ``y`` of the whole feed."""
        total = self._total()
        if not self._ids or not 0 <= y < total:
            return None
        from_bottom = total - 1 - y
        opened = self._cursor_index()
        assert opened is not None
        start = self._ends[opened] - self._heights[opened]
        if from_bottom >= start:
            from_bottom = max(start, from_bottom - self._extra())
            if from_bottom < self._ends[opened]:
                return opened, y - self._top(opened)
        index = bisect_right(self._ends, from_bottom)
        return index, y - self._top(index)

    # -- drawing -----------------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        if not self._ids:
            if y == 0:
                text = Text(self.t("tui.feed.empty"), style=self.get_component_rich_style("feed--empty"))
                text.truncate(width, overflow="ellipsis")
                return Strip(text.render(self.app.console)).crop_extend(0, width, base)
            return Strip.blank(width, base)
        found = self._row_at(self.scroll_offset.y + y)
        if found is None:
            return Strip.blank(width, base)
        index, line = found
        cid = self._ids[index]
        highlighted = index == self._cursor_index()
        key = (cid, line, highlighted, self.has_focus, width)
        cached = self._lines.get(key)
        if cached is not None:
            return cached
        contribution = self.state.contributions.get(cid)
        if contribution is None:
            return Strip.blank(width, base)
        text = self._line_text(contribution, line, self._open_lines if highlighted else self._heights[index])
        text.truncate(width, overflow="ellipsis", pad=True)
        if highlighted:
            # Only the background: the time, the sector and the words keep their colours.
            text.stylize(Style(bgcolor=self.get_component_rich_style("feed--cursor").bgcolor))
        segments = list(text.render(self.app.console))
        strip = Strip(Segment.apply_style(segments, base)).crop_extend(0, width, base)
        self._lines[key] = strip
        return strip

    def _line_text(self, c: Contribution, line: int, lines: int) -> Text:
        """Line ``line`` of a row ``lines`` high: the time, source and sector on the first, then the words; the
        last line ends in one ellipsis if the words go on."""
        style = self.get_component_rich_style
        text = Text(no_wrap=True, end="")
        if line == 0:
            text.append(c.at.astimezone(self.zone).strftime("%H:%M") + " ", style=style("feed--time"))
            text.append(SOURCE_SYMBOL[c.source] + " ", style=style(f"feed--{c.source.value}"))
            sector = sector_short(self.state.plan, c.sector, self.lang)[:SECTOR_WIDTH]
            text.append(sector.ljust(SECTOR_WIDTH) + " ", style=style("feed--sector"))
        else:
            text.append(" " * PREFIX_WIDTH)
        if lines == 1:
            words = shorten(self._body(c), self._body_width())
        else:
            wrapped = self._wrapped(c)
            if line == lines - 1 and len(wrapped) > lines:
                words = shorten(" ".join(wrapped[line:]), self._body_width())
            else:
                words = wrapped[line] if line < len(wrapped) else ""
        self._words(text, c, words)
        return text

    def _words(self, text: Text, c: Contribution, words: str) -> None:
        """People's words as plain Text, markup drawn, never interpreted; the marks dimmed."""
        style = self.get_component_rich_style
        if c.withdrawn:
            text.append(words, style=style("feed--time"))
            return
        mark, kind = self._mark(c)
        if mark and words.startswith(mark):
            text.append(mark, style=style(kind))
            words = words[len(mark) :]
        edited = words.endswith(EDITED) and c.edited
        body = words[: -len(EDITED)] if edited else words
        text.append(body, style=style("feed--hidden") if c.hidden else "")
        if edited:
            text.append(EDITED, style=style("feed--time"))

    def watch_cursor(self, old: int, new: int) -> None:
        self._open_row_changed()
        self._scroll_to_cursor()
        self.refresh()
        self.post_message(self.Highlighted(self.highlighted))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._lines.clear()  # a new theme: the colours of every row change

    def on_resize(self, event: events.Resize) -> None:
        width = self.scrollable_content_region.width
        cap = 2 if event.size.height >= TWO_LINES_FROM else 1
        if (width, cap) != (self._width, self._cap):
            self._width, self._cap = width, cap
            self._measure()
        else:
            self._open_row_changed()
        # The detail under the feed takes lines when the feed gets the focus: keep the highlighted row in view.
        self.call_after_refresh(self._scroll_to_cursor)

    def _scroll_to_cursor(self) -> None:
        index = self._cursor_index()
        if index is not None:
            region = Region(0, self._top(index), max(1, self.size.width), self._open_lines)
            self.scroll_to_region(region, animate=False, immediate=True)

    # -- keys and mouse ----------------------------------------------------------------------------------
    def _move_to(self, row: int) -> None:
        if self._ids:
            self.cursor = max(0, min(row, len(self._ids) - 1))

    def action_cursor(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max(1, self.size.height // max(self._cap, 1) - 1))

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

    def action_remove_sender(self) -> None:
        if (c := self.highlighted) is not None:
            self.post_message(self.RemoveSenderRequested(c.id))

    def action_let_through(self) -> None:
        if (c := self.highlighted) is not None:
            self.post_message(self.LetThroughRequested(c.id))

    def action_take_off_wall(self) -> None:
        if (c := self.highlighted) is not None:
            self.post_message(self.OffWallRequested(c.id))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """``l`` is in the footer only while some card waits for the wall (moderation on, or cards left waiting)."""
        if action == "let_through":
            return bool(waiting(self.state))
        return True

    def on_click(self, event: events.Click) -> None:
        found = self._row_at(self.scroll_offset.y + event.y)
        if found is not None:
            self._move_to(len(self._ids) - 1 - found[0])

    def visible_rows(self) -> list[str]:
        """The text of the lines on screen (for tests and the benchmark: what a person would read)."""
        out = []
        for y in range(self.size.height):
            out.append("".join(seg.text for seg in self.render_line(y)).rstrip())
        return out
