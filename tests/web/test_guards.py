"""The guard rails: wrong tokens, forged posts, oversized bodies, hammering, headers, outside resources, labels."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import Phone, main_text

import ai_toolkit
from ai_toolkit.errors import Code
from ai_toolkit.facilitation import Facilitation
from ai_toolkit.i18n import LANGUAGES
from ai_toolkit.web.app import (
    DEFAULT_JOINS_PER_ADDRESS,
    DEFAULT_POSTS_PER_ADDRESS,
    JOINS_PER_HOUR_FACTOR,
    MAX_BODY,
    POSTS_PER_HOUR,
    create_app,
)
from ai_toolkit.web.guard import Budget

INTERVIEWS = 1
SRC = Path(ai_toolkit.__file__).parent
WEB = SRC / "web"


# -- tokens ------------------------------------------------------------------------------------------------
def test_wrong_or_missing_tokens_get_the_same_plain_404(client: TestClient, session: Facilitation) -> None:
    info = session.state.info
    paths = [  # ("/" is the front door that asks for the short code: tests/web/test_wall.py)
        "/j/",
        "/j/" + "x" * 32,
        "/j/" + info.join_token[:-1],
        "/j/" + info.facilitator_token,  # the facilitator's token is no join token
        "/f/" + info.join_token,  # and the other way round
        "/j/" + "x" * 32 + "/state.json",
        "/f/nope/qr.svg",
        "/admin",
    ]
    bodies = set()
    for path in paths:
        r = client.get(path, headers={"accept-language": "en"})
        assert r.status_code == 404, path
        bodies.add(r.text)
        assert info.join_token not in r.text and info.facilitator_token not in r.text and info.title not in r.text
    assert len(bodies) == 1, "every 404 looks the same"
    r = client.post("/j/" + "x" * 32 + "/contribute", data={"text": "x"})
    assert r.status_code == 404 and r.text in bodies
    # A wrong method on a right address reveals no more than a wrong address.
    assert client.put(f"/j/{info.join_token}").status_code == 404


def test_tokens_are_long_enough_to_be_unguessable(session: Facilitation) -> None:
    info = session.state.info
    for token in (info.join_token, info.facilitator_token):
        assert len(token) >= 22  # base64url: 6 bits a character, so at least 128 bits
    assert info.join_token != info.facilitator_token


# -- forged and broken posts -------------------------------------------------------------------------------
def test_missing_or_wrong_csrf_token_is_refused(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    phone.join()
    hidden = phone.hidden(phone.get().text, "/contribute")
    real = hidden["csrf"]
    for csrf in ("", "0" * 32, real[:-1] + ("1" if real[-1] == "0" else "0")):
        r = phone.client.post(phone.home + "/contribute", data={**hidden, "csrf": csrf, "text": "forged"})
        assert r.status_code == 403 and "This form is out of date." in main_text(r.text)
    assert session.state.contributions == {}


def test_a_csrf_token_is_bound_to_its_participant(phone: Phone, other_phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    phone.join()
    other_phone.join()
    theirs = other_phone.hidden(other_phone.get().text, "/contribute")
    r = phone.client.post(phone.home + "/contribute", data={**theirs, "text": "with someone else's token"})
    assert r.status_code == 403 and session.state.contributions == {}


def test_posts_from_another_origin_are_refused(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    phone.join()
    for origin in ("http://evil.example", "null", "http://testserver.evil.example"):
        r = phone.submit("/contribute", {"text": "cross-site"}, headers={"origin": origin})
        assert r.status_code == 403, origin
        assert "sent from another website" in main_text(r.text)
    assert session.state.contributions == {}
    ok = phone.submit("/contribute", {"text": "same site"}, headers={"origin": "http://testserver"})
    assert ok.status_code == 303 and len(session.state.contributions) == 1


def test_public_url_origin_is_accepted_behind_a_proxy(session: Facilitation) -> None:
    token = session.state.info.join_token
    app = create_app(session, join_url=lambda: f"https://workshop.example.org/j/{token}")
    session.go_to(INTERVIEWS)
    with TestClient(app) as c:
        phone = Phone(c, session)
        phone.join()
        r = phone.submit("/contribute", {"text": "via the tunnel"}, headers={"origin": "https://workshop.example.org"})
        assert r.status_code == 303


def test_a_post_without_our_cookie_asks_for_cookies(phone: Phone, app, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    phone.join()
    hidden = phone.hidden(phone.get().text, "/contribute")
    with TestClient(app) as fresh:  # a browser that keeps no cookies
        r = fresh.post(phone.home + "/contribute", data={**hidden, "text": "no cookie"})
    assert r.status_code == 403 and "did not send back this page's cookie" in main_text(r.text)
    assert session.state.contributions == {}


def test_a_forged_cookie_is_a_stranger(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    pid = phone.join()
    phone.client.cookies.set("aitk", f"{pid}.{'0' * 32}")
    page = phone.get().text
    assert phone.home + "/join" in page  # not recognised: the join form again


def test_malformed_bodies_get_a_page_not_a_traceback(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    phone.join()
    r = phone.client.post(
        phone.home + "/contribute",
        content=b'--xyz\r\nContent-Disposition: form-data; name="text"\r\n\r\nunterminated',
        headers={"content-type": "multipart/form-data; boundary=xyz"},
    )
    assert r.status_code in (400, 403) and "<html" in r.text and "Traceback" not in r.text
    r = phone.client.post(phone.home + "/contribute", content=b"\xff\xfe\x00garbage")
    assert r.status_code in (400, 403) and "Traceback" not in r.text
    assert session.state.contributions == {}


# -- limits ------------------------------------------------------------------------------------------------
def test_a_body_over_64_kib_gets_a_413_page_and_nothing_is_stored(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    phone.join()
    hidden = phone.hidden(phone.get().text, "/contribute")
    big = {**hidden, "text": "a" * (MAX_BODY + 1)}
    r = phone.client.post(phone.home + "/contribute", data=big, headers={"accept-language": "cs"})
    assert r.status_code == 413
    assert '<html lang="cs">' in r.text and "více než 64 KB" in main_text(r.text)

    def chunks():  # no Content-Length: the limit must hold on what arrives, not on what is announced
        yield b"csrf=" + hidden["csrf"].encode() + b"&rid=" + hidden["rid"].encode() + b"&text="
        for _ in range(80):
            yield b"b" * 1024

    r = phone.client.post(
        phone.home + "/contribute",
        content=chunks(),
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert r.status_code == 413
    assert session.state.contributions == {}


def test_a_long_story_in_any_script_fits_under_the_body_limit(phone: Phone, session: Facilitation) -> None:
    """10,000 characters of four-byte emoji, sent as the form sends it (multipart), is accepted."""
    session.go_to(INTERVIEWS)
    phone.join()
    r = phone.submit("/contribute", {"text": "🌻" * 10_000}, multipart=True)
    assert r.status_code == 303


def test_more_than_30_submissions_a_minute_get_429_and_keep_the_text(phone: Phone, session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    phone.join()  # joining is one submission
    hidden = phone.hidden(phone.get().text, "/contribute")
    for i in range(29):
        r = phone.client.post(
            phone.home + "/contribute", data={**hidden, "rid": f"request-{i:04d}", "text": f"idea {i}"}
        )
        assert r.status_code == 200, i  # followed the 303
    r = phone.client.post(phone.home + "/contribute", data={**hidden, "rid": "request-9999", "text": "one too many"})
    assert r.status_code == 429
    assert "Please wait a minute" in main_text(r.text) and ">one too many</textarea>" in r.text
    assert len(session.state.contributions) == 29


def test_one_address_cannot_fill_the_room_with_strangers(session: Facilitation) -> None:
    # Each fresh cookie is a new participant: a script would only need a loop. Joins per address are bounded.
    token = session.state.info.join_token
    app = create_app(session, join_url=lambda: f"http://testserver/j/{token}", joins_per_minute=5)
    stand_still(app.state.web.joins)
    for i in range(5):
        with TestClient(app) as c:
            Phone(c, session).join(name=f"Bot {i}")
    with TestClient(app) as c:
        six = Phone(c, session)
        r = six.submit("/join", {"sector": "citizen", "name": "Bot 5"})
    assert r.status_code == 429 and "Please wait a minute" in main_text(r.text)
    assert 'value="Bot 5"' in r.text, "what they typed stays in the form"
    assert len(session.state.participants) == 5


# -- headers and resources ---------------------------------------------------------------------------------
def test_every_response_carries_the_security_headers(phone: Phone, client: TestClient, session: Facilitation) -> None:
    responses = [
        phone.get(),
        phone.get("/state.json"),
        client.get("/nowhere"),
        client.get("/static/app.css"),
        client.get(f"/f/{session.state.info.facilitator_token}"),
        phone.client.post(phone.home + "/contribute", content=b"x" * (MAX_BODY + 10)),
    ]
    for r in responses:
        csp = r.headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src 'self'" in csp and "style-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-frame-options"] == "DENY"
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"] == "same-origin"
    assert responses[0].headers["cache-control"] == "no-store"


def test_static_files_are_served_with_their_types(client: TestClient) -> None:
    assert client.get("/static/app.css").headers["content-type"].startswith("text/css")
    assert "javascript" in client.get("/static/app.js").headers["content-type"]
    assert client.get("/static/../app.py").status_code == 404


def test_nothing_is_loaded_from_outside_the_laptop() -> None:
    for path in [*(WEB / "templates").glob("*.html"), *(WEB / "static").glob("*")]:
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"(src|href)=\"(https?:)?//", text), path
        assert "@import" not in text and "url(http" not in text and "fonts.googleapis" not in text, path
        assert "style=" not in text, f"{path}: inline styles would need 'unsafe-inline'"
        assert "<script>" not in text and "onclick" not in text, f"{path}: inline script"
    for path in (WEB / "templates").glob("*.html"):
        assert "|safe" not in path.read_text(encoding="utf-8"), f"{path}: participant text must stay escaped"


# -- labels ------------------------------------------------------------------------------------------------
def _codes() -> set[str]:
    """Every refusal code there is (``errors.Code``), and the web's own (rate limits, forged forms...)."""
    codes: set[str] = {c.value for c in Code}
    for path in WEB.rglob("*.py"):
        codes |= set(re.findall(r'\(\d{3}, "([a-z_]+)"', path.read_text(encoding="utf-8")))
        codes |= set(re.findall(r'PageError\(\d{3}, "([a-z_]+)"', path.read_text(encoding="utf-8")))
    return codes


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_refusal_has_a_message_in_every_language(lang: str) -> None:
    catalog = json.loads((SRC / "i18n" / "web" / f"{lang}.json").read_text(encoding="utf-8"))
    english = json.loads((SRC / "i18n" / "web" / "en.json").read_text(encoding="utf-8"))
    missing = sorted(c for c in _codes() if f"error.{c}" not in catalog)
    assert not missing, f"{lang}: no error.<code> label for {missing}"
    assert set(catalog) == set(english), f"{lang}: keys differ from English"
    for key, text in catalog.items():
        assert set(re.findall(r"\{(\w+)\}", text)) == set(re.findall(r"\{(\w+)\}", english[key])), (lang, key)
        if lang != "en" and len(text) > 12 and not key.startswith("web.sector"):
            assert text != english[key], f"{lang}: {key} is not translated"


# -- per-address budgets: a hall behind one router, against a script on one address ----------------------------
def stand_still(budget: Budget) -> None:
    """No time passes for ``budget``: its buckets refill as the clock runs (12 a minute is one every 5 s), so on a
    busy machine a slow test would earn the very post it expects to be refused."""
    budget._clock = lambda: 0.0


def test_a_hall_of_300_behind_one_router_joins_in_a_minute_and_a_script_then_gets_a_trickle() -> None:
    now = [0.0]
    joins = Budget(DEFAULT_JOINS_PER_ADDRESS, DEFAULT_JOINS_PER_ADDRESS * JOINS_PER_HOUR_FACTOR, clock=lambda: now[0])
    hall = 0
    while now[0] < 60 and hall < 300:  # 300 phones pressing Join within the minute
        assert joins.allow("10.0.0.1"), f"phone {hall + 1} of the hall refused at {now[0]:.1f} s"
        hall += 1
        now[0] += 0.2
    assert hall == 300
    # A script on the same address, one join every 0.1 s for the next hour: the hour's budget, then 10 a minute.
    got: list[float] = []
    while now[0] < 3600 + 3600:
        if joins.allow("10.0.0.1"):
            got.append(now[0])
        now[0] += 0.1
    in_last_hour = [t for t in got if t >= 3600]
    assert len(got) < 1500 and 550 <= len(in_last_hour) <= 610  # 10 a minute once the budget is spent
    assert joins.allow("10.0.0.2")  # another address is not affected
    assert all(joins.allow("127.0.0.1") for _ in range(5000))  # the laptop itself is never budgeted


def test_a_budget_forgets_quiet_addresses_so_memory_stays_bounded() -> None:
    now = [0.0]
    posts = Budget(DEFAULT_POSTS_PER_ADDRESS, POSTS_PER_HOUR, clock=lambda: now[0])
    for i in range(3 * Budget.MAX_KEYS):
        posts.allow(f"10.{i // 65536}.{i // 256 % 256}.{i % 256}")
        now[0] += 1.0  # each address quiet long enough to have its buckets full again
    assert len(posts._state) <= Budget.MAX_KEYS + 1


def test_one_address_cannot_post_through_many_participants(session: Facilitation) -> None:
    # The per-participant limit alone let one address post 1,740 contributions in 3.3 s through 60 participants.
    session.go_to(INTERVIEWS)
    token = session.state.info.join_token
    app = create_app(session, join_url=lambda: f"http://testserver/j/{token}", posts_per_address=12)
    stand_still(app.state.web.posts)
    statuses = []
    for i in range(3):
        with TestClient(app) as c:
            phone = Phone(c, session)
            phone.join(name=f"Bot {i}")  # a post too
            for j in range(4):
                statuses.append(phone.submit("/contribute", {"text": f"spam {i}.{j}"}).status_code)
    assert statuses.count(303) == 9 and statuses[-3:] == [429, 429, 429]  # 3 joins and 9 posts: 12
    assert len(session.state.contributions) == 9
