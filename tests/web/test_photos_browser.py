"""Photos from a phone in real Chromium at 360 x 740 against real uvicorn: every trap of issue 14, chosen with
Playwright's ``set_input_files`` as a person picks a file, then judged by what lands on the laptop's disk.

The server runs in a thread of this process (as in ``test_browser.py``), so a full disk can be simulated in it.
Screenshots land in ``$AI_TOOLKIT_SCREENSHOTS`` when it is set.
"""

from __future__ import annotations

import errno
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from PIL import Image
from tests import photo_samples as samples
from tests.web.test_browser import FOLLOW_MS, INTERVIEWS, at, browser, expect, join, phone, room, serious, shots

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.facilitation import photo_files as files_module
from ai_toolkit.facilitation.decisions import photos
from ai_toolkit.imaging import MAX_UPLOAD_BYTES

pytestmark = pytest.mark.browser
__all__ = ["browser", "room", "shots"]  # the module's fixtures, shared with the phone's other browser tests


def stored(facilitator: Facilitation, photo_id: str) -> Image.Image:
    path = facilitator.folder / "photos" / f"{facilitator.state.photos[photo_id].sha256}.jpg"
    im = Image.open(path)
    im.load()
    return im


def red(pixel: tuple[int, ...]) -> bool:
    return pixel[0] > 180 and pixel[1] < 80 and pixel[2] < 80


def no_metadata(im: Image.Image) -> None:
    assert not im.getexif() and not {"exif", "icc_profile", "comment", "xmp"} & set(im.info)


def upright(im: Image.Image) -> None:
    no_metadata(im)
    assert im.size == (900, 1200) and red(samples.rgb(im, (450, 10))) and not red(samples.rgb(im, (10, 600)))


def flattened(im: Image.Image) -> None:
    assert im.mode == "RGB" and min(samples.rgb(im, (3, 3))) > 245


def first_frame(im: Image.Image) -> None:
    assert red(samples.rgb(im, (160, 120)))


@cache
def heic() -> bytes:
    return samples.heic()


ACCEPTED: list[tuple[str, Callable[[], bytes], str, str, Callable[[Image.Image], None]]] = [
    ("gps", samples.gps_jpeg, "IMG_4032.JPG", "image/jpeg", no_metadata),
    ("sideways", samples.sideways_jpeg, "IMG_4033.JPG", "image/jpeg", upright),
    ("transparent", samples.transparent_png, "Screenshot.png", "image/png", flattened),
    ("animated", samples.animated_gif, "dance.gif", "image/gif", first_frame),
    ("heic", heic, "IMG_4034.HEIC", "image/heic", no_metadata),
]

REFUSED: list[tuple[str, Callable[[], bytes], str, str, str]] = [
    ("strip", samples.strip_png, "strip.png", "image/png", "too long and thin to be a photo"),
    ("bomb", samples.bomb_png, "poster.png", "image/png", "more than 60 megapixels"),
    ("text", samples.text_named_jpg, "notes.jpg", "image/jpeg", "This file is not a photo"),
    ("truncated", samples.truncated_jpeg, "IMG_4035.JPG", "image/jpeg", "could not be read"),
    ("svg", samples.svg_with_script, "drawing.svg", "image/svg+xml", "This file is not a photo"),
]


def open_phone(browser, server, *, javascript: bool = True):
    context = phone(browser, javascript=javascript)
    page = context.new_page()
    join(page, server, sector="company")
    return context, page


UPLOAD_MS = 60_000
"""How long a test waits for the answer to an upload: a photo is decoded on a laptop that may be busy."""


def send(page, data: bytes, name: str, kind: str, caption: str = "") -> None:
    page.set_input_files("#photo", files=[{"name": name, "mimeType": kind, "buffer": data}])
    if caption:
        page.fill("#caption", caption)
    with page.expect_navigation(timeout=UPLOAD_MS):
        page.get_by_role("button", name="Send the photo").click()


@pytest.mark.parametrize(("case", "make", "name", "kind", "check"), ACCEPTED, ids=[c[0] for c in ACCEPTED])
def test_a_photo_is_stored_clean_and_shown_to_its_sender(
    browser,
    room,
    shots: Path,
    case: str,
    make: Callable[[], bytes],
    name: str,
    kind: str,
    check: Callable[[Image.Image], None],
) -> None:
    _, facilitator, server = room
    at(facilitator, INTERVIEWS)
    context, page = open_phone(browser, server)
    send(page, make(), name, kind, caption=f"Flipchart · {case}")
    assert "?ok=photo_sent" in page.url, page.url
    assert "Your photo is saved." in page.inner_text("#notice")
    card = page.locator(".photo-card")
    assert card.count() == 1 and card.locator(".text").inner_text() == f"Flipchart · {case}"
    # The phone shows it: the image loads after the page (bounded wait; a broken image never gets a width).
    page.wait_for_function(
        "(() => { const i = document.querySelector('.photo-card img'); return i.complete && i.naturalWidth > 0 })()",
        timeout=FOLLOW_MS,
    )
    page.screenshot(path=shots / f"photo-{case}.png", full_page=True)
    facilitator.refresh()
    (mine,) = [p for p in facilitator.state.photos.values() if p.caption == f"Flipchart · {case}"]
    check(stored(facilitator, mine.id))
    context.close()


@pytest.mark.parametrize(("case", "make", "name", "kind", "words"), REFUSED, ids=[c[0] for c in REFUSED])
def test_what_is_not_a_photo_is_a_clear_page_and_nothing_is_stored(
    browser,
    room,
    shots: Path,
    case: str,
    make: Callable[[], bytes],
    name: str,
    kind: str,
    words: str,
) -> None:
    _, facilitator, server = room
    at(facilitator, INTERVIEWS)
    facilitator.refresh()
    before = len(facilitator.state.photos)
    context, page = open_phone(browser, server)
    dialogs: list[str] = []

    def dismiss(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", dismiss)
    send(page, make(), name, kind, caption="Naša razglednica")
    assert words in page.inner_text("#notice")
    assert page.input_value("#caption") == "Naša razglednica"
    assert dialogs == []  # the SVG's script never ran
    page.screenshot(path=shots / f"photo-refused-{case}.png", full_page=True)
    facilitator.refresh()
    assert len(facilitator.state.photos) == before
    context.close()


def test_two_identical_uploads_are_one_file_and_two_photos(browser, room) -> None:
    _, facilitator, server = room
    at(facilitator, INTERVIEWS)
    facilitator.refresh()
    before = set(facilitator.state.photos)
    context, page = open_phone(browser, server)
    picture = samples.jpeg(samples.flipchart(500, 400, seed=7))
    for _ in range(2):
        send(page, picture, "IMG_5000.JPG", "image/jpeg")
        assert "?ok=photo_sent" in page.url, page.url
    assert page.locator(".photo-card").count() == 2
    facilitator.refresh()
    new = [facilitator.state.photos[i] for i in set(facilitator.state.photos) - before]
    assert len(new) == 2 and new[0].sha256 == new[1].sha256
    assert [p.name for p in (facilitator.folder / "photos").glob(f"{new[0].sha256}*")] == [f"{new[0].sha256}.jpg"]
    context.close()


def test_the_disk_full_while_writing_is_a_clear_page_and_nothing_half_written(
    browser,
    room,
    shots: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, facilitator, server = room
    at(facilitator, INTERVIEWS)
    context, page = open_phone(browser, server)
    facilitator.refresh()
    before = (len(facilitator.state.photos), sorted((facilitator.folder / "photos").iterdir()))

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files_module.os, "fsync", no_space)
    send(page, samples.jpeg(samples.flipchart(600, 450, seed=11)), "IMG_6000.JPG", "image/jpeg", caption="Zadnja")
    monkeypatch.undo()
    assert "running out of space" in page.inner_text("#notice")
    assert page.input_value("#caption") == "Zadnja"
    page.screenshot(path=shots / "photo-refused-disk-full.png", full_page=True)
    facilitator.refresh()
    assert (len(facilitator.state.photos), sorted((facilitator.folder / "photos").iterdir())) == before
    context.close()


def test_without_javascript_a_photo_is_sent_and_withdrawn_and_its_file_is_gone(browser, room, shots: Path) -> None:
    _, facilitator, server = room
    at(facilitator, INTERVIEWS)
    context, page = open_phone(browser, server, javascript=False)
    send(page, samples.jpeg(samples.flipchart(700, 500, seed=13)), "IMG_7000.JPG", "image/jpeg", caption="Brez JS")
    assert "?ok=photo_sent" in page.url, page.url
    facilitator.refresh()
    (mine,) = [p for p in facilitator.state.photos.values() if p.caption == "Brez JS"]
    path = facilitator.folder / "photos" / f"{mine.sha256}.jpg"
    assert path.is_file()
    page.get_by_role("link", name="Withdraw").last.click()
    expect(page.locator("img.thumb")).to_have_count(1)  # the photo is shown on the confirm page (once it is parsed)
    page.screenshot(path=shots / "photo-withdraw.png", full_page=True)
    page.get_by_role("button", name="Yes, withdraw it").click()
    page.wait_for_url("**?ok=photo_withdrawn*")
    assert "withdrawn and deleted" in page.inner_text("#notice") and page.locator(".photo-card").count() == 0
    assert not path.exists()
    context.close()


def test_a_photo_too_large_is_said_before_it_is_sent_and_the_page_passes_axe(
    browser,
    room,
    shots: Path,
    tmp_path: Path,
) -> None:
    _, facilitator, server = room
    at(facilitator, INTERVIEWS)
    context, page = open_phone(browser, server)
    assert serious(page) == []
    big = tmp_path / "IMG_9999.JPG"
    big.write_bytes(b"\xff\xd8" + b"\x00" * (MAX_UPLOAD_BYTES + 1000))
    page.set_input_files("#photo", big)
    message = page.evaluate("document.getElementById('photo').validationMessage")
    assert "larger than 15 MB" in message
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if r.method == "POST" else None)
    page.get_by_role("button", name="Send the photo").click()
    page.wait_for_timeout(300)
    assert requests == []  # 15 MB did not cross the room's Wi-Fi
    context.close()
    no_js, page = open_phone(browser, server, javascript=False)
    page.set_input_files("#photo", big)
    with page.expect_navigation(timeout=UPLOAD_MS):
        page.get_by_role("button", name="Send the photo").click()
    assert "larger than 15 MB" in page.inner_text("main")
    page.screenshot(path=shots / "photo-refused-too-large.png", full_page=True)
    no_js.close()


def test_the_form_fits_a_phone_and_the_limit_is_said(browser, room, monkeypatch: pytest.MonkeyPatch) -> None:
    _, facilitator, server = room
    at(facilitator, INTERVIEWS)
    context, page = open_phone(browser, server)
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    assert (
        page.get_attribute("#photo", "capture") == "environment" and page.get_attribute("#photo", "accept") == "image/*"
    )
    monkeypatch.setattr(photos, "MAX_PER_PARTICIPANT", 1)
    send(page, samples.jpeg(samples.flipchart(300, 200, seed=17)), "a.jpg", "image/jpeg")
    assert "?ok=photo_sent" in page.url, page.url
    assert page.locator("#photo").count() == 0
    assert "as many photos as one person may" in page.inner_text("#photos")
    context.close()
