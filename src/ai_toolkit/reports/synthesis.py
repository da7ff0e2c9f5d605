"""The synthesis across regions as a Word document, on the same template and styles as the minutes.

The order follows the transnational comparison: which focus groups, who came; the positive cores and the dreams
side by side; what each region put first and committed to; then what may recur between them, labelled as the
suggestion it is.
"""

from __future__ import annotations

from datetime import datetime, tzinfo
from pathlib import Path

from docx.document import Document as DocxDocument

from ai_toolkit.model.session import SessionState
from ai_toolkit.reports.context import RegionThemes, SynthesisContext, SynthesisPhase
from ai_toolkit.reports.docfile import Writer, save
from ai_toolkit.reports.synthesis_context import synthesis_context


def _region_themes(w: Writer, region: RegionThemes) -> None:
    w.heading(region.heading, 2)
    if region.empty:
        w.para(region.empty, italic=True)
    for theme in region.themes:
        w.para(theme.name, bold=True, keep_next=True)
        if theme.empty:
            w.para(theme.empty, italic=True)
        for q in theme.quotes:
            w.para(q.text, "quote")
            w.para(q.source, "quote_source")


def _phase(w: Writer, phase: SynthesisPhase) -> None:
    w.heading(phase.heading, 1, page_break_before=True)
    w.para(phase.intro)
    w.table(phase.overview)
    for region in phase.regions:
        _region_themes(w, region)


def render_synthesis(ctx: SynthesisContext, template: Path | None = None) -> DocxDocument:
    w = Writer.start(template, ctx.frame)
    w.cover(ctx.title, ctx.subtitle, ctx.cover, "", "")
    w.para(ctx.prepared, "caption")
    w.page_break()
    w.toc(ctx.toc_title)
    w.heading(ctx.sessions_heading, 1)
    w.table(ctx.sessions)
    w.heading(ctx.groups_heading, 2)
    for table in ctx.groups:
        w.table(table)
    for phase in ctx.phases:
        _phase(w, phase)
    w.heading(ctx.propositions_heading, 1, page_break_before=True)
    w.para(ctx.propositions_intro)
    for region in ctx.propositions:
        w.heading(region.heading, 2)
        if region.table is not None:
            w.table(region.table)
        if region.empty or region.note:
            w.para(region.empty or region.note, italic=True)
    w.heading(ctx.actions_heading, 1, page_break_before=True)
    if ctx.actions is not None:
        w.table(ctx.actions)
    else:
        w.para(ctx.actions_empty, italic=True)
    w.heading(ctx.recurs_heading, 1, page_break_before=True)
    w.para(ctx.recurs_intro, italic=True)
    if not ctx.recurs:
        w.para(ctx.recurs_empty, italic=True)
    for block in ctx.recurs:
        w.para(block.title, bold=True, keep_next=True)
        w.table(block.table)
    w.heading(ctx.notes_heading, 1)
    for note in ctx.notes:
        w.para(note)
    return w.finish()


def write_synthesis(
    states: list[SessionState],
    output: Path,
    *,
    lang: str = "en",
    title: str = "",
    template: Path | None = None,
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> Path:
    """Write the synthesis of ``states`` (one per region) as Word and return the file's path."""
    ctx = synthesis_context(states, lang, title=title, now=now, tz=tz)
    return save(render_synthesis(ctx, template), Path(output))
