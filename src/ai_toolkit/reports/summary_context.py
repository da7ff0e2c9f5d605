"""The minutes' first page after the cover, and the attendance the programme asks for.

Partners read the first page of the minutes, not the eighth: the summary says what was asked, who was in the
room, what the room found strongest, what it put first and what happens next, in the session's language. The
rankings come from ``model.outcomes`` and the headcounts from ``model.programme``, the same the phones, the
Excel sheets and the synthesis use.
"""

from __future__ import annotations

from datetime import date

from ai_toolkit.facilitation.decisions.commitments import is_wish
from ai_toolkit.i18n.sectors import sector_label
from ai_toolkit.model.outcomes import action_plan, strongest_themes, top_propositions
from ai_toolkit.model.programme import attendance, attendance_by_group, group_sectors
from ai_toolkit.model.session import SessionState
from ai_toolkit.reports.context import Fact, Ranked, SummaryContext, Table
from ai_toolkit.reports.labels import Labels, plain

PROPOSITION_CHARS = 300
"""A proposition longer than this is cut on the summary page (whole in the Design section): the page stays one."""


def agreed_topic(state: SessionState) -> str:
    """The question the session explored: the affirmative topic, as the group agreed it (or the plan's draft)."""
    return plain(state.info.affirmative_topic)


def next_meeting(state: SessionState) -> tuple[date | None, str]:
    """When and where the group meets again, as set in Destiny (no date and no place: not set)."""
    follow = state.follow_up
    return (follow.on, plain(follow.place)) if follow is not None else (None, "")


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def sector_line(state: SessionState, L: Labels) -> str:
    """ "14 (Creative community 5, Company or industry 4 …)": the room's mix in one line, largest first."""
    counts = [(sector, n.total) for sector, n in attendance(state).items() if n.total]
    total = sum(n for _, n in counts)
    if not total:
        return L.number(0)
    order = list(attendance(state))
    counts.sort(key=lambda it: (-it[1], order.index(it[0])))
    mix = ", ".join(f"{sector_name(state, sector, L)} {L.number(n)}" for sector, n in counts)
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
        complete = sum(1 for k in plan if not is_wish(k))
        actions = L("summary.actions", n=L.number(len(plan)), complete=L.number(complete))
    else:
        actions = L("summary.no_actions")
    next_steps = [actions]
    on, place = next_meeting(state)
    when = ", ".join(x for x in (L.date(on) if on is not None else "", place) if x)
    if when:
        next_steps.append(f"{L('summary.next_meeting')}: {when}")
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


def sector_name(state: SessionState, sector: str, L: Labels) -> str:
    """A sector as the reader calls it: the catalogs' word, or the plan's for a sector of its own."""
    return plain(sector_label(state.plan, sector, L.lang))


def programme_table(state: SessionState, L: Labels) -> Table:
    """Attendance by the programme's target groups, every group listed (the reporting form asks for each).

    The "on paper" column appears once anyone was counted on paper; until then it would only hold zeros.
    """
    groups = attendance_by_group(state)
    paper = any(n.paper for n in groups.values())
    sources = {g: ", ".join(sector_name(state, x, L) for x in found) for g, found in group_sectors(state.plan).items()}
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
