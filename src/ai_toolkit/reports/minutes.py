"""The minutes of a focus group as a Word document: the renderer, and the one call the CLI and the TUI use.

The order follows how a project officer reads: who, where and when on the cover; the numbers at a glance; the
agenda as it ran; then the cycle phase by phase in the participants' words; the evidence (every contribution,
the attendance list, data protection) in the annex.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from datetime import datetime, tzinfo
from pathlib import Path

from docx.document import Document as DocxDocument

from ai_toolkit.model.session import SessionState
from ai_toolkit.paths import minutes_file
from ai_toolkit.reports.chart import bar_chart
from ai_toolkit.reports.context import MinutesContext, PhaseSection, Quote, SummaryContext, VoteResult
from ai_toolkit.reports.docfile import Writer, save
from ai_toolkit.reports.labels import check_lang
from ai_toolkit.reports.minutes_context import minutes_context
from ai_toolkit.reports.photo_grid import Pictures, photo_grid, print_pictures

CHART_WIDTH_CM = 15.0
PICTURE_IDS = 20_000
"""The photos' drawing ids start here, clear of the ones python-docx gives the charts (the highest so far + 1)."""


def minutes_path(folder: Path, lang: str) -> Path:
    """Where the minutes go by default: the session's own folder, one file per language (where phones find them)."""
    return minutes_file(folder, lang)


def _quotes(w: Writer, quotes: list[Quote]) -> None:
    for q in quotes:
        w.para(q.text, "quote")
        w.para(q.source, "quote_source")


def _vote(w: Writer, vote: VoteResult) -> None:
    w.heading(vote.title, 2)
    w.facts(vote.facts, (6.0, 10.0))
    w.table(vote.table)
    if vote.chart is not None:
        w.picture(bar_chart(vote.chart.labels, vote.chart.values), CHART_WIDTH_CM, vote.chart.alt)
        w.para(vote.chart.caption, "caption")
    if vote.note:
        w.para(vote.note, italic=True)


def _section(w: Writer, sec: PhaseSection, ids: Iterator[int], pictures: Pictures) -> None:
    w.heading(sec.heading, 1)
    if sec.empty:
        w.para(sec.empty, italic=True)
        return
    if sec.intro:
        w.para(sec.intro)
    if sec.topic:
        w.para(sec.topic_label, bold=True, keep_next=True)
        w.para(sec.topic, "quote")
        w.para("")
    for theme in sec.themes:
        w.heading(theme.name, 2)
        if theme.empty:
            w.para(theme.empty, italic=True)
        _quotes(w, theme.quotes)
    if sec.propositions:
        w.heading(sec.propositions_heading, 2)
        for prop in sec.propositions:
            w.para(prop.text, "quote")
            if prop.builds_on:
                w.para(prop.builds_on, "quote_source")
    for vote in sec.votes:
        _vote(w, vote)
    if sec.actions is not None:
        w.heading(sec.actions_heading, 2)
        w.table(sec.actions)
        if sec.actions_note:
            w.para(sec.actions_note, italic=True)
    if sec.follow_up:
        w.heading(sec.follow_up_heading, 2)
        w.facts(sec.follow_up, (5.0, 11.0))
    if sec.others:
        w.heading(sec.others_heading, 2)
        _quotes(w, sec.others)
    for block in sec.photos:
        photo_grid(w, block, ids, pictures)


def _summary(w: Writer, sm: SummaryContext) -> None:
    """One page: what was asked, who came, what the room found strongest and put first, what happens next."""
    w.heading(sm.heading, 1)
    if sm.topic:
        w.para(sm.topic_label, bold=True, keep_next=True)
        w.para(sm.topic, "quote")
    w.facts(sm.facts, (5.0, 11.0))
    for label, items, empty in (
        (sm.themes_label, sm.themes, sm.themes_empty),
        (sm.propositions_label, sm.propositions, sm.propositions_empty),
    ):
        w.heading(label, 2)
        if items:
            w.ranked([(item.text, item.detail) for item in items])
        else:
            w.para(empty, italic=True)
    w.heading(sm.actions_label, 2)
    for line in sm.actions:
        w.para(line)


def render_minutes(ctx: MinutesContext, template: Path | None = None) -> DocxDocument:
    w = Writer.start(template, ctx.frame)
    # Cover
    w.cover(ctx.title, ctx.subtitle, ctx.cover, ctx.topic_label, ctx.topic)
    if ctx.status:
        w.para(ctx.status, italic=True)
    w.para(ctx.prepared, "caption")
    w.page_break()
    if ctx.summary is not None:
        _summary(w, ctx.summary)
        w.page_break()
    w.toc(ctx.toc_title)
    # At a glance
    w.heading(ctx.glance_heading, 1)
    w.facts(ctx.glance, (8.0, 8.0))
    w.heading(ctx.sectors_heading, 2)
    if ctx.sectors is not None:
        w.table(ctx.sectors)
        if ctx.sectors_note:
            w.para(ctx.sectors_note, "caption")
    else:
        w.para(ctx.sectors_empty, italic=True)
    w.heading(ctx.phases_heading, 2)
    w.table(ctx.phases)
    # The agenda as it ran
    w.heading(ctx.agenda_heading, 1)
    w.table(ctx.agenda)
    if ctx.agenda_note:
        w.para(ctx.agenda_note, "caption")
    ids = itertools.count(PICTURE_IDS)
    pictures = print_pictures(block for sec in ctx.sections for block in sec.photos)
    for sec in ctx.sections:
        _section(w, sec, ids, pictures)
    # Annex
    w.heading(ctx.annex_heading, 1, page_break_before=True)
    w.heading(ctx.contributions_heading, 2)
    if ctx.contributions is not None:
        w.table(ctx.contributions)
    if ctx.contributions_note:
        w.para(ctx.contributions_note, italic=True)
    if ctx.photos is not None or ctx.photos_note:
        w.heading(ctx.photos_heading, 2)
        if ctx.photos is not None:
            w.table(ctx.photos)
        if ctx.photos_note:
            w.para(ctx.photos_note, italic=True)
    w.heading(ctx.participants_heading, 2)
    w.facts(ctx.participants_facts, (8.0, 8.0))
    if ctx.participants is not None:
        w.table(ctx.participants)
    else:
        w.para(ctx.participants_empty, italic=True)
    if ctx.organisations:
        w.para(ctx.organisations)
    if ctx.attendance is not None:
        w.heading(ctx.attendance_heading, 2)
        w.table(ctx.attendance)
        w.para(ctx.attendance_note, "caption")
    if ctx.programme is not None:
        w.heading(ctx.programme_heading, 2)
        w.table(ctx.programme)
    w.heading(ctx.privacy_heading, 2)
    for text in ctx.privacy:
        w.para(text)
    return w.finish()


def write_minutes(
    state: SessionState,
    output: Path | None = None,
    *,
    folder: Path | None = None,
    lang: str | None = None,
    template: Path | None = None,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> Path:
    """Write the minutes of ``state`` and return the file's path.

    ``output`` defaults to ``minutes-<lang>.docx`` in ``folder`` (the session's folder); an existing folder as
    ``output`` gets that file name inside it. Raises ``ToolkitError`` (one line for a person) for a bad language,
    template or output path; never leaves a half-written file.
    """
    code = check_lang(lang or state.info.language)
    if output is None:
        if folder is None:
            raise ValueError("give the output file or the session folder")
        output = minutes_path(folder, code)
    elif Path(output).expanduser().is_dir():
        output = minutes_path(Path(output).expanduser(), code)
    ctx = minutes_context(state, code, now=now, tz=tz, folder=folder)
    return save(render_minutes(ctx, template), Path(output))
