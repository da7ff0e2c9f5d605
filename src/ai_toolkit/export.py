"""Quick exports for people: CSV (one row per contribution, for spreadsheets) and a Markdown summary."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

from ai_toolkit.facilitation.decisions.naming import shown_name
from ai_toolkit.i18n import t
from ai_toolkit.i18n.sectors import sector_label
from ai_toolkit.model.plan import pick
from ai_toolkit.model.session import SessionState

CSV_COLUMNS = [
    "id",
    "time",
    "phase",
    "activity",
    "kind",
    "sector",
    "source",
    "participant",
    "language",
    "theme",
    "edited",
    "hidden",
    "text",
]


def _csv_safe(value: str) -> str:
    # A cell starting with = + - @ is run as a formula by spreadsheets: quote it (CSV injection).
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def _md_line(value: str) -> str:
    """Text for a heading or a label: line breaks would end it, so they become spaces."""
    return " ".join(value.splitlines()).strip()


def _md_cell(value: str) -> str:
    """Text for a table cell: a ``|`` would start a new cell and a line break a new row."""
    return "<br>".join(line.strip() for line in value.splitlines()).replace("|", "\\|")


def _md_item(value: str) -> str:
    """Text for a list item: continuation lines are indented so a story's paragraphs stay in its item."""
    return "\n  ".join(value.splitlines())


def author(state: SessionState, participant_id: str | None) -> str:
    """The author's name only when they agreed to be named; otherwise nothing."""
    return shown_name(state, participant_id)


def to_csv(state: SessionState) -> str:
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(CSV_COLUMNS)
    for c in state.contributions.values():
        theme = state.themes.get(c.theme_id or "")
        w.writerow(
            [
                c.id,
                c.at.astimezone(UTC).isoformat(timespec="seconds"),
                c.phase.value,
                c.activity_id,
                c.kind.value,
                c.sector,
                c.source.value,
                _csv_safe(author(state, c.participant_id)),
                c.language,
                _csv_safe(theme.name if theme else ""),
                "yes" if c.edited else "",
                "yes" if c.hidden else "",
                _csv_safe(c.text),
            ]
        )
    return out.getvalue()


def to_markdown(state: SessionState, now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    info, lang = state.info, state.info.language
    lines = [f"# {_md_line(info.title)}", ""]
    for label, value in [
        ("Project", info.project),
        ("Partner", info.partner),
        ("Region", info.region),
        ("Venue", info.venue),
        ("Date", info.date.isoformat()),
        ("Facilitators", ", ".join(info.facilitators)),
        ("Affirmative topic", info.affirmative_topic),
        ("Plan", pick(state.plan.name, lang)),
    ]:
        if value:
            lines.append(f"- **{label}:** {_md_line(value)}")
    lines += ["", f"Participants: {len(state.participants)}", ""]
    for phase_plan in state.plan.phases:
        phase = phase_plan.phase
        lines += [f"## {t('phase.' + phase.value, lang)}", ""]
        contributions = state.visible_contributions(phase)
        themes = state.live_themes(phase)
        others = any(v.phase == phase for v in state.votes.values())
        if phase.value == "design":
            others = others or any(not p.hidden for p in state.propositions.values())
        if phase.value == "destiny":
            others = others or any(not k.hidden for k in state.commitments.values())
        if not contributions and not themes and not others:
            lines += ["Nothing was recorded in this phase.", ""]
        for theme in themes:
            lines.append(f"### {_md_line(theme.name)} ({len(state.theme_members(theme.id))})")
            lines += [f"- {_md_item(c.text)}" for c in state.theme_members(theme.id)]
            lines.append("")
        # A statement taken up into a proposition is listed once, as the proposition.
        loose = [c for c in contributions if c.theme_id is None and c.proposition_id is None]
        if loose:
            lines += [f"- {_md_item(c.text)}  _({sector_label(state.plan, c.sector, lang)})_" for c in loose]
            lines.append("")
        if phase.value == "design":
            props = [p for p in state.propositions.values() if not p.hidden]
            if props:
                lines += ["### Provocative propositions", ""] + [f"- {_md_item(p.text)}" for p in props] + [""]
        for vote in (v for v in state.votes.values() if v.phase == phase):
            lines += [f"### Vote: {_md_line(vote.title)}", "", "| option | dots |", "|---|---|"]
            lines += [f"| {_md_cell(o.label)} | {n} |" for o, n in vote.tally()]
            lines.append("")
        if phase.value == "destiny":
            commitments = [c for c in state.commitments.values() if not c.hidden]
            if commitments:
                lines += ["### Commitments", "", "| what | who | by when | first step | support needed | for |"]
                lines.append("|---|---|---|---|---|---|")
                for k in commitments:
                    when = k.by_when.isoformat() if k.by_when else ""
                    who = ": ".join(x for x in (k.team, k.who) if x)
                    serves = state.propositions[k.proposition_id].text if k.proposition_id in state.propositions else ""
                    cells = [k.what, who, when, k.first_step, k.support_needed, serves]
                    lines.append("| " + " | ".join(_md_cell(c) for c in cells) + " |")
                lines.append("")
            if state.follow_up is not None:
                on = state.follow_up.on.isoformat() if state.follow_up.on else ""
                lines += [f"Follow-up: {_md_line(' · '.join(x for x in (on, state.follow_up.place) if x))}", ""]
    return "\n".join(lines).rstrip() + "\n"
