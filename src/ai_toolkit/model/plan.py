"""A session plan from the toolbox: phases, activities, minutes and prompts in every language.

Pure data: loading YAML from disk lives in ``ai_toolkit.plans``.
"""

from __future__ import annotations

import math
import re
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ai_toolkit.model.enums import LANGUAGES, PHASE_ORDER, Collects, Mode, Phase, Sector

Localised = dict[str, str]
"""Text per language code; English is always present and is the fallback."""

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_SECTOR_ID = re.compile(r"^[a-z][a-z0-9_]{1,31}$")
"""Like the common sectors' values (``civil_society``): what phones post and the log records."""
MAX_SECTOR_SHORT = 14
"""The facilitator's sectors panel is 14 columns wide (``tui.sector.*`` labels keep to it too)."""
MAX_PLAN_SECTORS = 12
"""More groups than this do not fit on a phone's join page as a list one can choose from."""


def pick(text: Localised, lang: str) -> str:
    """The text in ``lang``, falling back to English (always present in a valid plan)."""
    return text.get(lang) or text.get("en") or next(iter(text.values()), "")


def _check_localised(value: Localised, *, required: bool = True) -> Localised:
    unknown = sorted(set(value) - set(LANGUAGES))
    if unknown:
        raise ValueError(f"unknown language code(s) {', '.join(unknown)}; use {', '.join(LANGUAGES)}")
    if required and not (value.get("en") or "").strip():
        raise ValueError("an English text ('en') is required")
    return {k: v.strip() for k, v in value.items() if v is not None}


class PlanSector(BaseModel):
    """A stakeholder group this kind of session invites that the common sectors lack (CINEMA: retail and shops,
    property owners, business support). Counted like the common ones everywhere; labelled by the plan in each
    language, since no catalog knows it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: Localised
    """As the phone's join form and the minutes say it: "Retail and shops"."""
    short: Localised
    """At most 14 characters, for the facilitator's screen: "retail"."""
    hint: Localised = Field(default_factory=dict)
    """Who belongs here, under the name on the phone: "shopkeepers, cafés, market traders"."""

    @field_validator("id")
    @classmethod
    def _id_is_new(cls, v: str) -> str:
        if not _SECTOR_ID.match(v):
            raise ValueError("must be lowercase letters, digits and '_' (e.g. 'property_owners')")
        if v in {s.value for s in Sector}:
            raise ValueError(f"{v!r} is a common sector already; a plan adds only new ones")
        return v

    @field_validator("name")
    @classmethod
    def _name(cls, v: Localised) -> Localised:
        return _check_localised(v)

    @field_validator("short")
    @classmethod
    def _short(cls, v: Localised) -> Localised:
        v = _check_localised(v)
        long = sorted(lang for lang, text in v.items() if len(text) > MAX_SECTOR_SHORT)
        if long:
            raise ValueError(f"at most {MAX_SECTOR_SHORT} characters (too long in {', '.join(long)})")
        return v

    @field_validator("hint")
    @classmethod
    def _hint(cls, v: Localised) -> Localised:
        return _check_localised(v, required=bool(v))


class ActivityKind(StrEnum):
    ACTIVITY = "activity"
    BREAK = "break"
    """A pause: a block of the agenda of its own, not time of the phase it sits in."""


class Activity(BaseModel):
    """One step of a phase: what the room does, for how long, and what it collects."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    title: Localised
    minutes: int = Field(ge=1, le=240)
    """For the plan's ``expected_people``: a presentation by each small group (``per_group``) scales with them."""
    mode: Mode = Mode.PLENARY
    collects: Collects = Collects.NOTHING
    prompt: Localised = Field(default_factory=dict)
    instructions: Localised = Field(default_factory=dict)
    kind: ActivityKind = ActivityKind.ACTIVITY
    optional: bool = False
    """May be left out to fit a shorter slot (``ai-toolkit new --minutes 120``)."""
    per_group: int = Field(default=0, ge=0, le=30)
    """Minutes each small group needs (presenting its dream): more people, more groups, more time."""

    @property
    def is_break(self) -> bool:
        return self.kind == ActivityKind.BREAK

    @model_validator(mode="after")
    def _break_collects_nothing(self) -> Activity:
        if self.is_break and self.collects != Collects.NOTHING:
            raise ValueError("a break collects nothing (collects: nothing)")
        return self

    @field_validator("id")
    @classmethod
    def _id_is_slug(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("must be lowercase letters, digits and '-' (e.g. 'pair-interviews')")
        return v

    @field_validator("title")
    @classmethod
    def _title(cls, v: Localised) -> Localised:
        return _check_localised(v)

    @field_validator("prompt", "instructions")
    @classmethod
    def _optional_text(cls, v: Localised) -> Localised:
        return _check_localised(v, required=bool(v))


class PlanPhase(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    phase: Phase
    activities: list[Activity] = Field(min_length=1)

    @property
    def minutes(self) -> int:
        """The phase's own time: a break in its list is a block of its own, not time spent on the phase."""
        return sum(a.minutes for a in self.activities if not a.is_break)


class Plan(BaseModel):
    """A complete focus-group plan: the phases in the order of the cycle, each with its activities."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    version: int = 1
    name: Localised
    description: Localised = Field(default_factory=dict)
    languages: list[str] = Field(default_factory=lambda: list(LANGUAGES))
    affirmative_topic: Localised = Field(default_factory=dict)
    sectors: list[PlanSector] = Field(default_factory=list, max_length=MAX_PLAN_SECTORS)
    """Sectors this plan adds to the common ones; phones offer them, and the session counts them like the rest."""
    slot_minutes: int | None = Field(default=None, ge=15, le=24 * 60)
    """The time the plan is made for (a 2.5-hour focus group: 150); its activities and the buffer must fit in it."""
    buffer_minutes: int = Field(default=0, ge=0, le=120)
    """Time kept free for the room running late: not given to any activity."""
    expected_people: int = Field(default=20, ge=2, le=500)
    """The group size the activities' minutes are written for."""
    people_per_group: int = Field(default=5, ge=2, le=20)
    """How many people sit at one table in small-group work: how many groups present (``per_group``)."""
    minutes_intros: dict[Phase, Localised] = Field(default_factory=dict)
    """What the minutes say a phase did, where the plan's words fit better than the general ones: CINEMA's Dream
    imagines the city centre, InduCCI's the region."""
    phases: list[PlanPhase] = Field(min_length=1)

    @field_validator("id")
    @classmethod
    def _id_is_slug(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError("must be lowercase letters, digits and '-' (e.g. 'inducci-industry')")
        return v

    @field_validator("name")
    @classmethod
    def _name(cls, v: Localised) -> Localised:
        return _check_localised(v)

    @field_validator("description", "affirmative_topic")
    @classmethod
    def _optional_text(cls, v: Localised) -> Localised:
        return _check_localised(v, required=bool(v))

    @field_validator("minutes_intros")
    @classmethod
    def _intros(cls, v: dict[Phase, Localised]) -> dict[Phase, Localised]:
        return {phase: _check_localised(text) for phase, text in v.items()}

    @field_validator("languages")
    @classmethod
    def _languages(cls, v: list[str]) -> list[str]:
        unknown = sorted(set(v) - set(LANGUAGES))
        if unknown:
            raise ValueError(f"unknown language code(s) {', '.join(unknown)}; use {', '.join(LANGUAGES)}")
        return v

    @model_validator(mode="after")
    def _cycle_order(self) -> Plan:
        order = [p.phase for p in self.phases]
        if len(set(order)) != len(order):
            raise ValueError("each phase may appear only once")
        if order != sorted(order, key=PHASE_ORDER.index):
            raise ValueError("phases must follow the cycle: define, discover, dream, design, destiny")
        ids = [a.id for p in self.phases for a in p.activities]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"activity ids must be unique in a plan: {', '.join(dupes)}")
        sectors = [s.id for s in self.sectors]
        twice = sorted({i for i in sectors if sectors.count(i) > 1})
        if twice:
            raise ValueError(f"sector ids must be unique in a plan: {', '.join(twice)}")
        groups = self.groups()
        for _, a in self.steps():
            if a.minutes < a.per_group * groups:
                raise ValueError(
                    f"{a.id}: {groups} groups of {self.people_per_group} (for {self.expected_people} people) need "
                    f"{a.per_group * groups} minutes at {a.per_group} each, more than its {a.minutes}"
                )
        if self.slot_minutes is not None and self.minutes + self.buffer_minutes > self.slot_minutes:
            raise ValueError(
                f"the activities take {self.minutes} minutes and the buffer {self.buffer_minutes}: "
                f"{self.minutes + self.buffer_minutes} do not fit the slot of {self.slot_minutes} minutes"
            )
        return self

    def groups(self, people: int | None = None) -> int:
        """Small groups the room makes (for ``people``, by default the expected number)."""
        return math.ceil((people or self.expected_people) / self.people_per_group)

    def sector_ids(self) -> tuple[str, ...]:
        """Every sector a participant of this plan may choose: the common ones, this plan's own, and "other" last
        (the phone's list and every count follow this order)."""
        common = [s.value for s in Sector if s != Sector.OTHER]
        return (*common, *(s.id for s in self.sectors), Sector.OTHER.value)

    def own_sector(self, sector: str) -> PlanSector | None:
        """The plan's own sector of that id (None for a common one or an unknown one)."""
        return next((s for s in self.sectors if s.id == sector), None)

    @property
    def minutes(self) -> int:
        """Every activity's minutes, breaks included: the time the plan takes, without its buffer."""
        return sum(a.minutes for _, a in self.steps())

    @property
    def slot(self) -> int:
        """The time to book: the plan's slot, or what it takes with its buffer when it names none."""
        return self.slot_minutes if self.slot_minutes is not None else self.minutes + self.buffer_minutes

    def steps(self) -> list[tuple[Phase, Activity]]:
        """Every activity in running order, with its phase: the facilitator's path through the day."""
        return [(p.phase, a) for p in self.phases for a in p.activities]
