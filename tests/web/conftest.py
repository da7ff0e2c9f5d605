"""Fixtures of the web tests: the app on the tiny plan, and a "phone" that reads forms the way a browser posts them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape

import httpx
import pytest
from fastapi.testclient import TestClient

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.web.app import create_app

_FORM = re.compile(r'<form[^>]*action="([^"]+)"[^>]*>(.*?)</form>', re.S)
_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


class Phone:
    """One participant's browser: its own cookies, posting the forms the page offers with their hidden fields."""

    def __init__(self, client: TestClient, f: Facilitation) -> None:
        self.client = client
        self.f = f
        self.home = f"/j/{f.state.info.join_token}"

    def get(self, path: str = "", **kw: object) -> httpx.Response:
        return self.client.get(self.home + path, **kw)

    def hidden(self, html: str, action: str) -> dict[str, str]:
        for found_action, body in _FORM.findall(html):
            if found_action == self.home + action:
                return {k: unescape(v) for k, v in _HIDDEN.findall(body)}
        raise AssertionError(f"no form posting to {action!r} on the page")

    def submit(
        self,
        action: str,
        fields: dict[str, str] | None = None,
        *,
        page: str = "",
        multipart: bool = False,
        **kw: object,
    ) -> httpx.Response:
        """Load ``page``, take the hidden fields of the form posting to ``action``, add ``fields``, post it."""
        html = self.get(page).text
        data = {**self.hidden(html, action), **(fields or {})}
        if multipart:
            files = {k: (None, v) for k, v in data.items()}
            return self.client.post(self.home + action, files=files, follow_redirects=False, **kw)
        return self.client.post(self.home + action, data=data, follow_redirects=False, **kw)

    def join(self, sector: str = "creative", **fields: str) -> str:
        """Join and return the new participant's id."""
        before = set(self.f.state.participants)
        r = self.submit("/join", {"sector": sector, **fields})
        assert r.status_code == 303, r.text
        (pid,) = set(self.f.state.participants) - before
        return pid


@pytest.fixture
def app(session: Facilitation):  # FastAPI
    token = session.state.info.join_token
    return create_app(session, join_url=lambda: f"http://testserver/j/{token}")


@pytest.fixture
def client(app) -> Iterator[TestClient]:
    with TestClient(app) as c:
        yield c


@pytest.fixture
def phone(client: TestClient, session: Facilitation) -> Phone:
    return Phone(client, session)


@pytest.fixture
def other_phone(app, session: Facilitation) -> Iterator[Phone]:
    with TestClient(app) as c:
        yield Phone(c, session)


def main_text(html: str) -> str:
    """The visible text of a page's <main>, tags removed and entities decoded: what a person reads."""
    body = html.split("<main", 1)[-1]
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", body))).strip()
