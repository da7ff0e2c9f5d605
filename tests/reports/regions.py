"""Three regions of the same focus group, each in its own language, run through the service: what a synthesis reads.

Kranj in Slovenian, Chemnitz in German, Bielsko-Biała in Polish. The Kranj and Chemnitz positive cores share a
theme ("Industrija odpira vrata" / "Industrie öffnet ihre Türen"), Chemnitz and Bielsko-Biała a dream of creative
spaces in old halls; everything else differs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from ai_toolkit.facilitation import Facilitation, create_session
from ai_toolkit.model.enums import Phase, Sector, Source
from ai_toolkit.model.plan import Plan
from ai_toolkit.store.sessions import SessionsDir

SECRET = "Herr Geheim"
"""Joins in Chemnitz without agreeing to be named: his name must appear nowhere."""
FORMULA = '=HYPERLINK("http://evil.example";"klick")'
"""A contribution that a spreadsheet would run as a formula."""


@dataclass
class Person:
    name: str
    organisation: str
    sector: Sector
    consent: bool


@dataclass
class Region:
    title: str
    region: str
    partner: str
    lang: str
    on: date
    people: list[Person]
    stories: list[tuple[int, str]]
    """(person, text): appreciative interview stories in Discover."""
    core: dict[str, list[int]]
    """Positive-core theme name -> indexes into ``stories``."""
    dreams: list[tuple[int, str]]
    dream_themes: dict[str, list[int]]
    propositions: list[str]
    votes: list[dict[int, int]] = field(default_factory=list)
    """Ballots: proposition index -> dots; empty when no vote was held."""
    commitments: list[tuple[str, int | None, int | None]] = field(default_factory=list)
    """(what, person index making it on their phone or None for the facilitator, days until due or None)."""


KRANJ = Region(
    title="Kreativne industrije in industrija na Gorenjskem",
    region="Kranj",
    partner="BSC Kranj",
    lang="sl",
    on=date(2026, 11, 24),
    people=[
        Person("Maja Kovač", "Studio Preplet", Sector.CREATIVE, True),
        Person("Tomaž Rozman", "Livarna Gorenjska", Sector.COMPANY, True),
        Person("", "Občina Jesenice", Sector.ADMINISTRATION, False),
        Person("", "", Sector.SCHOOL, False),
    ],
    stories=[
        (1, "Livarna je odprla livarsko halo za festivalsko noč: 400 ljudi je gledalo, kako se lije železo ob glasbi."),
        (0, "Ko je oblikovalka prišla v našo livarno, smo prvič videli svoje izdelke skozi oči kupca."),
        (2, "Svetovalna pisarna v Škofji Loki je v pol leta odgovorila več kot štiridesetim umetnikom."),
        (3, "Dijaki so v robotskem krožku tovarne izdelali rekvizite za gledališko predstavo."),
    ],
    core={"Industrija odpira vrata": [0, 1], "Podpora, ki govori jezik podjetij": [2]},
    dreams=[(0, "Leta 2030 so Jesenice znane po tovarniških nočeh, ko se hale odprejo umetnikom.")],
    dream_themes={"Odprte hale, odprto mesto": [0]},
    propositions=[
        "V naši regiji vsaka tovarniška hala, ki utihne, v enem letu postane delavnica za ustvarjalce.",
        "Vsaka šola na Gorenjskem ima ustvarjalnega partnerja v podjetju za vogalom.",
    ],
    votes=[{0: 3}, {0: 1, 1: 2}, {0: 2, 1: 1}],
    commitments=[
        ("Drugo tovarniško noč v livarski hali", 1, 60),
        ("Predlog ustvarjalnega vavčerja občinskemu svetu", 2, 30),
    ],
)

CHEMNITZ = Region(
    title="Kreativwirtschaft und Industrie in Chemnitz",
    region="Chemnitz",
    partner="Stadt Chemnitz",
    lang="de",
    on=date(2026, 12, 3),
    people=[
        Person("Jana Richter", "Atelier Kaßberg", Sector.CREATIVE, True),
        Person(SECRET, "Maschinenbau Sachsen GmbH", Sector.COMPANY, False),
        Person("", "TU Chemnitz", Sector.UNIVERSITY, False),
    ],
    stories=[
        (1, "Die Gießerei öffnete ihre Halle für eine Nacht der Industriekultur, und dreihundert Menschen kamen."),
        (0, "Eine Designerin hat mit unseren Ingenieuren eine Leuchte entwickelt, die jetzt im Museum verkauft wird."),
        (2, FORMULA),
        (2, "Studierende bauten in einer alten Spinnerei einen offenen Werkraum auf."),
    ],
    core={"Industrie öffnet ihre Türen": [0, 1], "Wissen teilen zwischen Hochschule und Werkstatt": [3]},
    dreams=[(0, "2030 sind die alten Hallen Kreativräume, in denen Handwerk und Kunst gemeinsam arbeiten.")],
    dream_themes={"Kreative Räume in alten Hallen": [0]},
    propositions=["Jede stillgelegte Halle in Chemnitz wird innerhalb eines Jahres zum Kreativraum."],
    votes=[{0: 3}, {0: 2}],
    commitments=[("Eine Nacht der offenen Hallen im Frühjahr", 0, 90)],
)

BIELSKO = Region(
    title="Przemysł i kreatywność w Bielsku-Białej",
    region="Bielsko-Biała",
    partner="Regionalna Izba Gospodarcza",
    lang="pl",
    on=date(2027, 1, 14),
    people=[
        Person("Łukasz Wężyk", "Fabryka Sp. z o.o.", Sector.COMPANY, True),
        Person("", "Stowarzyszenie Kultury", Sector.CIVIL_SOCIETY, False),
        Person("", "", Sector.CITIZEN, False),
    ],
    stories=[
        (0, "Fabryka w Bielsku-Białej otworzyła halę dla artystów; przyszło 300 osób, także uczniowie."),
        (1, "Stowarzyszenie zna każdy pusty budynek i wie, kto ma klucze."),
    ],
    core={"Społeczność, która zna miasto": [1]},
    dreams=[(2, "W 2030 roku stare hale są kreatywnymi przestrzeniami dla młodych twórców.")],
    dream_themes={"Kreatywne przestrzenie w starych halach": [0]},
    propositions=["Każda szkoła ma partnera w pobliskiej fabryce."],
    commitments=[("Spotkanie szkół i fabryk w marcu", None, None)],
)

REGIONS = [KRANJ, CHEMNITZ, BIELSKO]


def run_region(sessions: SessionsDir, plan: Plan, r: Region) -> Facilitation:
    """The tiny plan run through like a real afternoon in that region (its own clock, starting 10:00 local)."""
    now = [datetime.combine(r.on, datetime.min.time(), tzinfo=UTC) + timedelta(hours=9)]

    def clock() -> datetime:
        return now[0]

    def tick(minutes: float) -> None:
        now[0] += timedelta(minutes=minutes)

    f = create_session(
        sessions,
        plan,
        title=r.title,
        language=r.lang,
        project="InduCCI",
        partner=r.partner,
        region=r.region,
        on=r.on,
        facilitators=["Ana"],
        clock=clock,
    )
    people = [
        f.join(name=p.name, organisation=p.organisation, sector=p.sector, consent_named=p.consent, language=r.lang)
        for p in r.people
    ]
    f.start()  # define
    tick(5)
    f.advance()  # discover / interviews
    ids = []
    for who, text in r.stories:
        tick(1)
        ids.append(f.add_contribution(text, source=Source.PARTICIPANT, participant_id=people[who].id).id)
    tick(15)
    f.advance()  # discover / positive core
    for name, members in r.core.items():
        theme = f.create_theme(name, phase=Phase.DISCOVER)
        for i in members:
            f.assign(ids[i], theme.id)
    tick(10)
    f.advance()  # dream
    dream_ids = [f.add_contribution(t, source=Source.PARTICIPANT, participant_id=people[w].id).id for w, t in r.dreams]
    for name, members in r.dream_themes.items():
        theme = f.create_theme(name, phase=Phase.DREAM)
        for i in members:
            f.assign(dream_ids[i], theme.id)
    tick(15)
    f.advance()  # design / propositions
    for text in r.propositions:
        f.add_proposition(text)
    tick(15)
    f.advance()  # design / vote
    if r.votes:
        vote = f.open_vote_on_propositions(dots=3)
        for person, ballot in zip(people, r.votes, strict=False):
            f.cast(vote.id, person.id, {vote.options[i].id: n for i, n in ballot.items()})
        f.close_vote()
    tick(5)
    f.advance()  # destiny
    for what, owner, days in r.commitments:
        due = r.on + timedelta(days=days) if days is not None else None
        if owner is None:
            f.add_commitment(what, by_when=due)
        else:
            f.add_commitment(what, by_when=due, source=Source.PARTICIPANT, participant_id=people[owner].id)
    tick(10)
    f.end()
    return f
