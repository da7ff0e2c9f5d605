"""A phone's photo made fit to keep: decoded, turned upright, stripped of every metadata field, re-encoded.

The one place that decodes images from outside (Pillow; HEIC from iPhones through ``pillow-heif``). The web calls
``prepare`` on an upload and hands the finished JPEG to the service, which stores it; the original is never kept.
What comes in is treated as hostile:

- the type is decided by the content (Pillow's own identification among ``FORMATS``), never by a file name or a
  Content-Type, so a text file named ``.jpg`` or an SVG with a script is "not a photo";
- the size in pixels is read from the header and refused above ``MAX_PIXELS`` before anything is decoded (a
  20,000 x 20,000 PNG of 100 kB would take 1.6 GB to decode); ``Image.MAX_IMAGE_PIXELS`` is set to the same
  figure, so no other path through Pillow decodes more;
- a file that breaks off (a truncated JPEG, an upload cut short) is refused, never half-decoded;
- an animated GIF or WebP gives its first frame; transparency is flattened on white (paper is white);
- colours are converted to sRGB when the photo says it is in another space (iPhones shoot Display P3), and then
  every metadata segment is dropped: EXIF (GPS, device, time), XMP, ICC, IPTC, comments.

The service checks the result again (``facilitation.photo_files.inspect``) without Pillow.
"""

from __future__ import annotations

import io
import warnings
from functools import cache

from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

from ai_toolkit.errors import Code, Refused

MAX_UPLOAD_BYTES = 15 * 1024 * 1024
"""One upload: a 50-megapixel phone photo is 8-14 MB."""
MAX_PIXELS = 60_000_000
"""Pixels of a decoded image: the largest phone cameras (50 MP; 48 MP ProRAW) fit, a bomb does not."""
MAX_SIDE = 2560
"""The long side of what is stored (the service refuses more): a flipchart's words stay readable when projected."""
MAX_ASPECT = 20
"""Long side over short side: a panorama of a wall of sticky notes is 4-8; a 1 x 40,000 strip is no photo."""
QUALITY = 85
"""JPEG quality of the stored photo: handwriting stays sharp at a third of the phone's file size."""
FORMATS = ("JPEG", "MPO", "PNG", "GIF", "WEBP", "HEIF")
"""What phones send: JPEG (MPO is a JPEG with a second picture, from some cameras), PNG screenshots, GIF and WebP
from messaging apps, HEIC from iPhones."""

Image.MAX_IMAGE_PIXELS = MAX_PIXELS
# Pillow only warns between one and two times MAX_IMAGE_PIXELS: in this process that is a refusal too.
warnings.filterwarnings("error", category=Image.DecompressionBombWarning)
ImageFile.LOAD_TRUNCATED_IMAGES = False  # the default, stated: a photo that breaks off is refused


@cache
def heic_supported() -> bool:
    """Whether HEIC/HEIF can be read here (``pillow-heif`` installed and working); registered on first use."""
    try:
        from pillow_heif import register_heif_opener
    except ImportError:
        return False
    register_heif_opener(thumbnails=False)
    return True


@cache
def _formats() -> tuple[str, ...]:
    """``FORMATS`` this Pillow can open (its plugins loaded: ``Image.open`` only knows those it has seen)."""
    heic_supported()
    Image.init()
    return tuple(f for f in FORMATS if f in Image.OPEN)


def prepare(data: bytes) -> bytes:
    """The JPEG to store for an uploaded image, or ``Refused`` with a code the phone says in its language."""
    if not data:
        raise Refused("no photo was sent", code=Code.NO_PHOTO)
    if len(data) > MAX_UPLOAD_BYTES:
        raise Refused(
            f"the photo is {len(data) / 1e6:.1f} MB; the limit is {MAX_UPLOAD_BYTES // 2**20} MB",
            code=Code.PHOTO_TOO_LARGE,
            limit=MAX_UPLOAD_BYTES // 2**20,
        )
    try:
        with Image.open(io.BytesIO(data), formats=_formats()) as opened:
            return _finish(opened)
    except Refused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Refused(
            "the image has too many pixels", code=Code.PHOTO_TOO_MANY_PIXELS, limit=MAX_PIXELS // 10**6
        ) from None
    except UnidentifiedImageError:
        raise Refused("this is not a photo (JPEG, PNG, HEIC, WebP or GIF)", code=Code.NOT_A_PHOTO) from None
    except (OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError, MemoryError) as exc:
        # Pillow says "image file is truncated", "broken data stream", "unrecognized data stream contents"...
        raise Refused(f"the photo could not be read ({exc})", code=Code.PHOTO_BROKEN) from None


def _finish(im: Image.Image) -> bytes:
    width, height = im.size
    if width * height > MAX_PIXELS:  # the header's word, before a single pixel is decoded
        raise Refused(
            f"the image is {width} x {height} pixels; the limit is {MAX_PIXELS // 10**6} megapixels",
            code=Code.PHOTO_TOO_MANY_PIXELS,
            limit=MAX_PIXELS // 10**6,
        )
    if max(width, height) > MAX_ASPECT * min(width, height):
        raise Refused(
            f"the image is {width} x {height} pixels: too long and thin to be a photo",
            code=Code.PHOTO_SHAPE,
            width=width,
            height=height,
        )
    if im.format in ("JPEG", "MPO"):
        # Let the JPEG decoder scale by 1/2, 1/4 or 1/8 while decoding, as far as the long side stays above
        # MAX_SIDE: a 48 MP photo then decodes at 12 MP, four times faster and in a quarter of the memory.
        scale = max(1.0, max(width, height) / MAX_SIDE)
        im.draft("RGB", (int(width / scale), int(height / scale)))
    im.seek(0)  # an animation's first frame
    im.load()
    icc = im.info.get("icc_profile")
    ImageOps.exif_transpose(im, in_place=True)
    im = _in_srgb(im, icc)
    im = _flat(im)
    if max(im.size) > MAX_SIDE:
        im.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS, reducing_gap=3.0)
    im.info = {}  # nothing of the original travels into the new file (Pillow would copy a comment)
    out = io.BytesIO()
    im.save(out, format="JPEG", quality=QUALITY, exif=b"", icc_profile=None, comment=None)
    return out.getvalue()


PRINT_SIDE = 1280
"""The long side of a photo in the minutes: 8 cm wide on the page at about 400 dpi, a fifth of the stored bytes."""


def for_print(data: bytes, long_side: int = PRINT_SIDE) -> bytes:
    """A stored photo made smaller for a document (the minutes go out by e-mail): decoded at half size by the JPEG
    decoder itself where it can, re-encoded; a photo already that small is used as it is."""
    with Image.open(io.BytesIO(data), formats=("JPEG",)) as im:
        if max(im.size) <= long_side:
            return data
        im.draft("RGB", (im.width * long_side // max(im.size), im.height * long_side // max(im.size)))
        im.load()
        small = (
            im.copy() if max(im.size) <= long_side else im.resize(_fit(im.size, long_side), Image.Resampling.LANCZOS)
        )
    small.info = {}
    out = io.BytesIO()
    small.save(out, format="JPEG", quality=80)
    return out.getvalue()


def _fit(size: tuple[int, int], long_side: int) -> tuple[int, int]:
    width, height = size
    scale = long_side / max(width, height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def check_decodes(data: bytes) -> None:
    """A stored photo that comes from outside (an archive being imported) must be a JPEG that decodes whole."""
    too_many = Refused("the photo has too many pixels", code=Code.PHOTO_TOO_MANY_PIXELS, limit=MAX_PIXELS // 10**6)
    try:
        with Image.open(io.BytesIO(data), formats=("JPEG",)) as im:
            if im.width * im.height > MAX_PIXELS:
                raise too_many
            im.load()
    except Refused:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_many from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError) as exc:
        raise Refused(f"the photo does not decode ({exc})", code=Code.PHOTO_BROKEN) from None


@cache
def _srgb() -> ImageCms.ImageCmsProfile:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


def _in_srgb(im: Image.Image, icc: bytes | None) -> Image.Image:
    """Colours as the photo meant them, in sRGB, so dropping its colour profile changes nothing anyone sees."""
    if not icc or im.mode not in ("RGB", "RGBA", "CMYK"):
        return im.convert("RGB") if im.mode == "CMYK" else im
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in ImageCms.getProfileDescription(source).lower().replace(" ", ""):
            return im.convert("RGB") if im.mode == "CMYK" else im
        out_mode = "RGBA" if im.mode == "RGBA" else "RGB"
        converted = ImageCms.profileToProfile(im, source, _srgb(), outputMode=out_mode)
        return converted if converted is not None else im
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return im.convert("RGB") if im.mode == "CMYK" else im  # a broken profile: the pixels as they are


def _flat(im: Image.Image) -> Image.Image:
    """RGB, or L for a grey photo; transparency flattened on white, 16-bit grey scaled to 8 bits."""
    if im.mode in ("I", "I;16", "I;16B", "I;16L", "I;16N"):
        return im.convert("I").point(lambda v: v * (1 / 256)).convert("L")
    if im.mode in ("RGBA", "LA", "PA", "RGBa", "La") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        white = Image.new("RGB", im.size, (255, 255, 255))
        white.paste(rgba, mask=rgba.getchannel("A"))
        return white
    if im.mode in ("RGB", "L"):
        return im
    return im.convert("RGB")
