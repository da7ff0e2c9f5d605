"""Phones and the wall in the method's last steps: statements taken up as propositions, commitments that serve a
proposition, and the follow-up meeting on the last page."""

from __future__ import annotations

from fastapi.testclient import TestClient
from tests.web.conftest import Phone, main_text

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model.enums import Phase


def test_a_statement_taken_up_as_a_proposition_can_no_longer_change_on_the_phone(
    phone: Phone, session: Facilitation
) -> None:
    pid = phone.join(sector="company")
    session.go_to_phase(Phase.DESIGN)
    assert phone.submit("/contribute", {"text": "Every empty hall is a workspace"}).status_code == 303
    (c,) = [c for c in session.state.contributions.values() if c.participant_id == pid]
    page = phone.get().text
    assert f"/c/{c.id}/withdraw" in page and "taken this up" not in page
    session.take_up(c.id)
    page = phone.get().text
    assert "The facilitator has taken this up as a proposition." in main_text(page)
    assert f"/c/{c.id}" not in page, "no edit or withdraw link for the group's proposition"
    refused = phone.get(f"/c/{c.id}")
    assert "so it can no longer change here" in main_text(refused.text)
    before = session.store.last_seq()
    r = phone.client.post(f"{phone.home}/c/{c.id}/withdraw", data=phone.hidden(page, "/contribute"))
    assert r.status_code == 409 and "so it can no longer change here" in main_text(r.text)
    assert session.store.last_seq() == before
    assert not session.state.contributions[c.id].hidden


def test_a_commitment_from_a_phone_serves_a_proposition_chosen_from_the_list(
    phone: Phone, session: Facilitation
) -> None:
    phone.join(sector="school", name="Ana", consent="yes")
    session.go_to_phase(Phase.DESIGN)
    shown = session.add_proposition("Every school has a maker partner around the corner.")
    hidden = session.add_proposition("A proposition the facilitator hid")
    session.hide_proposition(hidden.id)
    session.go_to_phase(Phase.DESTINY)
    page = phone.get().text
    assert f'<option value="{shown.id}">' in page and hidden.id not in page
    r = phone.submit("/commit", {"what": "Invite a maker to my class", "proposition": shown.id})
    assert r.status_code == 303
    (k,) = session.state.commitments.values()
    assert (k.proposition_id, k.who) == (shown.id, "Ana")
    assert "For: Every school has a maker partner" in main_text(phone.get().text)
    before = session.store.last_seq()
    for forged in (hidden.id, "pr-000000000000", "x" * 5000, "<script>"):
        r = phone.submit("/commit", {"what": "Another", "proposition": forged})
        assert r.status_code in (400, 404, 409), forged
        assert 'value="Another"' in r.text or ">Another</textarea>" in r.text, "the text stays in the form"
    assert session.store.last_seq() == before


def test_the_follow_up_is_on_the_phones_last_page_and_the_wall_from_destiny_on(
    phone: Phone, session: Facilitation, client: TestClient
) -> None:
    phone.join(sector="citizen")
    wall = f"/f/{session.state.info.facilitator_token}"
    session.go_to_phase(Phase.DESIGN)
    session.set_follow_up("2027-02-15", "Kulturcafé Jesenice <main hall>")
    assert "We meet again" not in main_text(phone.get().text), "not before Destiny"
    session.go_to_phase(Phase.DESTINY)
    for page in (phone.get().text, client.get(wall).text):
        text = main_text(page)
        assert "We meet again" in text and "Monday, 15 February 2027" in text
        assert "Kulturcafé Jesenice <main hall>" in text and "<main hall>" not in page
    session.end()
    slovene = main_text(phone.get("/lang/sl", follow_redirects=True).text)
    assert "Ponovno se srečamo" in slovene and "ponedeljek, 15. februar 2027" in slovene
    assert "Kulturcafé Jesenice" in main_text(client.get(wall).text)
