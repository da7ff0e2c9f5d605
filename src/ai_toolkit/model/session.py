"""The state of one focus group: what the room has produced so far.

``SessionState`` is what the fold of events (``model.fold``) returns; nothing else builds it.
"""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from ai_toolkit.model.enums import Collects, OnWall, Phase, Sector, Source, Teller
from ai_toolkit.model.plan import Activity, Plan

Day = date
"""``date`` under another name, for fields of ``SessionInfo``, whose own ``date`` field hides the type."""


class SessionInfo(BaseModel):
    """What the cover page of the minutes says about the session."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    project: str = ""
    partner: str = ""
    region: str = ""
    venue: str = ""
    date: date
    language: str = "en"
    facilitators: list[str] = Field(default_factory=list)
    affirmative_topic: str = ""
    join_token: str
    facilitator_token: str
    controller: str = ""
    """Who keeps the session's data and answers for it (the data controller): the partner unless set."""
    contact: str = ""
    """Where a participant asks about their data or withdraws after the day (an e-mail address, a phone)."""
    keep_until: Day | None = None
    """When the session is deleted (``ai-toolkit purge``); ``None`` in sessions made before retention existed,
    which keep the default (``facilitation.decisions.retention``)."""


class ActivityRun(BaseModel):
    """When an activity really ran: the agenda as it happened, for the minutes."""

    phase: Phase
    activity_id: str
    started_at: datetime
    ended_at: datetime | None = None

    def seconds(self, now: datetime) -> float:
        return ((self.ended_at or now) - self.started_at).total_seconds()


class Participant(BaseModel):
    id: str
    name: str = ""
    organisation: str = ""
    sector: str = Sector.OTHER.value
    consent_named: bool = False
    consent_organisation: bool = False
    language: str = "en"
    joined_at: datetime


class Contribution(BaseModel):
    id: str
    text: str
    phase: Phase
    activity_id: str
    kind: Collects = Collects.STORIES
    source: Source
    participant_id: str | None = None
    sector: str = Sector.OTHER.value
    language: str = "en"
    at: datetime
    edited: bool = False
    hidden: bool = False
    """Left out of the minutes: hidden by the facilitator, or withdrawn (every withdrawn item is also hidden)."""
    withdrawn: bool = False
    """Its author took it back: final, and its text is gone (empty)."""
    theme_id: str | None = None
    told_by: Teller = Teller.OWN
    on_wall: OnWall = OnWall.SHOWN
    """Whether the room's screen shows it (moderation); the minutes follow ``hidden`` only."""
    proposition_id: str | None = None
    """The proposition a statement from a propositions activity was taken up into (None: still a candidate)."""


class Theme(BaseModel):
    """A cluster of contributions the facilitator names: the positive core in Discover, dream themes in Dream."""

    id: str
    name: str
    phase: Phase
    created_at: datetime
    merged_into: str | None = None
    removed: bool = False

    @property
    def live(self) -> bool:
        return self.merged_into is None and not self.removed


class Proposition(BaseModel):
    """A provocative proposition (Design): the ideal stated in the present tense, built on themes."""

    id: str
    text: str
    theme_ids: list[str] = Field(default_factory=list)
    source: Source = Source.FACILITATOR
    participant_id: str | None = None
    at: datetime
    hidden: bool = False


class VoteOption(BaseModel):
    id: str
    label: str
    ref: str | None = None
    """The theme or proposition this option stands for, if any."""


class VoteRound(BaseModel):
    """A dot-vote: each participant spreads ``dots`` over the options; the latest ballot counts."""

    id: str
    title: str
    phase: Phase
    options: list[VoteOption]
    dots: int
    opened_at: datetime
    closed_at: datetime | None = None
    show_live: bool = False
    """Dots shown on the wall while the vote is open (the facilitator's choice when opening it)."""
    ballots: dict[str, dict[str, int]] = Field(default_factory=dict)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def tally(self) -> list[tuple[VoteOption, int]]:
        """Options with their dots, most dots first; ties keep the order the options were offered in."""
        totals = {o.id: 0 for o in self.options}
        for ballot in self.ballots.values():
            for option_id, n in ballot.items():
                if option_id in totals:
                    totals[option_id] += n
        ranked = sorted(enumerate(self.options), key=lambda io: (-totals[io[1].id], io[0]))
        return [(o, totals[o.id]) for _, o in ranked]


class Commitment(BaseModel):
    """Destiny: what will be done, by whom (people, or an action team), by when, for which proposition. Without an
    owner and a date it is a wish."""

    id: str
    what: str
    who: str = ""
    by_when: date | None = None
    first_step: str = ""
    support_needed: str = ""
    team: str = ""
    proposition_id: str | None = None
    source: Source = Source.FACILITATOR
    participant_id: str | None = None
    at: datetime
    hidden: bool = False
    """Left out of the minutes: hidden by the facilitator, or withdrawn (every withdrawn item is also hidden)."""
    withdrawn: bool = False
    """Its author took it back: final, and its words are gone (empty)."""


class Photo(BaseModel):
    """A photo of paper from the room: the file ``photos/<sha256>.jpg``, its caption, activity and sender."""

    id: str
    sha256: str
    size: int
    width: int
    height: int
    caption: str = ""
    phase: Phase
    activity_id: str
    source: Source
    participant_id: str | None = None
    sector: str = Sector.OTHER.value
    at: datetime
    hidden: bool = False
    """Hidden by the facilitator: kept, left out of the wall and the minutes."""
    withdrawn: bool = False
    """Withdrawn by its sender: final, and its file is gone."""

    @property
    def visible(self) -> bool:
        return not self.hidden and not self.withdrawn


class FollowUp(BaseModel):
    """When and where the group meets again: on the closing screen, the phones' last page and in the minutes."""

    on: date | None = None
    place: str = ""


class SessionState(BaseModel):
    """Everything a session holds, folded from its events."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    info: SessionInfo
    plan: Plan
    created_at: datetime
    seq: int = 0
    moderated: bool = False
    """Phones' contributions wait for the facilitator before they reach the wall (never before the record)."""
    position: int | None = None
    """Index into ``plan.steps()`` of the running activity; ``None`` before the start."""
    ended_at: datetime | None = None
    topic_agreed_at: datetime | None = None
    """When the group agreed the affirmative topic's wording (``info.affirmative_topic``); None: still the draft."""
    follow_up: FollowUp | None = None
    runs: list[ActivityRun] = Field(default_factory=list)
    participants: dict[str, Participant] = Field(default_factory=dict)
    removed: set[str] = Field(default_factory=set)
    """Participants the facilitator removed (``ParticipantRemoved``): gone from every count, never to join again."""
    contributions: dict[str, Contribution] = Field(default_factory=dict)
    themes: dict[str, Theme] = Field(default_factory=dict)
    propositions: dict[str, Proposition] = Field(default_factory=dict)
    votes: dict[str, VoteRound] = Field(default_factory=dict)
    commitments: dict[str, Commitment] = Field(default_factory=dict)
    counted: dict[str, int] = Field(default_factory=dict)
    """People present without a phone, by sector (``PeopleCounted``); ``decisions.attendance`` adds the phones."""
    photos: dict[str, Photo] = Field(default_factory=dict)

    # -- where we are -------------------------------------------------------------------------------------
    @property
    def current(self) -> tuple[Phase, Activity] | None:
        if self.position is None or self.ended_at is not None:
            return None
        return self.plan.steps()[self.position]

    @property
    def current_activity_id(self) -> str | None:
        cur = self.current
        return cur[1].id if cur else None

    @property
    def current_phase(self) -> Phase | None:
        cur = self.current
        return cur[0] if cur else None

    @property
    def current_activity(self) -> Activity | None:
        cur = self.current
        return cur[1] if cur else None

    @property
    def current_run(self) -> ActivityRun | None:
        return self.runs[-1] if self.runs and self.runs[-1].ended_at is None else None

    @property
    def open_vote(self) -> VoteRound | None:
        return next((v for v in self.votes.values() if v.is_open), None)

    def activity(self, activity_id: str) -> tuple[Phase, Activity] | None:
        return next(((p, a) for p, a in self.plan.steps() if a.id == activity_id), None)

    def replace_with(self, other: SessionState) -> None:
        """Take ``other``'s contents, keeping this object: whoever holds the live state keeps seeing the session."""
        for name in type(self).model_fields:
            setattr(self, name, getattr(other, name))

    # -- what the room produced ---------------------------------------------------------------------------
    def visible_contributions(self, phase: Phase | None = None) -> list[Contribution]:
        """Contributions not hidden, oldest first, optionally of one phase."""
        return [c for c in self.contributions.values() if not c.hidden and (phase is None or c.phase == phase)]

    def live_themes(self, phase: Phase | None = None) -> list[Theme]:
        return [t for t in self.themes.values() if t.live and (phase is None or t.phase == phase)]

    def theme_members(self, theme_id: str) -> list[Contribution]:
        return [c for c in self.contributions.values() if c.theme_id == theme_id and not c.hidden]

    def sector_counts(self) -> dict[str, int]:
        """Participants who joined on a phone, in the plan's order of sectors (zeros left out). Everyone present
        (phones and paper) is ``facilitation.decisions.attendance``: ask there for a headcount."""
        counts = dict.fromkeys(self.plan.sector_ids(), 0)
        for p in self.participants.values():
            counts[p.sector] = counts.get(p.sector, 0) + 1
        return {sector: n for sector, n in counts.items() if n}

    def phase_seconds(self, phase: Phase, now: datetime) -> float:
        """Time the room spent on a phase; a break is a block of its own, not the phase's time."""
        breaks = {a.id for _, a in self.plan.steps() if a.is_break}
        return sum(r.seconds(now) for r in self.runs if r.phase == phase and r.activity_id not in breaks)
