"""The centre top: where we are (phase and activity), the prompt the room answers, how, and the countdown."""

from __future__ import annotations

from datetime import datetime

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from ai_toolkit.model.enums import Collects
from ai_toolkit.model.plan import pick
from ai_toolkit.model.session import SessionState
from ai_toolkit.tui.widgets.countdown import Countdown
from ai_toolkit.tui.widgets.labels import MODE_LABEL, PHASE_LABEL


class ActivityPanel(Vertical):
    """Redrawn from the state on every change; the countdown ticks on its own each second.

    Plan texts are shown as ``Content`` built from plain strings (never markup), like everything else typed.
    """

    def compose(self) -> ComposeResult:
        yield Static(id="activity-title")
        yield Static(id="activity-prompt")
        yield Static(id="activity-meta")
        yield Static(id="activity-instructions")
        yield Countdown(id="countdown")

    def show(self, state: SessionState, now: datetime) -> None:
        lang = state.info.language
        steps = state.plan.steps()
        countdown = self.query_one(Countdown)
        prompt = instructions = ""
        current = state.current
        if current is None:
            if state.ended_at is not None:
                title = Content.styled("The session has ended", "bold")
                meta = Content("ctrl+b goes back to the last activity; the minutes can be written now.")
                countdown.show(None, 0, now, "ended")
            else:
                first_phase, first = steps[0]
                title = Content.styled("Not started yet", "bold")
                meta = Content(f"ctrl+n starts with {PHASE_LABEL[first_phase]}: {pick(first.title, lang)}")
                countdown.show(None, first.minutes, now, f"{first.minutes} min planned")
        else:
            phase, activity = current
            position = state.position or 0
            in_phase = [a for p, a in steps if p == phase]
            title = Content.assemble(
                (PHASE_LABEL[phase].upper(), "bold $accent"),
                " · ",
                (pick(activity.title, lang), "bold"),
                (f"  {in_phase.index(activity) + 1}/{len(in_phase)} · step {position + 1} of {len(steps)}", "dim"),
            )
            if activity.prompt:
                prompt = f"“{pick(activity.prompt, lang)}”"
            parts: list[str | tuple[str, str]] = [f"{MODE_LABEL[activity.mode]} · {activity.minutes} min"]
            if activity.collects != Collects.NOTHING:
                parts.append(f" · collects {activity.collects.value}")
            vote = state.open_vote
            if vote is not None:
                parts.append((f" · vote open: {len(vote.ballots)} of {len(state.participants)} voted", "bold"))
            meta = Content.assemble(*parts)
            if activity.instructions:
                instructions = pick(activity.instructions, lang)
            run = state.current_run
            countdown.show(run.started_at if run else None, activity.minutes, now)
        self.query_one("#activity-title", Static).update(title)
        self._text("#activity-prompt", prompt)
        self.query_one("#activity-meta", Static).update(meta)
        self._text("#activity-instructions", instructions)

    def _text(self, selector: str, text: str) -> None:
        widget = self.query_one(selector, Static)
        widget.update(Content(text))
        # A class, not the display style itself: an inline style would beat the stylesheet's rule that hides
        # the instructions on a short terminal.
        widget.set_class(not text, "-empty")

    def tick(self, now: datetime) -> None:
        self.query_one(Countdown).tick(now)
