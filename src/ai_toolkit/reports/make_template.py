"""Make ``templates/minutes.docx``, the styles document a partner restyles in Word.

    python -m ai_toolkit.reports.make_template [templates/minutes.docx]

The file is generated (and committed) so the styles live in one place, ``reports/styles.py``, and the template
never drifts from what the renderers expect. Its body is a sample of every style with a note on how to restyle;
the renderers drop the body and keep styles, page setup, header and footer.
"""

from __future__ import annotations

import io
import sys
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.oxml.ns import qn
from docx.shared import Cm

from ai_toolkit.paths import templates_dir
from ai_toolkit.reports import wml
from ai_toolkit.reports.context import Fact, Table
from ai_toolkit.reports.docfile import Writer, save
from ai_toolkit.reports.styles import FONT, ensure_styles

KEEP_TABLE_STYLES = {"Normal Table", "Table Grid", "Minutes Table", "Minutes Details"}


def _tidy(doc: DocxDocument) -> None:
    """Drop python-docx's sample table styles (Light Shading...), so Word's gallery shows ours, and fix fonts."""
    styles = doc.styles.element
    for style in list(styles.iterchildren(qn("w:style"))):
        name = style.find(qn("w:name"))
        if style.get(qn("w:type")) == "table" and (name is None or name.get(qn("w:val")) not in KEEP_TABLE_STYLES):
            styles.remove(style)
    # Document defaults name Arial directly instead of the theme's fonts, which differ between Word versions.
    for fonts in styles.iter(qn("w:rFonts")):
        for attr in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attr}"), None)
        for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
            fonts.set(qn(f"w:{attr}"), FONT)


def build() -> DocxDocument:
    doc = Document()
    ensure_styles(doc, replace=True)
    _tidy(doc)
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.5), Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1.2)
    section.header.is_linked_to_previous = False  # an empty header of its own: the place for a partner's logo
    props = doc.core_properties
    props.title = "ai-toolkit: styles of the minutes and the agenda"
    props.author = "ai-toolkit"
    props.last_modified_by = "ai-toolkit"
    props.created = props.modified = datetime(2026, 1, 1, tzinfo=UTC)
    props.revision = 1

    w = Writer(doc, ensure_styles(doc))
    w.para("Title of the focus group", "title")
    w.para("Subtitle: minutes of the Appreciative Inquiry focus group", "subtitle")
    w.facts([Fact("Details table", "Minutes Details style"), Fact("Date", "23 November 2026")])
    w.para(
        "This file holds the styles of the minutes and the facilitator's agenda made by ai-toolkit. Change a style "
        "in Word (Home > Styles > right-click > Modify): fonts, colours, spacing. Add a logo to the header. Save, "
        "and the next minutes use your styles. The text here is only a sample and is replaced; a footer with page "
        "numbers is added in the reader's language unless you put a PAGE field in the footer yourself."
    )
    w.add(wml.paragraph("Heading 1: a phase of the cycle", w.styles["heading1"]))
    w.para("Normal: the running text of the minutes.")
    w.add(wml.paragraph("Heading 2: a theme, a vote, the action plan", w.styles["heading2"]))
    w.para("“Quote: a participant's story, in their words.”", "quote")
    w.para("Quote Source: Story · Creative community", "quote_source")
    w.table(Table(["Table Heading", "Minutes Table"], [["Table Text", "1"], ["Table Text", "2"]], [3, 1]))
    w.para("Caption: under charts and tables.", "caption")
    w.flush()
    return doc


def _fix_timestamps(path: Path) -> None:
    """Zip entries carry the time they were written; a fixed one keeps the committed file unchanged when its
    content is (so git shows a change only when a style really changed)."""
    with zipfile.ZipFile(path) as src:
        items = [(item, src.read(item.filename)) for item in src.infolist()]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item, data in items:
            fixed = zipfile.ZipInfo(item.filename, date_time=(2026, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(fixed, data)
    path.write_bytes(out.getvalue())


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    target = Path(args[0]) if args else templates_dir() / "minutes.docx"
    save(build(), target)
    _fix_timestamps(target)
    print(target)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
