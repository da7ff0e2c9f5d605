"""The Word file around the content: the template, the styles, the footer, the table of contents, saving.

A template is any .docx (or .dotx) a partner restyled in Word. Its body is sample text and is dropped; its
styles, page setup, header (a logo) and footer stay. A template that is missing or is not a Word document is one
clear ``ToolkitError``; the output is written next to its target and renamed into place, so a failure never
leaves half a file where the last good minutes were.
"""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.oxml.parser import element_class_lookup, parse_xml
from docx.shared import Emu
from lxml import etree

from ai_toolkit.errors import Code, NotFound, ToolkitError
from ai_toolkit.files import open_beside
from ai_toolkit.model.text import clean_forbidden
from ai_toolkit.paths import templates_dir
from ai_toolkit.reports import wml
from ai_toolkit.reports.context import DocumentFrame, Fact, Table
from ai_toolkit.reports.styles import StyleIds, ensure_styles

MAX_TEMPLATE_BYTES = 50_000_000
FLUSH_CHARS = 2_000_000
"""Parse the collected XML in pieces of about this size: one parse per piece is fast, and memory stays flat."""
_DOCUMENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"

# Our own parser: python-docx's drops blank text, and a story may well contain a lone space between two runs.
_PARSER = etree.XMLParser(resolve_entities=False, huge_tree=True)
_PARSER.set_element_class_lookup(element_class_lookup)


class TemplateError(ToolkitError):
    code = Code.TEMPLATE


class OutputError(ToolkitError):
    code = Code.OUTPUT


def default_template() -> Path:
    return templates_dir() / "minutes.docx"


def open_template(path: Path | None = None) -> DocxDocument:
    """The template as a python-docx document, or one clear error that names the file and what is wrong."""
    path = Path(path).expanduser() if path is not None else default_template()
    try:
        if path.is_dir():
            raise TemplateError(f"the template {path} is a folder, not a .docx file")
        size = path.stat().st_size
        if size > MAX_TEMPLATE_BYTES:
            raise TemplateError(f"the template {path} is larger than {MAX_TEMPLATE_BYTES // 1_000_000} MB")
        data = path.read_bytes()
    except FileNotFoundError:
        raise NotFound(f"no template {path} (give a .docx made in Word with --template)") from None
    except OSError as exc:
        raise TemplateError(f"cannot read the template {path}: {exc.strerror or exc}") from None
    try:
        return Document(io.BytesIO(_as_document(data)))
    except (zipfile.BadZipFile, PackageNotFoundError):
        raise TemplateError(
            f"the template {path} is not a Word .docx file (it is not a valid Office package)"
        ) from None
    except TemplateError:
        raise
    except Exception as exc:  # python-docx fails on odd packages in many ways; each means "unusable"
        reason = str(exc) or exc.__class__.__name__
        raise TemplateError(f"the template {path} is not a usable Word .docx file: {reason}") from None


def _as_document(data: bytes) -> bytes:
    """A Word *template* (.dotx) differs from a document only in one content type: accept it as a document."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            types = z.read("[Content_Types].xml")
            if _TEMPLATE.encode() not in types:
                return data
            out = io.BytesIO()
            with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as w:
                for item in z.infolist():
                    body = z.read(item.filename)
                    if item.filename == "[Content_Types].xml":
                        body = body.replace(_TEMPLATE.encode(), _DOCUMENT.encode())
                    w.writestr(item, body)
            return out.getvalue()
    except KeyError:
        raise TemplateError("the template has no [Content_Types].xml: it is not a Word .docx file") from None


@dataclass
class Heading:
    level: int
    text: str
    bookmark: str


@dataclass
class Writer:
    """Appends to the body of a document from its template. Collects XML text and parses it in one go."""

    doc: DocxDocument
    styles: StyleIds
    headings: list[Heading] = field(default_factory=list)
    _pending: list[str] = field(default_factory=list)
    _pending_size: int = 0
    _toc: etree._Element | None = None
    _text_width: int = 9071

    @classmethod
    def start(cls, template: Path | None, frame: DocumentFrame) -> Writer:
        doc = open_template(template)
        doc.element.body.clear_content()  # the template's sample text; its last sectPr (page setup) stays
        writer = cls(doc, ensure_styles(doc))
        writer._text_width = _text_width(doc)
        writer._frame(frame)
        return writer

    # -- content -----------------------------------------------------------------------------------------
    def add(self, xml: str) -> None:
        self._pending.append(xml)
        self._pending_size += len(xml)
        if self._pending_size > FLUSH_CHARS:
            self.flush()

    def para(
        self, text: str, role: str = "normal", *, bold: bool = False, italic: bool = False, keep_next: bool = False
    ) -> None:
        self.add(wml.paragraph(text, self.styles[role], bold=bold, italic=italic, keep_next=keep_next))

    def cover(self, title: str, subtitle: str, facts: list[Fact], topic_label: str, topic: str) -> None:
        """The top of the first page, the same in the minutes and the agenda: title, facts, affirmative topic."""
        self.para(title, "title")
        self.para(subtitle, "subtitle")
        self.facts(facts)
        if topic:
            self.para(topic_label, bold=True, keep_next=True)
            self.para(topic, "quote")
            self.para("")

    def heading(self, text: str, level: int = 1, *, page_break_before: bool = False) -> None:
        """A real Heading 1/2 (Word's navigation pane and the TOC find it), with a bookmark the TOC links to."""
        n = len(self.headings) + 1
        mark = f"_TocAit{n:04d}"
        self.headings.append(Heading(level, text, mark))
        runs = f'<w:bookmarkStart w:id="{n}" w:name="{mark}"/>{wml.text_runs(text)}<w:bookmarkEnd w:id="{n}"/>'
        self.add(wml.paragraph("", self.styles[f"heading{level}"], runs=runs, page_break_before=page_break_before))

    def facts(self, facts: list[Fact], widths: tuple[float, float] = (4.5, 11.5)) -> None:
        """Label and value pairs as a quiet two-column table (the cover, "at a glance")."""
        if not facts:
            return
        rows = [[f.label, f.value] for f in facts]
        self.add(
            wml.table(
                [],
                rows,
                self._twips(list(widths)),
                style_id=self.styles["details"],
                text_style_id=self.styles["table_text"],
                head_style_id=None,
                show_header=False,
                bold_first_column=True,
            )
        )
        self.para("")

    def table(self, table: Table) -> None:
        self.add(
            wml.table(
                table.header,
                table.rows,
                self._twips(table.widths),
                style_id=self.styles["table"],
                text_style_id=self.styles["table_text"],
                head_style_id=self.styles["table_heading"],
                bold_last_row=table.bold_last_row,
            )
        )
        # Two tables in a row would merge into one in Word; a paragraph after each keeps them apart.
        self.para("", "caption")

    def picture(self, png: bytes, width_cm: float, alt: str) -> None:
        self.flush()  # picture ids are counted over the document, so what came before must be in it
        width = Emu(int(min(width_cm * 360000, self._text_width * 635)))
        inline = self.doc.part.new_pic_inline(io.BytesIO(png), width=width)
        inline.docPr.set("descr", clean_forbidden(alt)[:2000])
        p = parse_xml(
            f'<w:p {wml.NSDECL}><w:pPr><w:pStyle w:val="{self.styles["normal"]}"/><w:keepNext/></w:pPr></w:p>'
        )
        run = p.makeelement(qn("w:r"), {})
        p.append(run)
        run.append(_drawing(inline))
        self._body_end().addprevious(p)

    def page_break(self) -> None:
        self.add(wml.page_break())

    def toc(self, title: str) -> None:
        """A TOC field; its shown result is filled with the headings at the end, so it reads right at once.

        Word refreshes it with page numbers when the file is opened (``updateFields``); LibreOffice shows it too.
        """
        self.add(wml.paragraph(title, self.styles["toc_heading"]))
        self.flush()
        self._toc = parse_xml(f"<w:p {wml.NSDECL}/>")
        self._body_end().addprevious(self._toc)

    # -- finishing ---------------------------------------------------------------------------------------
    def flush(self) -> None:
        if not self._pending:
            return
        root = etree.fromstring(f"<w:body {wml.NSDECL}>{''.join(self._pending)}</w:body>", _PARSER)
        self._pending.clear()
        self._pending_size = 0
        end = self._body_end()
        for child in list(root):
            _adopt(child, end.addprevious)

    def _body_end(self) -> etree._Element:
        body = self.doc.element.body
        sect = body.find(qn("w:sectPr"))
        if sect is None:
            sect = body.makeelement(qn("w:sectPr"), {})
            body.append(sect)
        return sect

    def _fill_toc(self) -> None:
        """The TOC's shown result: one linked line per Heading 1, without page numbers (only Word counts pages;
        it refreshes the field on opening). The navigation pane shows the Heading 2 level as well."""
        if self._toc is None:
            return
        begin = wml.field_begin('TOC \\o "1-1" \\h \\z \\u')
        top = [h for h in self.headings if h.level == 1]
        parts = []
        for i, h in enumerate(top):
            link = f'<w:hyperlink w:anchor="{h.bookmark}" w:history="1">{wml.text_runs(h.text)}</w:hyperlink>'
            runs = (begin if i == 0 else "") + link + (wml.FIELD_END if i == len(top) - 1 else "")
            parts.append(wml.paragraph("", self.styles["toc1"], runs=runs))
        if not parts:
            parts.append(wml.paragraph("", self.styles["toc1"], runs=begin + wml.FIELD_END))
        root = etree.fromstring(f"<w:body {wml.NSDECL}>{''.join(parts)}</w:body>", _PARSER)
        for child in list(root):
            self._toc.addprevious(child)
        parent = self._toc.getparent()
        if parent is not None:
            parent.remove(self._toc)
        self._toc = None

    def finish(self) -> DocxDocument:
        self.flush()
        self._fill_toc()
        return self.doc

    # -- the frame: language, properties, footer ----------------------------------------------------------
    def _frame(self, frame: DocumentFrame) -> None:
        doc = self.doc
        props = doc.core_properties
        props.title = frame.title[:255]
        props.subject = frame.subject[:255]
        props.author = frame.author[:255]
        props.keywords = frame.keywords[:255]
        props.language = frame.locale_tag
        props.last_modified_by = "ai-toolkit"
        props.comments = ""
        props.revision = 1
        _set_language(doc, frame.locale_tag)
        _update_fields_on_open(doc)
        for i, section in enumerate(doc.sections):
            footer = section.footer
            if i and footer.is_linked_to_previous:
                continue  # shows the footer of the section before, which gets ours
            if _has_page_field(footer._element):
                continue  # the partner designed their own footer with page numbers: keep it
            left, _, right = frame.footer.partition("\t")
            runs = wml.text_runs(left) + "<w:r><w:tab/></w:r>" + _page_runs(right)
            footer._element.append(parse_xml(f"<w:p {wml.NSDECL}>" + _ppr(self.styles["footer"]) + runs + "</w:p>"))

    def _twips(self, widths: list[float]) -> list[int]:
        total = sum(widths) or 1
        return [max(300, int(self._text_width * w / total)) for w in widths]


def _adopt(element: etree._Element, place: Callable[[etree._Element], None]) -> None:
    """Move ``element`` into the document in pieces of a few dozen nodes.

    lxml fixes namespaces node by node when a subtree changes documents, and that grows with the square of the
    subtree's size: one table of 5,000 rows takes 15 s to move whole, its rows one by one take milliseconds.
    """
    if len(element) <= 8:
        place(element)
        return
    children = list(element)
    for child in children:
        element.remove(child)
    place(element)
    for child in children:
        _adopt(child, element.append)


def _ppr(style_id: str) -> str:
    return f'<w:pPr><w:pStyle w:val="{wml.escape(style_id)}"/></w:pPr>'


def _page_runs(text: str) -> str:
    """The footer's page text ("Page {page} of {pages}") with the two numbers as fields."""
    out, rest = [], text
    while rest:
        at = [(rest.find(k), k) for k in ("{page}", "{pages}") if rest.find(k) >= 0]
        if not at:
            out.append(wml.text_runs(rest))
            break
        pos, key = min(at)
        out.append(wml.text_runs(rest[:pos]))
        out.append(wml.simple_field("PAGE" if key == "{page}" else "NUMPAGES", "1"))
        rest = rest[pos + len(key) :]
    return "".join(out)


def _has_page_field(footer: etree._Element) -> bool:
    instr = etree.XPath(".//w:instrText/text() | .//w:fldSimple/@w:instr", namespaces={"w": wml.W_NS})(footer)
    return any("PAGE" in str(i).upper().split() for i in instr)


def _drawing(inline: etree._Element) -> etree._Element:
    drawing = inline.makeelement(qn("w:drawing"), {})
    drawing.append(inline)
    return drawing


def _text_width(doc: DocxDocument) -> int:
    """The width between the margins of the last section, in twips (tables and pictures fill it)."""
    sect = doc.sections[-1]
    try:
        width = int((sect.page_width or 0) - (sect.left_margin or 0) - (sect.right_margin or 0))
    except (TypeError, ValueError):
        width = 0
    twips = width // 635
    return twips if 2000 < twips < 30000 else 9071


def _set_language(doc: DocxDocument, tag: str) -> None:
    """Proofing and hyphenation in the reader's language (Word and LibreOffice both read the defaults)."""
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = parse_xml(f"<w:docDefaults {wml.NSDECL}/>")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = parse_xml(f"<w:rPrDefault {wml.NSDECL}/>")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = parse_xml(f"<w:rPr {wml.NSDECL}/>")
        rpr_default.append(rpr)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = parse_xml(f"<w:lang {wml.NSDECL}/>")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


# Children of w:settings that the schema puts after w:updateFields (Word is strict about the order).
_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults footnotePr endnotePr compat docVars rsids attachedSchema themeFontLang clrSchemeMapping "
    "doNotIncludeSubdocsInStats doNotAutoCompressPictures forceUpgrade captions readModeInkLockDown smartTagType "
    "shapeDefaults doNotEmbedSmartTags decimalSymbol listSeparator"
).split()


def _update_fields_on_open(doc: DocxDocument) -> None:
    """Ask Word to refresh fields (the TOC's page numbers) when the file is opened."""
    settings = doc.settings.element
    found = settings.find(qn("w:updateFields"))
    if found is None:
        found = parse_xml(f"<w:updateFields {wml.NSDECL}/>")
        after = {qn(f"w:{name}") for name in _AFTER_UPDATE_FIELDS} | {
            "{http://schemas.openxmlformats.org/officeDocument/2006/math}mathPr",
            "{http://schemas.openxmlformats.org/schemaLibrary/2006/main}schemaLibrary",
        }
        successor = next((child for child in settings if child.tag in after), None)
        if successor is not None:
            successor.addprevious(found)
        else:
            settings.append(found)
    found.set(qn("w:val"), "true")


def save(doc: DocxDocument, output: Path) -> Path:
    """Write ``output`` whole or not at all: a temporary file in the same folder, then one rename."""
    output = Path(output).expanduser()
    folder = output.parent
    if output.is_dir():
        raise OutputError(f"{output} is a folder; give a file name ending in .docx")
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise OutputError(f"cannot write {output}: {folder} {what}")
    try:
        fd, tmp = open_beside(output, suffix=".docx.part")  # the permissions of any new document, not mkstemp's 0600
    except OSError as exc:
        raise OutputError(f"cannot write in {folder}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "wb") as out:
            doc.save(out)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, output)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(f"cannot write {output}: {exc.strerror or exc}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return output


__all__ = ["Writer", "open_template", "save", "default_template", "TemplateError", "OutputError"]
