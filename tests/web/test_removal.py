"""A participant the facilitator removed: their phone's cookie no longer posts anything, and every page says why
in their language (no form, no way back to one); the other phones go on as before."""

from __future__ import annotations

from tests.web.conftest import Phone, main_text

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.web.guard import LANG_COOKIE

INTERVIEWS = 1


def test_a_removed_participants_cookie_can_no_longer_post(
    phone: Phone, other_phone: Phone, session: Facilitation
) -> None:
    session.go_to(INTERVIEWS)
    troll = phone.join(sector="citizen")
    maja = other_phone.join(sector="creative")
    assert phone.submit("/contribute", {"text": "spam spam"}).status_code == 303
    form = phone.hidden(phone.get().text, "/contribute")  # the page was open when the facilitator acted
    session.remove_participant(troll)
    before = session.store.last_seq()
    r = phone.client.post(phone.home + "/contribute", data={**form, "text": "more spam"}, follow_redirects=False)
    assert r.status_code == 403
    text = main_text(r.text)
    assert "The facilitator has removed you from this session" in text
    assert "<form" not in r.text and f'href="{phone.home}"' not in r.text  # nowhere to go back to
    for path in ("", "/mine", "/me"):
        assert phone.get(path).status_code == 403, path
    rejoin = phone.client.post(phone.home + "/join", data={**form, "sector": "citizen"}, follow_redirects=False)
    assert rejoin.status_code == 403
    assert session.store.last_seq() == before
    assert not any(c.participant_id == troll for c in session.state.contributions.values())
    # The rest of the room is not touched.
    assert other_phone.submit("/contribute", {"text": "a real story"}).status_code == 303
    assert [c.participant_id for c in session.state.contributions.values()] == [maja]


def test_the_removed_page_speaks_the_participants_language(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    troll = phone.join()
    session.remove_participant(troll)
    phone.client.cookies.set(LANG_COOKIE, "sl")
    r = phone.get()
    assert r.status_code == 403 and "Moderator vas je odstranil s tega srečanja" in main_text(r.text)


def test_a_removal_reloads_the_phones_so_the_removed_one_hears_at_once(
    phone: Phone, other_phone: Phone, session: Facilitation
) -> None:
    session.go_to(INTERVIEWS)
    troll = phone.join()
    other_phone.join()
    before = other_phone.get("/state.json").json()["v"]
    session.remove_participant(troll)
    assert other_phone.get("/state.json").json()["v"] != before  # every page reloads once
    assert phone.get().status_code == 403
