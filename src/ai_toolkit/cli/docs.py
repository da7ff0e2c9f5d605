"""Documents from the shell: the minutes of a session, the facilitator's agenda of a plan or session.

Both only read: ``minutes`` opens the session like any other process (the TUI may have it open and keep writing;
SQLite's WAL lets us read a consistent snapshot meanwhile).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ai_toolkit.cli.common import app, echo, settings
from ai_toolkit.errors import NotFound
from ai_toolkit.i18n import LANGUAGES

_LANG_HELP = f"Language of the document: {', '.join(LANGUAGES)} (default: the session's)."
LangOption = Annotated[str | None, typer.Option("--lang", metavar="LANG", help=_LANG_HELP, show_default=False)]
TemplateOption = Annotated[
    Path | None,
    typer.Option(
        "--template",
        metavar="FILE",
        help="A .docx whose styles to use (default: templates/minutes.docx).",
        show_default=False,
    ),
]


@app.command("minutes")
def minutes(
    session: Annotated[str, typer.Argument(help="Session id or a unique prefix of it.")],
    lang: LangOption = None,
    template: TemplateOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="File to write (default: minutes-<lang>.docx in the session's folder).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write the Word minutes of a session (also while it is running) and print the file's path."""
    from ai_toolkit.reports import write_minutes  # python-docx: only for the commands that write Word
    from ai_toolkit.reports.labels import check_lang

    if lang is not None:
        check_lang(lang)
    f = settings.open(session)
    try:
        path = write_minutes(f.state, output, folder=f.folder, lang=lang, template=template)
    finally:
        f.close()
    echo(str(path.resolve()))  # where the file is, from any folder: a path to open or hand to a script


@app.command("agenda")
def agenda(
    ref: Annotated[
        str,
        typer.Argument(metavar="PLAN_OR_SESSION", help="A plan id (see 'ai-toolkit plans') or a session id or prefix."),
    ],
    lang: LangOption = None,
    template: TemplateOption = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "-o",
            "--output",
            metavar="FILE",
            help="File to write (default: agenda-<plan>-<lang>.docx here, or in the session's folder).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write the facilitator's guide: the agenda with timings, each activity's prompt, working mode and instructions."""
    from ai_toolkit.reports import write_agenda
    from ai_toolkit.reports.labels import check_lang

    if lang is not None:
        check_lang(lang)
    box = settings.toolbox()
    plan = box.plans.get(ref.strip())
    if plan is not None:
        code = lang or "en"
        path = write_agenda(plan, output or Path(f"agenda-{plan.id}-{code}.docx"), lang=code, template=template)
    else:
        try:
            f = settings.open(ref)
        except NotFound:
            known = ", ".join(sorted(box.plans)) or "none"
            raise NotFound(f"no plan or session {ref!r} (plans: {known}; sessions: see 'ai-toolkit list')") from None
        try:
            s = f.state
            code = lang or s.info.language
            target = output or f.folder / f"agenda-{code}.docx"
            path = write_agenda(s.plan, target, lang=code, info=s.info, template=template)
        finally:
            f.close()
    echo(str(path.resolve()))  # where the file is, from any folder: a path to open or hand to a script
