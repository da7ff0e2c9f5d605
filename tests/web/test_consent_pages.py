"""The phone's side of consent: two consents in plain words, a privacy page in the participant's language,
whose story it is, and every one of one's own items withdrawable at any time (``/mine``)."""

from __future__ import annotations

import re

import pytest
from tests.web.conftest import Phone, main_text

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.i18n import LANGUAGES, fmt_date
from ai_toolkit.model.enums import Sector, Teller

INTERVIEWS, POSITIVE_CORE, DREAMS, COMMITMENTS = 1, 2, 3, 6


def _checkbox(html: str, input_id: str) -> str:
    tag = re.search(rf'<input [^>]*id="{input_id}"[^>]*>', html)
    assert tag is not None, f"no input {input_id!r}"
    return tag.group(0)


# -- two consents, both unticked ---------------------------------------------------------------------------
def test_the_join_page_asks_two_consents_unticked_and_links_the_privacy_page(phone: Phone) -> None:
    html = phone.get().text
    for box in ("consent", "consent_org"):
        assert 'type="checkbox"' in _checkbox(html, box) and " checked" not in _checkbox(html, box)
    text = main_text(html)
    assert "You may name me in the minutes" in text and "You may list my organisation in the minutes" in text
    assert "even if your name is not shown" in text
    assert f'href="{phone.home}/privacy"' in html and "How your data are used" in text


def test_consents_are_kept_apart_and_changed_on_me(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    pid = phone.join(name="Jan", organisation="Občina Kranj", sector="administration", consent_org="yes")
    p = session.state.participants[pid]
    assert (p.consent_named, p.consent_organisation) == (False, True)
    me = phone.get("/me").text
    assert " checked" in _checkbox(me, "consent_org") and " checked" not in _checkbox(me, "consent")
    r = phone.submit("/me", {"name": "Jan", "organisation": "Občina Kranj", "sector": "administration",
                             "consent": "yes"}, page="/me")  # fmt: skip
    assert r.status_code == 303
    p = session.state.participants[pid]
    assert (p.consent_named, p.consent_organisation) == (True, False)


# -- the privacy page -----------------------------------------------------------------------------------------
def test_the_privacy_page_says_who_why_how_long_and_whom_to_ask(phone: Phone, session: Facilitation) -> None:
    session.update_details(controller="BSC Kranj", contact="privacy@bsc-kranj.si", keep_until="2027-12-31")
    r = phone.get("/privacy")  # before joining: people read it before they decide
    assert r.status_code == 200
    text = main_text(r.text)
    for words in [
        "Your data in this session",
        "in the InduCCI project",
        "The basis is your consent",
        "BSC Kranj is responsible for the data",
        "Until 31 Dec 2027",
        "You can withdraw anything you have sent, at any time",
        "privacy@bsc-kranj.si",
        "complain to your country's data protection authority",
    ]:
        assert words in text, words
    assert 'href="mailto:privacy@bsc-kranj.si"' in r.text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_privacy_page_speaks_the_participants_language(phone: Phone, session: Facilitation, lang: str) -> None:
    phone.get(f"/lang/{lang}")
    html = phone.get("/privacy").text
    assert f'<html lang="{lang}">' in html
    assert "web.privacy" not in html  # no raw key on any line
    kept = session.state.info.keep_until
    assert kept is not None and fmt_date(kept, lang, "medium") in main_text(html)


def test_a_contact_that_is_not_an_address_is_shown_as_text_not_a_link(phone: Phone, session: Facilitation) -> None:
    session.update_details(contact="javascript:alert(1) <b>x</b>")
    html = phone.get("/privacy").text
    assert "mailto:" not in html and "javascript:alert" not in re.findall(r'href="([^"]*)"', html).__str__()
    assert "&lt;b&gt;x&lt;/b&gt;" in html


# -- whose story -------------------------------------------------------------------------------------------
def test_a_stories_activity_asks_whose_story_and_files_a_partners_under_their_sector(
    phone: Phone, session: Facilitation
) -> None:
    session.go_to(INTERVIEWS)
    pid = phone.join(sector="creative", name="Maja", consent="yes")
    html = phone.get().text
    assert "Whose story is this?" in main_text(html) and 'name="told_by"' in html
    r = phone.submit("/contribute", {"text": "Their robotics club built props", "told_by": "partner"})
    assert r.status_code == 400 and "choose your partner's group" in main_text(r.text)
    assert "Their robotics club built props" in r.text  # nothing lost
    assert not session.state.contributions
    r = phone.submit(
        "/contribute", {"text": "Their robotics club built props", "told_by": "partner", "teller_sector": "school"}
    )
    assert r.status_code == 303
    (c,) = session.state.contributions.values()
    assert (c.told_by, c.sector, c.participant_id) == (Teller.PARTNER, Sector.SCHOOL, pid)
    assert "Your partner's story (School or education)" in main_text(phone.get().text)
    r = phone.submit("/contribute", {"text": "My own", "told_by": "own", "teller_sector": "school"})
    own = [x for x in session.state.contributions.values() if x.text == "My own"][0]
    assert (own.told_by, own.sector) == (Teller.OWN, Sector.CREATIVE)


def test_other_activities_do_not_ask_whose_story(phone: Phone, session: Facilitation) -> None:
    session.go_to(DREAMS)
    phone.join()
    assert 'name="told_by"' not in phone.get().text


# -- everything I sent, withdrawable at any time ------------------------------------------------------------
def test_mine_lists_my_items_and_withdraws_after_the_step_closed(
    phone: Phone, other_phone: Phone, session: Facilitation
) -> None:
    session.go_to(INTERVIEWS)
    phone.join()
    other_phone.join()
    phone.submit("/contribute", {"text": "Story to withdraw later", "told_by": "own"})
    other_phone.submit("/contribute", {"text": "Someone else's story", "told_by": "own"})
    (mine,) = [c for c in session.state.contributions.values() if c.text == "Story to withdraw later"]
    (theirs,) = [c for c in session.state.contributions.values() if c.text == "Someone else's story"]
    session.go_to(DREAMS)
    home = phone.get().text
    assert f'href="{phone.home}/mine"' in home
    page = phone.get("/mine")
    assert "Story to withdraw later" in main_text(page.text) and "Someone else's story" not in page.text
    assert f"/c/{mine.id}/withdraw" in page.text and f'href="{phone.home}/c/{mine.id}"' not in page.text  # closed
    assert phone.get(f"/c/{theirs.id}/withdraw").status_code == 404
    confirm = main_text(phone.get(f"/c/{mine.id}/withdraw").text)
    assert "deleted from this session" in confirm and "cannot be undone" in confirm
    r = phone.submit(f"/c/{mine.id}/withdraw", page=f"/c/{mine.id}/withdraw")
    assert r.status_code == 303
    assert session.state.contributions[mine.id].withdrawn and session.state.contributions[mine.id].text == ""
    assert "Story to withdraw later" not in phone.get("/mine").text
    hidden = phone.hidden(phone.get(f"/c/{mine.id}/withdraw").text, "/contribute")  # refused: shows the step
    r = phone.client.post(f"{phone.home}/c/{theirs.id}/withdraw", data=hidden)
    assert r.status_code == 404 and not session.state.contributions[theirs.id].withdrawn


def test_a_contribution_the_facilitator_hid_is_still_mine_to_withdraw(phone: Phone, session: Facilitation) -> None:
    session.go_to(POSITIVE_CORE)
    phone.join()
    phone.submit("/contribute", {"text": "Hidden by the facilitator"})
    (c,) = session.state.contributions.values()
    session.hide_contribution(c.id)
    assert "the facilitator has hidden it" in main_text(phone.get().text)
    r = phone.submit(f"/c/{c.id}/withdraw", page=f"/c/{c.id}/withdraw")
    assert r.status_code == 303 and session.state.contributions[c.id].withdrawn
