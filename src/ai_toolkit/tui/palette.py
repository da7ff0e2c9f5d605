"""The command palette in the facilitator's language: every action by name, and Textual's palette in our words.

Textual's own system commands (theme, quit, keys, screenshot) are English and partly for developers; the facilitator
gets two of them (the colour theme, for a projector; quit) in their language, then every action of the app and the
main screen. The sense-making views add their keys through ``sense.ScreenCommands``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.align import Align
from rich.text import Text
from textual.app import SystemCommand
from textual.command import CommandList, CommandPalette, ProviderSource
from textual.widgets.option_list import Option

from ai_toolkit.i18n import t
from ai_toolkit.tui.widgets.labels import phase_label

if TYPE_CHECKING:
    from ai_toolkit.tui.app import FacilitatorApp


class LocalPalette(CommandPalette):
    """Textual's command palette with our words for its two sentences (the placeholder and "No matches")."""

    def __init__(self, lang: str, *, providers: ProviderSource | None = None, placeholder: str = "") -> None:
        words = t(placeholder or "tui.palette.placeholder", lang)
        super().__init__(providers=providers, placeholder=words, id=None if providers else "--command-palette")
        self.lang = lang

    def _start_no_matches_countdown(self, search_value: str) -> None:
        super()._start_no_matches_countdown(search_value)
        timer = self._no_matches_timer
        if timer is None:
            return
        timer.stop()
        lang = self.lang

        def show() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(t("tui.palette.no_matches", lang))), disabled=True, id=self._NO_MATCHES)
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show)


def system_commands(app: FacilitatorApp) -> Iterable[SystemCommand]:
    """Every action by name, in the facilitator's language; of Textual's own commands, the two a facilitator may
    want (the colour theme for a projector, quit), in our words too."""
    say = app.say
    yield SystemCommand(say("tui.palette.theme"), say("tui.palette.theme_help"), app.action_change_theme)
    yield SystemCommand(say("tui.palette.quit"), say("tui.palette.quit_help"), app.action_quit)
    if not app.has_session:
        return
    yield SystemCommand(say("tui.palette.next"), say("tui.palette.next_help"), app.action_next_activity)
    yield SystemCommand(say("tui.palette.back"), say("tui.palette.back_help"), app.action_previous_activity)
    for plan_phase in app.facilitation.state.plan.phases:
        phase = plan_phase.phase
        name = phase_label(phase, app.lang)
        yield SystemCommand(
            say("tui.palette.go_to", phase=name),
            say("tui.palette.go_to_help", phase=name),
            lambda p=phase.value: app.action_go_to_phase(p),
        )
    for action, command in (
        ("minutes", app.action_minutes),
        ("themes", app.action_themes),
        ("propositions", app.action_propositions),
        ("vote", app.action_vote),
        ("commitments", app.action_commitments),
        ("photos", app.action_photos),
        ("undo", app.action_undo),
        ("help", app.action_help),
        ("end", app.action_end_session),
    ):
        yield SystemCommand(say(f"tui.palette.{action}"), say(f"tui.palette.{action}_help"), command)
    main = app.main_screen()
    if main is not None:
        for action, command in (
            ("edit", main.edit_contribution),
            ("hide", main.toggle_hidden),
            ("sector", main.action_next_sector),
            ("type", main.action_focus_entry),
            ("count", main.action_count_people),
            ("wall", main.action_open_wall),
            ("moderation", main.action_moderation),
            ("let_through", main.room.let_through),
            ("let_all", main.action_let_all_through),
            ("off_wall", main.room.take_off_wall),
        ):
            yield SystemCommand(say(f"tui.palette.{action}"), say(f"tui.palette.{action}_help"), command)
