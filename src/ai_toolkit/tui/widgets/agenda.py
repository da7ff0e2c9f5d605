"""The left column: the phases of the plan with how long each really took, and the current phase's activities."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.widgets import Static

from ai_toolkit.model.enums import PHASE_ORDER
from ai_toolkit.model.plan import pick
from ai_toolkit.model.session import SessionState
from ai_toolkit.tui.widgets.labels import PHASE_LABEL, hmm

DONE, NOW, LATER = "✓", "▶", " "
NOW_STYLE, DONE_STYLE = "bold $accent", "$success"


class Agenda(Static):
    """✓ done, ▶ now; the times are the real ones from the log (the agenda as it ran); planned minutes are dim."""

    def show(self, state: SessionState, now: datetime) -> None:
        self.update(agenda_content(state, now))


def agenda_content(state: SessionState, now: datetime) -> Content:
    lang = state.info.language
    steps = state.plan.steps()
    current = state.current_phase
    current_index = PHASE_ORDER.index(current) if current else len(PHASE_ORDER)
    ran = {r.phase for r in state.runs}
    parts: list[str | tuple[str, str]] = [("PHASES\n", "bold")]
    for plan_phase in state.plan.phases:
        phase = plan_phase.phase
        if phase == current:
            mark, style = NOW, NOW_STYLE
        elif phase in ran and PHASE_ORDER.index(phase) < current_index:
            mark, style = DONE, DONE_STYLE
        else:
            mark, style = LATER, ""
        parts.append((f"{mark} {PHASE_LABEL[phase]:<9}", style))
        if phase in ran:
            parts.append(f"{hmm(state.phase_seconds(phase, now)):>5}\n")
        else:
            parts.append((f"{plan_phase.minutes:>4}′\n", "dim"))
    if state.position is not None:
        shown = steps[state.position][0]
    else:
        shown = steps[0][0]
    parts.append((f"\n{PHASE_LABEL[shown].upper()}\n", "bold"))
    for i, (phase, activity) in enumerate(steps):
        if phase != shown:
            continue
        if state.position is not None and i == state.position and state.ended_at is None:
            mark, style = NOW, NOW_STYLE
        elif state.position is not None and (i < state.position or state.ended_at is not None):
            mark, style = DONE, DONE_STYLE
        else:
            mark, style = LATER, ""
        parts.append((f"{mark} {pick(activity.title, lang)}\n", style))
    return Content.assemble(*parts).rstrip()
