"""WordprocessingML written as text: the fast path for big documents.

python-docx's ``add_paragraph`` and ``table.add_row`` build each element through Python objects and search the
body for its end every time, which slows down as a document grows (5,000 contributions means 5,000 table rows
and as many quoted paragraphs). Here a paragraph or a whole table is one string; ``docfile.Writer`` parses the
collected strings once and moves the elements into the document. Every piece of text passes ``text`` first, so
nothing XML forbids can reach the file, whatever the caller was handed.
"""

from __future__ import annotations

from collections.abc import Sequence

from ai_toolkit.model.text import clean_forbidden

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = f'xmlns:w="{W_NS}"'

GROUP_FILL = "EEF3F4"
"""The pale band of a row that spans the table and names the rows below it."""

CHAR_TWIPS = 100
"""About the width of one character of 9 pt table text (Arial averages half an em, plus a little for safety)."""
ROW_LINES_MAX = 40
"""A row of at most this many lines stays whole on one page. A taller row (a story several pages long) must be
allowed to break: Word cuts off a row that may not split and does not fit on a page, and the words would be lost."""

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


def escape(value: str) -> str:
    """Text safe inside an element or a double-quoted attribute: forbidden characters gone, markup escaped."""
    return clean_forbidden(value).translate(_ESCAPES)


def text_runs(value: str, *, bold: bool = False, italic: bool = False) -> str:
    """One run of text; line breaks become ``w:br`` and tabs ``w:tab`` as Word itself writes them."""
    props = ("<w:b/>" if bold else "") + ("<w:i/>" if italic else "")
    rpr = f"<w:rPr>{props}</w:rPr>" if props else ""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    parts: list[str] = []
    for i, line in enumerate(value.split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if chunk:
                parts.append(f'<w:t xml:space="preserve">{escape(chunk)}</w:t>')
    return f"<w:r>{rpr}{''.join(parts)}</w:r>" if parts else ""


def paragraph(
    value: str = "",
    style_id: str | None = None,
    *,
    bold: bool = False,
    italic: bool = False,
    runs: str = "",
    keep_next: bool = False,
    page_break_before: bool = False,
) -> str:
    """A paragraph in a style (by style id, which Word localises: look it up by name first)."""
    ppr = ""
    if style_id or keep_next or page_break_before:
        ppr = (
            "<w:pPr>"
            + (f'<w:pStyle w:val="{escape(style_id)}"/>' if style_id else "")
            + ("<w:keepNext/>" if keep_next else "")
            + ("<w:pageBreakBefore/>" if page_break_before else "")
            + "</w:pPr>"
        )
    return f"<w:p>{ppr}{text_runs(value, bold=bold, italic=italic) if value else ''}{runs}</w:p>"


def page_break() -> str:
    return '<w:p><w:r><w:br w:type="page"/></w:r></w:p>'


def simple_field(instr: str, shown: str) -> str:
    """A field Word and LibreOffice compute when they lay out the page (PAGE, NUMPAGES)."""
    return f'<w:fldSimple w:instr=" {escape(instr)} ">{text_runs(shown)}</w:fldSimple>'


def field_begin(instr: str) -> str:
    """The runs that open a complex field (one that may span paragraphs, like TOC) and end its code part."""
    return (
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:instrText xml:space="preserve"> {escape(instr)} </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
    )


FIELD_END = '<w:r><w:fldChar w:fldCharType="end"/></w:r>'


def row_lines(row: Sequence[str], widths_twips: Sequence[int]) -> int:
    """How many lines the row's tallest cell takes, estimated from its text and its column's width."""
    tallest = 0
    for cell, width in zip(row, widths_twips, strict=False):
        per_line = max(1, (width - 170) // CHAR_TWIPS)  # less the cell's margins
        lines = 0
        for part in cell.split("\n"):
            lines += 1 + len(part) // per_line
            if lines > ROW_LINES_MAX:
                return lines
        tallest = max(tallest, lines)
    return tallest


def table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths_twips: Sequence[int],
    *,
    style_id: str | None,
    text_style_id: str | None,
    head_style_id: str | None,
    bold_last_row: bool = False,
    bold_first_column: bool = False,
    show_header: bool = True,
) -> str:
    """A whole table as one string. The header row repeats on every page a long table runs over, and no row that
    fits on a page is split between two."""
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in widths_twips)
    look = 'w:firstRow="1" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"'
    if not show_header:
        look = look.replace('w:firstRow="1"', 'w:firstRow="0"')
    tbl_style = f'<w:tblStyle w:val="{escape(style_id)}"/>' if style_id else ""
    out = [
        f'<w:tbl><w:tblPr>{tbl_style}<w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/>'
        f'<w:tblLook w:val="04A0" {look}/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>'
    ]
    # Cell openings are the same for every row: build them once (5,000 rows make this worth it).
    cell_open = [f'<w:tc><w:tcPr><w:tcW w:w="{w}" w:type="dxa"/></w:tcPr>' for w in widths_twips]
    text_ppr = f'<w:pPr><w:pStyle w:val="{escape(text_style_id)}"/></w:pPr>' if text_style_id else ""
    head_ppr = f'<w:pPr><w:pStyle w:val="{escape(head_style_id)}"/></w:pPr>' if head_style_id else ""
    if show_header:
        out.append("<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>")
        for i, label in enumerate(header):
            out.append(f"{cell_open[i]}<w:p>{head_ppr}{text_runs(label, bold=not head_style_id)}</w:p></w:tc>")
        out.append("</w:tr>")
    last = len(rows) - 1
    whole = "<w:trPr><w:cantSplit/></w:trPr>"
    span = (
        f'<w:tc><w:tcPr><w:tcW w:w="{sum(widths_twips)}" w:type="dxa"/><w:gridSpan w:val="{len(widths_twips)}"/>'
        f'<w:shd w:val="clear" w:color="auto" w:fill="{GROUP_FILL}"/></w:tcPr><w:p>{head_ppr or text_ppr}'
    )
    for n, row in enumerate(rows):
        if len(row) == 1 and len(widths_twips) > 1:
            out.append(f"<w:tr>{whole}{span}{text_runs(row[0], bold=True)}</w:p></w:tc></w:tr>")
            continue
        bold = bold_last_row and n == last
        # No row splits across a page ("From empty shop fronts to a / lively centre" read badly), unless it is
        # taller than a page.
        out.append("<w:tr>" + whole if row_lines(row, widths_twips) <= ROW_LINES_MAX else "<w:tr>")
        for i, cell in enumerate(row):
            strong = bold or (bold_first_column and i == 0)
            out.append(f"{cell_open[i]}<w:p>{text_ppr}{text_runs(cell, bold=strong)}</w:p></w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)
