"""Sessions for the document tests: one run through the service like a real workshop, and states folded straight
from events (what an import can carry, and 5,000 contributions without 5,000 disk syncs)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pytest
from docx.table import Table
from docx.text.paragraph import Paragraph

from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Collects, Phase, Sector, Source
from ai_toolkit.model.fold import fold
from ai_toolkit.model.plan import Plan
from ai_toolkit.model.session import SessionInfo, SessionState

ROOM = ZoneInfo("Europe/Ljubljana")
"""The room's time zone in tests: the clock starts at 09:00 UTC, which is 10:00 in Kranj in November."""

# Names with everything a name can hold: quotes, ampersands, markup, letters of every partner language.
MAJA = 'Maja "Mojca" Kovač & Partnerji <studio>'
LUKASZ = "Łukasz Wężyk"
STORY_SL = "Ko je oblikovalka prišla v našo livarno, smo prvič videli izdelke skozi oči kupca: čšž ČŠŽ."
STORY_PL = "Fabryka w Bielsku-Białej otworzyła halę dla artystów; przyszło 300 osób, też uczniowie."
STORY_ANON = "The help desk in Škofja Loka answered more than forty artists in its first half year."
STRENGTH = "Short ways to the mayor's office: decisions within a week."
HIDDEN = "This was withdrawn and must not appear anywhere."
DREAM = "2030: the factory halls open to artists every first Friday 🎉."
PROPOSITION = "Every factory hall that falls silent becomes a workspace for makers within a year."
PROPOSITION_2 = "Every school has a maker partner in a company around the corner."
COMMITMENT = "Open the casting hall for a second factory night"


def doc_text(path: Path) -> str:
    """Every paragraph of the body and of every table cell, in order, one per line."""
    d = docx.Document(str(path))
    lines = [p.text for p in d.paragraphs]
    for table in d.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.append(cell.text)
    return "\n".join(lines)


def style_of(paragraph: Paragraph) -> str:
    """The name of a paragraph's style ("" when python-docx finds none)."""
    return paragraph.style.name if paragraph.style is not None else ""


def headings(path: Path) -> list[tuple[str, str]]:
    d = docx.Document(str(path))
    return [(style_of(p), p.text) for p in d.paragraphs if style_of(p).startswith("Heading")]


def table_after(path: Path, heading: str, nth: int = 0) -> Table:
    """The first (or ``nth``) table after the heading with this text."""
    d = docx.Document(str(path))
    seen = False
    for block in d.iter_inner_content():
        if isinstance(block, Paragraph) and block.text == heading:
            seen = style_of(block).startswith("Heading")  # not the TOC's line
        elif seen and isinstance(block, Table):
            if not nth:
                return block
            nth -= 1
    raise AssertionError(f"no table after {heading!r}")


@pytest.fixture
def workshop(session: Facilitation, clock) -> Facilitation:  # FakeClock from tests/conftest.py
    """The tiny plan run through from start to end, like a small real focus group."""
    f = session
    maja = f.join(name=MAJA, organisation="Studio Preplet & Co.", sector=Sector.CREATIVE, consent_named=True)
    lukasz = f.join(name=LUKASZ, organisation="Fabryka Sp. z o.o.", sector=Sector.COMPANY, consent_named=True)
    shy = f.join(name="Secret Person", organisation="Občina Jesenice", sector=Sector.ADMINISTRATION)
    school = f.join(sector=Sector.SCHOOL)
    f.start()  # define / welcome
    clock.advance(6)
    f.advance()  # discover / interviews
    a = f.add_contribution(STORY_SL, source=Source.PARTICIPANT, participant_id=maja.id)
    clock.advance(1)
    b = f.add_contribution(STORY_PL, source=Source.PARTICIPANT, participant_id=lukasz.id)
    c = f.add_contribution(STORY_ANON, source=Source.PARTICIPANT, participant_id=shy.id)
    gone = f.add_contribution(HIDDEN, source=Source.PARTICIPANT, participant_id=school.id)
    f.hide_contribution(gone.id)
    clock.advance(20)
    f.advance()  # discover / positive core
    s = f.add_contribution(STRENGTH, sector=Sector.CITIZEN)
    core = f.create_theme("Industry opens its doors", phase=Phase.DISCOVER)
    support = f.create_theme("Support that speaks business", phase=Phase.DISCOVER)
    f.create_theme("Learning across sectors", phase=Phase.DISCOVER)  # stays empty
    f.assign(a.id, core.id)
    f.assign(b.id, core.id)
    f.assign(c.id, support.id)
    f.assign(s.id, support.id)
    clock.advance(9)
    f.advance()  # dream
    f.add_contribution(DREAM, source=Source.PARTICIPANT, participant_id=school.id)
    clock.advance(14)
    f.advance()  # design / propositions
    p1 = f.add_proposition(PROPOSITION, theme_ids=[core.id])
    f.add_proposition(PROPOSITION_2)
    clock.advance(15)
    f.advance()  # design / vote
    vote = f.open_vote_on_propositions(dots=3, title="Which propositions do we carry forward?")
    first, second = vote.options[0].id, vote.options[1].id
    f.cast(vote.id, maja.id, {first: 3})
    f.cast(vote.id, lukasz.id, {first: 1, second: 2})
    f.cast(vote.id, shy.id, {first: 2, second: 1})
    f.close_vote()
    assert p1.id
    clock.advance(5)
    f.advance()  # destiny
    f.add_commitment(
        COMMITMENT, who=LUKASZ, by_when=clock.now.date() + timedelta(days=60), first_step="Book the date & the band"
    )
    f.add_commitment("Ask the council for a creative voucher")  # no person, no date: only a wish
    clock.advance(12)
    f.end()
    return f


@pytest.fixture
def workshop_state(workshop: Facilitation) -> SessionState:
    return workshop.state


class Log:
    """Records built by hand, folded without the service: what an import or an old version may hold."""

    def __init__(self, plan: Plan, *, title: str = "Hostile input", start: datetime | None = None) -> None:
        self.at = start or datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
        info = SessionInfo(
            id="2026-11-23-hostile-abc123",
            title=title,
            project="InduCCI",
            partner="BSC Kranj",
            date=date(2026, 11, 23),
            join_token="j" * 24,
            facilitator_token="f" * 24,
        )
        self.records: list[ev.Recorded] = []
        self.add(ev.SessionCreated(info=info, plan=plan))

    def add(self, event: ev.Event, seconds: float = 1) -> None:
        self.at += timedelta(seconds=seconds)
        self.records.append(ev.Recorded(seq=len(self.records) + 1, at=self.at, event=event))

    def contribute(self, n: int, text: str, *, participant: str | None = None, phase: Phase = Phase.DISCOVER) -> None:
        for i in range(n):
            self.add(
                ev.ContributionAdded(
                    contribution_id=f"c-{len(self.records)}-{i}",
                    text=text.format(i=i),
                    phase=phase,
                    activity_id="interviews",
                    collects=Collects.STORIES,
                    source=Source.PARTICIPANT if participant else Source.FACILITATOR,
                    participant_id=participant,
                    sector=Sector.CREATIVE,
                    language="en",
                ),
                seconds=0.5,
            )

    def state(self) -> SessionState:
        return fold(self.records)


@pytest.fixture
def log(tiny_plan: Plan) -> Iterator[Log]:
    yield Log(tiny_plan)
