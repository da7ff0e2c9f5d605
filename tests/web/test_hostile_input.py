"""What one hostile person on the room's Wi-Fi can send in a form, and what they get back: a page in their
language, never a 500, and nothing stored that the page did not offer."""

from __future__ import annotations

import pytest
from tests.web.conftest import Phone, main_text

from ai_toolkit.facilitation import Facilitation

INTERVIEWS, STRENGTHS, DREAMS, VOTE, COMMITMENTS = 1, 2, 3, 5, 6


# -- numbers: ASCII digits only ------------------------------------------------------------------------------
@pytest.mark.parametrize("typed", ["²", "٣", "３", "1_0", "-1", "+1", "1e1", "0x1", "1.0", "99999999999", "⁴"])
def test_dots_that_are_not_plain_ascii_digits_are_refused_with_a_page(
    phone: Phone, session: Facilitation, typed: str
) -> None:
    """``"²".isdigit()`` is true and crashed the handler with a 500; ``int("３")`` is 3 and ``int("1_0")`` 10."""
    session.go_to(VOTE)
    vote = session.open_vote([("Shared workshop", None), ("Help desk", None)], dots=3)
    phone.join()
    r = phone.submit("/vote", {"d_o1": typed, "send": "1"})
    assert r.status_code == 400
    assert "Dots must be whole numbers" in main_text(r.text)
    assert session.state.votes[vote.id].ballots == {}


def test_plain_digits_with_spaces_around_still_count(phone: Phone, session: Facilitation) -> None:
    session.go_to(VOTE)
    vote = session.open_vote([("Shared workshop", None), ("Help desk", None)], dots=3)
    pid = phone.join()
    assert phone.submit("/vote", {"d_o1": " 2 ", "d_o2": "", "send": "1"}).status_code == 303
    assert session.state.votes[vote.id].ballots[pid] == {"o1": 2}


@pytest.mark.parametrize("typed", ["20270331", "2027-W13-3", "２０２７-03-31", "2027-3-31"])
def test_a_commitment_date_is_only_yyyy_mm_dd(phone: Phone, session: Facilitation, typed: str) -> None:
    session.go_to(COMMITMENTS)
    phone.join()
    r = phone.submit("/commit", {"what": "Open the canteen", "by_when": typed})
    assert r.status_code == 400 and "YYYY-MM-DD" in main_text(r.text)
    assert session.state.commitments == {}


@pytest.mark.parametrize(
    ("header", "chosen"),
    [
        ("de;q=nan, sl;q=0.5", "sl"),
        ("de;q=1e9, sl;q=0.5", "sl"),
        ("de;q=１, sl;q=0.5", "sl"),
        ("de;q=0.9, sl;q=1", "sl"),
        ("de-AT,de;q=0.9,en;q=0.8", "de"),
        ("x" * 5000, None),
    ],
)
def test_accept_language_weights_are_read_strictly(header: str, chosen: str | None) -> None:
    from ai_toolkit.web.render import accepted_language

    assert accepted_language(header) == chosen


# -- text that is not UTF-8 -------------------------------------------------------------------------------
def _raw_post(phone: Phone, body: bytes, content_type: str):  # httpx.Response
    return phone.client.post(
        phone.home + "/contribute", content=body, headers={"content-type": content_type}, follow_redirects=False
    )


def test_a_form_that_is_not_utf8_is_refused_with_a_page_and_nothing_is_stored(
    phone: Phone, session: Facilitation
) -> None:
    """Starlette read such bytes as Latin-1: "café" sent in Latin-1 was stored as "caf\\xe9"-mojibake."""
    session.go_to(INTERVIEWS)
    phone.join()
    fields = phone.hidden(phone.get().text, "/contribute")
    from urllib.parse import urlencode

    base = urlencode(fields).encode()
    boundary = "b0undary"

    def multipart(value: bytes, charset: str = "") -> tuple[bytes, str]:
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="text"\r\n\r\n'.encode() + value + b"\r\n")
        return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}{charset}"

    for body, content_type in [
        (base + b"&text=Kulturcaf\xe9", "application/x-www-form-urlencoded"),  # raw Latin-1 byte
        (base + b"&text=Kulturcaf%E9", "application/x-www-form-urlencoded"),  # percent-encoded Latin-1
        (base + b"&text=%C3%28", "application/x-www-form-urlencoded"),  # a broken UTF-8 sequence
        multipart(b"Kulturcaf\xe9"),
        multipart("Kulturcafé".encode("latin-1"), "; charset=latin-1"),
    ]:
        r = _raw_post(phone, body, content_type)
        assert r.status_code == 400, (body, content_type)
        assert "not UTF-8" in main_text(r.text)
    assert session.state.contributions == {}
    # The same words in UTF-8, both ways a browser sends them, are taken as typed.
    assert _raw_post(phone, base + "&text=Kulturcafé".encode(), "application/x-www-form-urlencoded").status_code == 303
    fields = phone.hidden(phone.get().text, "/contribute")  # a new form: a new request id
    body, content_type = multipart("Kulturcafé Jesenice".encode())
    assert _raw_post(phone, body, content_type).status_code == 303
    assert [c.text for c in session.state.contributions.values()] == ["Kulturcafé", "Kulturcafé Jesenice"]


# -- one request id, one request ------------------------------------------------------------------------
def test_a_reused_request_id_with_other_words_is_refused_409_and_keeps_them(
    phone: Phone, session: Facilitation
) -> None:
    """Before, the second text got "sent" and was silently dropped: the id had been used."""
    session.go_to(INTERVIEWS)
    phone.join()
    form = phone.hidden(phone.get().text, "/contribute")
    post = phone.client.post
    first = post(phone.home + "/contribute", data={**form, "text": "Prva zgodba"}, follow_redirects=False)
    retry = post(phone.home + "/contribute", data={**form, "text": "Prva zgodba"}, follow_redirects=False)
    assert first.status_code == retry.status_code == 303  # a retry of the same post: done, once
    other = post(phone.home + "/contribute", data={**form, "text": "Druga zgodba"}, follow_redirects=False)
    assert other.status_code == 409
    assert "This form was already used" in main_text(other.text) and "Druga zgodba" in other.text
    assert [c.text for c in session.state.contributions.values()] == ["Prva zgodba"]
