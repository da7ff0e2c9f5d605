"""Provocative propositions (Design): the ideal, in the present tense, each built on themes of the room.

A list of the propositions, newest last, with the themes each builds on; under it the highlighted one in full.
Propositions from phones arrive live. Hidden ones stay in the list, marked, and are left out of votes and minutes.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Static

from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Phase, Source
from ai_toolkit.model.session import Proposition, SessionState
from ai_toolkit.tui.dialogs.proposition import PropositionAnswer, PropositionDialog
from ai_toolkit.tui.screens.sense import THEMES_NAME, SenseScreen, count, sector_tag
from ai_toolkit.tui.widgets.row_list import Row, RowList


def theme_names(s: SessionState, p: Proposition) -> list[str]:
    return [" ".join(s.themes[t].name.split()) for t in p.theme_ids if t in s.themes and s.themes[t].live]


def proposition_line(number: int, s: SessionState, p: Proposition) -> Text:
    line = Text()
    line.append(f"{number:>3}  ", "bold")
    line.append(" ".join(p.text.split()))
    names = theme_names(s, p)
    if names:
        line.append("  ← " + ", ".join(names), "dim")
    if p.hidden:
        line.append("  (hidden)", "italic")
    return line


def proposition_detail(s: SessionState, p: Proposition) -> Text:
    text = Text()
    if p.source == Source.PARTICIPANT and p.participant_id in s.participants:
        sector = s.participants[p.participant_id].sector
        text.append("from a phone · ", "dim")
        text.append_text(sector_tag(s.plan, sector))
    else:
        text.append("written by the facilitator", "dim")
    if p.hidden:
        text.append(" · hidden: kept, left out of votes and the minutes", "bold italic")
    text.append("\n")
    text.append(p.text)
    names = theme_names(s, p)
    text.append("\nBuilds on: ", "bold")
    text.append(", ".join(names) if names else "no theme yet (e links it)", "" if names else "italic")
    return text


class PropositionsScreen(SenseScreen):
    """Write, edit, hide and link the propositions the room will vote on."""

    BINDINGS: ClassVar[list[Binding | tuple[str, str] | tuple[str, str, str]]] = [
        Binding("n", "new", "New proposition", tooltip="Write a provocative proposition"),
        Binding("e,enter", "edit", "Edit / link themes", tooltip="Edit the highlighted proposition and its themes"),
        Binding("x", "hide", "Hide/show", tooltip="Hide the proposition (kept, left out of votes) or show it"),
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
        yield Static(
            Text("“We are a region where…”: the ideal in the present tense, built on real examples from the room."),
            classes="sense-sub",
        )
        yield RowList(id="propositions", empty="No propositions yet: press n to write the first one.")
        yield Static(id="detail", classes="detail")
        yield Footer()

    def after_mount(self) -> None:
        self.rows.focus()

    @property
    def rows(self) -> RowList:
        return self.query_one("#propositions", RowList)

    def redraw(self) -> None:
        s = self.facilitation.state
        props = list(s.propositions.values())
        self.rows.set_rows([Row(p.id, proposition_line(i + 1, s, p), dim=p.hidden) for i, p in enumerate(props)])
        hidden = sum(p.hidden for p in props)
        self.show(
            "#title",
            Text.assemble(
                ("PROVOCATIVE PROPOSITIONS · Design", "bold"),
                (f"  {s.info.title}", ""),
                (f"   {count(len(props) - hidden, 'proposition')}" + (f" · {hidden} hidden" if hidden else ""), "dim"),
            ),
        )
        self._show_detail()

    def _show_detail(self) -> None:
        p = self._highlighted()
        self.show("#detail", proposition_detail(self.facilitation.state, p) if p else "")

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
            for t in s.live_themes(phase):
                label = Text(" ".join(t.name.split()))
                label.append(f"  ({THEMES_NAME[phase]})", "dim")
                choices.append((t.id, label, t.id in ticked))
        return choices

    # -- actions ---------------------------------------------------------------------------------------
    def action_new(self) -> None:
        made: list[Proposition] = []

        def add(answer: PropositionAnswer) -> None:
            made.append(self.facilitation.add_proposition(answer.text, theme_ids=answer.theme_ids))

        self.app.push_screen(
            PropositionDialog("New provocative proposition", themes=self._theme_choices([]), apply=add),
            self.after_dialog(lambda: self.rows.select_key(made[0].id)),
        )

    def action_edit(self) -> None:
        p = self._highlighted()
        if p is None:
            self.say("There is no proposition yet: press n to write one.", error=True)
            return
        self.app.push_screen(
            PropositionDialog(
                "Edit the proposition",
                text=p.text,
                themes=self._theme_choices(p.theme_ids),
                apply=lambda answer: self.facilitation.edit_proposition(p.id, answer.text, theme_ids=answer.theme_ids),
            ),
            self.after_dialog(lambda: None),
        )

    def action_hide(self) -> None:
        p = self._highlighted()
        if p is None:
            self.say("There is no proposition to hide.", error=True)
            return
        done = self.attempt(lambda: self.facilitation.hide_proposition(p.id, not p.hidden))
        if done is not None:
            self.say("Hidden: kept, left out of votes and the minutes." if done.hidden else "Shown again.")
