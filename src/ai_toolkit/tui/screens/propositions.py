"""Provocative propositions (Design): the ideal, in the present tense, each built on themes of the room.

A list of the propositions, newest last, with the themes each builds on; under it the highlighted one in full.
Propositions from phones arrive live. Hidden ones stay in the list, marked, and are left out of votes and minutes.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from ai_toolkit.i18n import t
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Phase, Source
from ai_toolkit.model.session import Proposition, SessionState
from ai_toolkit.tui.dialogs.proposition import PropositionAnswer, PropositionDialog
from ai_toolkit.tui.screens.sense import SenseScreen, sector_tag
from ai_toolkit.tui.widgets.footer import KeyFooter
from ai_toolkit.tui.widgets.labels import counted, one_line, phase_label, themes_name
from ai_toolkit.tui.widgets.row_list import Row, RowList


def theme_names(s: SessionState, p: Proposition) -> list[str]:
    return [one_line(s.themes[t].name) for t in p.theme_ids if t in s.themes and s.themes[t].live]


def proposition_line(number: int, s: SessionState, p: Proposition, lang: str) -> Text:
    line = Text()
    line.append(f"{number:>3}  ", "bold")
    if p.hidden:
        line.append(f"({t('tui.propositions.hidden_mark', lang)})  ", "italic")
    line.append(one_line(p.text))
    names = theme_names(s, p)
    if names:
        line.append("  ← " + ", ".join(names), "dim")
    return line


def proposition_detail(s: SessionState, p: Proposition, lang: str) -> Text:
    text = Text()
    if p.source == Source.PARTICIPANT and p.participant_id in s.participants:
        sector = s.participants[p.participant_id].sector
        text.append(t("tui.detail.phone", lang) + " · ", "dim")
        text.append_text(sector_tag(s.plan, sector, lang))
    else:
        text.append(t("tui.propositions.by_facilitator", lang), "dim")
    if p.hidden:
        text.append(" · " + t("tui.propositions.hidden", lang), "bold italic")
    text.append("\n")
    text.append(p.text)
    names = theme_names(s, p)
    text.append("\n" + t("tui.propositions.builds_on", lang) + " ", "bold")
    text.append(", ".join(names) if names else t("tui.propositions.no_theme", lang), "" if names else "italic")
    return text


class PropositionsScreen(SenseScreen):
    """Write, edit, hide and link the propositions the room will vote on."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("n", "new", "tui.key.new_proposition", tooltip="tui.keyhelp.new_proposition"),
        Binding("e,enter", "edit", "tui.key.edit_link", tooltip="tui.keyhelp.edit_proposition"),
        Binding("x", "hide", "tui.key.hide_show", tooltip="tui.keyhelp.hide_proposition"),
    ]

    DEFAULT_CSS = """
    PropositionsScreen #propositions { height: 1fr; }
    """

    RELEVANT = (
        ev.PropositionAdded,
        ev.PropositionEdited,
        ev.PropositionHidden,
        ev.ThemeCreated,
        ev.ThemeRenamed,
        ev.ThemesMerged,
        ev.ThemeRemoved,
        ev.ThemeRestored,
    )

    def compose(self) -> ComposeResult:
        yield Static(id="title", classes="sense-title")
        yield Static(Text(self.t("tui.propositions.sub"), no_wrap=True, overflow="ellipsis"), classes="sense-sub")
        yield RowList(id="propositions", empty=self.t("tui.propositions.none"))
        yield Static(id="detail", classes="detail")
        yield KeyFooter()

    def after_mount(self) -> None:
        self.rows.focus()

    @property
    def rows(self) -> RowList:
        return self.query_one("#propositions", RowList)

    def redraw(self) -> None:
        s = self.facilitation.state
        props = list(s.propositions.values())
        lang = self.lang
        self.rows.set_rows([Row(p.id, proposition_line(i + 1, s, p, lang), dim=p.hidden) for i, p in enumerate(props)])
        hidden = sum(p.hidden for p in props)
        how_many = counted("tui.count.propositions", len(props) - hidden, lang)
        if hidden:
            how_many += " · " + self.t("tui.themes.hidden", n=hidden)
        self.show(
            "#title",
            Text.assemble(
                (f"{self.t('tui.propositions.title').upper()} · {phase_label(Phase.DESIGN, lang)}", "bold"),
                (f"  {s.info.title}", ""),
                (f"   {how_many}", "dim"),
                no_wrap=True,
                overflow="ellipsis",
            ),
        )
        self._show_detail()

    def _show_detail(self) -> None:
        p = self._highlighted()
        self.show("#detail", proposition_detail(self.facilitation.state, p, self.lang) if p else "")

    def on_row_list_highlighted(self) -> None:
        self._show_detail()

    def _highlighted(self) -> Proposition | None:
        key = self.rows.highlighted
        return self.facilitation.state.propositions.get(key) if key else None

    def _theme_choices(self, ticked: list[str]) -> list[tuple[str, Text, bool]]:
        """Dream themes first (propositions grow from the dream), then the positive core."""
        s = self.facilitation.state
        choices = []
        for phase in (Phase.DREAM, Phase.DISCOVER):
            for theme in s.live_themes(phase):
                label = Text(one_line(theme.name))
                label.append(f"  ({themes_name(phase, self.lang)})", "dim")
                choices.append((theme.id, label, theme.id in ticked))
        return choices

    # -- actions ---------------------------------------------------------------------------------------
    def action_new(self) -> None:
        made: list[Proposition] = []

        def add(answer: PropositionAnswer) -> None:
            made.append(self.facilitation.add_proposition(answer.text, theme_ids=answer.theme_ids))

        self.app.push_screen(
            PropositionDialog(self.t("tui.propositions.new_title"), themes=self._theme_choices([]), apply=add),
            self.after_dialog(lambda: self.rows.select_key(made[0].id)),
        )

    def action_edit(self) -> None:
        p = self._highlighted()
        if p is None:
            self.say(self.t("tui.propositions.none"), error=True)
            return
        self.app.push_screen(
            PropositionDialog(
                self.t("tui.propositions.edit_title"),
                text=p.text,
                themes=self._theme_choices(p.theme_ids),
                apply=lambda answer: self.facilitation.edit_proposition(p.id, answer.text, theme_ids=answer.theme_ids),
            ),
            self.after_dialog(lambda: None),
        )

    def action_hide(self) -> None:
        p = self._highlighted()
        if p is None:
            self.say(self.t("tui.propositions.none"), error=True)
            return
        done = self.change(lambda: self.facilitation.hide_proposition(p.id, not p.hidden))
        if done is not None:
            self.say(self.t("tui.hidden.proposition" if done.hidden else "tui.hidden.shown"))
