"""A printable A4 handout: the session's title, the QR code, the address, three lines on how to join.

Drawn with Pillow at 150 dpi (sharp enough for a QR code a phone reads from a table's length away) and saved as PNG
or as a one-page PDF. Text in the session's language; fonts from the system (DejaVu, Liberation or Noto: they
carry č š ž ł ę ő), Pillow's own as the last resort.
"""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ai_toolkit.errors import Code, Refused
from ai_toolkit.files import write_atomically
from ai_toolkit.i18n import fmt_date, t
from ai_toolkit.model.session import SessionState
from ai_toolkit.qr import qr_image

DPI = 150
A4 = (round(210 / 25.4 * DPI), round(297 / 25.4 * DPI))  # 1240 x 1754 pixels
MARGIN = round(18 / 25.4 * DPI)

_FONT_DIRS = [
    Path("/usr/share/fonts/truetype"),
    Path("/usr/share/fonts"),
    Path("/Library/Fonts"),
    Path("C:/Windows/Fonts"),
]
_REGULAR = ["DejaVuSans.ttf", "LiberationSans-Regular.ttf", "NotoSans-Regular.ttf", "Arial.ttf", "arial.ttf"]
_BOLD = ["DejaVuSans-Bold.ttf", "LiberationSans-Bold.ttf", "NotoSans-Bold.ttf", "Arial Bold.ttf", "arialbd.ttf"]
_MONO = ["DejaVuSansMono.ttf", "LiberationMono-Regular.ttf", "NotoSansMono-Regular.ttf", "Courier New.ttf", "cour.ttf"]

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _find(names: list[str]) -> Path | None:
    for folder in _FONT_DIRS:
        if not folder.is_dir():
            continue
        for name in names:
            found = next(iter(folder.rglob(name)), None)
            if found is not None:
                return found
    return None


def _font(names: list[str], size: int) -> Font:
    path = _find(names)
    if path is not None:
        return ImageFont.truetype(str(path), size)
    return ImageFont.load_default(size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: Font, width: int, *, anywhere: bool = False) -> list[str]:
    """Lines that fit ``width``; a URL (``anywhere``) may break between any two characters."""
    units = list(text) if anywhere else text.split()
    joiner = "" if anywhere else " "
    lines: list[str] = []
    line = ""
    for unit in units:
        candidate = f"{line}{joiner}{unit}" if line else unit
        if draw.textlength(candidate, font=font) <= width or not line:
            line = candidate
        else:
            lines.append(line)
            line = unit
    if line:
        lines.append(line)
    return lines


def poster_image(state: SessionState, url: str) -> Image.Image:
    lang = state.info.language
    page = Image.new("RGB", A4, "white")
    draw = ImageDraw.Draw(page)
    width = A4[0] - 2 * MARGIN
    y = MARGIN

    def block(text: str, font: Font, *, fill: str = "black", gap: int = 12, anywhere: bool = False) -> None:
        nonlocal y
        for line in _wrap(draw, text, font, width, anywhere=anywhere):
            w = draw.textlength(line, font=font)
            draw.text(((A4[0] - w) / 2, y), line, font=font, fill=fill)
            y += round(getattr(font, "size", 20) * 1.25)
        y += gap

    block(t("web.poster.title", lang), _font(_BOLD, 64), gap=24)
    block(state.info.title, _font(_BOLD, 44), gap=8)
    where = " · ".join(x for x in (state.info.venue, fmt_date(state.info.date, lang, "long")) if x)
    block(where, _font(_REGULAR, 32), fill="#333333", gap=28)

    mono, regular = _font(_MONO, 30), _font(_REGULAR, 34)
    url_lines = _wrap(draw, url, mono, width, anywhere=True)
    steps = [
        _wrap(draw, t(key, lang), regular, width)
        for key in ("web.poster.step1", "web.poster.step2", "web.poster.step3")
    ]
    below = len(url_lines) * round(30 * 1.25) + 36 + sum(len(s) * round(34 * 1.3) + 10 for s in steps)

    # The QR code takes the room the text leaves, up to 820 px (14 cm), in whole pixels per module.
    qr = qr_image(url, scale=1)
    room = min(width, 820, A4[1] - MARGIN - y - 16 - below)
    size = room // qr.width * qr.width
    if size < 2 * qr.width or size < 300:
        raise Refused("the title is too long to leave room for the QR code on an A4 handout", code=Code.TOO_LONG)
    qr = qr.resize((size, size), Image.Resampling.NEAREST).convert("RGB")
    page.paste(qr, ((A4[0] - size) // 2, y))
    y += size + 16

    block(url, mono, gap=36, anywhere=True)
    for lines in steps:
        for line in lines:
            draw.text((MARGIN, y), line, font=regular, fill="black")
            y += round(34 * 1.3)
        y += 10
    return page


def write_poster(state: SessionState, url: str, path: Path | str) -> Path:
    """Write the handout as .png or .pdf, whole or not at all."""
    target = Path(path).expanduser()
    suffix = target.suffix.lower()
    if suffix not in (".png", ".pdf"):
        raise Refused(f"cannot write a handout as {target.name!r}; name the file .png or .pdf", code=Code.BAD_FORMAT)
    image = poster_image(state, url)
    out = BytesIO()
    if suffix == ".png":
        image.save(out, format="PNG", optimize=True, dpi=(DPI, DPI))
    else:
        image.save(out, format="PDF", resolution=DPI, title=state.info.title)
    return write_atomically(target, out.getvalue())
