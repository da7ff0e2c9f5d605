"""The named styles the minutes and the agenda use, and how a template gets them.

Everything that decides how the documents look is a named style, so a partner restyles ``templates/minutes.docx``
in Word (Home > Styles > Modify) and never touches code. ``make_template`` writes these definitions into the shipped
template; at render time ``ensure_styles`` adds only the ones a partner's template lacks (a document saved from a
blank Word file has no "Quote Source"), and leaves every style the template defines as it is.

Styles are looked up by name, because Word localises style *ids*: a German Word saves Heading 1 with the id
``berschrift1``. The renderer asks ``StyleIds`` for the id to write.
"""

from __future__ import annotations

from dataclasses import dataclass

from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml

from ai_toolkit.reports.wml import NSDECL

INK = "1F4E5F"
"""Headings and titles: a dark teal that prints well in black and white too."""
ACCENT = "2E6F80"
GREY = "5F6B6D"
RULE = "A7BCC2"
HEAD_FILL = "DDE9EC"
FONT = "Arial"
"""Arial: on every Windows and Mac; LibreOffice substitutes the metric-compatible Liberation Sans."""

TEXT_WIDTH_TWIPS = 9071
"""16 cm: A4 with 2.5 cm margins, where the right-aligned tabs of the TOC and the footer sit."""


def _fonts() -> str:
    return f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'


def _rpr(size_half_points: int, *, color: str | None = None, bold: bool = False, italic: bool = False) -> str:
    return (
        "<w:rPr>"
        + _fonts()
        + ("<w:b/><w:bCs/>" if bold else "")
        + ("<w:i/><w:iCs/>" if italic else "")
        + (f'<w:color w:val="{color}"/>' if color else "")
        + f'<w:sz w:val="{size_half_points}"/><w:szCs w:val="{size_half_points}"/>'
        + "</w:rPr>"
    )


def _border(edges: tuple[str, ...], size: int = 4, color: str = RULE) -> str:
    return "".join(f'<w:{e} w:val="single" w:sz="{size}" w:space="0" w:color="{color}"/>' for e in edges)


@dataclass(frozen=True)
class StyleSpec:
    role: str
    name: str
    """The name Word stores (built-in styles use lower case: "heading 1", "caption", "toc 1")."""
    style_id: str
    kind: str
    body: str
    """Everything inside ``w:style`` after the name; ``{base}`` stands for the id of the style it is based on."""
    based_on: str | None = "Normal"
    """The *name* of the parent style, resolved to its id in the target document."""


def _para(
    role: str,
    name: str,
    style_id: str,
    ppr: str,
    rpr: str,
    *,
    based_on: str | None = "Normal",
    next_id: str | None = None,
    priority: int = 10,
    custom: bool = False,
) -> StyleSpec:
    body = (
        ('<w:basedOn w:val="{base}"/>' if based_on else "")
        + (f'<w:next w:val="{next_id}"/>' if next_id else "")
        + f'<w:uiPriority w:val="{priority}"/><w:qFormat/>'
        + f"<w:pPr>{ppr}</w:pPr>{rpr}"
    )
    return StyleSpec(role, name, style_id, "paragraph" if not custom else "paragraph-custom", body, based_on)


SPECS: tuple[StyleSpec, ...] = (
    _para(
        "normal",
        "Normal",
        "Normal",
        '<w:spacing w:after="120" w:line="264" w:lineRule="auto"/>',
        _rpr(21),
        based_on=None,
        priority=0,
    ),
    _para(
        "title",
        "Title",
        "Title",
        '<w:pBdr><w:bottom w:val="single" w:sz="8" w:space="6" w:color="' + ACCENT + '"/></w:pBdr>'
        '<w:spacing w:before="1200" w:after="240" w:line="240" w:lineRule="auto"/>',
        _rpr(52, color=INK),
        next_id="Normal",
    ),
    _para("subtitle", "Subtitle", "Subtitle", '<w:spacing w:after="480"/>', _rpr(28, color=GREY), next_id="Normal"),
    _para(
        "heading1",
        "heading 1",
        "Heading1",
        '<w:keepNext/><w:keepLines/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/>',
        _rpr(32, color=INK, bold=True),
        next_id="Normal",
        priority=9,
    ),
    _para(
        "heading2",
        "heading 2",
        "Heading2",
        '<w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/>',
        _rpr(25, color=ACCENT, bold=True),
        next_id="Normal",
        priority=9,
    ),
    _para(
        "quote",
        "Quote",
        "Quote",
        # keepNext holds a story together with the line that says whose it is.
        f'<w:keepNext/><w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="{RULE}"/></w:pBdr>'
        '<w:spacing w:before="120" w:after="20"/><w:ind w:left="284"/>',
        _rpr(21),
        next_id="Normal",
        priority=29,
    ),
    _para(
        "quote_source",
        "Quote Source",
        "QuoteSource",
        f'<w:pBdr><w:left w:val="single" w:sz="18" w:space="8" w:color="{RULE}"/></w:pBdr>'
        '<w:spacing w:after="120"/><w:ind w:left="284"/>',
        _rpr(17, color=GREY),
        next_id="Normal",
        custom=True,
    ),
    _para("caption", "caption", "Caption", '<w:spacing w:after="240"/>', _rpr(17, color=GREY, italic=True)),
    _para(
        "table_text",
        "Table Text",
        "TableText",
        '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
        _rpr(18),
        custom=True,
    ),
    _para(
        "table_heading",
        "Table Heading",
        "TableHeading",
        '<w:keepNext/><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
        _rpr(18, bold=True, color=INK),
        based_on="Table Text",
        custom=True,
    ),
    _para(
        "toc_heading",
        "TOC Heading",
        "TOCHeading",
        '<w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="9"/>',
        _rpr(32, color=INK, bold=True),
        next_id="Normal",
        priority=39,
    ),
    _para(
        "toc1",
        "toc 1",
        "TOC1",
        f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH_TWIPS}"/></w:tabs><w:spacing w:after="60"/>',
        _rpr(21),
        next_id="Normal",
        priority=39,
    ),
    _para(
        "toc2",
        "toc 2",
        "TOC2",
        f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH_TWIPS}"/></w:tabs>'
        '<w:spacing w:after="40"/><w:ind w:left="284"/>',
        _rpr(19, color=GREY),
        next_id="Normal",
        priority=39,
    ),
    _para(
        "footer",
        "footer",
        "Footer",
        f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH_TWIPS}"/></w:tabs>'
        '<w:spacing w:after="0" w:line="240" w:lineRule="auto"/>',
        _rpr(16, color=GREY),
        priority=99,
    ),
    StyleSpec(
        "table",
        "Minutes Table",
        "MinutesTable",
        "table",
        '<w:basedOn w:val="{base}"/><w:uiPriority w:val="59"/>'
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        "<w:tblPr><w:tblBorders>"
        + _border(("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders><w:tblCellMar>"
        '<w:top w:w="45" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
        '<w:bottom w:w="45" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>"
        f'<w:tblStylePr w:type="firstRow"><w:rPr><w:b/><w:bCs/></w:rPr>'
        f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEAD_FILL}"/></w:tcPr></w:tblStylePr>',
        based_on="Normal Table",
    ),
    StyleSpec(
        "details",
        "Minutes Details",
        "MinutesDetails",
        "table",
        '<w:basedOn w:val="{base}"/><w:uiPriority w:val="59"/>'
        '<w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
        "<w:tblPr><w:tblBorders>" + _border(("insideH",), 4, "D5DFE2") + "</w:tblBorders><w:tblCellMar>"
        '<w:top w:w="60" w:type="dxa"/><w:left w:w="0" w:type="dxa"/>'
        '<w:bottom w:w="60" w:type="dxa"/><w:right w:w="113" w:type="dxa"/>'
        "</w:tblCellMar></w:tblPr>",
        based_on="Normal Table",
    ),
)

ROLES = {s.role: s for s in SPECS}


@dataclass(frozen=True)
class StyleIds:
    """Role -> the style id to write in this document (Word may have localised it)."""

    ids: dict[str, str]

    def __getitem__(self, role: str) -> str:
        return self.ids[role]


def _by_name(doc: DocxDocument, name: str) -> str | None:
    wanted = name.lower()
    for style in doc.styles.element.iterchildren(qn("w:style")):
        el = style.find(qn("w:name"))
        if el is not None and (el.get(qn("w:val")) or "").lower() == wanted:
            return style.get(qn("w:styleId"))
    return None


def style_xml(spec: StyleSpec, style_id: str, base_id: str | None) -> str:
    kind = "table" if spec.kind == "table" else "paragraph"
    custom = ' w:customStyle="1"' if spec.kind in ("paragraph-custom", "table") else ""
    default = ' w:default="1"' if spec.role == "normal" else ""
    body = spec.body.replace("{base}", base_id or "")
    if base_id is None:
        body = body.replace('<w:basedOn w:val=""/>', "")
    return (
        f'<w:style {NSDECL} w:type="{kind}"{default}{custom} w:styleId="{style_id}">'
        f'<w:name w:val="{spec.name}"/>{body}</w:style>'
    )


def install(doc: DocxDocument, spec: StyleSpec, *, replace: bool) -> str:
    """Put one style into the document; returns its id. ``replace`` is for building our own template."""
    styles = doc.styles.element
    existing = _by_name(doc, spec.name)
    if existing is not None and not replace:
        return existing
    if existing is not None:
        for style in styles.xpath(f'w:style[@w:styleId="{existing}"]'):
            styles.remove(style)
    taken = set(styles.xpath("w:style/@w:styleId"))
    style_id, n = spec.style_id, 1
    while style_id in taken:  # a partner's template may use our id for something else
        n += 1
        style_id = f"{spec.style_id}{n}"
    base_id = _by_name(doc, spec.based_on) if spec.based_on else None
    styles.append(parse_xml(style_xml(spec, style_id, base_id)))
    return style_id


def ensure_styles(doc: DocxDocument, *, replace: bool = False) -> StyleIds:
    """Every style the renderers use, by role; missing ones are added (all replaced when ``replace``)."""
    return StyleIds({spec.role: install(doc, spec, replace=replace) for spec in SPECS})
