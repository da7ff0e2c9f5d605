"""Word documents for partners: the minutes of a session and the facilitator's agenda.

Each document is built in two steps (the Ghostwriter shape): the session or plan becomes a plain context of
strings in the reader's language (``minutes_context``, ``agenda_context``), then one renderer per document lays
it out with python-docx on the styles of ``templates/minutes.docx``.
"""

from __future__ import annotations

from ai_toolkit.reports.agenda import agenda_context, render_agenda, write_agenda
from ai_toolkit.reports.attendance_sheet import write_attendance_sheet
from ai_toolkit.reports.docfile import OutputError, TemplateError, default_template, open_template
from ai_toolkit.reports.minutes import minutes_path, render_minutes, write_minutes
from ai_toolkit.reports.minutes_context import minutes_context

__all__ = [
    "OutputError",
    "TemplateError",
    "agenda_context",
    "default_template",
    "minutes_context",
    "minutes_path",
    "open_template",
    "render_agenda",
    "render_minutes",
    "write_agenda",
    "write_attendance_sheet",
    "write_minutes",
]
