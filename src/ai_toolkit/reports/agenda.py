"""The facilitator's guide before the day: the agenda with timings, then every activity's prompt and instructions.

Made from a plan (the toolbox) or from a session (then the cover also says where and when). Times are offsets from
the start ("0:45"), since the plan does not know when the room opens.
"""

from __future__ import annotations

from pathlib import Path

from docx.document import Document as DocxDocument

from ai_toolkit.model.plan import Plan, pick
from ai_toolkit.model.session import SessionInfo
from ai_toolkit.reports.context import AgendaContext, AgendaPhase, AgendaStep, DocumentFrame, Fact, Table
from ai_toolkit.reports.docfile import Writer, save
from ai_toolkit.reports.labels import LOCALE_TAGS, Labels, check_lang, plain


def agenda_context(plan: Plan, lang: str, info: SessionInfo | None = None) -> AgendaContext:
    L = Labels(lang)
    name = plain(pick(plan.name, L.lang))
    title = plain(info.title) if info is not None else name
    # From a plan the subtitle already is the plan's name; from a session it is the session's title.
    cover = [Fact(L("cover.plan"), name)] if info is not None else []
    cover.append(Fact(L("agenda.total"), L("unit.minutes", n=L.number(plan.minutes))))
    if info is not None:
        cover += [
            Fact(L("cover.project"), plain(info.project)),
            Fact(L("cover.partner"), plain(info.partner)),
            Fact(L("cover.region"), plain(info.region)),
            Fact(L("cover.venue"), plain(info.venue)),
            Fact(L("cover.date"), L.date(info.date)),
            Fact(L("cover.facilitators"), ", ".join(plain(f) for f in info.facilitators)),
        ]
    topic = plain(info.affirmative_topic if info is not None else pick(plan.affirmative_topic, L.lang))
    rows: list[list[str]] = []
    phases: list[AgendaPhase] = []
    clock = 0
    for plan_phase in plan.phases:
        phase_name = L(f"phase.{plan_phase.phase.value}")
        steps = []
        for a in plan_phase.activities:
            start, end = L.duration(clock * 60), L.duration((clock + a.minutes) * 60)
            title_text = plain(pick(a.title, L.lang))
            mode = L(f"mode.{a.mode.value}")
            collects = L(f"collects.{a.collects.value}")
            rows.append([start, phase_name, title_text, L.number(a.minutes), mode])
            steps.append(
                AgendaStep(
                    heading=f"{start} · {title_text}",
                    facts=[
                        Fact(L("agenda.when"), f"{start}–{end} ({L('unit.minutes', n=L.number(a.minutes))})"),
                        Fact(L("agenda.mode"), mode),
                        Fact(L("agenda.collects"), collects),
                    ],
                    prompt_label=L("agenda.prompt"),
                    prompt=L("quote.marks", text=plain(pick(a.prompt, L.lang))) if a.prompt else "",
                    instructions_label=L("agenda.instructions"),
                    instructions=plain(pick(a.instructions, L.lang)) if a.instructions else "",
                )
            )
            clock += a.minutes
        heading = L("agenda.phase_heading", phase=phase_name, minutes=L.number(plan_phase.minutes))
        phases.append(AgendaPhase(heading, steps))
    rows.append(["", L("total"), "", L.number(plan.minutes), ""])
    header = [L("col.start"), L("col.phase"), L("col.activity"), L("col.minutes"), L("col.mode")]
    note = ""
    if L.lang not in plan.languages:
        note = L("agenda.fallback")
    return AgendaContext(
        frame=DocumentFrame(
            lang=L.lang,
            locale_tag=LOCALE_TAGS[L.lang],
            title=title,
            subject=L("agenda.title"),
            author=plain(info.partner) if info is not None else "",
            footer=f"{title if len(title) <= 60 else title[:59].rstrip() + '…'} · {L('agenda.title')}\t"
            + L("footer.page"),
        ),
        title=L("agenda.title"),
        subtitle=title,
        cover=[f for f in cover if f.value],
        topic_label=L("cover.topic"),
        topic=L("quote.marks", text=topic) if topic else "",
        description=plain(pick(plan.description, L.lang)) if plan.description else "",
        note=note,
        table_heading=L("agenda.table"),
        table=Table(header, rows, [1.5, 3, 7, 1.7, 2.8], bold_last_row=True),
        phases=phases,
    )


def render_agenda(ctx: AgendaContext, template: Path | None = None) -> DocxDocument:
    w = Writer.start(template, ctx.frame)
    w.cover(ctx.title, ctx.subtitle, ctx.cover, ctx.topic_label, ctx.topic)
    if ctx.description:
        w.para(ctx.description)
    if ctx.note:
        w.para(ctx.note, italic=True)
    w.heading(ctx.table_heading, 1)
    w.table(ctx.table)
    for phase in ctx.phases:
        w.heading(phase.heading, 1)
        for step in phase.steps:
            w.heading(step.heading, 2)
            w.facts(step.facts, (4.0, 12.0))
            if step.prompt:
                w.para(step.prompt_label, bold=True, keep_next=True)
                w.para(step.prompt, "quote")
                w.para("")
            if step.instructions:
                w.para(step.instructions_label, bold=True, keep_next=True)
                w.para(step.instructions)
    return w.finish()


def write_agenda(
    plan: Plan, output: Path, *, lang: str = "en", info: SessionInfo | None = None, template: Path | None = None
) -> Path:
    """Write the facilitator's guide for ``plan`` (and the session ``info`` if there is one)."""
    ctx = agenda_context(plan, check_lang(lang), info)
    if Path(output).expanduser().is_dir():
        output = Path(output).expanduser() / f"agenda-{plan.id}-{ctx.frame.lang}.docx"
    return save(render_agenda(ctx, template), Path(output))
