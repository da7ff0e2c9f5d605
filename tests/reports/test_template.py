"""templates/minutes.docx: the styles a partner restyles in Word, and what the renderer does with any template."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Cm, RGBColor
from lxml import etree

from ai_toolkit.model.session import SessionState
from ai_toolkit.paths import templates_dir
from ai_toolkit.reports import default_template, write_minutes
from ai_toolkit.reports.make_template import build
from ai_toolkit.reports.styles import SPECS

from .conftest import ROOM, STORY_SL, doc_text, headings, style_of


def _styles_by_name(d: docx.document.Document) -> dict[str, bytes]:
    out = {}
    for style in d.styles.element.iterchildren(qn("w:style")):
        name = style.find(qn("w:name")).get(qn("w:val"))
        out[name] = etree.tostring(style, method="c14n")
    return out


def test_the_shipped_template_is_small_a4_and_has_every_style() -> None:
    path = default_template()
    assert path == templates_dir() / "minutes.docx"
    assert path.stat().st_size < 60_000
    d = docx.Document(str(path))
    width, height = d.sections[0].page_width, d.sections[0].page_height
    assert width is not None and height is not None
    assert round(width.cm, 1) == 21.0 and round(height.cm, 1) == 29.7
    names = {s.name for s in d.styles}
    for spec in SPECS:
        assert docx.styles.BabelFish.internal2ui(spec.name) in names, spec.name
    # No leftover table styles from python-docx's sample template: Word's gallery shows ours.
    tables = {s.name for s in d.styles if s.type == WD_STYLE_TYPE.TABLE}
    assert tables == {"Normal Table", "Table Grid", "Minutes Table", "Minutes Details"}


def test_the_shipped_template_is_what_make_template_builds() -> None:
    """The committed file is generated: if styles.py changed without running make_template, this fails."""
    shipped = _styles_by_name(docx.Document(str(default_template())))
    fresh = _styles_by_name(build())
    assert shipped == fresh


def test_a_restyled_template_changes_the_minutes(workshop_state: SessionState, tmp_path: Path) -> None:
    partner = tmp_path / "partner.docx"
    d = docx.Document(str(default_template()))
    d.styles["Heading 1"].font.color.rgb = RGBColor(0xC0, 0x00, 0x30)
    d.styles["Quote"].font.name = "Georgia"
    d.sections[0].header.paragraphs[0].text = "LOGO of the partner"
    d.sections[0].left_margin = Cm(3.5)
    d.save(str(partner))
    path = write_minutes(workshop_state, tmp_path / "m.docx", template=partner, tz=ROOM)
    out = docx.Document(str(path))
    assert out.styles["Heading 1"].font.color.rgb == RGBColor(0xC0, 0x00, 0x30)
    assert out.styles["Quote"].font.name == "Georgia"
    assert out.sections[0].header.paragraphs[0].text == "LOGO of the partner"
    # Tables follow the template's narrower text width (21 - 3.5 - 2.5 = 15 cm).
    grid = out.tables[1]._tbl.xpath("./w:tblGrid/w:gridCol/@w:w")
    assert abs(sum(int(w) for w in grid) / 567 - 15.0) < 0.1
    # The template's sample text is gone; the minutes are there.
    text = doc_text(path)
    assert "This file holds the styles" not in text
    assert STORY_SL in text


def test_a_plain_word_document_as_template_gets_the_missing_styles(
    workshop_state: SessionState, tmp_path: Path
) -> None:
    plain = tmp_path / "plain.docx"
    d = docx.Document()
    d.add_paragraph("Some partner text that must not appear.")
    d.save(str(plain))
    path = write_minutes(workshop_state, tmp_path / "m.docx", template=plain, tz=ROOM)
    out = docx.Document(str(path))
    names = {s.name for s in out.styles}
    assert {"Quote Source", "Table Text", "Minutes Table", "Minutes Details"} <= names
    assert ("Heading 1", "Annex") in headings(path)
    assert "Some partner text" not in doc_text(path)


def test_a_german_word_template_with_localised_style_ids(workshop_state: SessionState, tmp_path: Path) -> None:
    """German Word saves Heading 1 with the id "berschrift1": headings must use that id to be real headings."""
    german = tmp_path / "de.docx"
    d = docx.Document(str(default_template()))
    for style in d.styles.element.iterchildren(qn("w:style")):
        if style.get(qn("w:styleId")) == "Heading1":
            style.set(qn("w:styleId"), "berschrift1")
        for ref in style.iter(qn("w:basedOn"), qn("w:next")):
            if ref.get(qn("w:val")) == "Heading1":
                ref.set(qn("w:val"), "berschrift1")
    d.save(str(german))
    path = write_minutes(workshop_state, tmp_path / "m.docx", template=german, tz=ROOM)
    out = docx.Document(str(path))
    assert out.element.body.xpath('count(.//w:pStyle[@w:val="berschrift1"])') >= 8
    assert out.element.body.xpath('count(.//w:pStyle[@w:val="Heading1"])') == 0
    assert ("Heading 1", "At a glance") in headings(path)


def test_a_dotx_word_template_is_accepted(workshop_state: SessionState, tmp_path: Path) -> None:
    dotx = tmp_path / "partner.dotx"
    template = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
    document = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    with zipfile.ZipFile(default_template()) as src, zipfile.ZipFile(dotx, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "[Content_Types].xml":
                data = data.replace(document.encode(), template.encode())
            dst.writestr(item, data)
    path = write_minutes(workshop_state, tmp_path / "m.docx", template=dotx, tz=ROOM)
    with zipfile.ZipFile(path) as z:
        assert document.encode() in z.read("[Content_Types].xml")  # the output is a document, not a template
    assert STORY_SL in doc_text(path)


def test_a_partner_footer_with_page_numbers_is_kept(workshop_state: SessionState, tmp_path: Path) -> None:
    partner = tmp_path / "footer.docx"
    shutil.copy(default_template(), partner)
    d = docx.Document(str(partner))
    footer = d.sections[0].footer
    p = footer.paragraphs[0]
    p.text = "Kreativna regija – stran "
    run = p.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("end", None)):
        if kind:
            el = run._r.makeelement(qn("w:fldChar"), {qn("w:fldCharType"): kind})
        else:
            el = run._r.makeelement(qn("w:instrText"), {})
            el.text = text
        run._r.append(el)
    d.save(str(partner))
    path = write_minutes(workshop_state, tmp_path / "m.docx", template=partner, tz=ROOM)
    out = docx.Document(str(path)).sections[0].footer
    assert [p.text for p in out.paragraphs] == ["Kreativna regija – stran "]
    assert out._element.xpath(".//w:fldSimple") == []  # ours was not added


def test_template_can_be_rebuilt(tmp_path: Path) -> None:
    from ai_toolkit.reports.make_template import main

    target = tmp_path / "minutes.docx"
    assert main([str(target)]) == 0
    d = docx.Document(io.BytesIO(target.read_bytes()))
    assert style_of(d.paragraphs[0]) == "Title"
