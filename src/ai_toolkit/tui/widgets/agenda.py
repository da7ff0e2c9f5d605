"""The left column: the phases of the plan with how long each really took, and the current phase's activities with
the minutes each has taken against the minutes planned (``12/20′``), as the README promises."""

from __future__ import annotations

from datetime import datetime

from rich.cells import cell_len
from textual.content import Content
from textual.widgets import Static

from ai_toolkit.i18n import t
from ai_toolkit.model.enums import PHASE_ORDER
from ai_toolkit.model.plan import pick
from ai_toolkit.model.session import SessionState
from ai_toolkit.tui.widgets.labels import hmm, phase_label, shorten
from ai_toolkit.tui.widgets.quiet import update_if_changed
from ai_toolkit.tui.words import Localised

DONE, NOW, LATER = "✓", "▶", " "
NOW_STYLE, DONE_STYLE, OVER_STYLE = "bold $accent", "$success", "$warning"


class Agenda(Localised, Static):
    """✓ done, ▶ now; the times are the real ones from the log (the agenda as it ran); planned minutes are dim."""

    _shown: tuple[SessionState, datetime] | None = None

    def show(self, state: SessionState, now: datetime) -> None:
        self._shown = (state, now)
        update_if_changed(self, agenda_content(state, now, self.content_size.width, self.lang))

    def on_resize(self) -> None:
        # Long names (``Uresničevanje``, an activity's title) are cut to the column's width, known once laid out.
        if self._shown is not None:
            self.show(*self._shown)


def agenda_content(state: SessionState, now: datetime, width: int = 0, lang: str | None = None) -> Content:
    """The agenda for a column ``width`` cells wide (0: not laid out yet, nothing is cut), in ``lang`` (the
    facilitator's; the session's if not given)."""
    lang = lang or state.info.language
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
    shown = steps[state.position][0] if state.position is not None else steps[0][0]
    parts.append((f"\n{phase_label(shown, lang).upper()}\n", "bold"))
    used: dict[str, float] = {}
    for run in state.runs:
        used[run.activity_id] = used.get(run.activity_id, 0.0) + run.seconds(now)
    for i, (phase, activity) in enumerate(steps):
        if phase != shown:
            continue
        if state.position is not None and i == state.position and state.ended_at is None:
            mark, style = NOW, NOW_STYLE
        elif state.position is not None and (i < state.position or state.ended_at is not None):
            mark, style = DONE, DONE_STYLE
        else:
            mark, style = LATER, ""
        seconds = used.get(activity.id)
        if seconds is None:
            minutes, minutes_style = f"{activity.minutes}′", "dim"
        else:
            minutes = f"{int(seconds // 60)}/{activity.minutes}′"
            minutes_style = OVER_STYLE if seconds > activity.minutes * 60 else ""
        title = pick(activity.title, lang)
        if width:
            room = max(width - 2 - 1 - cell_len(minutes), 3)
            title = shorten(title, room)
            gap = " " * (width - 2 - cell_len(title) - cell_len(minutes))
        else:
            gap = " "
        parts.append((f"{mark} {title}", style))
        parts.append((f"{gap}{minutes}\n", minutes_style))
    return Content.assemble(*parts).rstrip()


def _fit(name: str, width: int) -> str:
    return name if len(name) <= width else name[: width - 1] + "…"
