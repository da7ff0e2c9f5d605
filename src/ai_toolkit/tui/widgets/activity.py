"""The centre top: where we are (phase and activity), the prompt the room answers, how, and the countdown."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from ai_toolkit.i18n import t
from ai_toolkit.model.enums import Collects
from ai_toolkit.model.plan import pick
from ai_toolkit.model.session import SessionState
from ai_toolkit.tui.widgets.clamped import Clamped
from ai_toolkit.tui.widgets.countdown import Countdown
from ai_toolkit.tui.widgets.labels import collects_label, mode_label, phase_label
from ai_toolkit.tui.widgets.quiet import update_if_changed
from ai_toolkit.tui.words import Localised


class ActivityPanel(Localised, Vertical):
    """Redrawn from the state on every change; the countdown ticks on its own each second.

    Plan texts are shown as ``Content`` or ``Text`` built from plain strings (never markup), like everything else
    typed. The prompt and the facilitator's instructions get a few lines each (fewer on a short terminal) and end
    in one ellipsis when they need more.
    """

    def compose(self) -> ComposeResult:
        yield Static(id="activity-title")
        yield Clamped(id="activity-prompt")
        yield Static(id="activity-meta")
        yield Clamped(id="activity-instructions")
        yield Countdown(id="countdown")

    def show(self, state: SessionState, now: datetime) -> None:
        lang = self.lang
        steps = state.plan.steps()
        countdown = self.query_one(Countdown)
        prompt = instructions = ""
        current = state.current
        if current is None:
            if state.ended_at is not None:
                title = Content.styled(t("tui.activity.ended", lang), "bold")
                meta = Content(t("tui.activity.ended_hint", lang))
                countdown.show(None, 0, now, t("tui.countdown.ended", lang))
            else:
                first_phase, first = steps[0]
                title = Content.styled(t("tui.activity.not_started", lang), "bold")
                starts = t("tui.activity.starts_with", lang, phase=phase_label(first_phase, lang), title="{title}")
                # The plan's title goes in last, by replace: braces in it are words, not placeholders.
                meta = Content(starts.replace("{title}", pick(first.title, lang)))
                countdown.show(None, first.minutes, now, t("tui.countdown.planned", lang, n=first.minutes))
        else:
            phase, activity = current
            position = state.position or 0
            in_phase = [a for p, a in steps if p == phase]
            title = Content.assemble(
                (phase_label(phase, lang).upper(), "bold $accent"),
                " · ",
                (pick(activity.title, lang), "bold"),
                (
                    f"  {in_phase.index(activity) + 1}/{len(in_phase)} · "
                    + t("tui.activity.step", lang, n=position + 1, total=len(steps)),
                    "dim",
                ),
            )
            if activity.prompt:
                prompt = f"“{pick(activity.prompt, lang)}”"
            minutes = t("common.minutes", lang, n=activity.minutes)
            parts: list[str | tuple[str, str]] = [f"{mode_label(activity.mode, lang)} · {minutes}"]
            if activity.collects != Collects.NOTHING:
                parts.append(" · " + t("tui.activity.collects", lang, what=collects_label(activity.collects, lang)))
            vote = state.open_vote
            if vote is not None:
                voted = t("tui.activity.vote_open", lang, n=len(vote.ballots), total=len(state.participants))
                parts.append((f" · {voted}", "bold"))
            meta = Content.assemble(*parts)
            if activity.instructions:
                instructions = pick(activity.instructions, lang)
            run = state.current_run
            countdown.show(run.started_at if run else None, activity.minutes, now)
        update_if_changed(self.query_one("#activity-title", Static), title)
        self._text("#activity-prompt", prompt)
        update_if_changed(self.query_one("#activity-meta", Static), meta)
        self._text("#activity-instructions", instructions)

    def _text(self, selector: str, text: str) -> None:
        widget = self.query_one(selector, Clamped)
        widget.show_text(text)
        # A class, not the display style itself: an inline style would beat the stylesheet's rule that hides
        # the instructions on a short terminal.
        widget.set_class(not text, "-empty")

    def tick(self, now: datetime) -> None:
        self.query_one(Countdown).tick(now)
