"""A CINEMA session's phones offer the plan's own sectors, in the phone's language, and count who chose them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import Phone, main_text

from ai_toolkit.facilitation import Facilitation, create_session
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.web.app import create_app


@pytest.fixture
def cinema(sessions: SessionsDir, toolbox, clock) -> Iterator[Facilitation]:
    f = create_session(sessions, toolbox.get("cinema-city-centre"), title="Kamnik", language="cs", clock=clock)
    yield f
    f.close()


@pytest.fixture
def cinema_phone(cinema: Facilitation) -> Iterator[Phone]:
    token = cinema.state.info.join_token
    with TestClient(create_app(cinema, join_url=lambda: f"http://testserver/j/{token}")) as client:
        yield Phone(client, cinema)


def test_the_join_form_offers_the_plans_sectors_with_their_hints_in_the_phones_language(cinema_phone: Phone) -> None:
    text = main_text(cinema_phone.get(headers={"accept-language": "cs"}).text)
    for label in ("Maloobchod a obchody", "majitelé obchodů, kavárny", "Majitelé nemovitostí", "Podpora podnikání"):
        assert label in text
    # Between the common sectors and "other", as the plan orders them.
    assert text.index("Občanka nebo občan") < text.index("Maloobchod") < text.index("Podpora podnikání")
    assert text.index("Podpora podnikání") < text.index("Jiné")


def test_a_shopkeeper_joins_as_retail_and_the_page_names_the_sector(cinema_phone: Phone, cinema: Facilitation) -> None:
    pid = cinema_phone.join(sector="retail", name="Jana")
    assert cinema.state.participants[pid].sector == "retail"
    assert cinema.state.sector_counts() == {"retail": 1}
    page = main_text(cinema_phone.get(headers={"accept-language": "pl"}).text)
    assert "Jana · Handel i sklepy" in page
    mine = main_text(cinema_phone.get("/me").text)
    assert "Maloobchod a obchody" in mine  # the session's language without a header
    r = cinema_phone.submit("/me", {"sector": "property_owners", "name": "Jana"}, page="/me")
    assert r.status_code == 303 and cinema.state.participants[pid].sector == "property_owners"


def test_a_plan_sector_posted_to_a_session_without_it_asks_again_and_joins_nobody(
    phone: Phone, session: Facilitation
) -> None:
    r = phone.submit("/join", {"sector": "retail", "name": "Jana"})
    assert r.status_code == 400 and not session.state.participants
    assert 'value="Jana"' in r.text and "retail" not in main_text(r.text).split("Jana")[0].lower()
