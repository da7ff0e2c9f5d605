"""Simulated phones for the demo: a few participants who join and take part over real HTTP.

Each phone is its own ``httpx`` client with its own cookie, and behaves like the browser form does: it loads the
participant page, reads the form the page offers (join, contribute, vote, commit) with its hidden fields, and
posts it. So the demo exercises the same path as a real phone in the room, and shows one person the whole flow:
people joining by sector, stories arriving in the feed, dots when a vote opens, commitments in Destiny.

Bounded: a handful of phones, a few posts per activity each, a cap on everything, and it stops with the app.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from urllib.parse import urljoin

import httpx

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model.enums import Collects, Sector

PHONES: list[tuple[str, str, Sector, str]] = [
    ("Petra S.", "Zavod Carnica", Sector.CREATIVE, "sl"),
    ("Marko L.", "Acroni d.o.o.", Sector.COMPANY, "sl"),
    ("", "Upravna enota Kranj", Sector.ADMINISTRATION, "sl"),
    ("Tereza N.", "Univerzita J. E. Purkyně", Sector.UNIVERSITY, "cs"),
    ("Klara M.", "Osnovna šola Jesenice", Sector.SCHOOL, "sl"),
    ("Jakub W.", "Fundacja Miasto", Sector.CIVIL_SOCIETY, "pl"),
]

TEXTS: dict[Collects, list[str]] = {
    Collects.TOPIC: [
        "How makers and factories share spaces, skills and customers.",
        "Creative work as a reason for young people to stay in the valley.",
    ],
    Collects.STORIES: [
        "Our theatre borrowed a crane operator from the steel works for a stage set; he still comes to every premiere.",
        "Dijaki so s podjetjem izdelali razstavo o zgodovini železarne – obisk je bil rekorden.",
        "A ceramicist and an engineer rebuilt an old kiln together; the firm now uses her glazes.",
        "The municipality lent us an empty shop for a month and it became the town's meeting place.",
        "Studenti designu navrhli nové logo pro místní sklárnu – prodej vzrostl o třetinu.",
        "A photographer documented the last shift at the rolling mill; the workers chose the pictures.",
    ],
    Collects.STRENGTHS: [
        "People trust a handshake here.",
        "Factories with halls, tools and patience.",
        "Short distances: everyone knows someone at the town hall.",
        "Pride in making things with our hands.",
    ],
    Collects.WISHES: [
        "A shared workshop open in the evenings.",
        "One person at the municipality who speaks both culture and business.",
        "Apprenticeships that include design.",
    ],
    Collects.DREAMS: [
        "In 2030 the old rolling mill is full of studios and the canteen is the best café in town.",
        "Every company has an artist in residence for a month each year.",
        "Young designers come back from Ljubljana because the work is here.",
    ],
    Collects.PROPOSITIONS: [
        "Every empty hall in our region has a creative tenant within a year.",
        "Companies and schools plan one shared project every term.",
    ],
}
COMMITMENTS = [
    ("Host an open studio day in the foundry canteen", 45, "A letter from the mayor"),
    ("Bring two design students to our production line for the summer", 90, "Contact at the academy"),
    ("Draft the creative voucher rules with the help desk", 60, ""),
]

MAX_PER_ACTIVITY = 2
"""Posts one phone makes in one activity: enough to feel alive, not enough to drown the typed ones."""
MAX_POSTS = 60
"""All the phones together, over a whole demo."""


@dataclass
class Form:
    action: str
    fields: dict[str, str] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    """Number inputs and their ``max`` (the dots of a vote)."""


class _FormReader(HTMLParser):
    """The forms of a page: action, hidden and text fields, radio choices, number inputs."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append(Form(action=a.get("action", "")))
            return
        if not self.forms or not a.get("name"):
            return
        form, name = self.forms[-1], a["name"]
        if tag == "input":
            kind = a.get("type", "text")
            if kind == "radio":
                form.choices.setdefault(name, []).append(a.get("value", ""))
            elif kind == "number":
                form.numbers[name] = int(a.get("max") or 0)
            elif kind not in ("checkbox", "submit"):
                form.fields[name] = a.get("value", "")
        elif tag == "textarea":
            form.fields[name] = ""


def read_forms(html: str) -> list[Form]:
    reader = _FormReader()
    reader.feed(html)
    return reader.forms


class Deck:
    """The phones' texts, shuffled and dealt without repeats until each kind runs out (a room rarely says the
    same sentence twice)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.left: dict[Collects, list[str]] = {}

    def draw(self, collects: Collects) -> str:
        kind = collects if collects in TEXTS else Collects.STORIES
        if not self.left.get(kind):
            self.left[kind] = self.rng.sample(TEXTS[kind], len(TEXTS[kind]))
        return self.left[kind].pop()


class Phone:
    """One participant's phone."""

    def __init__(
        self,
        client: httpx.AsyncClient,
        home: str,
        person: tuple[str, str, Sector, str],
        rng: random.Random,
        deck: Deck | None = None,
    ) -> None:
        self.client = client
        self.home = home
        self.name, self.organisation, self.sector, self.language = person
        self.rng = rng
        self.deck = deck or Deck(rng)
        self.posts: dict[str, int] = {}
        self.voted: set[str] = set()
        self.committed = False

    async def forms(self) -> dict[str, Form]:
        response = await self.client.get(self.home)
        response.raise_for_status()
        return {form.action.rsplit("/", 1)[-1]: form for form in read_forms(response.text)}

    async def post(self, form: Form, values: dict[str, str]) -> bool:
        data = {**form.fields, **values}
        response = await self.client.post(urljoin(self.home, form.action), data=data)
        return response.status_code < 400

    async def join(self) -> None:
        await self.client.get(f"{self.home}/lang/{self.language}")
        forms = await self.forms()
        if "join" in forms:
            await self.post(
                forms["join"],
                {"name": self.name, "organisation": self.organisation, "sector": self.sector, "consent": "yes"},
            )

    async def take_part(self, facilitation: Facilitation, budget: list[int]) -> None:
        """Do what the page offers now, once: a contribution, a ballot, or a commitment."""
        forms = await self.forms()
        if "vote" in forms:
            form = forms["vote"]
            vote_id = form.fields.get("vote", "")
            if vote_id and vote_id not in self.voted and form.numbers:
                dots = self._spread(form.numbers)
                if await self.post(form, {**dots, "send": "1"}):
                    self.voted.add(vote_id)
                    budget[0] -= 1
        elif "commit" in forms and not self.committed:
            what, days, support = self.rng.choice(COMMITMENTS)
            by_when = (date.today() + timedelta(days=days)).isoformat()
            if await self.post(forms["commit"], {"what": what, "by_when": by_when, "support": support}):
                self.committed = True
                budget[0] -= 1
        elif "contribute" in forms:
            form = forms["contribute"]
            activity_id = form.fields.get("activity", "")
            found = facilitation.state.activity(activity_id)
            collects = found[1].collects if found else Collects.STORIES
            if self.posts.get(activity_id, 0) >= MAX_PER_ACTIVITY:
                return
            text = self.deck.draw(collects)
            if await self.post(form, {"text": text}):
                self.posts[activity_id] = self.posts.get(activity_id, 0) + 1
                budget[0] -= 1

    def _spread(self, options: dict[str, int]) -> dict[str, str]:
        allowance = max(options.values(), default=0)
        names = list(options)
        dots = dict.fromkeys(names, 0)
        for _ in range(allowance):
            dots[self.rng.choice(names)] += 1
        return {k: str(v) for k, v in dots.items()}


async def run_phones(
    facilitation: Facilitation,
    base_url: str,
    *,
    people: Iterable[tuple[str, str, Sector, str]] = PHONES,
    pace: float = 1.0,
    seed: int | None = None,
) -> None:
    """Phones join one after another, then take part every few seconds (``pace`` scales the waits).

    Runs until cancelled (the app cancels it on quit) or until the phones have used up ``MAX_POSTS``.
    Connection problems are shrugged off and tried again, as a phone on flaky Wi-Fi would.
    """
    rng = random.Random(seed)
    home = f"{base_url.rstrip('/')}/j/{facilitation.state.info.join_token}"
    budget = [MAX_POSTS]
    limits = httpx.Limits(max_connections=2)
    clients = [httpx.AsyncClient(timeout=10, limits=limits, follow_redirects=True) for _ in people]
    deck = Deck(rng)
    phones = [Phone(c, home, p, random.Random(rng.random()), deck) for c, p in zip(clients, people, strict=True)]
    try:
        for phone in phones:
            await asyncio.sleep(rng.uniform(0.5, 2.0) * pace)
            await _shrug(phone.join())
        while budget[0] > 0:
            phone = rng.choice(phones)
            await _shrug(phone.take_part(facilitation, budget))
            await asyncio.sleep(rng.uniform(2.0, 6.0) * pace)
    finally:
        for client in clients:
            await client.aclose()


async def _shrug(step: Awaitable[None]) -> None:
    try:
        await step
    except (httpx.HTTPError, OSError):
        pass
