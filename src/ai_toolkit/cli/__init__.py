"""The ``ai-toolkit`` command. Each area registers its commands from its own module; errors become one line.

Every command only calls the service (``facilitation``) and the readers; none changes state itself. Command
modules import python-docx, Pillow, Textual and FastAPI inside the commands that need them, so ``next``, ``add``
and ``show`` start in a fraction of the time (``bench/startup.py``, ``tests/cli/test_usage.py``).
"""

from __future__ import annotations

import sys
import traceback
from pathlib import Path

import typer

from ai_toolkit.cli.common import app
from ai_toolkit.cli.usage import plain_help, printable, usage_line
from ai_toolkit.errors import ToolkitError

# Importing the modules registers their commands on ``app``.
from ai_toolkit.cli import tui, sessions, method, web, docs  # noqa: F401  isort: skip  (the order of --help)

__all__ = ["app", "main"]

USAGE = 2
"""Exit status of a usage mistake and of a refusal, as Click and most shell tools use it."""


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; a ToolkitError or a usage mistake is one line on stderr and exit 2, an unexpected error is
    logged, not dumped."""
    command = typer.main.get_command(app)
    plain_help(command)
    try:
        code = command.main(args=argv, prog_name="ai-toolkit", standalone_mode=False)
    except ToolkitError as exc:
        typer.echo(f"ai-toolkit: {printable(exc.message)}", err=True)
        return USAGE
    except typer.Abort:
        typer.echo("ai-toolkit: stopped", err=True)
        return 130
    except typer.TyperException as exc:  # Click's usage errors, as typer raises them (exit_code 2)
        typer.echo(usage_line(exc), err=True)
        return int(getattr(exc, "exit_code", USAGE))
    except KeyboardInterrupt:
        typer.echo("ai-toolkit: stopped", err=True)
        return 130
    except OSError as exc:
        where = f" ({exc.filename})" if exc.filename else ""
        typer.echo(f"ai-toolkit: {printable(str(exc.strerror or exc))}{printable(where)}", err=True)
        return USAGE
    except Exception as exc:  # the last line of defence: a person sees one line, the log the rest
        log = Path.home() / ".ai-toolkit-error.log"
        try:
            log.write_text(traceback.format_exc(), encoding="utf-8")
            hint = f"; details in {log}"
        except OSError:
            hint = ""
        typer.echo(f"ai-toolkit: unexpected error: {exc.__class__.__name__}: {printable(str(exc))}{hint}", err=True)
        return 70
    # typer hands back the status of ``--help`` and of ``typer.Exit(n)`` instead of raising it.
    return code if isinstance(code, int) else 0


def utf8_output() -> None:
    """Write UTF-8 wherever the output goes. On Windows a redirected stdout (``ai-toolkit show X > summary.txt``,
    the TUI reading ``minutes`` through a pipe) uses the ANSI code page, cp1252 in Western Europe: it has no "č",
    and a Slovenian title would end the command with UnicodeEncodeError. A terminal already gets UTF-8."""
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "").replace("_", "")
        if encoding != "utf8" and hasattr(stream, "reconfigure"):
            stream.reconfigure(encoding="utf-8", errors="backslashreplace")


def run() -> None:
    utf8_output()
    sys.exit(main())
