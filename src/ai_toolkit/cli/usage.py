"""How the command line is explained: plain words in ``--help`` and one line for every usage mistake.

Typer (0.29) names values by their Python type (``--plans-dir <list[Path]>``, ``add {session} {text}``), which
means nothing to a facilitator, and raises its own copies of Click's usage errors. Both are settled here, once,
for every command any module registers, so a new command needs nothing special.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperArgument, TyperOption

from ai_toolkit.display import one_line, shorten

PLAIN_TYPES: dict[type, str] = {str: "TEXT", int: "NUMBER", float: "NUMBER", Path: "PATH"}
"""What a value is called in help when its option does not name it (``--plans-dir FOLDER`` does)."""


class PlainArgument(TyperArgument):
    """An argument shown by its name alone: ``ai-toolkit add SESSION TEXT``, ``SESSION  Session id or…``."""

    def display_type_rich(self, ctx: Any) -> str | None:
        return None  # the upper-case name already says what to type; "<str>" after it says nothing more

    def get_usage_pieces(self, ctx: Any) -> list[str]:
        name = self.metavar or self.name.upper()
        return [name if self.required else f"[{name}]"]


def plain_type(annotation: object) -> str:
    """TEXT, NUMBER, PATH; a repeatable option is named by one of its values."""
    args = getattr(annotation, "__args__", ())
    if getattr(annotation, "__origin__", None) is list and args:
        return plain_type(args[0])
    return PLAIN_TYPES.get(annotation, "VALUE") if isinstance(annotation, type) else "VALUE"


def plain_help(command: Any) -> None:
    """Give every argument and option of ``command`` and its subcommands a plain name, where it has none."""
    for param in getattr(command, "params", []):
        if isinstance(param, TyperArgument):
            param.metavar = param.metavar or (param.name or "value").upper()
            param.__class__ = PlainArgument
        elif isinstance(param, TyperOption) and param.metavar is None and not param.is_flag:
            param.metavar = plain_type(param.type_descriptor.annotation)
    for sub in getattr(command, "commands", {}).values():
        plain_help(sub)


def printable(text: str, limit: int = 1_000) -> str:
    """Text for one line on a terminal: control and format characters (an escape sequence someone typed, a
    right-to-left override, a byte that was not UTF-8) are shown as escapes instead of acting on the screen, and
    a pasted page does not come back as a page (at most ``limit`` characters)."""
    out = []
    for ch in one_line(text):
        category = unicodedata.category(ch)
        if category in ("Cc", "Cf", "Cs"):
            out.append(ch.encode("unicode_escape", "backslashreplace").decode("ascii"))
        else:
            out.append(ch)
    return shorten("".join(out), limit)


def usage_line(exc: typer.TyperException) -> str:
    """Click's own message (with its hint: "Did you mean 'next'?") and where to read more, as one line."""
    message = printable(exc.format_message(), limit=300)
    if message and message[-1] not in ".?!":
        message += "."
    ctx = getattr(exc, "ctx", None)
    where = ctx.command_path if ctx is not None else "ai-toolkit"
    return f"ai-toolkit: {message} See '{where} --help'."
