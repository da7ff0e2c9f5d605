"""The minutes' first page after the cover, and the attendance the programme asks for.

Partners read the first page of the minutes, not the eighth: the summary says what was asked, who was in the
room, what the room found strongest, what it put first and what happens next, in the session's language. The
rankings come from ``model.outcomes`` and the headcounts from ``model.programme``, the same the phones, the
Excel sheets and the synthesis use.
"""

from __future__ import annotations

from datetime import date

from ai_toolkit.model.enums import Sector
from ai_toolkit.model.outcomes import action_plan, is_complete, strongest_themes, top_propositions
from ai_toolkit.model.programme import SECTOR_GROUPS, ProgrammeGroup, attendance, attendance_by_group
from ai_toolkit.model.session import SessionState
from ai_toolkit.reports.context import Fact, Ranked, SummaryContext, Table
from ai_toolkit.reports.labels import Labels, plain

PROPOSITION_CHARS = 300
"""A proposition longer than this is cut on the summary page (whole in the Design section): the page stays one."""


def agreed_topic(state: SessionState) -> str:
    """The question the session explored: the affirmative topic, as the plan gave it or the group agreed it."""
    return plain(state.info.affirmative_topic)


def next_meeting(state: SessionState) -> date | None:
    """The follow-up date the group set in Destiny. Sessions do not record one yet (issue 13 adds it to the
    session): return it from here and the summary's "next meeting" line appears."""
    return None


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def sector_line(state: SessionState, L: Labels) -> str:
    """ "14 (Creative community 5, Company or industry 4 …)": the room's mix in one line, largest first."""
    counts = [(sector, n.total) for sector, n in attendance(state).items() if n.total]
    total = sum(n for _, n in counts)
    if not total:
        return L.number(0)
    order = list(Sector)
    counts.sort(key=lambda it: (-it[1], order.index(it[0])))
    mix = ", ".join(f"{L(f'sector.{sector.value}')} {L.number(n)}" for sector, n in counts)
    return f"{L.number(total)} ({mix})"


def summary_context(state: SessionState, L: Labels) -> SummaryContext:
    themes = [
        Ranked(
            plain(t.theme.name),
            L("summary.theme_detail", phase=L(f"phase.{t.theme.phase.value}"), n=L.number(t.contributions)),
        )
        for t in strongest_themes(state, 3)
    ]
    propositions = [
        Ranked(
            L("quote.marks", text=shorten(plain(r.proposition.text), PROPOSITION_CHARS)),
            L("summary.dots_share", share=L.percent(r.share)) if r.share is not None and r.dots else "",
        )
        for r in top_propositions(state, 3)
    ]
    plan = action_plan(state)
    if plan:
        actions = L("summary.actions", n=L.number(len(plan)), complete=L.number(sum(map(is_complete, plan))))
    else:
        actions = L("summary.no_actions")
    next_steps = [actions]
    meeting = next_meeting(state)
    if meeting is not None:
        next_steps.append(f"{L('summary.next_meeting')}: {L.date(meeting)}")
    facts = [
        Fact(L("summary.participants"), sector_line(state, L)),
        Fact(L("glance.contributions"), L.number(len(state.visible_contributions()))),
    ]
    topic = agreed_topic(state)
    return SummaryContext(
        heading=L("summary.heading"),
        topic_label=L("cover.topic"),
        topic=L("quote.marks", text=topic) if topic else "",
        facts=facts,
        themes_label=L("summary.themes"),
        themes=themes,
        themes_empty=L("summary.no_themes"),
        propositions_label=L("summary.propositions"),
        propositions=propositions,
        propositions_empty=L("summary.no_propositions"),
        actions_label=L("summary.next"),
        actions=next_steps,
    )


def group_sectors(L: Labels) -> dict[ProgrammeGroup, str]:
    """Which sectors each target group counts, in words: the table explains its own mapping."""
    names: dict[ProgrammeGroup, list[str]] = {g: [] for g in ProgrammeGroup}
    for sector, group in SECTOR_GROUPS.items():
        names[group].append(L(f"sector.{sector.value}"))
    return {g: ", ".join(n) for g, n in names.items()}


def programme_table(state: SessionState, L: Labels) -> Table:
    """Attendance by the programme's target groups, every group listed (the reporting form asks for each).

    The "on paper" column appears once anyone was counted on paper; until then it would only hold zeros.
    """
    groups = attendance_by_group(state)
    paper = any(n.paper for n in groups.values())
    sources = group_sectors(L)
    rows = []
    for group, n in groups.items():
        counts = [L.number(n.phones), L.number(n.paper), L.number(n.total)] if paper else [L.number(n.total)]
        rows.append([L(f"group.{group.value}"), sources[group] or "–", *counts])
    phones = sum(n.phones for n in groups.values())
    on_paper = sum(n.paper for n in groups.values())
    totals = [L.number(phones), L.number(on_paper), L.number(phones + on_paper)] if paper else [L.number(phones)]
    rows.append([L("total"), "", *totals])
    header = [L("col.group"), L("col.counted_sectors")]
    header += [L("col.phones"), L("col.paper"), L("col.participants")] if paper else [L("col.participants")]
    widths = [5.0, 6.0, 1.8, 1.8, 1.8] if paper else [5.5, 7.5, 3.0]
    return Table(header, rows, widths, bold_last_row=True)
