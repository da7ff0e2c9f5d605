"""The QR code of the join URL: as a matrix (for the TUI), as terminal text, and as a PNG or SVG file.

One matrix feeds every rendering, so the terminal, the projector and the printed handout show the same code.
Error correction level M: a code on a projector or a creased handout still reads with some modules lost.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit, urlunsplit

import qrcode
import qrcode.constants
import qrcode.exceptions

from ai_toolkit.errors import Code, Refused
from ai_toolkit.files import write_atomically

if TYPE_CHECKING:
    from PIL import Image

QUIET_ZONE = 4
"""Light modules around the code, as the QR standard asks; readers need it to find the code's edge."""


def qr_matrix(url: str, *, border: int = QUIET_ZONE) -> list[list[bool]]:
    """The code's modules, ``True`` for dark, with ``border`` light modules on every side."""
    if not url:
        raise Refused("there is no address to put in a QR code")
    code = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=border)
    code.add_data(ascii_url(url))
    try:
        code.make(fit=True)
    except (ValueError, qrcode.exceptions.DataOverflowError):
        # qrcode raises a plain ValueError ("Invalid version") past version 40, not DataOverflowError.
        raise Refused(
            f"the address is too long for a QR code ({len(url.encode('utf-8'))} bytes); use a shorter --public-url",
            code=Code.QR_TOO_LONG,
        ) from None
    return [[bool(m) for m in row] for row in code.get_matrix()]


def ascii_url(url: str) -> str:
    """The URL with non-ASCII characters percent-encoded (IDNA for the host), as a browser would send it.

    A QR code has no reliable way to say "this is UTF-8" (readers guess, and zbar guesses Shift-JIS), while an
    ASCII URL reads the same everywhere and opens the same page.
    """
    if url.isascii():
        return url
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        host = quote(host, safe="")
    netloc = host if parts.port is None else f"{host}:{parts.port}"
    if parts.username:
        netloc = quote(parts.username, safe="") + "@" + netloc
    safe = "/:@!$&'()*+,;=%~-._?"
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=safe),
            quote(parts.query, safe=safe),
            quote(parts.fragment, safe=safe),
        )
    )


def qr_text(url: str, *, border: int = 2, invert: bool = True) -> str:
    """The code drawn with half blocks, two module rows per line of text.

    With ``invert`` (the default) the *light* modules are drawn, which is right for the usual light-on-dark
    terminal: the drawn characters become the code's white paper and the dark background its ink. Pass
    ``invert=False`` when the text is shown dark on light (or the widget sets black on white itself).
    ``border`` defaults to 2 modules: phone readers find the code on a screen with that, and the panel stays small.
    """
    matrix = qr_matrix(url, border=border)
    size = len(matrix)
    drawn = [[(not dark) if invert else dark for dark in row] for row in matrix]
    if size % 2:
        # Pad with one more row of quiet zone (light), so every line pairs a top and a bottom module.
        drawn.append([invert] * size)
    lines = []
    for top, bottom in zip(drawn[0::2], drawn[1::2], strict=True):
        lines.append("".join(_HALF[(t, b)] for t, b in zip(top, bottom, strict=True)))
    return "\n".join(lines)


_HALF = {(True, True): "█", (True, False): "▀", (False, True): "▄", (False, False): " "}


def qr_png(url: str, *, scale: int = 12, border: int = QUIET_ZONE) -> bytes:
    """A black-on-white PNG, ``scale`` pixels per module (12 prints sharply at A4 handout size)."""
    from io import BytesIO

    image = qr_image(url, scale=scale, border=border)
    out = BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def qr_image(url: str, *, scale: int = 12, border: int = QUIET_ZONE) -> Image.Image:
    """The code as a 1-bit Pillow image (for the poster, which places it on a page)."""
    from PIL import Image

    matrix = qr_matrix(url, border=border)
    size = len(matrix)
    small = Image.new("1", (size, size), 1)
    small.putdata([0 if dark else 1 for row in matrix for dark in row])
    return small.resize((size * scale, size * scale), Image.Resampling.NEAREST)


def qr_svg(url: str, *, border: int = QUIET_ZONE) -> str:
    """A black-on-white SVG (one path, white background so it reads on any page), one unit per module."""
    matrix = qr_matrix(url, border=border)
    size = len(matrix)
    parts = []
    for y, row in enumerate(matrix):
        x = 0
        while x < size:
            if row[x]:
                start = x
                while x < size and row[x]:
                    x += 1
                parts.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" width="{size * 8}" '
        f'height="{size * 8}" shape-rendering="crispEdges">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{"".join(parts)}"/></svg>\n'
    )


def write_qr(url: str, path: Path | str) -> Path:
    """Write the code to ``path`` (.png or .svg), whole or not at all."""
    target = Path(path).expanduser()
    suffix = target.suffix.lower()
    if suffix == ".png":
        data = qr_png(url)
    elif suffix == ".svg":
        data = qr_svg(url).encode("utf-8")
    else:
        raise Refused(f"cannot write a QR code as {target.name!r}; name the file .png or .svg", code=Code.BAD_FORMAT)
    return write_atomically(target, data)
