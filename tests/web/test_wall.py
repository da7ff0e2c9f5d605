"""The room's screen, its front door and the phones' view of a vote, through TestClient: what the room reads.

The browser's side (the screen swapped in by push, sizes, axe) is in ``test_wall_browser.py``.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from tests.cli.runner import cli, ok
from tests.web.conftest import Phone, main_text

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.facilitation.decisions.joining import join_code
from ai_toolkit.model.enums import Source
from ai_toolkit.web.deps import WRONG_CODES_PER_MINUTE
from ai_toolkit.web.poster import poster_text

WELCOME, INTERVIEWS, STRENGTHS, DREAMS, PROPOSITIONS, VOTE, COMMITMENTS = range(7)


def wall(client: TestClient, f: Facilitation, path: str = "") -> httpx.Response:
    return client.get(f"/f/{f.state.info.facilitator_token}{path}")


def screen_of(html: str) -> str:
    found = re.search(r'class="screen screen-([a-z]+)"', html)
    assert found is not None
    return found.group(1)


# -- the wall ------------------------------------------------------------------------------------------------
def test_the_wall_says_how_to_join_without_the_token(client: TestClient, session: Facilitation, phone: Phone) -> None:
    phone.join(sector="school")
    r = wall(client, session)
    assert r.status_code == 200 and screen_of(r.text) == "welcome"
    text = main_text(r.text)
    info = session.state.info
    assert "http://testserver" in text and join_code(info) in text
    assert info.join_token not in r.text and info.facilitator_token not in text
    assert "1 joined" in text and "School or education 1" in text
    assert 'src="/f/' in r.text and "/qr.svg" in r.text  # the QR code carries the token, the words do not
    qr = wall(client, session, "/qr.svg")
    assert qr.status_code == 200 and qr.headers["cache-control"] == "private, max-age=3600"
    assert r.headers["cache-control"] == "no-store"


def test_a_wrong_facilitator_token_is_a_plain_404(client: TestClient, session: Facilitation) -> None:
    for path in ("", "/screen", "/events", "/state.json", "/qr.svg"):
        assert client.get(f"/f/{session.state.info.join_token}{path}").status_code == 404
        assert client.get(f"/f/x{path}").status_code == 404


def test_cards_are_escaped_newest_first_and_named_only_with_consent(
    client: TestClient, session: Facilitation, phone: Phone, other_phone: Phone
) -> None:
    session.go_to(INTERVIEWS)
    named = phone.join(name="Maja Novak", consent="yes", sector="creative")
    unnamed = other_phone.join(name="Janez Secret", sector="company")
    hostile = "<script>alert(1)</script><img src=x onerror=alert(2)> 🎨 مرحبا " + "x" * 1900
    session.add_contribution(hostile, source=Source.PARTICIPANT, participant_id=unnamed)
    session.add_contribution("Our foundry opened its hall", source=Source.PARTICIPANT, participant_id=named)
    r = wall(client, session)
    assert screen_of(r.text) == "cards"
    assert "<script>alert(1)" not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
    assert "<img src=x" not in r.text
    cards = re.findall(
        r'<li class="card"><p class="text" dir="auto">(.*?)</p><p class="by" dir="auto">(.*?)</p>', r.text
    )
    assert [by for _, by in cards] == ["Maja Novak · Creative community", "Company or industry"]
    assert "Janez Secret" not in r.text
    assert "Tell a story of a high point." in main_text(r.text)


def test_a_partners_story_on_the_wall_is_the_storytellers_sector_never_the_senders_name(
    client: TestClient, session: Facilitation, phone: Phone
) -> None:
    session.go_to(INTERVIEWS)
    sender = phone.join(name="Maja Novak", consent="yes", sector="creative")
    session.add_contribution(
        "He rebuilt the kiln with us",
        source=Source.PARTICIPANT,
        participant_id=sender,
        told_by="partner",
        sector="school",
    )
    r = wall(client, session)
    cards = re.findall(r'<p class="by" dir="auto">(.*?)</p>', r.text)
    assert cards == ["School or education"]
    assert "Maja Novak" not in r.text


def test_cards_are_grouped_under_their_themes_once_there_are_themes(client: TestClient, session: Facilitation) -> None:
    session.go_to(STRENGTHS)
    a = session.add_contribution("Open factory days")
    session.add_contribution("Not themed yet")
    theme = session.create_theme("Open doors")
    session.assign(a.id, theme.id)
    html = wall(client, session).text
    groups = re.findall(r'<span class="name" dir="auto">([^<]*)</span> <span class="size">(\d+)</span>', html)
    assert groups == [("Open doors", "1")]
    assert "Not in a theme yet" in html and "Not themed yet" in html


def test_the_screen_fragment_and_the_version_follow_the_session(client: TestClient, session: Facilitation) -> None:
    before = wall(client, session, "/state.json").json()["v"]
    session.go_to(INTERVIEWS)
    fragment = wall(client, session, "/screen")
    assert fragment.status_code == 200 and fragment.text.lstrip().startswith("{#") is False
    assert screen_of(fragment.text) == "cards" and "<html" not in fragment.text
    version = re.search(r'data-version="(\d+)"', fragment.text)
    assert version is not None and version.group(1) == wall(client, session, "/state.json").json()["v"] != before


def test_the_countdown_is_the_activitys_time_as_the_log_says(client: TestClient, session: Facilitation, clock) -> None:
    session.go_to(INTERVIEWS)  # 20 minutes
    clock.advance(minutes=18, seconds=30)
    html = wall(client, session).text
    timer = re.search(r'<p class="timer warn" role="timer" data-ends="(\d+)"[^>]*>([^<]*)</p>', html)
    assert timer is not None and timer.group(2) == "1:30 left"
    clock.advance(minutes=3)
    assert re.search(r'<p class="timer over"[^>]*>\+1:30 over</p>', wall(client, session).text)


def test_moderation_holds_a_phones_card_until_it_is_let_through(
    client: TestClient, session: Facilitation, phone: Phone
) -> None:
    session.go_to(INTERVIEWS)
    phone.join()
    session.moderate(True)
    assert phone.submit("/contribute", {"text": "Waiting for the facilitator"}).status_code == 303
    (held,) = [c for c in session.state.contributions.values() if c.text == "Waiting for the facilitator"]
    assert "Waiting for the facilitator" not in wall(client, session).text
    assert "Waiting for the facilitator" in main_text(phone.get().text)  # its author sees it as sent
    session.let_through([held.id])
    assert "Waiting for the facilitator" in wall(client, session).text
    session.take_off_wall([held.id])
    assert "Waiting for the facilitator" not in wall(client, session).text
    assert not session.state.contributions[held.id].hidden  # still in the record, and in the minutes


# -- the vote: hidden until it closes ----------------------------------------------------------------------------
def _vote_with_ballots(session: Facilitation, phone: Phone, other_phone: Phone, *, show_live: bool = False):
    session.go_to(VOTE)
    vote = session.open_vote([("Workshop", None), ("Help desk <for> artists", None)], show_live=show_live)
    phone.join()
    other_phone.join()
    phone.submit("/vote", {"d_o2": "3", "send": "1"})
    other_phone.submit("/vote", {"d_o2": "1", "d_o1": "1", "send": "1"})
    return vote


def test_a_vote_shows_the_room_how_many_voted_but_not_how_until_it_closes(
    client: TestClient, session: Facilitation, phone: Phone, other_phone: Phone
) -> None:
    _vote_with_ballots(session, phone, other_phone)
    html = wall(client, session).text
    text = main_text(html)
    assert screen_of(html) == "vote" and "2 of 2 have voted" in text
    assert "<progress" not in html and "The dots are shown when the vote closes." in text
    assert text.index("Workshop") < text.index("Help desk <for> artists")  # as offered, not ranked
    assert "<progress" not in phone.get().text  # a phone voting sees no tally either
    session.close_vote()
    html = wall(client, session).text
    ranking = re.findall(
        r'<span class="rank">(\d)\.</span> ([^<]*)</span>\s*<span class="bar-row"><progress max="4" value="(\d)"', html
    )
    assert ranking == [("1", "Help desk &lt;for&gt; artists", "4"), ("2", "Workshop", "1")]
    # The phone shows the result, not "the vote has not opened yet".
    page = phone.get().text
    assert "The vote is closed." in main_text(page) and "has not opened yet" not in page
    assert re.findall(r'<progress max="4" value="(\d)"', page) == ["4", "1"]


def test_a_vote_opened_to_be_shown_live_fills_the_bars_as_dots_arrive(
    client: TestClient, session: Facilitation, phone: Phone, other_phone: Phone
) -> None:
    _vote_with_ballots(session, phone, other_phone, show_live=True)
    html = wall(client, session).text
    assert re.findall(r'<progress max="4" value="(\d)"', html) == ["4", "1"]
    assert "The vote is closed." not in html


# -- phones without JavaScript ------------------------------------------------------------------------------------
def test_waiting_pages_reload_themselves_without_javascript_and_forms_never(
    phone: Phone, session: Facilitation
) -> None:
    refresh = f'<noscript><meta http-equiv="refresh" content="5; url={phone.home}"></noscript>'
    phone.join()
    before = phone.get().text
    assert refresh in before and "This page reloads itself every few seconds." in before
    session.go_to(WELCOME)  # listen
    assert refresh in phone.get().text
    session.go_to(INTERVIEWS)  # a form to type in: never reloads under the person's fingers
    assert 'http-equiv="refresh"' not in phone.get().text
    session.go_to(VOTE)  # waiting for the vote
    assert refresh in phone.get().text
    session.open_vote([("A", None)])
    assert 'http-equiv="refresh"' not in phone.get().text


# -- the front door: the short code --------------------------------------------------------------------------------
def test_the_code_leads_to_the_join_page_typed_in_any_case_with_spaces(
    client: TestClient, session: Facilitation
) -> None:
    page = client.get("/", headers={"accept-language": "sl"})
    assert page.status_code == 200 and '<html lang="sl">' in page.text and 'name="code"' in page.text
    assert session.state.info.title not in page.text  # the door says nothing about the session
    code = join_code(session.state.info)
    r = client.post("/", data={"code": f"  {code[:3].lower()} {code[3:].lower()} "}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == f"/j/{session.state.info.join_token}"


@pytest.mark.parametrize("typed", ["", "ABC", "0O1I00", "x" * 5000, "<script>", "č🎨"])
def test_a_wrong_code_says_so_and_keeps_what_was_typed(client: TestClient, typed: str) -> None:
    r = client.post("/", data={"code": typed}, headers={"accept-language": "de"})
    assert r.status_code == 400
    text = main_text(r.text)
    assert "Das ist nicht der Code dieser Veranstaltung." in text
    assert "<script>" not in r.text.split("<main", 1)[1]
    assert len(r.text) < 20_000  # a huge paste is not sent back


def test_walking_the_codes_is_stopped_per_address_and_learns_nothing(app, session: Facilitation) -> None:
    code = join_code(session.state.info)
    with TestClient(app, client=("10.0.0.66", 5000)) as walker, TestClient(app, client=("10.0.0.7", 5000)) as guest:
        for i in range(WRONG_CODES_PER_MINUTE):
            assert walker.post("/", data={"code": f"ZZZZ{i:02d}"}).status_code == 400
        assert walker.post("/", data={"code": "ZZZZZZ"}).status_code == 429
        stopped = walker.post("/", data={"code": code}, follow_redirects=False)
        assert stopped.status_code == 429 and "location" not in stopped.headers  # even the right code: nothing learned
        assert "Too many wrong codes" in main_text(stopped.text)
        assert guest.post("/", data={"code": code}, follow_redirects=False).status_code == 303  # others come in


# -- the poster ----------------------------------------------------------------------------------------------------
def test_the_poster_says_scan_or_type_the_code_and_never_prints_the_token(session: Facilitation) -> None:
    url = f"http://192.168.1.20:8000/j/{session.state.info.join_token}"
    words = poster_text(session.state, url, wifi="KulturCafe Gost")
    printed = "\n".join(words.all())
    assert session.state.info.join_token not in printed
    assert words.address == "http://192.168.1.20:8000" and words.code == join_code(session.state.info)
    assert words.steps[0] == "1. Connect your phone to the Wi-Fi “KulturCafe Gost”."
    assert "type the code" in words.steps[1]
    assert poster_text(session.state, url).steps[0] == "1. Connect your phone to the Wi-Fi in this room."


def test_the_poster_command_takes_the_wifi_and_says_what_host_means(tmp_path: Path, session: Facilitation) -> None:
    sid, root, out = session.state.info.id, session.folder.parent, tmp_path / "poster.png"
    told = ok(cli("poster", sid, "-o", out, "--wifi", "Room", "--host", "192.168.1.20", home=tmp_path, root=root))
    assert f"http://192.168.1.20:8000, code {join_code(session.state.info)}" in told.out and out.is_file()
    assert "the network it is on now" not in told.err
    guessed = ok(cli("poster", sid, "-o", out, home=tmp_path, root=root))
    assert "this laptop's address on the network it is on now" in guessed.err
    helped = " ".join(ok(cli("poster", "--help", home=tmp_path)).out.split())
    assert "--wifi NAME" in helped and "wrong for a poster printed at the office" in helped


def test_moderation_from_the_shell(tmp_path: Path, session: Facilitation) -> None:
    sid, root = session.state.info.id, session.folder.parent
    assert ok(cli("moderate", sid, "--on", home=tmp_path, root=root)).out.startswith("Moderation: on; waiting")
    session.refresh()
    session.go_to(INTERVIEWS)
    pid = session.join().id
    held = session.add_contribution("Held \x1b[31m in red", source=Source.PARTICIPANT, participant_id=pid)
    listed = ok(cli("moderate", sid, home=tmp_path, root=root)).out
    assert "waiting for the wall: 1" in listed and f"{held.id}  {held.text}" in listed and "\x1b" not in listed
    assert ok(cli("let-through", sid, home=tmp_path, root=root)).out.strip() == "Let through to the wall: 1"
    assert ok(cli("take-off", sid, held.id, home=tmp_path, root=root)).out.strip() == "Taken off the wall: 1"
    unknown = cli("take-off", sid, "c-000000000000", home=tmp_path, root=root)
    assert unknown.code == 2 and unknown.err.strip() == "ai-toolkit: no contribution 'c-000000000000'"
    session.refresh()
    assert session.state.contributions[held.id].on_wall == "off" and not session.state.contributions[held.id].hidden
