"""The dot-vote as a bar chart, drawn with Pillow (no plotting library needed for a few bars).

Drawn at about 300 dpi for its printed width, so it stays sharp on paper. Labels use a font with the partners'
letters (č š ž ł ę ő) when the system has one (Liberation Sans matches the documents' Arial); a label longer
than two lines is cut with an ellipsis, because the full text is in the table right above the chart.
"""

from __future__ import annotations

import io
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from ai_toolkit.reports.styles import ACCENT, INK

WIDTH = 1800
"""Pixels; shown 15 cm wide, so about 300 dpi."""
TRACK = "EEF3F4"
"""The pale band behind each bar: the full length, so short bars read as a share."""
_FONTS = ("LiberationSans-Regular.ttf", "Arial.ttf", "arial.ttf", "DejaVuSans.ttf", "NotoSans-Regular.ttf")
_FONT_DIRS = (
    "/usr/share/fonts/truetype/liberation2/",
    "/usr/share/fonts/truetype/liberation/",
    "/usr/share/fonts/truetype/dejavu/",
    "",  # Pillow then looks in the system's font folders itself
)

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont


def _rgb(hex_colour: str) -> tuple[int, int, int]:
    return (int(hex_colour[0:2], 16), int(hex_colour[2:4], 16), int(hex_colour[4:6], 16))


@cache
def _font(size: int) -> Font:
    for name in _FONTS:
        for folder in _FONT_DIRS:
            try:
                return ImageFont.truetype(folder + name, size)
            except OSError:
                continue
    return ImageFont.load_default(size=size)


def _cut(draw: ImageDraw.ImageDraw, text: str, font: Font, width: float) -> str:
    """The longest start of ``text`` that fits ``width`` with an ellipsis after it."""
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if draw.textlength(text[:mid].rstrip() + "…", font=font) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + "…"


def _lines(draw: ImageDraw.ImageDraw, text: str, font: Font, width: float, most: int) -> list[str]:
    """``text`` wrapped into at most ``most`` lines of ``width``; what does not fit is cut with an ellipsis."""
    words = text.split()
    lines: list[str] = []
    while words and len(lines) < most:
        line = words.pop(0)
        while words and draw.textlength(line + " " + words[0], font=font) <= width:
            line += " " + words.pop(0)
        lines.append(line)
    if words:
        lines[-1] = _cut(draw, lines[-1] + " " + " ".join(words), font, width)
    # A single word wider than the chart (a web address) is cut too.
    return [line if draw.textlength(line, font=font) <= width else _cut(draw, line, font, width) for line in lines]


def bar_chart(labels: list[str], values: list[int]) -> bytes:
    """For each option, its text (up to two lines) over a bar as long as its share of the top count."""
    n = max(len(labels), 1)
    size, most = (40, 2) if n <= 8 else (34, 1)  # 15 bars with one line each still fit on a page
    font = _font(size)
    pad, gap, bar_h = 20, 14, 34 if n <= 8 else 24
    line_h = int(size * 1.25)
    probe = ImageDraw.Draw(Image.new("RGB", (1, 1)))
    count_w = int(probe.textlength(str(max(values, default=0)), font=font)) + 30
    wrapped = [_lines(probe, label, font, WIDTH - 2 * pad, most) for label in labels]
    height = pad + sum(len(w) * line_h + bar_h + 2 * gap for w in wrapped) + pad
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    top = max(values, default=0) or 1
    bar_max = WIDTH - 2 * pad - count_w
    y = pad
    for lines, value in zip(wrapped, values, strict=True):
        for line in lines:
            draw.text((pad, y), line, font=font, fill=(0x22, 0x22, 0x22))
            y += line_h
        y += gap // 2
        draw.rectangle([pad, y, WIDTH - pad - count_w, y + bar_h], fill=_rgb(TRACK))
        bar = int(bar_max * value / top)
        if bar:
            draw.rectangle([pad, y, pad + bar, y + bar_h], fill=_rgb(ACCENT))
        draw.text((WIDTH - pad, y + bar_h // 2), str(value), font=font, fill=_rgb(INK), anchor="rm")
        y += bar_h + gap + gap // 2
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
