"""The room's paper, photographed: how many photos each activity has, and the photos themselves.

Left, the activities that have photos (or have run) with their count of visible photos; right, the highlighted
activity's photos with their caption and their sender's sector, hidden ones dimmed. ``x`` hides a photo from the
wall and the minutes or shows it again (its file stays), ``e`` corrects its caption. Photos withdrawn by their
senders are gone (their files too) and are not listed. Counts and lists come from the service's read-only questions
(``decisions/photos.py``), the same the wall and the minutes ask.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Static

from ai_toolkit.facilitation.checks import MAX_CAPTION
from ai_toolkit.facilitation.decisions import photos
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Source
from ai_toolkit.model.plan import pick
from ai_toolkit.model.session import Photo
from ai_toolkit.tui.dialogs.ask_text import AskText
from ai_toolkit.tui.screens.sense import SenseScreen, sector_style
from ai_toolkit.tui.widgets.footer import KeyFooter
from ai_toolkit.tui.widgets.labels import one_line, phase_label, sector_label


class PhotosScreen(SenseScreen):
    """Photo counts per activity, the photos of one, hide/show and caption."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("x", "hide", "tui.key.hide_show", tooltip="tui.keyhelp.hide_photo"),
        Binding("e", "caption", "tui.key.caption", tooltip="tui.keyhelp.caption_photo"),
    ]

    DEFAULT_CSS = """
    PhotosScreen #panes { height: 1fr; }
    PhotosScreen #left { width: 30; border-right: solid $primary-darken-2; }
    PhotosScreen #right { width: 1fr; }
    PhotosScreen DataTable { height: 1fr; overflow-x: hidden; }
    """

    RELEVANT = (
        ev.PhotoAdded,
        ev.PhotoCaptioned,
        ev.PhotoHidden,
        ev.PhotoWithdrawn,
        ev.ActivityStarted,
        ev.ParticipantUpdated,
    )

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="sense-title")
        yield Static(id="sub", classes="sense-sub")
        with Horizontal(id="panes"):
            with Vertical(id="left"):
                yield Static(id="activities-title", classes="panel-title")
                activities: DataTable[Text] = DataTable(id="activities", cursor_type="row", show_header=False)
                activities.add_column("activity", width=22)
                activities.add_column("n", width=3)
                yield activities
            with Vertical(id="right"):
                yield Static(id="photos-title", classes="panel-title")
                listed: DataTable[Text] = DataTable(
                    id="photos", cursor_type="row", show_header=False, zebra_stripes=True
                )
                listed.add_column("time", width=5)
                listed.add_column("sector", width=14)
                listed.add_column("caption")
                yield listed
        yield Static(id="detail", classes="detail")
        yield KeyFooter()

    def after_mount(self) -> None:
        here = self.facilitation.state.current_activity_id
        if here is not None:
            self._select_activity(here)
        self.query_one("#photos" if self._photo_rows() else "#activities", DataTable).focus()

    # -- what is shown ----------------------------------------------------------------------------------
    def _activities(self) -> list[tuple[str, str]]:
        """``(activity id, label)`` of the activities that ran or have photos, in the plan's order."""
        s = self.facilitation.state
        ran = {r.activity_id for r in s.runs} | {p.activity_id for p in photos.listed_photos(s)}
        return [
            (a.id, f"{phase_label(phase, self.lang)[:3]} · {pick(a.title, self.lang)}")
            for phase, a in s.plan.steps()
            if a.id in ran
        ]

    def _activity(self) -> str | None:
        table = self.query_one("#activities", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _photo_rows(self) -> list[Photo]:
        here = self._activity()
        return list(reversed(photos.listed_photos(self.facilitation.state, here))) if here else []

    def _highlighted(self) -> Photo | None:
        table = self.query_one("#photos", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.facilitation.state.photos.get(key or "")

    def redraw(self) -> None:
        s = self.facilitation.state
        counts = photos.photo_counts(s)
        table = self.query_one("#activities", DataTable)
        keep, row = self._activity(), table.cursor_row
        table.clear()
        for activity_id, label in self._activities():
            n = counts.get(activity_id, 0)
            table.add_row(
                Text(one_line(label), no_wrap=True, overflow="ellipsis"),
                Text(str(n), "bold" if n else "dim", justify="right"),
                key=activity_id,
            )
        if keep is not None and keep in {k for k, _ in self._activities()}:
            table.move_cursor(row=table.get_row_index(keep))
        elif table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))
        listed = photos.listed_photos(s)
        hidden = sum(p.hidden for p in listed)
        count = self.t(
            "tui.photos.count_one" if len(listed) - hidden == 1 else "tui.photos.count", n=len(listed) - hidden
        )
        self.show(
            "#title",
            Text.assemble(
                (self.t("tui.photos.title"), "bold"),
                (f"  {s.info.title}   ", ""),
                (count, "dim"),
                (f" · {self.t('tui.photos.hidden_count', n=hidden)}" if hidden else "", "dim italic"),
            ),
        )
        self.show("#sub", Text(self.t("tui.photos.sub")))
        self.show("#activities-title", self.t("tui.photos.activities"))
        self._draw_photos()

    def _draw_photos(self) -> None:
        table = self.query_one("#photos", DataTable)
        keep, row = self._highlighted(), table.cursor_row
        table.clear()
        rows = self._photo_rows()
        for p in rows:
            dim = "dim italic" if p.hidden else ""
            caption = one_line(p.caption) or self.t("tui.photos.no_caption")
            if p.hidden:
                caption = f"{self.t('tui.photos.hidden_mark')} {caption}"
            table.add_row(
                Text(f"{p.at.astimezone(self.zone):%H:%M}", "dim"),
                Text(self._sender(p)[:14], dim or sector_style(self.facilitation.state.plan, p.sector), no_wrap=True),
                _cut(caption, dim),
                key=p.id,
            )
        if keep is not None and any(p.id == keep.id for p in rows):
            table.move_cursor(row=table.get_row_index(keep.id))
        elif rows:
            table.move_cursor(row=min(row, len(rows) - 1))
        here = self._activity()
        found = self.facilitation.state.activity(here) if here else None
        title = pick(found[1].title, self.lang) if found else ""
        self.show("#photos-title", f"{self.t('tui.photos.list')}: {title}" if title else self.t("tui.photos.list"))
        self._show_detail()

    def _sender(self, p: Photo) -> str:
        if p.source == Source.FACILITATOR:
            return self.t("tui.photos.facilitator")
        return sector_label(self.facilitation.state.plan, p.sector, self.lang)

    def _show_detail(self) -> None:
        p = self._highlighted()
        if p is None:
            self.show("#detail", Text(self.t("tui.photos.none"), "dim italic"))
            return
        text = Text()
        style = sector_style(self.facilitation.state.plan, p.sector) if p.source == Source.PARTICIPANT else "bold"
        text.append(self._sender(p), style)
        text.append(f" · {p.at.astimezone(self.zone):%H:%M} · {p.width} × {p.height} px", "dim")
        if p.hidden:
            text.append(f" · {self.t('tui.photos.hidden')}", "bold italic")
        if not self.facilitation.photo_files.has(p.sha256):
            text.append(f" · {self.t('tui.photos.file_missing')}", "bold yellow")
        text.append("\n")
        text.append(p.caption or self.t("tui.photos.no_caption"), "" if p.caption else "dim italic")
        self.show("#detail", text)

    def _select_activity(self, activity_id: str) -> None:
        table = self.query_one("#activities", DataTable)
        try:
            table.move_cursor(row=table.get_row_index(activity_id))
        except KeyError:
            return
        self._draw_photos()

    @on(DataTable.RowHighlighted, "#activities")
    def _activity_moved(self) -> None:
        self._draw_photos()

    @on(DataTable.RowHighlighted, "#photos")
    def _photo_moved(self) -> None:
        self._show_detail()

    @on(DataTable.RowSelected, "#photos")
    def _enter(self) -> None:
        self.action_caption()

    # -- actions ---------------------------------------------------------------------------------------
    def _need(self) -> Photo | None:
        p = self._highlighted()
        if p is None:
            self.say(self.t("tui.photos.need"), error=True)
        return p

    def action_hide(self) -> None:
        p = self._need()
        if p is None:
            return
        done = self.change(lambda: self.facilitation.hide_photo(p.id, not p.hidden))
        if done is not None:
            self.say(self.t("tui.photos.hid" if done.hidden else "tui.photos.shown"))

    def action_caption(self) -> None:
        p = self._need()
        if p is None:
            return
        self.app.push_screen(
            AskText(
                self.t("tui.photos.caption_title"),
                label=self.t("tui.photos.caption_label"),
                value=p.caption,
                max_length=MAX_CAPTION,
                apply=lambda text: self.facilitation.caption_photo(p.id, text),
            ),
            self.after_dialog(lambda: None),
        )


CAPTION_WIDTH = 60
"""Characters of a caption in the list; the whole caption is in the pane below."""


def _cut(caption: str, style: str) -> Text:
    text = Text(caption, style, no_wrap=True, overflow="ellipsis")
    text.truncate(CAPTION_WIDTH, overflow="ellipsis")
    return text
