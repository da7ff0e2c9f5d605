"""The themes view: the room's stories clustered into the positive core (Discover) or dream themes (Dream).

Left, the contributions of the phase that are in no theme yet; right, the themes with their counts and the
sectors behind each (the positive core reads as this named list), and under them the contributions of the
highlighted theme. The facilitator works with one hand on the keyboard: ``a`` (or the theme's number) puts the
highlighted contribution into a theme and the next one comes up.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Static

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import PHASE_ORDER, Phase
from ai_toolkit.model.plan import Plan
from ai_toolkit.model.session import Contribution, Theme
from ai_toolkit.tui.dialogs.ask_text import AskText
from ai_toolkit.tui.dialogs.edit_text import EditText
from ai_toolkit.tui.dialogs.pick_theme import PickTheme
from ai_toolkit.tui.screens.sense import SenseScreen, contribution_detail, contribution_line, sector_mix
from ai_toolkit.tui.widgets.footer import KeyFooter
from ai_toolkit.tui.widgets.labels import counted, one_line, phase_label, shorten, themes_name
from ai_toolkit.tui.widgets.row_list import Row, RowList


def theme_line(
    plan: Plan, number: int, theme: Theme, members: Sequence[Contribution], name_width: int, lang: str
) -> Text:
    """``1 Open factory halls   12  creative 5 · company 4``; numbers 1-9 are the keys that assign to it. A long
    name is cut at a word with one ellipsis (the whole name shows under the list)."""
    visible = [c for c in members if not c.hidden]
    line = Text()
    line.append(f"{number:>2} " if number <= 9 else "   ", "bold")
    name = shorten(theme.name, name_width)
    line.append(name + " " * (name_width - cell_len(name)), "bold")
    line.append(f" {len(visible):>4}  ", "bold")
    line.append_text(sector_mix(plan, visible, lang))
    return line


def default_phase(f: Facilitation) -> Phase:
    """The phase being clustered now: Discover until the Dream starts, the Dream's themes after it."""
    s = f.state
    current = s.current_phase
    if current in (Phase.DISCOVER, Phase.DREAM):
        return current
    if s.ended_at is not None or (current is not None and PHASE_ORDER.index(current) > PHASE_ORDER.index(Phase.DREAM)):
        return Phase.DREAM
    return Phase.DISCOVER


class ThemesScreen(SenseScreen):
    """Name themes and put contributions into them, for the positive core or the dream."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("a", "assign", "tui.key.assign", tooltip="tui.keyhelp.assign"),
        Binding("n", "new_theme", "tui.key.new", tooltip="tui.keyhelp.new_theme"),
        Binding("r", "rename", "tui.key.rename", tooltip="tui.keyhelp.rename"),
        Binding("m", "merge", "tui.key.merge", tooltip="tui.keyhelp.merge"),
        Binding("s", "split", "tui.key.split", tooltip="tui.keyhelp.split"),
        Binding("u", "take_out", "tui.key.take_out", tooltip="tui.keyhelp.take_out"),
        Binding("e", "edit", "tui.key.edit", tooltip="tui.keyhelp.edit_contribution", show=False),
        Binding("x", "hide", "tui.key.hide", tooltip="tui.keyhelp.hide_contribution", show=False),
        Binding("d", "switch_phase", "tui.key.switch_phase", tooltip="tui.keyhelp.switch_phase"),
        *[
            Binding(str(n), f"assign_to({n})", "tui.key.into_theme", show=False, tooltip="tui.keyhelp.into_theme")
            for n in range(1, 10)
        ],
    ]

    DEFAULT_CSS = """
    ThemesScreen #columns { height: 1fr; }
    ThemesScreen #left { width: 1fr; border-right: solid $primary-darken-2; }
    ThemesScreen #right { width: 1fr; }
    ThemesScreen #themes { height: 2fr; }
    ThemesScreen #members { height: 3fr; }
    """

    RELEVANT = (
        ev.ContributionAdded,
        ev.ContributionEdited,
        ev.ContributionHidden,
        ev.ContributionAssigned,
        ev.ThemeCreated,
        ev.ThemeRenamed,
        ev.ThemesMerged,
        ev.ThemeRemoved,
        ev.ThemeRestored,
    )

    def __init__(self, facilitation: Facilitation, phase: Phase | None = None) -> None:
        super().__init__(facilitation)
        self.phase = phase or default_phase(facilitation)
        self._themes: list[Theme] = []
        self._members: dict[str, list[Contribution]] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="sense-title")
        with Horizontal(id="columns"):
            with Vertical(id="left"):
                yield Static(id="unassigned-title", classes="panel-title")
                yield RowList(id="unassigned", empty=self.t("tui.themes.all_placed"))
                yield Static(id="detail", classes="detail")
            with Vertical(id="right"):
                yield Static(id="themes-title", classes="panel-title")
                yield RowList(id="themes", empty=self.t("tui.themes.none"))
                yield Static(id="members-title", classes="panel-title")
                yield RowList(id="members", pickable=True, empty=self.t("tui.themes.no_members"))
        yield KeyFooter()

    def after_mount(self) -> None:
        self.query_one("#unassigned", RowList).focus()

    # -- the lists -------------------------------------------------------------------------------------
    @property
    def unassigned(self) -> RowList:
        return self.query_one("#unassigned", RowList)

    @property
    def theme_list(self) -> RowList:
        return self.query_one("#themes", RowList)

    @property
    def members(self) -> RowList:
        return self.query_one("#members", RowList)

    def redraw(self) -> None:
        s = self.facilitation.state
        self._themes = s.live_themes(self.phase)
        self._members = {t.id: [] for t in self._themes}
        live_anywhere = {t.id for t in s.themes.values() if t.live}
        waiting: list[Contribution] = []
        total = 0
        for c in s.contributions.values():
            if c.theme_id in self._members:
                self._members[c.theme_id].append(c)
            if c.phase == self.phase:
                total += not c.hidden
                if c.theme_id not in live_anywhere:
                    waiting.append(c)
        hidden = sum(c.hidden for c in waiting)
        waiting.sort(key=lambda c: c.hidden)  # hidden ones last, so ``a`` on the top row keeps flowing
        lang = self.lang
        self.unassigned.set_rows(
            [Row(c.id, partial(contribution_line, s.plan, c, lang), dim=c.hidden) for c in waiting]
        )
        name_width = min(max((cell_len(one_line(t.name)) for t in self._themes), default=10), self._name_room())
        self.theme_list.set_rows(
            [
                Row(t.id, theme_line(s.plan, i + 1, t, self._members[t.id], name_width, lang))
                for i, t in enumerate(self._themes)
            ]
        )
        in_themes = sum(not c.hidden for ms in self._members.values() for c in ms)
        what = themes_name(self.phase, lang)
        other = Phase.DREAM if self.phase == Phase.DISCOVER else Phase.DISCOVER
        self.show(
            "#title",
            Text.assemble(
                (f"{what.upper()} · {phase_label(self.phase, lang)}", "bold"),
                (f"  {s.info.title}", ""),
                ("   " + self.t("tui.themes.switch", what=themes_name(other, lang)), "dim"),
                no_wrap=True,
                overflow="ellipsis",
            ),
        )
        waiting_words = self.t("tui.themes.waiting", n=len(waiting) - hidden, total=total)
        if hidden:
            waiting_words += " · " + self.t("tui.themes.hidden", n=hidden)
        self.show(
            "#unassigned-title",
            Text.assemble(
                waiting_words,
                ("   " + self.t("tui.themes.assign_keys"), "dim"),
                no_wrap=True,
                overflow="ellipsis",
            ),
        )
        self.show(
            "#themes-title",
            Text(
                f"{what.upper()}  {counted('tui.count.themes', len(self._themes), lang)} · "
                f"{counted('tui.count.contributions', in_themes, lang)}",
                no_wrap=True,
                overflow="ellipsis",
            ),
        )
        self._fill_members()
        self._show_detail()

    def _fill_members(self) -> None:
        theme = self._highlighted_theme()
        members = self._members.get(theme.id, []) if theme else []
        plan = self.facilitation.state.plan
        self.members.set_rows(
            [Row(c.id, partial(contribution_line, plan, c, self.lang), dim=c.hidden) for c in members]
        )
        self._members_title()

    @on(RowList.Picked)
    def _members_title(self) -> None:
        theme = self._highlighted_theme()
        members = self._members.get(theme.id, []) if theme else []
        title = Text(no_wrap=True, overflow="ellipsis")
        if theme:
            title.append(self.t("tui.themes.in_theme", name=one_line(theme.name)))
            title.append(f"  {sum(not c.hidden for c in members)}")
            picked = len(self.members.picked)
            how = self.t("tui.themes.picked", n=picked) if picked else self.t("tui.themes.pick_keys")
            title.append(f" · {how}", "dim")
        else:
            title.append(self.t("tui.themes.in_no_theme"))
        self.show("#members-title", title)

    def _name_room(self) -> int:
        """How wide a theme's name may be in the list: what the column leaves after its number, the count and a
        little of the sector mix, and never more than 34 cells."""
        width = self.theme_list.scrollable_content_region.width or self.theme_list.size.width or 60
        return max(8, min(34, width - 3 - 6 - 8))

    def on_resize(self) -> None:
        self._draw()

    def _show_detail(self) -> None:
        if self.focused is self.theme_list:
            theme = self._highlighted_theme()
            if theme is None:
                self.show("#detail", "")
                return
            visible = [c for c in self._members.get(theme.id, []) if not c.hidden]
            text = Text(theme.name, "bold")
            text.append(f"\n{counted('tui.count.contributions', len(visible), self.lang)}  ")
            text.append_text(sector_mix(self.facilitation.state.plan, visible, self.lang))
            self.show("#detail", text)
            return
        c = self._focused_contribution()
        self.show("#detail", contribution_detail(self.facilitation.state.plan, c, self.lang, self.zone) if c else "")

    @on(RowList.Highlighted)
    def _moved(self, event: RowList.Highlighted) -> None:
        if event.row_list is self.theme_list:
            self._fill_members()
        self._show_detail()

    def on_descendant_focus(self) -> None:
        self._show_detail()

    # -- what the keys act on --------------------------------------------------------------------------
    def _highlighted_theme(self) -> Theme | None:
        key = self.theme_list.highlighted
        return self.facilitation.state.themes.get(key) if key else None

    def _focused_contribution(self) -> Contribution | None:
        rows = self.members if self.focused is self.members else self.unassigned
        key = rows.highlighted
        return self.facilitation.state.contributions.get(key) if key else None

    def _need_theme(self) -> Theme | None:
        theme = self._highlighted_theme()
        if theme is None:
            self.say(self.t("tui.themes.need_theme"), error=True)
        return theme

    def _need_contribution(self) -> Contribution | None:
        c = self._focused_contribution()
        if c is None:
            self.say(self.t("tui.themes.need_contribution"), error=True)
        return c

    # -- actions ---------------------------------------------------------------------------------------
    def action_assign(self) -> None:
        key = self.unassigned.highlighted
        if key is None:
            self.say(self.t("tui.themes.all_placed"), error=True)
            return
        theme = self._need_theme()
        if theme is not None:
            self.change(lambda: self.facilitation.assign(key, theme.id))

    def action_assign_to(self, number: int) -> None:
        if number > len(self._themes):
            self.say(self.t("tui.themes.no_number", n=number, what=themes_name(self.phase, self.lang)), error=True)
            return
        c = self._need_contribution()
        if c is not None:
            theme = self._themes[number - 1]
            self.change(lambda: self.facilitation.assign(c.id, theme.id))

    def action_take_out(self) -> None:
        if self.focused is not self.members:
            self.say(self.t("tui.themes.take_out_how"), error=True)
            return
        c = self._need_contribution()
        if c is not None:
            self.change(lambda: self.facilitation.assign(c.id, None))

    def action_new_theme(self) -> None:
        made: list[Theme] = []
        phase = self.phase

        def create(name: str) -> None:
            made.append(self.facilitation.create_theme(name, phase=phase))

        self.app.push_screen(
            AskText(
                self.t("tui.themes.new_title", what=themes_name(phase, self.lang)),
                label=self.t("tui.themes.new_label"),
                apply=create,
            ),
            self.after_dialog(lambda: self.theme_list.select_key(made[0].id)),
        )

    def action_rename(self) -> None:
        theme = self._need_theme()
        if theme is None:
            return
        self.app.push_screen(
            AskText(
                self.t("tui.themes.rename_title"),
                label=self.t("tui.themes.name_label"),
                value=theme.name,
                apply=lambda name: self.facilitation.rename_theme(theme.id, name),
            ),
            self.after_dialog(lambda: None),
        )

    def action_merge(self) -> None:
        theme = self._need_theme()
        if theme is None:
            return
        others = [t for t in self._themes if t.id != theme.id]
        if not others:
            self.say(self.t("tui.themes.merge_nowhere", name=one_line(theme.name)), error=True)
            return
        choices = []
        for t in others:
            label = Text(one_line(t.name), "bold")
            label.append(f"  {sum(not c.hidden for c in self._members.get(t.id, []))}")
            choices.append((t.id, label))
        picked: list[str] = []

        def merge(target: str) -> None:
            self.facilitation.merge_themes(theme.id, target)
            picked.append(target)

        self.app.push_screen(
            PickTheme(
                self.t("tui.themes.merge_title", name=one_line(theme.name)),
                label=self.t("tui.themes.merge_label"),
                choices=choices,
                apply=merge,
            ),
            self.after_dialog(lambda: self.theme_list.select_key(picked[0])),
        )

    def action_split(self) -> None:
        theme = self._need_theme()
        if theme is None:
            return
        picked = [row.key for row in self.members.rows if row.key in self.members.picked]
        if not picked:
            self.say(self.t("tui.themes.split_how"), error=True)
            return
        made: list[Theme] = []

        def split(name: str) -> None:
            made.append(self.facilitation.split_theme(theme.id, picked, name))

        def done() -> None:
            self.members.picked.clear()
            self.theme_list.select_key(made[0].id)

        self.app.push_screen(
            AskText(
                self.t("tui.themes.split_title", name=one_line(theme.name), n=len(picked)),
                label=self.t("tui.themes.split_label"),
                apply=split,
            ),
            self.after_dialog(done),
        )

    def action_edit(self) -> None:
        c = self._need_contribution()
        if c is None:
            return
        self.app.push_screen(
            EditText(
                self.t("tui.edit.title"),
                label=self.t("tui.edit.label"),
                note=contribution_detail(self.facilitation.state.plan, c, self.lang, self.zone).split("\n")[0],
                value=c.text,
                apply=lambda text: self.facilitation.edit_contribution(c.id, text),
            ),
            self.after_dialog(lambda: None),
        )

    def action_hide(self) -> None:
        c = self._need_contribution()
        if c is None:
            return
        done = self.change(lambda: self.facilitation.hide_contribution(c.id, not c.hidden))
        if done is not None:
            self.say(self.t("tui.hidden.contribution" if done.hidden else "tui.hidden.shown"))

    def action_switch_phase(self) -> None:
        self.phase = Phase.DREAM if self.phase == Phase.DISCOVER else Phase.DISCOVER
        for rows in (self.unassigned, self.theme_list, self.members):
            rows.picked.clear()
            rows.set_rows([])
        self._draw()
