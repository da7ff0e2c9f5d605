"""People's words in files other programs interpret: a spreadsheet runs formulas, a Markdown viewer renders HTML
and follows links, a terminal obeys control sequences. Each function here makes the words inert for one of them
and changes nothing a reader sees.

The words were cleaned when they came in (``model.text.clean``: C0 and C1 controls, lone surrogates), but a
session imported from an older version, or a log written by hand, may still hold anything: so these clean again.
"""

from __future__ import annotations

import re

from ai_toolkit.model.formulas import formula_like
from ai_toolkit.model.text import clean_forbidden

_MD_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()<>|~&])")
"""Every character that starts Markdown syntax anywhere in a line: emphasis, code, links and images (``[x](...)``,
``<javascript:...>``), raw HTML (``<script>``, ``<img onerror=...>``), entities, tables, strikethrough. CommonMark
reads each one escaped with a backslash as the character itself. (``!`` only makes an image before ``[``.)"""
_MD_LINE_START = re.compile(r"^(\s*)(?:([-+=>#])|([0-9]{1,9})([.)]))")
"""What starts a list, a quote, a heading or a heading's underline at the start of a line."""


def csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula (``model.formulas.formula_like``, the rule
    the Excel sheets follow too) gets a leading apostrophe."""
    value = clean_forbidden(value)
    return "'" + value if formula_like(value) else value


def md_text(line: str) -> str:
    """One line of people's words as Markdown that renders exactly those words: no HTML, no links, no markup."""
    escaped = _MD_PUNCTUATION.sub(r"\\\1", clean_forbidden(line))
    return _MD_LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(m: re.Match[str]) -> str:
    indent, mark, number, dot = m.group(1), m.group(2), m.group(3), m.group(4)
    return f"{indent}\\{mark}" if mark else f"{indent}{number}\\{dot}"


def md_line(value: str) -> str:
    """For a heading or a label: line breaks would end it, so they become spaces."""
    return md_text(" ".join(value.splitlines()).strip())


def md_cell(value: str) -> str:
    """For a table cell: a line break would end the row, so lines are joined with ``<br>`` (our only HTML)."""
    return "<br>".join(md_text(line.strip()) for line in value.splitlines())


def md_item(value: str) -> str:
    """For a list item: continuation lines are indented so a story's paragraphs stay in its item."""
    return "\n  ".join(md_text(line) for line in value.splitlines())
