"""The room's photos on the page: two per row, each scaled to its half of the page, its caption under it.

A row never splits across pages (a photo is never cut from its caption), and a photo taller than wide is limited
by ``MAX_HEIGHT_CM`` so two portrait flipcharts still fit a page with their captions. The pictures go in at
``imaging.PRINT_SIDE`` pixels: sharp in print, and fifty of them keep the minutes small enough to e-mail.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from docx.oxml.shape import CT_Inline
from docx.shared import Emu
from lxml import etree

from ai_toolkit.imaging import for_print
from ai_toolkit.model.text import clean_forbidden
from ai_toolkit.reports import wml
from ai_toolkit.reports.context import PhotoBlock, PhotoItem
from ai_toolkit.reports.docfile import Writer

MAX_HEIGHT_CM = 9.0
CELL_MARGIN_TWIPS = 115
"""Word's default cell margin (0.2 cm) on each side."""
EMU_PER_TWIP = 635
EMU_PER_CM = 360_000


Pictures = dict[Path, bytes | None]
"""Each photo file made ready for the page (``for_print``), or None when it cannot be read."""


def print_pictures(blocks: Iterable[PhotoBlock]) -> Pictures:
    """Every photo of the minutes made ready for the page, on all cores at once: Pillow lets go of the interpreter
    while it decodes and encodes, so two cores halve the time fifty photos take."""
    paths = list(dict.fromkeys(item.path for block in blocks for item in block.photos if item.path is not None))
    if not paths:
        return {}
    with ThreadPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        return dict(zip(paths, pool.map(_for_print, paths), strict=True))


def _for_print(path: Path) -> bytes | None:
    try:
        return for_print(path.read_bytes())
    except Exception:  # a damaged file says so in its cell; the minutes are still written
        return None


def photo_grid(w: Writer, block: PhotoBlock, ids: Iterator[int], pictures: Pictures) -> None:
    """A heading naming the activity, then its photos two by two. ``ids`` numbers the pictures in the document;
    ``pictures`` holds them ready (``print_pictures``)."""
    w.heading(block.heading, 2)
    column = w.text_width // 2
    box_width = (column - 2 * CELL_MARGIN_TWIPS) * EMU_PER_TWIP
    box_height = int(MAX_HEIGHT_CM * EMU_PER_CM)
    cells = [_cell(w, item, column, (box_width, box_height), ids, pictures) for item in block.photos]
    if len(cells) % 2:
        cells.append(_empty_cell(w, column))
    rows = "".join(
        f"<w:tr><w:trPr><w:cantSplit/></w:trPr>{a}{b}</w:tr>" for a, b in zip(cells[::2], cells[1::2], strict=True)
    )
    grid = f'<w:tblGrid><w:gridCol w:w="{column}"/><w:gridCol w:w="{column}"/></w:tblGrid>'
    borders = "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    w.add(
        f'<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/>'
        f"<w:tblBorders>{borders}</w:tblBorders></w:tblPr>{grid}{rows}</w:tbl>"
    )
    w.para("", "caption")  # keeps the next table apart (two tables in a row would merge in Word)


def _cell(w: Writer, item: PhotoItem, column: int, box: tuple[int, int], ids: Iterator[int], pictures: Pictures) -> str:
    caption = wml.paragraph(item.caption, w.styles["caption"])
    picture = pictures.get(item.path) if item.path is not None else None
    drawing = _drawing(w, item, picture, box, next(ids)) if picture is not None else None
    if drawing is None:
        body = wml.paragraph(item.missing or item.caption, w.styles["normal"], italic=True)
    else:
        ppr = f'<w:pPr><w:pStyle w:val="{wml.escape(w.styles["normal"])}"/><w:keepNext/><w:jc w:val="center"/></w:pPr>'
        body = f"<w:p>{ppr}<w:r><w:drawing>{drawing}</w:drawing></w:r></w:p>"
    # Bottom-aligned: the two captions of a row stand on one line, however tall each photo is.
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{column}" w:type="dxa"/><w:vAlign w:val="bottom"/></w:tcPr>{body}{caption}</w:tc>'
    )


def _empty_cell(w: Writer, column: int) -> str:
    return f'<w:tc><w:tcPr><w:tcW w:w="{column}" w:type="dxa"/></w:tcPr>{wml.paragraph("", w.styles["normal"])}</w:tc>'


def _drawing(w: Writer, item: PhotoItem, picture: bytes, box: tuple[int, int], shape_id: int) -> str:
    """The picture as a ``wp:inline`` element's XML, its file added to the document."""
    box_width, box_height = box
    rid, _ = w.doc.part.get_or_add_image(io.BytesIO(picture))
    scale = min(box_width / item.width, box_height / item.height)
    cx, cy = max(1, int(item.width * scale)), max(1, int(item.height * scale))
    inline = CT_Inline.new_pic_inline(shape_id, rid, f"photo-{shape_id}.jpg", Emu(cx), Emu(cy))
    inline.docPr.set("descr", clean_forbidden(item.alt)[:2000])
    return etree.tostring(inline, encoding="unicode")
