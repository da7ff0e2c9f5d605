"""Sessions from the shell: the toolbox, new sessions, contributions, moving through the agenda, export, import."""

from __future__ import annotations

import sys
import textwrap
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated

import typer

from ai_toolkit.cli.common import app, echo, settings, warn
from ai_toolkit.display import one_line, shorten
from ai_toolkit.errors import Refused, StoreError
from ai_toolkit.export import to_csv, to_markdown
from ai_toolkit.facilitation import checks, create_session
from ai_toolkit.facilitation.decisions.attendance import attendance, present
from ai_toolkit.facilitation.decisions.joining import join_code
from ai_toolkit.facilitation.decisions.naming import carried_by
from ai_toolkit.facilitation.decisions.propositions import candidates
from ai_toolkit.facilitation.decisions.retention import keep_until
from ai_toolkit.facilitation.sessions import (
    export_archive,
    export_session,
    import_file,
)
from ai_toolkit.files import write_atomically
from ai_toolkit.i18n import LANGUAGES, t
from ai_toolkit.i18n.sectors import sector_label
from ai_toolkit.model.enums import Phase, Sector
from ai_toolkit.model.plan import pick
from ai_toolkit.model.session import SessionState
from ai_toolkit.model.timing import fit
from ai_toolkit.plans import Toolbox

plans_app = typer.Typer(help="The toolbox of session plans.", invoke_without_command=True, rich_markup_mode=None)
app.add_typer(plans_app, name="plans")


def _report_problems(box: Toolbox) -> None:
    for p in box.problems:
        warn(f"ai-toolkit: skipped a broken plan: {p}")
    for note in box.notes.values():
        warn(f"ai-toolkit: note: {note}")


@plans_app.callback()
def plans_list(ctx: typer.Context) -> None:
    """List the plans: id, name, phases, total minutes, languages."""
    if ctx.invoked_subcommand:
        return
    box = settings.toolbox()
    _report_problems(box)
    if not box.plans:
        echo("No plans found.")
        return
    for plan in sorted(box.plans.values(), key=lambda p: p.id):
        phases = " > ".join(p.phase.value for p in plan.phases)
        echo(f"{plan.id:<22} {pick(plan.name, 'en')}")
        echo(f"{'':<22} {phases} · {plan.slot} min · {' '.join(plan.languages)}")


@plans_app.command("show")
def plans_show(
    plan_id: Annotated[str, typer.Argument(metavar="PLAN", help="The plan's id (see 'ai-toolkit plans').")],
    lang: Annotated[str, typer.Option("--lang", metavar="LANG", help=f"Language: {', '.join(LANGUAGES)}.")] = "en",
) -> None:
    """Print one plan with every activity, its minutes and prompts."""
    checks.language(lang)
    plan = settings.plan(plan_id)
    echo(
        f"{pick(plan.name, lang)}  [{plan.id}] · {plan.slot} min: {plan.minutes} planned + {plan.buffer_minutes} "
        f"buffer · for {plan.expected_people} people"
    )
    if plan.description:
        echo(pick(plan.description, lang))
    if plan.affirmative_topic:
        echo(f"\n{pick(plan.affirmative_topic, lang)}")
    clock = 0
    for phase in plan.phases:
        echo(f"\n{t('phase.' + phase.phase.value, lang).upper()} ({phase.minutes} min)")
        for a in phase.activities:
            marks = " · optional" * a.optional + (f" · {a.per_group} min per group" if a.per_group else "")
            echo(
                f"  {clock // 60}:{clock % 60:02d}  {pick(a.title, lang)} · {a.minutes} min · "
                f"{t('mode.' + a.mode.value, lang)}{marks}"
            )
            if a.prompt:
                echo(f"         “{pick(a.prompt, lang)}”")
            if a.instructions:
                echo(f"         {pick(a.instructions, lang)}")
            clock += a.minutes


def _as_typed(value: str, what: str) -> str:
    """Refuse a shell argument that was not UTF-8 (Python keeps such bytes as lone surrogates, which cleaning would
    silently drop: "café" typed in Latin-1 would be stored as "caf")."""
    if any("\udc80" <= ch <= "\udcff" for ch in value):
        raise Refused(f"the {what} is not UTF-8 text; set your terminal to UTF-8 and try again")
    return value


def _parse_date(value: str | None) -> date | None:
    return checks.a_date(value)


@app.command("new")
def new(
    plan: Annotated[str, typer.Option("--plan", metavar="PLAN", help="Plan id from the toolbox.")],
    title: Annotated[str, typer.Option("--title", help="Title of the focus group.")],
    lang: Annotated[
        str, typer.Option("--lang", metavar="LANG", help=f"Session language: {', '.join(LANGUAGES)}.")
    ] = "en",
    project: Annotated[str, typer.Option("--project")] = "",
    partner: Annotated[str, typer.Option("--partner")] = "",
    region: Annotated[str, typer.Option("--region")] = "",
    venue: Annotated[str, typer.Option("--venue")] = "",
    on: Annotated[str | None, typer.Option("--date", metavar="YYYY-MM-DD", help="Default: today.")] = None,
    facilitator: Annotated[
        list[str] | None, typer.Option("--facilitator", metavar="NAME", help="May be repeated.")
    ] = None,
    topic: Annotated[str | None, typer.Option("--topic", help="Affirmative topic (default: the plan's).")] = None,
    controller: Annotated[
        str, typer.Option("--controller", help="Who keeps the data (default: the partner).", show_default=False)
    ] = "",
    contact: Annotated[
        str, typer.Option("--contact", help="Where participants ask about their data (e-mail).", show_default=False)
    ] = "",
    keep_until: Annotated[
        str | None,
        typer.Option("--keep-until", help="YYYY-MM-DD: delete the session after this day (default: 12 months on)."),
    ] = None,
    minutes: Annotated[
        int | None, typer.Option("--minutes", help="Minutes booked (default: the plan's slot); optional blocks go.")
    ] = None,
    people: Annotated[
        int | None, typer.Option("--people", help="Expected group size (default: the plan's); presentations scale.")
    ] = None,
) -> None:
    """Create a session from a plan and print its id and folder; then what was left out to fit the time."""
    for value, what in [(title, "title"), (project, "project"), (partner, "partner"), (region, "region")]:
        _as_typed(value, what)
    for value, what in [(controller, "controller"), (contact, "contact"), (keep_until or "", "keep-until date")]:
        _as_typed(value, what)
    for value, what in [(venue, "venue"), (topic or "", "topic"), *((f, "facilitator") for f in facilitator or [])]:
        _as_typed(value, what)
    box = settings.toolbox()
    fitted = fit(settings.plan(plan, box), minutes=minutes, people=people)
    f = create_session(
        settings.sessions,
        fitted.plan,
        title=title,
        language=lang,
        project=project,
        partner=partner,
        region=region,
        venue=venue,
        on=_parse_date(on),
        facilitators=facilitator or [],
        affirmative_topic=topic,
        controller=controller,
        contact=contact,
        keep_until=keep_until,
    )
    echo(f.state.info.id)
    echo(str(f.folder))
    if minutes is not None or people is not None:
        p = fitted.plan
        echo(f"{p.minutes} min for {fitted.people} people + {p.buffer_minutes} min buffer = {p.slot} min")
        for a in fitted.dropped:
            echo(f"left out (optional): {pick(a.title, 'en')} · {a.minutes} min")


LIST_WIDTH = 80
"""The narrowest terminal a facilitator's laptop gives us."""


@app.command("list")
def list_sessions() -> None:
    """List the sessions in the sessions folder."""
    sessions = settings.sessions
    ids = sessions.ids()
    if not ids:
        echo(f"No sessions in {sessions.root}. Create one with 'ai-toolkit new' or try 'ai-toolkit demo'.")
        return
    from ai_toolkit.facilitation import open_session

    # Two lines a session, like 'plans': the id to type and the title on the first, where it stands on the
    # second, so a list of long ids and titles still reads on an 80-column terminal.
    for session_id in ids:
        try:
            f = open_session(sessions, session_id)
        except StoreError as exc:
            warn(f"ai-toolkit: {exc.message}")
            continue
        s = f.state
        echo(f"{session_id}  {shorten(s.info.title, max(LIST_WIDTH - len(session_id) - 2, 30))}")
        kept = keep_until(s.info).isoformat()
        echo(f"    {where(s)} · {contributions(len(s.visible_contributions()))} · kept until {kept}")
        f.close()


def where(s: SessionState) -> str:
    if s.ended_at is not None:
        return "ended"
    cur = s.current
    if cur is None:
        return "not started"
    return f"{cur[0].value} / {cur[1].id}"


def present_line(s: SessionState) -> str:
    """Everyone present, phones and paper said apart: "Present: 17 (14 on a phone, 3 on paper): company 4 (1 on
    paper), ..."."""
    everyone = present(s)
    parts = []
    for sector, n in attendance(s).items():
        if n.total:
            paper = f" ({n.paper} on paper)" if n.paper else ""
            parts.append(f"{sector_label(s.plan, sector, 'en')} {n.total}{paper}")
    line = f"Present: {everyone.total} ({everyone.phones} on a phone, {everyone.paper} on paper)"
    return line + (": " + ", ".join(parts) if parts else "")


def summary(s: SessionState, now: datetime | None = None) -> str:
    """What a facilitator checks before and after a session, in lines that fit a terminal: only the details the
    session has (no "- · -" for a missing project), the facilitators, and labels cut at a word."""
    now = now or datetime.now(UTC)
    info, lang = s.info, s.info.language
    details = [info.project, info.partner, info.region, info.venue, info.date.isoformat(), info.language]
    lines = [
        f"{one_line(info.title)}  [{info.id}]",
        " · ".join(one_line(d) for d in details if d.strip()),
    ]
    if info.facilitators:
        lines.append(f"Facilitated by {', '.join(one_line(name) for name in info.facilitators)}")
    lines.append(f"Plan: {pick(s.plan.name, lang)} ({s.plan.minutes} min) · now: {where(s)}")
    if info.affirmative_topic:
        lines.append(f"Topic ({'agreed' if s.topic_agreed_at else 'draft'}): {one_line(info.affirmative_topic)}")
    keeper = one_line(info.controller or info.partner) or "-"
    lines.append(f"Privacy: kept by {keeper} until {keep_until(info).isoformat()}")
    if info.contact:
        lines[-1] += f" · ask {one_line(info.contact)}"
    lines.append(present_line(s))
    for phase in s.plan.phases:
        ph = phase.phase
        n = len(s.visible_contributions(ph))
        used = s.phase_seconds(ph, now) / 60
        themes = s.live_themes(ph)
        noun = "contribution " if n == 1 else "contributions"  # the space keeps the columns of the next phases
        line = f"  {ph.value:<9} {n:>4} {noun} · {used:5.0f} of {phase.minutes} min"
        if themes:
            named = (f"{shorten(th.name, 40)} ({len(s.theme_members(th.id))})" for th in themes)
            line += " · themes: " + ", ".join(named)
        lines.append(line)
    props = [p for p in s.propositions.values() if not p.hidden]
    waiting = candidates(s)
    if props or waiting:
        lines.append(f"Propositions: {len(props)}" + (f" · {len(waiting)} statements waiting" if waiting else ""))
    for vote in s.votes.values():
        state = "open" if vote.is_open else "closed"
        ranking = "; ".join(f"{shorten(o.label, 40)} {n}" for o, n in vote.tally()[:3])
        lines.append(f"Vote ({state}, {len(vote.ballots)} ballots): {ranking}")
    commitments = [c for c in s.commitments.values() if not c.hidden]
    if commitments:
        lines.append(f"Commitments: {len(commitments)}")
        for c in commitments:
            when = c.by_when.isoformat() if c.by_when else "no date"
            who = shorten(carried_by(s, c, lambda sector: sector_label(s.plan, sector, "en")), 60) or "nobody yet"
            lines.append(f"  - {shorten(c.what, 60)} · {who} · {when}")
    if s.follow_up is not None:
        on = s.follow_up.on.isoformat() if s.follow_up.on else ""
        lines.append("Follow-up: " + " · ".join(x for x in (on, one_line(s.follow_up.place)) if x))
    return "\n".join(fold(line) for line in lines)


def fold(line: str, width: int = LIST_WIDTH) -> str:
    """A long summary line as several, the later ones indented under it, instead of the terminal's hard wrap."""
    indent = line[: len(line) - len(line.lstrip(" "))]
    return "\n".join(
        textwrap.wrap(line, width, subsequent_indent=indent + "    ", break_on_hyphens=False, break_long_words=True)
        or [line]
    )


def contributions(n: int) -> str:
    return f"{n} contribution" if n == 1 else f"{n} contributions"


@app.command("show")
def show(session: Annotated[str, typer.Argument(help="Session id or a unique prefix of it.")]) -> None:
    """Summarise a session."""
    f = settings.open(session)
    echo(summary(f.state))


@app.command("add")
def add(
    session: Annotated[str, typer.Argument(help="Session id or a unique prefix of it.")],
    text: Annotated[str, typer.Argument(help="The contribution; '-' reads it from standard input.")],
    sector: Annotated[
        str | None,
        typer.Option(
            "--sector", metavar="SECTOR", help=", ".join(s.value for s in Sector) + ", or one the session's plan adds"
        ),
    ] = None,
    phase: Annotated[
        str | None, typer.Option("--phase", metavar="PHASE", help=", ".join(p.value for p in Phase))
    ] = None,
    partner_story: Annotated[
        bool,
        typer.Option(
            "--partner-story",
            help="A story retold by the storyteller's interview partner (give the storyteller's sector with --sector).",
        ),
    ] = False,
) -> None:
    """Record a contribution (a paper card, a script) in the current phase and activity."""
    if text == "-":
        try:
            text = sys.stdin.buffer.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Refused("standard input is not UTF-8 text; save the text as UTF-8 and try again") from None
    _as_typed(text, "contribution")
    f = settings.open(session)
    c = f.add_contribution(text, sector=sector, phase=phase, told_by="partner" if partner_story else "own")
    echo(f"{c.id} · {c.phase.value} / {c.activity_id}")


@app.command("next")
def next_(session: Annotated[str, typer.Argument(help="Session id or a unique prefix of it.")]) -> None:
    """Move to the next activity (and phase); after the last one, end the session."""
    f = settings.open(session)
    f.advance()
    echo(where(f.state))


@app.command("back")
def back(session: Annotated[str, typer.Argument(help="Session id or a unique prefix of it.")]) -> None:
    """Move back to the previous activity."""
    f = settings.open(session)
    f.back()
    echo(where(f.state))


@app.command("export")
def export(
    session: Annotated[str, typer.Argument(help="Session id or a unique prefix of it.")],
    fmt: Annotated[
        str,
        typer.Option(
            "--format",
            metavar="FORMAT",
            help="json (complete), zip (json and the photos), csv (contributions), md (summary), xlsx (Excel sheets).",
        ),
    ] = "json",
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="File to write (default: stdout; for xlsx: session-<lang>.xlsx in the session's folder).",
        ),
    ] = None,
    lang: Annotated[
        str | None,
        typer.Option(
            "--lang", metavar="LANG", help="Language of the xlsx sheets (default: the session's).", show_default=False
        ),
    ] = None,
    salvage: Annotated[
        bool,
        typer.Option(
            "--salvage", help="A damaged session that will not open: export (JSON) its log up to the first bad event."
        ),
    ] = False,
) -> None:
    """Export a session: JSON is the complete versioned format (zip: with the photos); CSV one row per contribution;
    Markdown a summary; xlsx the sheets a coordinator reports with (contributions, themes, propositions and votes,
    the action plan, attendance by sector and by the programme's target groups)."""
    if lang is not None and fmt != "xlsx":
        raise Refused("--lang is for --format xlsx (the other formats keep the session's own words and codes)")
    if lang is not None:
        checks.language(lang)
    if salvage:
        _salvage(session, fmt, output)
        return
    f = settings.open(session)
    if fmt == "zip":
        if output is None:
            raise Refused("a zip is not text: give the file to write with -o FILE.zip")
        photos = export_archive(f, output)
        echo(f"wrote {output} ({photos} photo{'' if photos == 1 else 's'})")
        f.close()
        return
    if fmt == "xlsx":
        from ai_toolkit.reports.workbook import write_workbook  # openpyxl: only when asked for (0.3 s to load)

        try:
            code = lang or f.state.info.language
            path = write_workbook([f.state], output or f.folder / f"session-{code}.xlsx", lang=code)
        finally:
            f.close()
        echo(str(path.resolve()))
        return
    if fmt == "json":
        data = export_session(f)
    elif fmt == "csv":
        data = to_csv(f.state)
    elif fmt in ("md", "markdown"):
        data = to_markdown(f.state)
    else:
        raise Refused(f"unknown format {fmt!r}; use json, zip, csv, md or xlsx")
    if output is None:
        sys.stdout.write(data)
    else:
        # The complete JSON carries everyone's words and details (no tokens: those stay on this laptop): it stays
        # the owner's; CSV and Markdown are for sharing and get the permissions of any new document.
        write_atomically(output, data, private=fmt == "json")
        echo(f"wrote {output}")


def _salvage(session: str, fmt: str, output: Path | None) -> None:
    """Write what a damaged log holds before its first bad event, and say where it stopped (on stderr when the
    export goes to stdout, so the JSON stays clean)."""
    from ai_toolkit.facilitation.salvage import salvage_session

    if fmt != "json":
        raise Refused("--salvage writes the complete JSON format only (import it, then export it as you need)")
    saved = salvage_session(settings.sessions, session)
    if output is None:
        sys.stdout.write(saved.text)
    else:
        write_atomically(output, saved.text, private=True)
        echo(f"wrote {output}")
    if saved.stopped is None:
        warn(f"ai-toolkit: the whole log reads ({saved.total} events): nothing was left out")
    else:
        warn(
            f"ai-toolkit: salvaged events 1 to {saved.kept} of {saved.total}; stopped at {saved.stopped}. "
            "What came after it is not in the export."
        )


@app.command("import")
def import_(
    file: Annotated[
        Path,
        typer.Argument(metavar="FILE", help="A JSON or zip file made by 'ai-toolkit export --format json' or 'zip'."),
    ],
) -> None:
    """Import a session exported as JSON, or as a zip with its photos (same id, same events, same photos; fresh join
    and facilitator tokens, which no export carries)."""
    from ai_toolkit.imaging import check_decodes  # Pillow only when an import needs it

    f = import_file(settings.sessions, file, check_image=check_decodes)
    echo(f.state.info.id)
    echo(str(f.folder))
    echo(
        f"Made a fresh join address (code {join_code(f.state.info)}) and facilitator address for this laptop: "
        "an export never carries them, so print a new poster or QR code ('ai-toolkit poster', 'ai-toolkit qr')."
    )
    missing = sum(not f.photo_files.has(p.sha256) for p in f.state.photos.values() if not p.withdrawn)
    if missing:
        warn(f"ai-toolkit: {missing} photo{'s are' if missing > 1 else ' is'} not in {file}: the minutes show a note")
