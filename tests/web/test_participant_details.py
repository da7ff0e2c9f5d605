"""After joining: a participant fixes their details (/me), and withdraws their own commitment in Destiny.

Asserts on what the phone shows and on what landed in the session; the service rule for withdrawing a
commitment (own only, Destiny only, not on the facilitator's undo) is tested here too.
"""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import Phone, main_text

from ai_toolkit.errors import NotFound, Refused
from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model.enums import Sector, Source
from ai_toolkit.reports.minutes_context import minutes_context

INTERVIEWS, COMMITMENTS = 1, 6


def _checked(html: str, input_id: str) -> bool:
    tag = re.search(rf'<input [^>]*id="{input_id}"[^>]*>', html)
    assert tag is not None, f"no input {input_id!r}"
    return " checked" in tag.group(0)


# -- my details --------------------------------------------------------------------------------------------
def test_the_footer_links_to_my_details_filled_with_what_i_gave(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    phone.join(sector="school", name="Maja Kovač", organisation="OŠ Kranj")
    html = phone.get().text
    assert f'<a href="{phone.home}/me">' in html
    assert "You: Maja Kovač · School or education (change)" in main_text(html)
    r = phone.get("/me")
    assert r.status_code == 200
    assert 'value="Maja Kovač"' in r.text and 'value="OŠ Kranj"' in r.text
    assert _checked(r.text, "sector-school") and not _checked(r.text, "sector-creative")
    assert not _checked(r.text, "consent")
    assert "Your details" in main_text(r.text)


def test_changing_my_details_updates_the_session_and_the_page(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    pid = phone.join(sector="other", name="Maja")
    fields = {"sector": "administration", "name": "Maja Kovač", "organisation": "Mestna občina Kranj"}
    r = phone.submit("/me", fields, page="/me")
    assert r.status_code == 303 and r.headers["location"] == f"{phone.home}?ok=details#notice"
    p = session.state.participants[pid]
    assert (p.sector, p.name, p.organisation, p.consent_named) == (
        Sector.ADMINISTRATION,
        "Maja Kovač",
        "Mestna občina Kranj",
        False,
    )
    text = main_text(phone.get("?ok=details").text)
    assert "Your details are saved." in text and "You: Maja Kovač · Public administration" in text
    again = phone.get("/me").text
    assert _checked(again, "sector-administration") and 'value="Mestna občina Kranj"' in again


def test_consent_given_later_names_me_in_the_minutes_and_can_be_taken_back(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    pid = phone.join(sector="creative", name="Zoë Ångström")
    assert phone.submit("/contribute", {"text": "The night we lit the old mill."}).status_code == 303
    assert "Zoë Ångström" not in repr(minutes_context(session.state, "en"))

    fields = {"sector": "creative", "name": "Zoë Ångström", "consent": "yes"}
    assert phone.submit("/me", fields, page="/me").status_code == 303
    assert session.state.participants[pid].consent_named
    assert "Zoë Ångström" in repr(minutes_context(session.state, "en"))
    assert _checked(phone.get("/me").text, "consent")

    # Unticking posts no "consent" field at all: that is a no.
    assert phone.submit("/me", {"sector": "creative", "name": "Zoë Ångström"}, page="/me").status_code == 303
    assert not session.state.participants[pid].consent_named
    assert "Zoë Ångström" not in repr(minutes_context(session.state, "en"))


def test_hostile_and_huge_details_are_refused_or_kept_as_text(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    pid = phone.join(sector="citizen", name="Ana")
    huge = "ž" * 10_000
    r = phone.submit("/me", {"sector": "company", "name": huge}, page="/me")
    assert r.status_code == 400
    assert "The text is too long: at most 200 characters." in main_text(r.text)
    p = session.state.participants[pid]
    assert (p.name, p.sector) == ("Ana", Sector.CITIZEN)  # nothing stored
    assert 'value="' + huge + '"' in r.text  # what they typed is still in the box

    r = phone.submit("/me", {"sector": "nonsense", "name": "Ana"}, page="/me")
    assert r.status_code == 400 and "Please choose the group you belong to." in main_text(r.text)
    assert session.state.participants[pid].sector == Sector.CITIZEN

    script = "<script>alert(1)</script> [bold]x[/bold]"
    assert phone.submit("/me", {"sector": "citizen", "name": script}, page="/me").status_code == 303
    assert session.state.participants[pid].name == script
    for html in (phone.get().text, phone.get("/me").text):
        assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_my_details_form_is_guarded_like_every_other(phone: Phone, app, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    pid = phone.join(sector="citizen", name="Ana")
    hidden = phone.hidden(phone.get("/me").text, "/me")
    forged = {**hidden, "csrf": "0" * 32, "sector": "company", "name": "Mallory"}
    r = phone.client.post(phone.home + "/me", data=forged)
    assert r.status_code == 403 and "This form is out of date." in main_text(r.text)
    r = phone.client.post(phone.home + "/me", data={**hidden, "name": "Mallory"}, headers={"origin": "http://evil"})
    assert r.status_code == 403
    assert session.state.participants[pid].name == "Ana"

    with TestClient(app) as stranger:  # no cookie: the join form, not someone's details
        r = stranger.get(phone.home + "/me", follow_redirects=False)
        assert r.status_code == 303 and r.headers["location"] == phone.home
        assert "Take part from your phone" in main_text(stranger.get(phone.home + "/me").text)
        r = stranger.post(phone.home + "/me", data={**hidden, "name": "Mallory"})
        assert r.status_code == 403
    assert session.state.participants[pid].name == "Ana"


def test_a_visitor_who_has_not_joined_is_sent_to_join(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    join_page = phone.get().text  # a cookie, but no participant yet
    hidden = phone.hidden(join_page, "/join")
    r = phone.client.post(phone.home + "/me", data={**hidden, "sector": "company"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == phone.home
    assert session.state.participants == {}


def test_my_details_page_speaks_my_language(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    phone.join(sector="company")
    phone.get("/lang/sl")
    text = main_text(phone.get("/me").text)
    assert "Vaši podatki" in text and "Shranite podatke" in text


# -- withdrawing my commitment -----------------------------------------------------------------------------
def _commit(phone: Phone, what: str) -> str:
    before = set(phone.f.state.commitments)
    assert phone.submit("/commit", {"what": what}, multipart=True).status_code == 303
    (kid,) = set(phone.f.state.commitments) - before
    return kid


def test_withdrawing_my_commitment_with_a_confirm_step(phone: Phone, session: Facilitation) -> None:
    session.go_to(COMMITMENTS)
    phone.join(sector="company")
    keep = _commit(phone, "Open our workshop to two school classes")
    drop = _commit(phone, "Host a maker night in March")
    html = phone.get().text
    assert f'href="{phone.home}/k/{drop}/withdraw"' in html and f'href="{phone.home}/k/{keep}/withdraw"' in html

    confirm = phone.get(f"/k/{drop}/withdraw")
    text = main_text(confirm.text)
    assert "Withdraw this commitment?" in text and "Host a maker night in March" in text
    r = phone.submit(f"/k/{drop}/withdraw", page=f"/k/{drop}/withdraw")
    assert r.status_code == 303 and r.headers["location"] == f"{phone.home}?ok=commitment_withdrawn#notice"
    assert session.state.commitments[drop].hidden and not session.state.commitments[keep].hidden
    text = main_text(phone.get("?ok=commitment_withdrawn").text)
    assert "Your commitment is withdrawn." in text
    assert "Host a maker night" not in text and "Open our workshop to two school classes" in text
    assert session.can_undo is None  # a participant's withdrawal is not the facilitator's to undo


def test_someone_elses_commitment_is_404(phone: Phone, other_phone: Phone, session: Facilitation) -> None:
    session.go_to(COMMITMENTS)
    phone.join()
    other_phone.join()
    theirs = _commit(other_phone, "Theirs")
    facilitators = session.add_commitment("The city will map empty shops").id
    for kid in (theirs, facilitators, "k-000000000000", "../me"):
        assert phone.get(f"/k/{kid}/withdraw").status_code == 404
    mine = _commit(phone, "Mine")
    hidden = phone.hidden(phone.get(f"/k/{mine}/withdraw").text, f"/k/{mine}/withdraw")
    for kid in (theirs, facilitators):
        r = phone.client.post(f"{phone.home}/k/{kid}/withdraw", data=hidden)
        assert r.status_code == 404
    assert not any(k.hidden for k in session.state.commitments.values())


def test_withdrawing_a_commitment_after_destiny_shows_the_closed_message(phone: Phone, session: Facilitation) -> None:
    session.go_to(COMMITMENTS)
    phone.join()
    kid = _commit(phone, "Write the follow-up letter")
    hidden = phone.hidden(phone.get(f"/k/{kid}/withdraw").text, f"/k/{kid}/withdraw")
    session.end()
    r = phone.client.post(f"{phone.home}/k/{kid}/withdraw", data=hidden)
    assert r.status_code == 409 and "This step is closed now" in main_text(r.text)
    r = phone.get(f"/k/{kid}/withdraw")
    assert r.status_code == 409 and "This step is closed now" in main_text(r.text)
    assert not session.state.commitments[kid].hidden


def test_a_retried_withdrawal_is_done_not_an_error(phone: Phone, session: Facilitation) -> None:
    session.go_to(COMMITMENTS)
    phone.join()
    kid = _commit(phone, "Call the chamber of commerce")
    hidden = phone.hidden(phone.get(f"/k/{kid}/withdraw").text, f"/k/{kid}/withdraw")
    for _ in range(2):
        r = phone.client.post(f"{phone.home}/k/{kid}/withdraw", data=hidden, follow_redirects=False)
        assert r.status_code == 303
    assert session.state.commitments[kid].hidden


# -- the service's rule ------------------------------------------------------------------------------------
def test_service_a_participant_hides_only_their_own_commitment_and_only_in_destiny(session: Facilitation) -> None:
    session.go_to(COMMITMENTS)
    a = session.join(name="A", sector="company").id
    b = session.join(name="B", sector="school").id
    theirs = session.add_commitment("B's plan", source=Source.PARTICIPANT, participant_id=b)
    mine = session.add_commitment("A's plan", source=Source.PARTICIPANT, participant_id=a)
    with pytest.raises(NotFound) as nf:
        session.hide_commitment(theirs.id, by_participant=a)
    assert nf.value.code == "unknown_commitment"
    assert session.hide_commitment(mine.id, by_participant=a).hidden
    assert session.can_undo is None
    with pytest.raises(Refused) as again:
        session.hide_commitment(mine.id, by_participant=a)
    assert again.value.code == "withdrawn"

    later = session.add_commitment("A's second plan", source=Source.PARTICIPANT, participant_id=a)
    session.go_to(INTERVIEWS)
    with pytest.raises(Refused) as closed:
        session.hide_commitment(later.id, by_participant=a)
    assert closed.value.code == "activity_closed" and not session.state.commitments[later.id].hidden

    # The facilitator still hides anything, in any phase, and can undo it.
    assert session.hide_commitment(theirs.id).hidden
    assert session.can_undo is not None
    session.undo()
    assert not session.state.commitments[theirs.id].hidden
