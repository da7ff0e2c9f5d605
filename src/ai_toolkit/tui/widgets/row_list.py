"""A keyboard list of one-line rows that renders only what is visible.

The themes view must stay quick with 5,000 contributions, and it redraws whenever a phone sends something.
Textual's OptionList and DataTable measure every row when they are filled (0.3-1 s for 5,000 rows), so this list
keeps plain ``Row`` values and draws just the lines on screen (Textual's line API): refilling it is a list copy.

Rows carry ``rich.text.Text``, never markup strings, so participants' words are shown as typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import NamedTuple

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip


class Row(NamedTuple):
    """One line: ``key`` names what it stands for (a contribution or theme id); ``dim`` marks hidden items.

    ``text`` may be a function that makes the line: it is called only when the row is on screen, so a list of
    5,000 contributions costs 5,000 small tuples, not 5,000 formatted lines, each time it is refilled.
    """

    key: str
    text: Text | Callable[[], Text]
    dim: bool = False

    def line(self) -> Text:
        return self.text() if callable(self.text) else self.text


class RowList(ScrollView, can_focus=True):
    """Rows with a cursor; with ``pickable`` the space bar picks several rows (to split a theme)."""

    BINDINGS = [
        Binding("up", "cursor(-1)", "tui.key.up", show=False),
        Binding("down", "cursor(1)", "tui.key.down", show=False),
        Binding("pageup", "page(-1)", "tui.key.page_up", show=False),
        Binding("pagedown", "page(1)", "tui.key.page_down", show=False),
        Binding("home", "jump(0)", "tui.key.first", show=False),
        Binding("end", "jump(-1)", "tui.key.last", show=False),
        Binding("space", "pick", "tui.key.pick", show=False),
    ]

    COMPONENT_CLASSES = {"row-list--cursor", "row-list--dim", "row-list--picked", "row-list--empty"}

    DEFAULT_CSS = """
    RowList { height: 1fr; background: $surface; padding: 0 1; overflow-x: hidden; overflow-y: auto; }
    RowList > .row-list--cursor { background: $primary 30%; }
    RowList:focus > .row-list--cursor { background: $primary; color: $text; text-style: bold; }
    RowList > .row-list--dim { color: $text-disabled; text-style: italic; }
    RowList > .row-list--picked { color: $warning; }
    RowList > .row-list--empty { color: $text-muted; text-style: italic; }
    """

    cursor: reactive[int] = reactive(0, always_update=True, repaint=False)

    class Highlighted(Message):
        """The cursor moved to another row (or the rows changed under it)."""

        def __init__(self, row_list: RowList, key: str | None) -> None:
            super().__init__()
            self.row_list = row_list
            self.key = key

        @property
        def control(self) -> RowList:
            return self.row_list

    class Picked(Message):
        """A row was picked or unpicked with the space bar."""

        def __init__(self, row_list: RowList) -> None:
            super().__init__()
            self.row_list = row_list

        @property
        def control(self) -> RowList:
            return self.row_list

    def __init__(
        self, *, empty: str = "", pickable: bool = False, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._rows: list[Row] = []
        self._index: dict[str, int] = {}
        self.empty = empty
        self.pickable = pickable
        self.picked: set[str] = set()
        self._last_key: str | None = None

    # -- data ------------------------------------------------------------------------------------------
    @property
    def rows(self) -> Sequence[Row]:
        return self._rows

    @property
    def highlighted(self) -> str | None:
        """The key of the row under the cursor."""
        return self._rows[self.cursor].key if 0 <= self.cursor < len(self._rows) else None

    def set_rows(self, rows: Sequence[Row]) -> None:
        """Replace the rows; the cursor stays on the same key, or at the same place if that row left."""
        keep = self.highlighted
        old_cursor = self.cursor
        self._rows = list(rows)
        self._index = {row.key: i for i, row in enumerate(self._rows)}
        self.picked &= set(self._index)
        size = Size(self.size.width, len(self._rows))
        if self.virtual_size != size:
            self.virtual_size = size
        if keep is not None and keep in self._index:
            self.cursor = self._index[keep]
        else:
            self.cursor = min(old_cursor, max(len(self._rows) - 1, 0))
        self.refresh()

    def select_key(self, key: str) -> bool:
        """Put the cursor on the row with ``key``, if there is one."""
        index = self._index.get(key)
        if index is None:
            return False
        self.cursor = index
        return True

    # -- cursor ----------------------------------------------------------------------------------------
    def validate_cursor(self, value: int) -> int:
        return max(0, min(value, len(self._rows) - 1)) if self._rows else 0

    def watch_cursor(self, value: int) -> None:
        self.refresh()
        if self._rows and self.size.height:
            self.scroll_to_region(Region(0, value, 1, 1), animate=False, immediate=True, force=True)
        key = self.highlighted
        if key != self._last_key:
            self._last_key = key
            self.post_message(self.Highlighted(self, key))

    def action_cursor(self, step: int) -> None:
        self.cursor += step

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(self.scrollable_content_region.height - 1, 1)

    def action_jump(self, where: int) -> None:
        self.cursor = where if where >= 0 else len(self._rows) - 1

    def action_pick(self) -> None:
        key = self.highlighted
        if not self.pickable or key is None:
            return
        self.picked.symmetric_difference_update({key})
        self.refresh()
        self.post_message(self.Picked(self))
        self.cursor += 1

    def on_click(self, event: events.Click) -> None:
        self.cursor = event.y + self.scroll_offset.y

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self._rows))

    # -- drawing ---------------------------------------------------------------------------------------
    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width or self.size.width
        base = self.rich_style
        index = y + self.scroll_offset.y
        if not self._rows:
            if y == 0 and self.empty:
                return self._strip(Text(self.empty), base + self.get_component_rich_style("row-list--empty"), width)
            return Strip.blank(width, base)
        if index >= len(self._rows):
            return Strip.blank(width, base)
        row = self._rows[index]
        style = base
        if row.dim:
            style += self.get_component_rich_style("row-list--dim")
        line = Text()
        if self.pickable:
            picked = row.key in self.picked
            mark = Style(color=self.get_component_rich_style("row-list--picked").color) if picked else Style()
            line.append("● " if picked else "○ ", mark)  # the colour only: the cursor's background shows through
        line.append_text(row.line())
        if index == self.cursor:
            style += self.get_component_rich_style("row-list--cursor")
        return self._strip(line, style, width)

    def _strip(self, text: Text, style: Style, width: int) -> Strip:
        text.no_wrap = True
        text.end = ""
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = list(text.render(self.app.console))
        return Strip(segments).apply_style(style).adjust_cell_length(width, style)
