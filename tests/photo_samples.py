"""Images a phone (or a hostile person) sends: made here, in memory, for the photo tests and the benchmark.

Each is the issue's trap in bytes: a JPEG with GPS in its EXIF, a photo the phone held sideways, a PNG with
transparency, a 1 x 40,000 strip, a 20,000 x 20,000 PNG bomb of about 100 kB, a text file, a truncated JPEG, an SVG
with a script, an animated GIF, a HEIC from an iPhone.
"""

from __future__ import annotations

import io
import struct
import zlib

from PIL import Image, ImageDraw

GPS_LATITUDE = (46.0, 14.0, 30.48)
"""Kranj, in the EXIF's degrees, minutes and seconds."""


def flipchart(width: int = 1200, height: int = 900, *, seed: int = 1) -> Image.Image:
    """A white page with coloured blocks and lines, like marker on a flipchart; an arrow points up (to "top")."""
    im = Image.new("RGB", (width, height), (250, 250, 246))
    draw = ImageDraw.Draw(im)
    colours = [(200, 30, 40), (20, 90, 180), (30, 140, 60), (240, 170, 0)]
    for i in range(8):
        x = (seed * 97 + i * 131) % max(1, width - width // 5)
        y = (seed * 53 + i * 89) % max(1, height - height // 5)
        draw.rectangle((x, y, x + width // 6, y + height // 10), fill=colours[i % 4])
    # the "top" marker: a thick red bar along the top edge, so a test can see which way is up
    draw.rectangle((0, 0, width, max(4, height // 12)), fill=(220, 0, 0))
    return im


def jpeg(im: Image.Image, **params: object) -> bytes:
    out = io.BytesIO()
    im.save(out, format="JPEG", quality=90, **params)
    return out.getvalue()


def exif_with_gps(orientation: int = 1) -> Image.Exif:
    exif = Image.Exif()
    exif[0x010F] = "Spyphone"  # Make
    exif[0x0110] = "Model X9"  # Model
    exif[0x0132] = "2026:11:23 14:05:00"  # DateTime
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1] = "N"
    gps[2] = GPS_LATITUDE
    gps[3] = "E"
    gps[4] = (14.0, 21.0, 12.0)
    return exif


def gps_jpeg() -> bytes:
    """A phone photo with the place, the phone and the time in its EXIF, and an ICC profile."""
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return jpeg(flipchart(), exif=exif_with_gps(), icc_profile=icc, comment=b"shot at Kulturcafe")


def sideways_jpeg() -> bytes:
    """A photo held upright whose pixels are stored sideways (EXIF orientation 6: rotate 90 degrees to view).

    The stored pixels are the upright flipchart turned 90 degrees anticlockwise, so its red top edge lies on the
    left; a viewer that obeys the tag shows the red bar at the top again.
    """
    upright = flipchart(900, 1200)
    stored = upright.transpose(Image.Transpose.ROTATE_90)
    return jpeg(stored, exif=exif_with_gps(orientation=6))


def transparent_png() -> bytes:
    im = Image.new("RGBA", (640, 480), (0, 0, 0, 0))
    ImageDraw.Draw(im).ellipse((100, 100, 540, 380), fill=(20, 90, 180, 255))
    out = io.BytesIO()
    im.save(out, format="PNG")
    return out.getvalue()


def strip_png(width: int = 1, height: int = 40_000) -> bytes:
    out = io.BytesIO()
    Image.new("L", (width, height), 128).save(out, format="PNG")
    return out.getvalue()


def bomb_png(side: int = 20_000) -> bytes:
    """A 1-bit PNG of side x side pixels, all zero: about 100 kB on disk, 400 megapixels decoded."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)

    row = b"\x00" * (1 + (side + 7) // 8)
    packer = zlib.compressobj(9)
    data = b"".join(packer.compress(row) for _ in range(side)) + packer.flush()
    header = struct.pack(">IIBBBBB", side, side, 1, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")


def text_named_jpg() -> bytes:
    return "Zapiski s srečanja: to ni fotografija.\n".encode() * 20


def truncated_jpeg() -> bytes:
    whole = jpeg(flipchart())
    return whole[: len(whole) * 2 // 3]


def svg_with_script() -> bytes:
    return (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
        b"<script>alert(document.cookie)</script><rect width='100' height='100' fill='red'/></svg>"
    )


def animated_gif() -> bytes:
    """Three frames: red, green, blue. The first one (red) is the photo."""
    frames = [Image.new("RGB", (320, 240), c) for c in ((220, 20, 20), (20, 200, 20), (20, 20, 220))]
    out = io.BytesIO()
    frames[0].save(out, format="GIF", save_all=True, append_images=frames[1:], duration=200, loop=0)
    return out.getvalue()


def heic() -> bytes:
    """An iPhone's HEIC (made with pillow-heif's encoder)."""
    from pillow_heif import register_heif_opener

    register_heif_opener()
    out = io.BytesIO()
    flipchart(800, 600).save(out, format="HEIF", quality=80)
    return out.getvalue()


def phone_jpeg(width: int = 4000, height: int = 3000) -> bytes:
    """A 12-megapixel phone photo with detail (noise over a flipchart), as a camera writes it."""
    base = flipchart(width, height)
    noise = Image.effect_noise((width, height), 40).convert("RGB")
    return jpeg(Image.blend(base, noise, 0.25), exif=exif_with_gps())


def swapped_icc() -> bytes:
    """An RGB colour profile whose red and green primaries are sRGB's green and red: a photo tagged with it means
    green where its pixels say red. A converter that honours it turns the flipchart's red bar green."""

    def s15(v: float) -> bytes:
        return struct.pack(">i", round(v * 65536))

    def xyz(x: float, y: float, z: float) -> bytes:
        return b"XYZ " + b"\0" * 4 + s15(x) + s15(y) + s15(z)

    curve = b"curv" + b"\0" * 4 + struct.pack(">IH", 1, 0x0233) + b"\0\0"  # gamma 2.2
    text = b"Swapped primaries\0"
    desc = b"desc" + b"\0" * 4 + struct.pack(">I", len(text)) + text + b"\0" * 8 + b"\0\0\0" + b"\0" * 67
    tags = [
        (b"desc", desc),
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.3851, 0.7169, 0.0971)),  # sRGB's green
        (b"gXYZ", xyz(0.4361, 0.2225, 0.0139)),  # sRGB's red
        (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", curve),
        (b"gTRC", curve),
        (b"bTRC", curve),
        (b"cprt", b"text" + b"\0" * 4 + b"none\0\0\0\0"),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for sig, body in tags:
        body += b"\0" * (-len(body) % 4)
        table += sig + struct.pack(">II", offset + len(data), len(body))
        data += body
    size = offset + len(data)
    header = (
        struct.pack(">I", size)
        + b"lcms"
        + struct.pack(">I", 0x02100000)
        + b"mntrRGB XYZ "
        + b"\0" * 12
        + b"acsp"
        + b"\0" * 24
        + struct.pack(">I", 0)
        + s15(0.9642)
        + s15(1.0)
        + s15(0.8249)
        + b"\0" * 48
    )
    assert len(header) == 128
    return header + struct.pack(">I", len(tags)) + table + data


def rgb(im: Image.Image, xy: tuple[int, int]) -> tuple[int, int, int]:
    """A pixel as red, green and blue, whatever the image's mode."""
    px = im.convert("RGB").getpixel(xy)
    assert isinstance(px, tuple)
    return int(px[0]), int(px[1]), int(px[2])


def grey(im: Image.Image, xy: tuple[int, int]) -> int:
    px = im.getpixel(xy)
    assert isinstance(px, int | float)
    return int(px)
