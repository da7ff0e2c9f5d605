"""The Typer app, the global options, and the helpers every command module shares."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated

import typer

from ai_toolkit.facilitation import Facilitation, open_session
from ai_toolkit.facilitation.sessions import ENV_VAR, SessionsDir
from ai_toolkit.plans import Toolbox, load_toolbox

app = typer.Typer(
    help="Appreciative Inquiry focus groups: plan, facilitate, let phones take part, and write the minutes.",
    invoke_without_command=True,  # a bare ``ai-toolkit`` prints the help (below) and exits 0, not a usage error
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@dataclass
class Settings:
    sessions_dir: Path | None = None
    plans_dirs: list[Path] = field(default_factory=list)

    @property
    def sessions(self) -> SessionsDir:
        return SessionsDir(self.sessions_dir)

    def toolbox(self) -> Toolbox:
        return load_toolbox(self.plans_dirs)

    def open(self, ref: str) -> Facilitation:
        return open_session(self.sessions, ref)


settings = Settings()


@app.callback()
def _global(
    ctx: typer.Context,
    sessions_dir: Annotated[
        Path | None,
        typer.Option(
            "--sessions-dir",
            metavar="FOLDER",
            envvar=ENV_VAR,
            help="Folder that holds the sessions (default: ./sessions).",
            show_default=False,
        ),
    ] = None,
    plans_dir: Annotated[
        list[Path] | None,
        typer.Option(
            "--plans-dir",
            metavar="FOLDER",
            help="Another folder of plan YAML files (may be repeated).",
            show_default=False,
        ),
    ] = None,
) -> None:
    if ctx.invoked_subcommand is None:
        echo(ctx.get_help())
        raise typer.Exit(0)
    settings.sessions_dir = sessions_dir
    settings.plans_dirs = list(plans_dir or [])


def echo(text: str = "") -> None:
    typer.echo(text)


def warn(text: str) -> None:
    typer.echo(text, err=True)
