"""A phone may only send what the room's current step offers: anything else is a 409 page that says what the room
is doing now and gives back what the person wrote, and nothing is stored (issue 10, item 12).

The posts are made the way a stale page or a script would make them: a form from an earlier step, sent now."""

from __future__ import annotations

import re

import pytest
from tests.web.conftest import Phone, main_text

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.web.guard import LANG_COOKIE, new_request_id

INTERVIEWS, VOTE, COMMITMENTS = 1, 5, 6


def post(phone: Phone, action: str, fields: dict[str, str]) -> tuple[int, str]:
    """A post with this participant's CSRF token (from any form on the page), as a stale page would send it."""
    csrf = re.search(r'name="csrf" value="([^"]+)"', phone.get("/me").text)  # a form every step has
    assert csrf is not None
    data = {"csrf": csrf.group(1), "rid": new_request_id(), **fields}
    r = phone.client.post(phone.home + action, data=data, follow_redirects=False)
    return r.status_code, r.text


def unsent(html: str) -> str:
    found = re.search(r'<textarea class="unsent"[^>]*>(.*?)</textarea>', html, re.S)
    return found.group(1) if found else ""


@pytest.fixture
def joined(phone: Phone, session: Facilitation) -> str:
    session.go_to(INTERVIEWS)
    return phone.join()


def test_a_contribution_during_the_vote_or_the_commitments_is_refused_and_given_back(
    phone: Phone, joined: str, session: Facilitation
) -> None:
    session.go_to(VOTE)
    session.open_vote([("A", None), ("B", None)], dots=3)
    before = session.store.last_seq()
    status, html = post(phone, "/contribute", {"text": "A story for the wrong step", "activity": "interviews"})
    assert status == 409
    assert "Right now: the dot-vote is open; place your dots below." in main_text(html)
    assert unsent(html) == "A story for the wrong step" and 'action="' + phone.home + '/vote"' in html
    session.close_vote()
    session.go_to(COMMITMENTS)
    status, html = post(phone, "/contribute", {"text": "Still a story"})
    assert status == 409 and "Right now: the room is writing commitments" in main_text(html)
    assert unsent(html) == "Still a story"
    assert session.store.last_seq() == before + 2  # the close and the move: nothing of the phone's
    assert session.state.contributions == {}


def test_a_ballot_outside_an_open_vote_is_refused_with_what_the_room_does(
    phone: Phone, joined: str, session: Facilitation
) -> None:
    status, html = post(phone, "/vote", {"vote": "v-000000000000", "d_o1": "2"})
    assert status == 409 and "Right now: the room is writing contributions; the form is below." in main_text(html)
    session.go_to(VOTE)
    vote = session.open_vote([("A", None), ("B", None)], dots=3)
    session.close_vote()
    status, html = post(phone, "/vote", {"vote": vote.id, "d_o1": "2"})
    assert status == 409 and "Right now: the vote has closed; the result is below." in main_text(html)
    assert session.state.votes[vote.id].ballots == {}


def test_a_commitment_outside_destinys_step_is_refused_and_given_back(
    phone: Phone, joined: str, session: Facilitation
) -> None:
    status, html = post(phone, "/commit", {"what": "I will open my studio", "support": "a key"})
    assert status == 409 and "Right now: the room is writing contributions" in main_text(html)
    assert unsent(html) == "I will open my studio\n\na key"
    session.go_to(COMMITMENTS)
    session.end()
    status, html = post(phone, "/commit", {"what": "After the end"})
    assert status == 409 and "Right now: the session has ended." in main_text(html)
    assert session.state.commitments == {}


def test_the_room_is_said_in_the_phones_language(phone: Phone, joined: str, session: Facilitation) -> None:
    session.go_to(VOTE)
    session.open_vote([("A", None), ("B", None)], dots=3)
    phone.client.cookies.set(LANG_COOKIE, "sl")
    status, html = post(phone, "/contribute", {"text": "Zgodba"})
    assert status == 409 and "Trenutno: glasovanje s pikami je odprto" in main_text(html)
    assert "Vaše besedilo ni bilo shranjeno" in main_text(html)
