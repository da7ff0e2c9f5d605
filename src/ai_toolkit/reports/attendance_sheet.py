"""The sign-in sheet for the day: an A4 list to print before the session and pass round the room.

Interreg reporting wants everyone present by target group and, usually, a signed attendance list. Phones count
those who joined; the sheet collects the signatures (and the people without a phone, whom the facilitator also
counts by sector in the TUI or with ``ai-toolkit attend``). Rows are filled in for those who joined on a phone
and agreed to be named (their organisation only where they agreed to have it listed); then empty rows for the
expected size of the room.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn

from ai_toolkit.facilitation.decisions.naming import named_participants, shown_organisation
from ai_toolkit.facilitation.decisions.retention import keep_until
from ai_toolkit.i18n.sectors import sector_labels
from ai_toolkit.model.session import SessionState
from ai_toolkit.reports.context import DocumentFrame, Fact, Table
from ai_toolkit.reports.docfile import OutputError, Writer, save
from ai_toolkit.reports.labels import LOCALE_TAGS, Labels, check_lang, plain

EXPECTED = 30
"""Empty rows when nobody says how many are expected: the size of a typical regional focus group."""
MAX_ROWS = 1000
"""More rows than an AI summit fills: a bigger number is a typing mistake, not a room."""
ROW_HEIGHT_TWIPS = 540
"""About 0.95 cm: room for a handwritten name and a signature."""


@dataclass(frozen=True)
class SheetContext:
    frame: DocumentFrame
    title: str
    subtitle: str
    facts: list[Fact]
    intro: str
    use: str
    sectors: str
    joined_note: str
    table: Table


def sheet_context(s: SessionState, lang: str, expected: int = EXPECTED) -> SheetContext:
    if not 0 <= expected <= MAX_ROWS:
        raise OutputError(f"the expected number of people must be between 0 and {MAX_ROWS} (not {expected})")
    L = Labels(lang)
    info = s.info
    title = plain(info.title)
    facts = [
        Fact(L("cover.project"), plain(info.project)),
        Fact(L("cover.partner"), plain(info.partner)),
        Fact(L("cover.venue"), plain(info.venue)),
        Fact(L("cover.date"), L.date(info.date)),
        Fact(L("cover.facilitators"), ", ".join(plain(f) for f in info.facilitators)),
    ]
    controller = plain(info.controller) or plain(info.partner) or L("privacy.organisers")
    project = plain(info.project)
    until = L.date(keep_until(info), "medium")
    use = (
        L("signin.use_project", project=project, controller=controller, date=until)
        if project
        else L("signin.use", controller=controller, date=until)
    )
    labels = sector_labels(s.plan, L.lang)  # the plan's own sectors too (CINEMA's retail and shops...)
    rows: list[list[str]] = []
    for p in named_participants(s):
        rows.append(
            [
                L.number(len(rows) + 1),
                plain(p.name),
                plain(shown_organisation(s, p.id)),
                labels.get(p.sector, p.sector),
                "",
            ]
        )
    joined = len(rows)
    rows += [[L.number(joined + i + 1), "", "", "", ""] for i in range(expected)]
    header = [L("signin.col.no"), L("col.name"), L("col.organisation"), L("col.sector"), L("signin.col.signature")]
    short = title if len(title) <= 60 else title[:59].rstrip() + "…"
    return SheetContext(
        frame=DocumentFrame(
            lang=L.lang,
            locale_tag=LOCALE_TAGS[L.lang],
            title=f"{L('signin.title')}: {title}",
            subject=L("signin.subject"),
            author=plain(info.partner) or ", ".join(plain(f) for f in info.facilitators),
            footer=f"{short} · {L.date(info.date, 'medium')}\t" + L("footer.page"),
            keywords=", ".join(x for x in (project, plain(info.region)) if x),
        ),
        title=L("signin.title"),
        subtitle=title,
        facts=[f for f in facts if f.value],
        intro=L("signin.intro"),
        use=use,
        sectors=L("signin.sectors", sectors=", ".join(labels.values())),
        joined_note=L("signin.joined_note") if joined else "",
        table=Table(header, rows, [1.1, 4.6, 4.4, 3.2, 3.4]),
    )


def render_sheet(ctx: SheetContext, template: Path | None = None) -> DocxDocument:
    w = Writer.start(template, ctx.frame)
    w.para(ctx.title, "title")
    w.para(ctx.subtitle, "subtitle")
    w.facts(ctx.facts)
    w.para(ctx.intro)
    w.para(ctx.use, "caption")  # before anyone signs: what the list is for and how long it is kept
    w.para(ctx.sectors, "caption")
    if ctx.joined_note:
        w.para(ctx.joined_note, "caption")
    w.table(ctx.table)
    doc = w.finish()
    _room_to_sign(doc)
    return doc


def _room_to_sign(doc: DocxDocument) -> None:
    """Every row of the sign-in table tall enough to write in, and never split across two pages."""
    table = doc.element.body.findall(qn("w:tbl"))[-1]
    for row in table.findall(qn("w:tr")):
        props = row.find(qn("w:trPr"))
        if props is None:
            props = row.makeelement(qn("w:trPr"), {})
            row.insert(0, props)
        height = props.makeelement(qn("w:trHeight"), {qn("w:val"): str(ROW_HEIGHT_TWIPS), qn("w:hRule"): "atLeast"})
        props.insert(0, height)
        if props.find(qn("w:cantSplit")) is None:
            props.insert(0, props.makeelement(qn("w:cantSplit"), {}))


def write_attendance_sheet(
    s: SessionState,
    output: Path,
    *,
    lang: str | None = None,
    expected: int = EXPECTED,
    template: Path | None = None,
) -> Path:
    """Write the sign-in sheet of ``s`` (in ``lang``, the session's by default) and return the file's path."""
    code = check_lang(lang or s.info.language)
    target = Path(output).expanduser()
    if target.is_dir():
        target = target / f"attendance-{code}.docx"
    return save(render_sheet(sheet_context(s, code, expected), template), target)
