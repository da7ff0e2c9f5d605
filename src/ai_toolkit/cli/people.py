"""Everyone counted, and nothing kept longer than promised: ``attend``, ``attendance`` and ``purge``.

``attend`` counts people present without a phone (the facilitator's paper count, by sector); ``attendance``
writes the A4 sign-in sheet to print before the day; ``purge`` deletes the sessions past their keep-until date
(refusing any that ``run`` or ``serve`` has open), so the privacy page's promise holds.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ai_toolkit.cli.common import app, echo, settings, warn
from ai_toolkit.errors import ToolkitError
from ai_toolkit.facilitation import checks
from ai_toolkit.facilitation.decisions.attendance import present
from ai_toolkit.facilitation.sessions import kept_sessions, remove_session
from ai_toolkit.i18n import LANGUAGES
from ai_toolkit.model.enums import Sector

SessionArg = Annotated[str, typer.Argument(help="Session id or a unique prefix of it.")]


@app.command("attend")
def attend(
    session: SessionArg,
    sector: Annotated[str, typer.Option("--sector", help=", ".join(s.value for s in Sector))],
    count: Annotated[
        int, typer.Option("--count", help="How many people of this sector (negative: correct a miscount).")
    ] = 1,
) -> None:
    """Count people present without a phone (a paper list, a show of hands), by sector."""
    f = settings.open(session)
    try:
        now = f.count_people(sector, count)
        everyone = present(f.state)
    finally:
        f.close()
    echo(f"{sector}: {now} without a phone")
    echo(f"Present: {everyone.total} ({everyone.phones} on a phone, {everyone.paper} on paper)")


@app.command("attendance")
def attendance_sheet(
    session: SessionArg,
    lang: Annotated[
        str | None,
        typer.Option("--lang", help=f"Language: {', '.join(LANGUAGES)} (default: the session's).", show_default=False),
    ] = None,
    expected: Annotated[
        int | None,
        typer.Option(
            "--expected", help="Empty rows to sign in (default: the plan's expected group size).", min=0, max=1000
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            help="File to write (default: attendance-<lang>.docx in the session's folder).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write the A4 sign-in sheet (name, organisation, sector, signature) to print for the day."""
    from ai_toolkit.reports.attendance_sheet import write_attendance_sheet

    if lang is not None:
        checks.language(lang)
    f = settings.open(session)
    try:
        code = lang or f.state.info.language
        target = output or f.folder / f"attendance-{code}.docx"
        rows = f.state.plan.expected_people if expected is None else expected
        path = write_attendance_sheet(f.state, target, lang=code, expected=rows)
    finally:
        f.close()
    echo(str(path))


@app.command("purge")
def purge(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Only list what would be removed.")] = False,
) -> None:
    """Delete every session past its keep-until date (its folder, database, WAL and documents), listing each."""
    sessions = settings.sessions
    today = date.today()
    due = []
    for kept in kept_sessions(sessions, today):
        if kept.problem:
            warn(f"ai-toolkit: skipped {kept.session_id}: {kept.problem}")
        elif kept.past:
            due.append(kept)
    if not due:
        echo(f"No session in {sessions.root} is past its keep-until date.")
        return
    refused = 0
    for kept in due:
        until = kept.keep_until.isoformat() if kept.keep_until else "?"
        if dry_run:
            echo(f"would remove {kept.session_id} (kept until {until}) {kept.title}")
            continue
        try:
            remove_session(sessions, kept.session_id)
        except ToolkitError as exc:
            refused += 1
            warn(f"ai-toolkit: {exc.message}")
            continue
        echo(f"removed {kept.session_id} (kept until {until}) {kept.title}")
    if refused:
        raise typer.Exit(2)


@app.command("remove-participant")
def remove_participant(
    session: SessionArg,
    participant: Annotated[
        str | None,
        typer.Argument(help="Participant id or a unique prefix of it; leave out to list the participants."),
    ] = None,
) -> None:
    """Remove a participant and everything they sent (contributions, commitments, photos, ballots): for someone
    flooding or abusing the room. Their words are erased from the session's file; final, no undo."""
    from ai_toolkit.cli.usage import printable
    from ai_toolkit.facilitation.decisions.naming import shown_name
    from ai_toolkit.facilitation.decisions.participants import sent_by

    f = settings.open(session)
    try:
        state = f.state
        if participant is None:
            echo(f"Participants: {len(state.participants)}")
            for p in state.participants.values():
                sent = sent_by(state, p.id)
                name = printable(shown_name(state, p.id), 60)
                echo(f"{p.id}  {p.sector}  {sent.total} sent  {name}".rstrip())
            return
        matches = [pid for pid in state.participants if pid.startswith(participant)] if participant else []
        if participant in state.participants:
            matches = [participant]
        if len(matches) > 1:
            raise ToolkitError(f"{len(matches)} participants' ids start with {printable(participant, 40)!r}: give more")
        pid = matches[0] if matches else participant
        sector = state.participants[pid].sector if pid in state.participants else ""
        sent = f.remove_participant(pid)
    finally:
        f.close()
    echo(
        f"Removed {pid} ({sector}) and everything they sent: {_n(len(sent.contributions), 'contribution')}, "
        f"{_n(len(sent.commitments), 'commitment')}, {_n(len(sent.photos), 'photo')}, {_n(sent.ballots, 'ballot')}."
    )
    echo("Their words, name and organisation are erased from the session's file; their phone can send nothing more.")


def _n(count: int, what: str) -> str:
    return f"{count} {what}{'' if count == 1 else 's'}"
