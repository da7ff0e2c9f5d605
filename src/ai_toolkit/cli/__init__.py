"""The ``ai-toolkit`` command. Each area registers its commands from its own module; errors become one line.

Every command only calls the service (``facilitation``) and the readers; none changes state itself.
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import click
import typer

from ai_toolkit.cli.common import app
from ai_toolkit.errors import ToolkitError

# Importing the modules registers their commands on ``app``.
from ai_toolkit.cli import tui, sessions, people, web, docs  # noqa: E402,F401  isort: skip  (the order of --help)

__all__ = ["app", "main"]


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; a ToolkitError is one line on stderr and exit 2, an unexpected error is logged, not dumped."""
    try:
        app(args=argv, prog_name="ai-toolkit", standalone_mode=False)
    except ToolkitError as exc:
        typer.echo(f"ai-toolkit: {exc.message}", err=True)
        return 2
    except click.exceptions.Abort:
        typer.echo("ai-toolkit: stopped", err=True)
        return 130
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except KeyboardInterrupt:
        typer.echo("ai-toolkit: stopped", err=True)
        return 130
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        typer.echo(f"ai-toolkit: {exc.strerror or exc}{where}", err=True)
        return 2
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a person sees one line, the log the rest
        log = Path.home() / ".ai-toolkit-error.log"
        try:
            log.write_text(traceback.format_exc(), encoding="utf-8")
            hint = f"; details in {log}"
        except OSError:
            hint = ""
        typer.echo(f"ai-toolkit: unexpected error: {exc.__class__.__name__}: {exc}{hint}", err=True)
        return 70
    return 0


def run() -> None:
    sys.exit(main())
