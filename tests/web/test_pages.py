"""The phone's pages through TestClient: joining, languages, contributing, editing, withdrawing, voting, committing.

Each test asserts on what the participant reads and on what landed in the session (the service's state, which is
the fold of the database), never on internals of the web layer.
"""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from tests.web.conftest import Phone, main_text

from ai_toolkit.facilitation import Facilitation, create_session, open_session
from ai_toolkit.model.enums import Phase, Sector, Source
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.web.app import create_app

INTERVIEWS, STRENGTHS, DREAMS, VOTE, COMMITMENTS = 1, 2, 3, 5, 6


def mine(f: Facilitation, pid: str) -> list[str]:
    return [c.text for c in f.state.contributions.values() if c.participant_id == pid and not c.hidden]


# -- joining and languages ---------------------------------------------------------------------------------
def test_join_page_speaks_the_browsers_language_and_sets_a_safe_cookie(phone: Phone) -> None:
    r = phone.get(headers={"accept-language": "fr-FR,de-AT;q=0.8,en;q=0.5"})
    assert r.status_code == 200
    assert '<html lang="de">' in r.text
    text = main_text(r.text)
    assert "Zu welcher Gruppe gehören Sie?" in text and "Teilnehmen" in text
    cookie = r.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "path=/" in cookie
    for label in ("Ihr Name (optional)", "Ihre Organisation (optional)", "Kreativszene"):
        assert label in text
    # Consent is off by default: the box is not ticked.
    consent = re.search(r'<input type="checkbox" id="consent"[^>]*>', r.text)
    assert consent is not None and "checked" not in consent.group(0)


def test_without_a_language_we_speak_the_page_is_in_the_sessions(phone: Phone) -> None:
    r = phone.get(headers={"accept-language": "ru,fr;q=0.9"})
    assert '<html lang="en">' in r.text


def test_language_switch_offers_all_seven_and_remembers_the_choice(phone: Phone) -> None:
    page = phone.get(headers={"accept-language": "en"}).text
    for code in ("en", "de", "cs", "pl", "it", "sl", "nl"):
        assert f'href="{phone.home}/lang/{code}" hreflang="{code}" lang="{code}"' in page
    r = phone.get("/lang/sl", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == phone.home
    page = phone.get(headers={"accept-language": "de"}).text
    assert '<html lang="sl">' in page and "Pridružite se" in page
    assert phone.get("/lang/xx").status_code == 404


def test_joining_records_the_person_as_they_said_and_anonymous_by_default(phone: Phone, session: Facilitation) -> None:
    phone.get("/lang/pl")
    pid = phone.join(sector="school", name="Zofia Łęcka", organisation="Szkoła nr 3 <Bielsko>")
    p = session.state.participants[pid]
    assert (p.name, p.organisation, p.sector, p.consent_named, p.language) == (
        "Zofia Łęcka",
        "Szkoła nr 3 <Bielsko>",
        Sector.SCHOOL,
        False,
        "pl",
    )
    page = phone.get("?ok=joined").text
    assert "Witamy na spotkaniu!" in main_text(page)
    assert "Szkoła nr 3 <Bielsko>" not in page  # shown nowhere unescaped


def test_consent_ticked_is_recorded(phone: Phone, session: Facilitation) -> None:
    pid = phone.join(name="Maja", consent="yes")
    assert session.state.participants[pid].consent_named is True


def test_joining_without_a_sector_asks_for_it_and_keeps_the_name(phone: Phone, session: Facilitation) -> None:
    r = phone.submit("/join", {"name": "Tomaž Šuštar", "organisation": "Livarna"})
    assert r.status_code == 400
    assert "Please choose the group you belong to." in main_text(r.text)
    assert 'value="Tomaž Šuštar"' in r.text and 'value="Livarna"' in r.text
    assert session.state.participants == {}


def test_pressing_join_twice_makes_one_participant(phone: Phone, session: Facilitation) -> None:
    html = phone.get().text
    data = {**phone.hidden(html, "/join"), "sector": "company"}
    first = phone.client.post(phone.home + "/join", data=data, follow_redirects=False)
    again = phone.client.post(phone.home + "/join", data=data, follow_redirects=False)
    assert first.status_code == again.status_code == 303
    assert len(session.state.participants) == 1


# -- contributing ----------------------------------------------------------------------------------------
def test_contribution_in_the_current_activity_shows_under_yours(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    pid = phone.join(sector="creative")
    page = phone.get().text
    assert "Tell a story of a high point." in main_text(page)
    text = "Naša livarna je odprla halo za festival 🎉 – <script>alert('x')</script> [bold]hi[/bold] שלום"
    r = phone.submit("/contribute", {"text": text}, multipart=True)
    assert r.status_code == 303 and r.headers["location"].startswith(phone.home + "?ok=sent")
    (c,) = session.state.contributions.values()
    assert (c.text, c.participant_id, c.activity_id, c.source, c.sector) == (
        text,
        pid,
        "interviews",
        Source.PARTICIPANT,
        Sector.CREATIVE,
    )
    page = phone.get("?ok=sent").text
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in page
    assert "Sent. Thank you!" in main_text(page)
    assert text in main_text(page)


def test_prompt_comes_in_the_participants_language(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    phone.get("/lang/sl")
    phone.join()
    text = main_text(phone.get().text)
    assert "Povejte zgodbo o vrhuncu." in text and "ODKRIVANJE" not in text and "Odkrivanje" in text
    phone.submit("/contribute", {"text": "Zgodba"})
    assert next(iter(session.state.contributions.values())).language == "sl"


def test_control_characters_are_removed_and_text_is_nfc(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    phone.join()
    phone.submit("/contribute", {"text": "Cafe\u0301\x00 in\x0bKranj"})
    assert [c.text for c in session.state.contributions.values()] == ["Café inKranj"]


def test_a_retried_post_counts_once(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    phone.join()
    html = phone.get().text
    data = {**phone.hidden(html, "/contribute"), "text": "Once only"}
    for _ in range(3):  # bad Wi-Fi: the browser sends the same form again
        r = phone.client.post(phone.home + "/contribute", data=data, follow_redirects=False)
        assert r.status_code == 303
    assert [c.text for c in session.state.contributions.values()] == ["Once only"]


def test_empty_text_is_refused_with_a_message(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    phone.join()
    r = phone.submit("/contribute", {"text": "   \n "})
    assert r.status_code == 400
    assert "The text is empty. Please write something first." in main_text(r.text)
    assert session.state.contributions == {}


def test_too_long_text_is_refused_and_kept_in_the_box(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    phone.join()
    long_text = "ž" * 10_001
    r = phone.submit("/contribute", {"text": long_text}, multipart=True)
    assert r.status_code == 400
    assert "at most 10000 characters" in main_text(r.text)
    assert f">{long_text}</textarea>" in r.text
    assert session.state.contributions == {}


def test_text_written_for_a_step_that_has_closed_is_refused_and_kept(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    phone.join()
    html = phone.get().text
    data = {**phone.hidden(html, "/contribute"), "text": "My story about the foundry"}
    session.go_to(DREAMS)  # the facilitator moves on while the phone's form is still open
    r = phone.client.post(phone.home + "/contribute", data=data, follow_redirects=False)
    assert r.status_code == 409
    text = main_text(r.text)
    assert "This step is closed now" in text and "Imagine 2030." in text
    assert ">My story about the foundry</textarea>" in r.text
    assert session.state.contributions == {}


def test_nothing_to_type_in_an_activity_that_collects_nothing(phone: Phone, session: Facilitation) -> None:
    session.start()  # the welcome: collects nothing
    phone.join()
    page = phone.get().text
    assert "Nothing to type now" in main_text(page)
    assert 'action="' + phone.home + '/contribute"' not in page


def test_before_the_start_and_after_the_end(phone: Phone, session: Facilitation) -> None:
    phone.join()
    assert "The session has not started yet." in main_text(phone.get().text)
    session.go_to(COMMITMENTS)
    session.advance()  # from the last step: the end
    assert "The session has ended. Thank you for taking part!" in main_text(phone.get().text)


# -- editing and withdrawing -------------------------------------------------------------------------------
def _contribute(phone: Phone, session: Facilitation, text: str) -> str:
    phone.submit("/contribute", {"text": text})
    return next(c.id for c in session.state.contributions.values() if c.text == text)


def test_edit_own_contribution_while_open(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    pid = phone.join()
    cid = _contribute(phone, session, "First draft")
    form = phone.get(f"/c/{cid}")
    assert form.status_code == 200 and ">First draft</textarea>" in form.text
    r = phone.submit(f"/c/{cid}", {"text": "Better wording, čšž"}, page=f"/c/{cid}", multipart=True)
    assert r.status_code == 303
    assert mine(session, pid) == ["Better wording, čšž"] and session.state.contributions[cid].edited
    assert "edited" in main_text(phone.get().text)


def test_edit_after_the_step_closed_keeps_the_new_text(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    phone.join()
    cid = _contribute(phone, session, "Original")
    html = phone.get(f"/c/{cid}").text
    data = {**phone.hidden(html, f"/c/{cid}"), "text": "Changed my mind"}
    session.go_to(STRENGTHS)
    r = phone.client.post(phone.home + f"/c/{cid}", data=data, follow_redirects=False)
    assert r.status_code == 409 and ">Changed my mind</textarea>" in r.text
    assert session.state.contributions[cid].text == "Original"
    assert phone.get(f"/c/{cid}").status_code == 409  # and the edit page says it is closed


def test_withdraw_own_contribution_after_confirming(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    pid = phone.join()
    cid = _contribute(phone, session, "Not sure about this one")
    confirm = phone.get(f"/c/{cid}/withdraw")
    assert "Withdraw this contribution?" in main_text(confirm.text) and "Not sure about this one" in confirm.text
    r = phone.submit(f"/c/{cid}/withdraw", page=f"/c/{cid}/withdraw")
    assert r.status_code == 303
    assert session.state.contributions[cid].hidden and mine(session, pid) == []
    page = phone.get("?ok=withdrawn").text
    assert "Your contribution is withdrawn." in main_text(page) and "Not sure about this one" not in page
    # A second press (a retry) is not an error; the form is gone, so post the old one again.
    again = phone.client.post(
        phone.home + f"/c/{cid}/withdraw", data=phone.hidden(confirm.text, f"/c/{cid}/withdraw"), follow_redirects=False
    )
    assert again.status_code == 303


def test_someone_elses_contribution_is_not_found(phone: Phone, other_phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    phone.join()
    cid = _contribute(phone, session, "Mine")
    other_phone.join()
    assert other_phone.get(f"/c/{cid}").status_code == 404
    assert other_phone.get(f"/c/{cid}/withdraw").status_code == 404
    html = other_phone.get().text
    hidden = other_phone.hidden(html, "/contribute")
    for path in (f"/c/{cid}", f"/c/{cid}/withdraw"):
        r = other_phone.client.post(other_phone.home + path, data={**hidden, "text": "hijack"}, follow_redirects=False)
        assert r.status_code == 404
    assert session.state.contributions[cid].text == "Mine" and not session.state.contributions[cid].hidden
    assert phone.get("/c/not-an-id").status_code == 404


# -- voting ------------------------------------------------------------------------------------------------
def _open_vote(session: Facilitation, dots: int = 3):
    session.go_to(VOTE)
    return session.open_vote([("Shared workshop", None), ("Help desk <for> artists", None)], dots=dots, title="Top")


def test_vote_page_shows_options_and_the_allowance(phone: Phone, session: Facilitation) -> None:
    _open_vote(session)
    phone.join()
    text = main_text(phone.get().text)
    assert "3 of 3 dots left" in text and "Shared workshop" in text and "Help desk <for> artists" in text
    assert "One dot more for: Shared workshop" in phone.get().text


def test_vote_without_javascript_steps_then_sends(phone: Phone, session: Facilitation) -> None:
    vote = _open_vote(session)
    pid = phone.join()
    html = phone.get().text
    hidden = phone.hidden(html, "/vote")
    # "+" on the first option: the page comes back with the dot placed, nothing is cast yet.
    r = phone.client.post(phone.home + "/vote", data={**hidden, "d_o1": "0", "d_o2": "0", "step": "o1:1"})
    assert r.status_code == 200 and "2 of 3 dots left" in main_text(r.text)
    assert 'name="d_o1" type="number" inputmode="numeric" min="0" max="3" step="1" value="1"' in r.text
    assert session.state.votes[vote.id].ballots == {}
    hidden = phone.hidden(r.text, "/vote")
    r = phone.client.post(
        phone.home + "/vote", data={**hidden, "d_o1": "1", "d_o2": "2", "send": "1"}, follow_redirects=False
    )
    assert r.status_code == 303
    assert session.state.votes[vote.id].ballots[pid] == {"o1": 1, "o2": 2}
    page = phone.get("?ok=voted").text
    assert "Your vote is counted." in main_text(page) and "0 of 3 dots left" in main_text(page)


def test_too_many_dots_are_named_before_sending_without_javascript(phone: Phone, session: Facilitation) -> None:
    """Typed 3 + 3 of 4, then a "−": the page that comes back says how many too many, never "-1 left"."""
    _open_vote(session, dots=4)
    phone.join()
    hidden = phone.hidden(phone.get().text, "/vote")
    r = phone.client.post(phone.home + "/vote", data={**hidden, "d_o1": "3", "d_o2": "3", "step": "o1:-1"})
    assert r.status_code == 200
    assert "Too many dots: 1 more than you have (4). Take some away before you send." in main_text(r.text)
    assert 'class="left over"' in r.text and "dots left" not in main_text(r.text)


def test_more_dots_than_allowed_are_refused(phone: Phone, session: Facilitation) -> None:
    vote = _open_vote(session)
    phone.join()
    r = phone.submit("/vote", {"d_o1": "3", "d_o2": "2", "send": "1"})
    assert r.status_code == 400
    assert "You placed 5 dots, but you have 3." in main_text(r.text)
    assert session.state.votes[vote.id].ballots == {}


def test_bad_dots_unknown_options_and_no_dots_are_refused(phone: Phone, session: Facilitation) -> None:
    vote = _open_vote(session)
    phone.join()
    for fields, message in (
        ({"d_o1": "two"}, "Dots must be whole numbers"),
        ({"d_o1": "-1"}, "Dots must be whole numbers"),
        ({"d_o9": "1"}, "That option is not part of this vote."),
        ({"d_o1": "0", "d_o2": ""}, "Place at least one dot"),
    ):
        r = phone.submit("/vote", {**fields, "send": "1"})
        assert r.status_code == 400 and message in main_text(r.text), fields
    assert session.state.votes[vote.id].ballots == {}


def test_voting_after_the_vote_closed_is_refused(phone: Phone, session: Facilitation) -> None:
    vote = _open_vote(session)
    phone.join()
    html = phone.get().text
    data = {**phone.hidden(html, "/vote"), "d_o1": "1", "send": "1"}
    session.close_vote()
    r = phone.client.post(phone.home + "/vote", data=data, follow_redirects=False)
    assert r.status_code == 409 and "This vote is closed" in main_text(r.text)
    assert session.state.votes[vote.id].ballots == {}


# -- commitments -------------------------------------------------------------------------------------------
def test_commitment_in_destiny(phone: Phone, session: Facilitation) -> None:
    session.go_to(COMMITMENTS)
    pid = phone.join(name="Ana")
    r = phone.submit(
        "/commit",
        {"what": "Open the foundry canteen for a studio day", "by_when": "2027-03-31", "support": "A letter"},
        multipart=True,
    )
    assert r.status_code == 303
    (k,) = session.state.commitments.values()
    assert k.by_when is not None
    assert (k.what, k.by_when.isoformat(), k.support_needed, k.participant_id, k.source) == (
        "Open the foundry canteen for a studio day",
        "2027-03-31",
        "A letter",
        pid,
        Source.PARTICIPANT,
    )
    page = main_text(phone.get().text)
    assert "Open the foundry canteen for a studio day" in page and "by 31 Mar 2027" in page


def test_commitment_dates_are_checked(phone: Phone, session: Facilitation) -> None:
    session.go_to(COMMITMENTS)
    phone.join()
    r = phone.submit("/commit", {"what": "Something", "by_when": "2020-01-01"})
    assert r.status_code == 400 and "That date is in the past." in main_text(r.text)
    assert 'value="2020-01-01"' in r.text
    r = phone.submit("/commit", {"what": "Something", "by_when": "next spring"})
    assert r.status_code == 400 and "YYYY-MM-DD" in main_text(r.text)
    assert session.state.commitments == {}


def test_commitment_outside_destiny_is_refused(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    phone.join()
    html = phone.get().text
    assert phone.home + "/commit" not in html
    r = phone.client.post(
        phone.home + "/commit",
        data={**phone.hidden(html, "/contribute"), "what": "Sneaky"},
        follow_redirects=False,
    )
    assert r.status_code == 409 and session.state.commitments == {}


# -- following the facilitator ----------------------------------------------------------------------------
def test_state_changes_when_the_step_changes(phone: Phone, session: Facilitation) -> None:
    first = phone.get("/state.json").json()["v"]
    session.start()
    second = phone.get("/state.json").json()["v"]
    assert first != second
    session.add_contribution("a facilitator's note")
    assert phone.get("/state.json").json()["v"] == second  # a phone need not reload for others' words


def test_page_follows_a_change_made_by_another_process(
    phone: Phone, session: Facilitation, sessions: SessionsDir
) -> None:
    session.go_to(INTERVIEWS)
    phone.join()
    assert "Appreciative interviews" in main_text(phone.get().text)
    other = open_session(sessions, session.state.info.id)  # what `ai-toolkit next` in a shell would do
    try:
        other.advance()
    finally:
        other.close()
    text = main_text(phone.get().text)
    assert "Positive core" in text and "Appreciative interviews" not in text


def test_facilitator_view_shows_prompt_join_address_and_live_bars(
    client: TestClient, phone: Phone, session: Facilitation
) -> None:
    info = session.state.info
    vote = _open_vote(session)
    phone.join()
    phone.submit("/vote", {"d_o2": "2", "send": "1"})
    r = client.get(f"/f/{info.facilitator_token}")
    assert r.status_code == 200
    text = main_text(r.text)
    assert f"http://testserver/j/{info.join_token}" in text
    assert "1 of 1 have voted" in text and "Help desk <for> artists" in text
    assert re.search(r'<progress max="2" value="2"', r.text)
    assert vote.title in text
    svg = client.get(f"/f/{info.facilitator_token}/qr.svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    before = client.get(f"/f/{info.facilitator_token}/state.json").json()["v"]
    session.add_contribution("note")
    assert client.get(f"/f/{info.facilitator_token}/state.json").json()["v"] != before


def test_phones_get_the_prompt_but_not_the_facilitators_instructions(sessions, toolbox) -> None:
    f = create_session(sessions, toolbox.get("inducci-industry"), title="Kranj", language="sl")
    f.go_to_phase(Phase.DISCOVER)
    act = f.state.current_activity
    assert act is not None and act.instructions
    token = f.state.info.join_token
    with TestClient(create_app(f, join_url=lambda: f"http://testserver/j/{token}")) as c:
        p = Phone(c, f)
        p.join()
        text = main_text(p.get().text)
    assert act.prompt["sl"] in text
    assert act.instructions["sl"][:60] not in text
    f.close()
