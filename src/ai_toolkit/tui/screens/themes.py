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
from textual.widgets import Footer, Static

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import PHASE_ORDER, Phase
from ai_toolkit.model.plan import Plan
from ai_toolkit.model.session import Contribution, Theme
from ai_toolkit.tui.dialogs.ask_text import AskText
from ai_toolkit.tui.dialogs.edit_text import EditText
from ai_toolkit.tui.dialogs.pick_theme import PickTheme
from ai_toolkit.tui.screens.sense import (
    THEMES_NAME,
    SenseScreen,
    contribution_detail,
    contribution_line,
    count,
    sector_mix,
)
from ai_toolkit.tui.widgets.row_list import Row, RowList


def theme_line(plan: Plan, number: int, theme: Theme, members: Sequence[Contribution], name_width: int) -> Text:
    """``1 Open factory halls   12  creative 5 · company 4``; numbers 1-9 are the keys that assign to it."""
    visible = [c for c in members if not c.hidden]
    line = Text()
    line.append(f"{number:>2} " if number <= 9 else "   ", "bold")
    name = Text(" ".join(theme.name.split()), "bold")
    name.truncate(name_width, overflow="ellipsis", pad=True)
    line.append_text(name)
    line.append(f" {len(visible):>4}  ", "bold")
    line.append_text(sector_mix(plan, visible))
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
        Binding("a", "assign", "Assign", tooltip="Put the highlighted contribution into the highlighted theme"),
        Binding("n", "new_theme", "New", tooltip="Name a new theme"),
        Binding("r", "rename", "Rename", tooltip="Rename the highlighted theme"),
        Binding("m", "merge", "Merge", tooltip="Merge the highlighted theme into another"),
        Binding("s", "split", "Split", tooltip="A new theme from the contributions picked with space"),
        Binding("u", "take_out", "Out", tooltip="Take the highlighted contribution out of its theme"),
        Binding("e", "edit", "Edit", tooltip="Correct the highlighted contribution's text", show=False),
        Binding(
            "x", "hide", "Hide", tooltip="Hide a contribution (kept, left out of the minutes) or show it", show=False
        ),
        Binding("d", "switch_phase", "Phase", tooltip="Switch between the positive core and dream themes"),
        *[
            Binding(str(n), f"assign_to({n})", f"Into theme {n}", show=False, tooltip=f"Put it into theme {n}")
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
                yield RowList(id="unassigned", empty="Every contribution of this phase is in a theme.")
                yield Static(id="detail", classes="detail")
            with Vertical(id="right"):
                yield Static(id="themes-title", classes="panel-title")
                yield RowList(id="themes", empty="No themes yet: press n to name the first one.")
                yield Static(id="members-title", classes="panel-title")
                yield RowList(id="members", pickable=True, empty="No contributions in this theme yet.")
        yield Footer()

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
        self.unassigned.set_rows([Row(c.id, partial(contribution_line, s.plan, c), dim=c.hidden) for c in waiting])
        name_width = min(max((cell_len(" ".join(t.name.split())) for t in self._themes), default=10), 34)
        self.theme_list.set_rows(
            [
                Row(t.id, theme_line(s.plan, i + 1, t, self._members[t.id], name_width))
                for i, t in enumerate(self._themes)
            ]
        )
        in_themes = sum(not c.hidden for ms in self._members.values() for c in ms)
        what = THEMES_NAME[self.phase]
        other = Phase.DREAM if self.phase == Phase.DISCOVER else Phase.DISCOVER
        self.show(
            "#title",
            Text.assemble(
                (f"{what.upper()} · {self.phase.value.title()}", "bold"),
                (f"  {s.info.title}", ""),
                (f"   d: switch to {THEMES_NAME[other]}", "dim"),
            ),
        )
        self.show(
            "#unassigned-title",
            Text.assemble(
                f"NOT IN A THEME YET  {len(waiting) - hidden} of {total}" + (f" · {hidden} hidden" if hidden else ""),
                ("   a / 1-9: into a theme", "dim"),
            ),
        )
        self.show(
            "#themes-title",
            Text(f"{what.upper()}  {count(len(self._themes), 'theme')} · {count(in_themes, 'contribution')}"),
        )
        self._fill_members()
        self._show_detail()

    def _fill_members(self) -> None:
        theme = self._highlighted_theme()
        members = self._members.get(theme.id, []) if theme else []
        plan = self.facilitation.state.plan
        self.members.set_rows([Row(c.id, partial(contribution_line, plan, c), dim=c.hidden) for c in members])
        self._members_title()

    @on(RowList.Picked)
    def _members_title(self) -> None:
        theme = self._highlighted_theme()
        members = self._members.get(theme.id, []) if theme else []
        title = Text("IN ")
        if theme:
            title.append(f"“{' '.join(theme.name.split())}”")
            title.append(f"  {sum(not c.hidden for c in members)}")
            picked = len(self.members.picked)
            title.append(f" · {picked} picked, s splits them off" if picked else " · space picks, s splits off", "dim")
        else:
            title.append("A THEME")
        self.show("#members-title", title)

    def _show_detail(self) -> None:
        if self.focused is self.theme_list:
            theme = self._highlighted_theme()
            if theme is None:
                self.show("#detail", "")
                return
            visible = [c for c in self._members.get(theme.id, []) if not c.hidden]
            text = Text(theme.name, "bold")
            text.append(f"\n{count(len(visible), 'contribution')}  ")
            text.append_text(sector_mix(self.facilitation.state.plan, visible))
            self.show("#detail", text)
            return
        c = self._focused_contribution()
        self.show("#detail", contribution_detail(self.facilitation.state.plan, c, self.zone) if c else "")

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
            self.say("There is no theme yet: press n to name one.", error=True)
        return theme

    def _need_contribution(self) -> Contribution | None:
        c = self._focused_contribution()
        if c is None:
            self.say("There is no contribution here to act on.", error=True)
        return c

    # -- actions ---------------------------------------------------------------------------------------
    def action_assign(self) -> None:
        key = self.unassigned.highlighted
        if key is None:
            self.say("Every contribution of this phase is already in a theme.", error=True)
            return
        theme = self._need_theme()
        if theme is not None:
            self.attempt(lambda: self.facilitation.assign(key, theme.id))

    def action_assign_to(self, number: int) -> None:
        if number > len(self._themes):
            self.say(f"There is no theme {number} in the {THEMES_NAME[self.phase]}.", error=True)
            return
        c = self._need_contribution()
        if c is not None:
            theme = self._themes[number - 1]
            self.attempt(lambda: self.facilitation.assign(c.id, theme.id))

    def action_take_out(self) -> None:
        if self.focused is not self.members:
            self.say("Tab to the theme's contributions; u takes the highlighted one out.", error=True)
            return
        c = self._need_contribution()
        if c is not None:
            self.attempt(lambda: self.facilitation.assign(c.id, None))

    def action_new_theme(self) -> None:
        made: list[Theme] = []
        phase = self.phase

        def create(name: str) -> None:
            made.append(self.facilitation.create_theme(name, phase=phase))

        self.app.push_screen(
            AskText(
                f"New theme in the {THEMES_NAME[phase]}",
                label="Name (a strength or hope the stories share)",
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
                "Rename the theme",
                label="Name",
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
            self.say(f"There is no other theme to merge “{theme.name}” into; name one first (n).", error=True)
            return
        choices = []
        for t in others:
            label = Text(" ".join(t.name.split()), "bold")
            label.append(f"  {sum(not c.hidden for c in self._members.get(t.id, []))}")
            choices.append((t.id, label))
        picked: list[str] = []

        def merge(target: str) -> None:
            self.facilitation.merge_themes(theme.id, target)
            picked.append(target)

        self.app.push_screen(
            PickTheme(
                f"Merge “{theme.name}” into…",
                label="Its contributions and links move to the theme you pick. Ctrl+Z takes it back.",
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
            self.say(
                "Pick the contributions for the new theme first: Tab to the theme's contributions, "
                "space picks each one.",
                error=True,
            )
            return
        made: list[Theme] = []

        def split(name: str) -> None:
            made.append(self.facilitation.split_theme(theme.id, picked, name))

        def done() -> None:
            self.members.picked.clear()
            self.theme_list.select_key(made[0].id)

        self.app.push_screen(
            AskText(
                f"Split “{theme.name}”: a new theme from {len(picked)} picked contribution"
                + ("s" if len(picked) > 1 else ""),
                label="Name of the new theme",
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
                "Correct the contribution",
                label="Keep the participant's words; fix only what must be fixed.",
                value=c.text,
                apply=lambda text: self.facilitation.edit_contribution(c.id, text),
            ),
            self.after_dialog(lambda: None),
        )

    def action_hide(self) -> None:
        c = self._need_contribution()
        if c is None:
            return
        done = self.attempt(lambda: self.facilitation.hide_contribution(c.id, not c.hidden))
        if done is not None:
            self.say(
                "Hidden: kept in the log and marked, left out of the minutes. Ctrl+Z takes it back."
                if done.hidden
                else "Shown again."
            )

    def action_switch_phase(self) -> None:
        self.phase = Phase.DREAM if self.phase == Phase.DISCOVER else Phase.DISCOVER
        for rows in (self.unassigned, self.theme_list, self.members):
            rows.picked.clear()
            rows.set_rows([])
        self._draw()
