"""The left column: the phases of the plan with how long each really took, and the current phase's activities."""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.widgets import Static

from ai_toolkit.i18n import t
from ai_toolkit.model.enums import PHASE_ORDER
from ai_toolkit.model.plan import pick
from ai_toolkit.model.session import SessionState
from ai_toolkit.tui.widgets.labels import hmm, phase_label
from ai_toolkit.tui.widgets.quiet import update_if_changed

DONE, NOW, LATER = "✓", "▶", " "
NOW_STYLE, DONE_STYLE = "bold $accent", "$success"


class Agenda(Static):
    """✓ done, ▶ now; the times are the real ones from the log (the agenda as it ran); planned minutes are dim."""

    _shown: tuple[SessionState, datetime] | None = None

    def show(self, state: SessionState, now: datetime) -> None:
        self._shown = (state, now)
        update_if_changed(self, agenda_content(state, now, self.content_size.width))

    def on_resize(self) -> None:
        # Long phase names (``Uresničevanje``) are cut to the column's width, known only once laid out.
        if self._shown is not None:
            self.show(*self._shown)


def agenda_content(state: SessionState, now: datetime, width: int = 0) -> Content:
    """The agenda for a column ``width`` cells wide (0: not laid out yet, nothing is cut)."""
    lang = state.info.language
    names = {p.phase: phase_label(p.phase, lang) for p in state.plan.phases}
    # The names line up with the times after them: as wide as the longest (``Uresničevanje``), at least the
    # English 9, and never pushing the time out of a narrow column (mark 2 + time 5 cells).
    column = max(9, *(len(n) for n in names.values())) if names else 9
    if width:
        column = max(4, min(column, width - 7))
    steps = state.plan.steps()
    current = state.current_phase
    current_index = PHASE_ORDER.index(current) if current else len(PHASE_ORDER)
    ran = {r.phase for r in state.runs}
    parts: list[str | tuple[str, str]] = [(t("tui.phases", lang) + "\n", "bold")]
    for plan_phase in state.plan.phases:
        phase = plan_phase.phase
        if phase == current:
            mark, style = NOW, NOW_STYLE
        elif phase in ran and PHASE_ORDER.index(phase) < current_index:
            mark, style = DONE, DONE_STYLE
        else:
            mark, style = LATER, ""
        parts.append((f"{mark} {_fit(names[phase], column):<{column}}", style))
        if phase in ran:
            parts.append(f"{hmm(state.phase_seconds(phase, now)):>5}\n")
        else:
            parts.append((f"{plan_phase.minutes:>4}′\n", "dim"))
    if state.position is not None:
        shown = steps[state.position][0]
    else:
        shown = steps[0][0]
    parts.append((f"\n{phase_label(shown, lang).upper()}\n", "bold"))
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


def _fit(name: str, width: int) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"
