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
