"""The photo form over HTTP: uploads as a browser posts them, refusals as pages, one's own photos, the facilitator's."""

from __future__ import annotations

import asyncio
import io
from functools import cache

import httpx
import pytest
from fastapi.testclient import TestClient
from PIL import Image
from tests import photo_samples as samples
from tests.web.conftest import Phone, main_text
from tests.web.test_wire import _closed_within, _serve

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.facilitation.decisions import photos
from ai_toolkit.imaging import MAX_UPLOAD_BYTES
from ai_toolkit.model.session import Photo

INTERVIEWS = 1


@cache
def picture(seed: int = 1) -> bytes:
    return samples.jpeg(samples.flipchart(640, 480, seed=seed))


def upload(
    phone: Phone,
    data: bytes,
    *,
    name: str = "IMG_0001.jpg",
    kind: str = "image/jpeg",
    caption: str = "",
    **kw: object,
) -> httpx.Response:
    """Post the photo form the page shows, with a file, as a browser does (multipart/form-data)."""
    fields = phone.hidden(phone.get().text, "/photo")
    parts = {k: (None, v) for k, v in {**fields, "caption": caption}.items()}
    return phone.client.post(
        phone.home + "/photo",
        files={**parts, "photo": (name, data, kind)},
        follow_redirects=False,
        **kw,
    )


@pytest.fixture
def joined(phone: Phone, session: Facilitation) -> Phone:
    session.go_to(INTERVIEWS)
    phone.join("creative")
    return phone


def only_photo(session: Facilitation) -> Photo:
    (p,) = session.state.photos.values()
    return p


def test_the_contribution_page_offers_a_photo_form_that_works_without_javascript(joined: Phone) -> None:
    html = joined.get().text
    form = html[html.index(f'action="{joined.home}/photo"') - 80 :]
    form = form[: form.index("</form>")]
    assert 'method="post"' in form and 'enctype="multipart/form-data"' in form
    assert 'type="file"' in form and 'accept="image/*"' in form and 'capture="environment"' in form
    assert 'name="activity" value="interviews"' in form and 'name="caption"' in form
    assert "You can send 20 more, up to 15 MB each." in main_text(html)


def test_an_upload_is_stored_shown_to_its_sender_and_to_nobody_else(
    joined: Phone, other_phone: Phone, session: Facilitation
) -> None:
    r = upload(joined, samples.gps_jpeg(), caption="Skupina 3 · naslovnica 2030")
    assert r.status_code == 303 and r.headers["location"].endswith("?ok=photo_sent#notice")
    p = only_photo(session)
    assert (p.caption, p.activity_id, p.sector) == ("Skupina 3 · naslovnica 2030", "interviews", "creative")
    page = joined.get("?ok=photo_sent").text
    assert "Your photo is saved." in main_text(page) and f"/ph/{p.id}.jpg" in page
    assert "You can send 19 more" in main_text(page)
    image = joined.get(f"/ph/{p.id}.jpg")
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert "immutable" in image.headers["cache-control"]
    stored = Image.open(io.BytesIO(image.content))
    assert not stored.getexif() and b"Spyphone" not in image.content  # what is served is the clean file
    other_phone.join("school")
    assert other_phone.get(f"/ph/{p.id}.jpg").status_code == 404
    assert joined.get("/ph/ph-000000000000.jpg").status_code == 404
    assert joined.get("/ph/..%2F..%2Fsession.db").status_code == 404


@pytest.mark.parametrize(
    ("make", "name", "status", "words"),
    [
        (samples.text_named_jpg, "notes.jpg", 415, "This file is not a photo"),
        (samples.svg_with_script, "drawing.svg", 415, "This file is not a photo"),
        (samples.truncated_jpeg, "IMG_0002.jpg", 422, "could not be read"),
        (samples.strip_png, "strip.png", 422, "1 × 40000 pixels"),
        (samples.bomb_png, "bomb.png", 413, "more than 60 megapixels"),
        (lambda: b"", "empty.jpg", 400, "No photo was chosen"),
    ],
    ids=["text named .jpg", "SVG with script", "truncated JPEG", "1x40000 strip", "bomb", "no file"],
)
def test_each_refusal_is_the_page_again_with_the_reason_and_the_caption_kept(
    joined: Phone,
    session: Facilitation,
    make,
    name: str,
    status: int,
    words: str,
) -> None:
    r = upload(joined, make(), name=name, caption="Naša razglednica")
    assert r.status_code == status
    text = main_text(r.text)
    assert words in text and "Traceback" not in r.text
    assert 'value="Naša razglednica"' in r.text  # the caption is still in its box
    assert session.state.photos == {} and not (session.folder / "photos").exists()


def test_a_refusal_speaks_the_participants_language(joined: Phone) -> None:
    joined.get("/lang/sl")
    r = upload(joined, samples.text_named_jpg(), name="zapiski.jpg")
    assert r.status_code == 415 and "Ta datoteka ni fotografija" in main_text(r.text)


def test_a_photo_too_large_for_the_wire_gets_a_page_and_other_forms_keep_their_small_limit(
    joined: Phone, session: Facilitation
) -> None:
    too_big = b"\xff\xd8" + b"\x00" * (MAX_UPLOAD_BYTES + 100_000)
    r = upload(joined, too_big)
    assert r.status_code == 413 and "larger than 15 MB" in main_text(r.text)
    assert session.state.photos == {}
    fields = joined.hidden(joined.get().text, "/contribute")
    r = joined.client.post(joined.home + "/contribute", data={**fields, "text": "x" * 100_000})
    assert r.status_code == 413  # the story form's 64 KiB guard is unchanged


def test_a_file_on_another_form_and_two_files_on_this_one_are_refused(joined: Phone, session: Facilitation) -> None:
    fields = joined.hidden(joined.get().text, "/contribute")
    parts = {k: (None, v) for k, v in {**fields, "text": "hello"}.items()}
    r = joined.client.post(joined.home + "/contribute", files={**parts, "photo": ("a.jpg", picture(), "image/jpeg")})
    assert r.status_code == 400
    fields = joined.hidden(joined.get().text, "/photo")
    parts = {k: (None, v) for k, v in fields.items()}
    two = [("photo", ("a.jpg", picture(), "image/jpeg")), ("photo", ("b.jpg", picture(2), "image/jpeg"))]
    r = joined.client.post(joined.home + "/photo", files=[*parts.items(), *two])
    assert r.status_code == 400 and session.state.photos == {}


def test_a_forged_post_and_a_retry_store_nothing_twice(joined: Phone, session: Facilitation) -> None:
    fields = joined.hidden(joined.get().text, "/photo")
    bad = {k: (None, v) for k, v in {**fields, "csrf": "x" * 32}.items()}
    r = joined.client.post(joined.home + "/photo", files={**bad, "photo": ("a.jpg", picture(), "image/jpeg")})
    assert r.status_code == 403 and session.state.photos == {}
    good = {k: (None, v) for k, v in fields.items()}
    for _ in range(2):  # the same form posted twice (a retry on bad Wi-Fi)
        r = joined.client.post(
            joined.home + "/photo", files={**good, "photo": ("a.jpg", picture(), "image/jpeg")}, follow_redirects=False
        )
        assert r.status_code == 303
    assert len(session.state.photos) == 1


def test_two_identical_uploads_are_one_file_and_two_photos(joined: Phone, session: Facilitation) -> None:
    for _ in range(2):
        assert upload(joined, picture()).status_code == 303
    assert len(session.state.photos) == 2
    assert len(list((session.folder / "photos").glob("*.jpg"))) == 1


def test_the_sender_edits_the_caption_and_withdraws_the_photo_which_deletes_its_file(
    joined: Phone, session: Facilitation
) -> None:
    upload(joined, picture(), caption="first try")
    p = only_photo(session)
    form = joined.get(f"/ph/{p.id}")
    assert form.status_code == 200 and 'value="first try"' in form.text
    r = joined.submit(f"/ph/{p.id}", {"caption": "Skupina 2: sanje"}, page=f"/ph/{p.id}", multipart=True)
    assert r.status_code == 303 and session.state.photos[p.id].caption == "Skupina 2: sanje"
    confirm = joined.get(f"/ph/{p.id}/withdraw")
    assert "Withdraw this photo?" in main_text(confirm.text) and "deleted from the facilitator" in main_text(
        confirm.text
    )
    fields = joined.hidden(confirm.text, f"/ph/{p.id}/withdraw")
    for _ in range(2):  # the second is a browser's retry: the photo is already withdrawn, and that is fine
        r = joined.client.post(joined.home + f"/ph/{p.id}/withdraw", data=fields, follow_redirects=False)
        assert r.status_code == 303 and "photo_withdrawn" in r.headers["location"]
    assert session.state.photos[p.id].withdrawn and not list((session.folder / "photos").glob("*.jpg"))
    assert joined.get(f"/ph/{p.id}.jpg").status_code == 404
    assert f"/ph/{p.id}" not in joined.get().text


def test_after_the_room_moves_on_the_caption_is_fixed_but_the_photo_can_be_withdrawn(
    joined: Phone, session: Facilitation
) -> None:
    upload(joined, picture())
    p = only_photo(session)
    session.advance()
    r = joined.get(f"/ph/{p.id}")
    assert r.status_code == 409 and "the facilitator has moved on" in main_text(r.text)
    # Consent: what a participant sent is theirs to take back at any time, a photo too.
    confirm = joined.get(f"/ph/{p.id}/withdraw")
    assert confirm.status_code == 200 and "Withdraw this photo?" in main_text(confirm.text)
    fields = joined.hidden(confirm.text, f"/ph/{p.id}/withdraw")
    r = joined.client.post(joined.home + f"/ph/{p.id}/withdraw", data=fields, follow_redirects=False)
    assert r.status_code == 303 and session.state.photos[p.id].withdrawn


def test_twenty_photos_then_the_form_says_so(joined: Phone, session: Facilitation, monkeypatch) -> None:
    monkeypatch.setattr(photos, "MAX_PER_PARTICIPANT", 2)
    upload(joined, picture(1))
    upload(joined, picture(2))
    text = main_text(joined.get().text)
    assert "You have sent as many photos as one person may." in text
    r = upload_without_form(joined)
    assert r.status_code == 409 and "the most one person may send" in main_text(r.text)


def upload_without_form(phone: Phone) -> httpx.Response:
    """A script that posts although the page no longer offers the form: the service still says no."""
    fields = phone.hidden(phone.get().text, "/contribute")
    parts = {k: (None, v) for k, v in {**fields, "activity": "interviews"}.items()}
    return phone.client.post(phone.home + "/photo", files={**parts, "photo": ("c.jpg", picture(3), "image/jpeg")})


# -- the facilitator's own phone -----------------------------------------------------------------------------------
def test_the_facilitator_sends_a_photo_to_an_activity_that_ran(client: TestClient, session: Facilitation) -> None:
    base = f"/f/{session.state.info.facilitator_token}"
    assert client.get(f"/f/{session.state.info.join_token}/photo").status_code == 404
    session.go_to(INTERVIEWS)
    session.advance()
    page = client.get(base + "/photo")
    assert page.status_code == 200
    assert '<option value="interviews">' in page.text and '<option value="positive-core" selected>' in page.text
    fields = Phone(client, session).hidden(page.text.replace(base, "/j/" + session.state.info.join_token), "/photo")
    parts = {k: (None, v) for k, v in {**fields, "caption": "Flipchart 1", "activity": "interviews"}.items()}
    r = client.post(
        base + "/photo", files={**parts, "photo": ("f.jpg", picture(), "image/jpeg")}, follow_redirects=False
    )
    assert r.status_code == 303
    p = only_photo(session)
    assert (p.source.value, p.activity_id, p.caption) == ("facilitator", "interviews", "Flipchart 1")
    listed = client.get(base + "/photo?ok=photo_sent").text
    assert "Photos so far: 1" in main_text(listed) and f"{base}/ph/{p.id}.jpg" in listed
    assert client.get(f"{base}/ph/{p.id}.jpg").status_code == 200
    forged = {k: (None, v) for k, v in {**fields, "csrf": "0" * 32}.items()}
    r = client.post(base + "/photo", files={**forged, "photo": ("f.jpg", picture(2), "image/jpeg")})
    assert r.status_code == 403 and len(session.state.photos) == 1


def test_a_photo_may_take_longer_to_arrive_than_a_story_but_not_for_ever(session: Facilitation) -> None:
    """The wire's body timer: 0.5 s for a form, 1.5 s for a photo here (30 s and 240 s in a room)."""
    session.go_to(INTERVIEWS)
    home = f"/j/{session.state.info.join_token}"

    async def scenario(server) -> None:
        slow = []
        for path in ("/contribute", "/photo"):
            reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
            writer.write(f"POST {home}{path} HTTP/1.1\r\nHost: x\r\nContent-Length: 900000\r\n\r\nab".encode())
            slow.append((reader, writer))
        story, photo = await asyncio.gather(*(_closed_within(r, 6) for r, _ in slow))
        assert story < 1.2 and 1.2 < photo < 3, (story, photo)
        for _, writer in slow:
            writer.close()

    _serve(session, scenario, body_seconds=0.5, upload_seconds=1.5)
