"""The words of the method, as enums shared by every layer."""

from __future__ import annotations

from enum import StrEnum

#: Languages the toolkit speaks: the partners of InduCCI and CINEMA (SI, PL, DE, AT, CZ, IT, BE) plus English.
LANGUAGES: tuple[str, ...] = ("en", "de", "cs", "pl", "it", "sl", "nl")


class Phase(StrEnum):
    """The 4-D cycle, with the optional Define step in front (5-D)."""

    DEFINE = "define"
    DISCOVER = "discover"
    DREAM = "dream"
    DESIGN = "design"
    DESTINY = "destiny"


PHASE_ORDER: tuple[Phase, ...] = tuple(Phase)


class Mode(StrEnum):
    """How the room works during an activity."""

    PAIRS = "pairs"
    INDIVIDUAL = "individual"
    SMALL_GROUP = "small_group"
    PLENARY = "plenary"


class Collects(StrEnum):
    """What an activity gathers; it tells the phone which form to show."""

    NOTHING = "nothing"
    TOPIC = "topic"
    STORIES = "stories"
    STRENGTHS = "strengths"
    WISHES = "wishes"
    OPPORTUNITIES = "opportunities"
    """SOAR's O: what the world around us offers, kept apart from our own strengths."""
    DREAMS = "dreams"
    PROPOSITIONS = "propositions"
    VOTES = "votes"
    COMMITMENTS = "commitments"


class Sector(StrEnum):
    """The common stakeholder sectors of the seeds' focus groups, which every session offers.

    A plan may add sectors of its own (``model.plan.PlanSector``: CINEMA's retail and shops...), so a sector as
    recorded is a plain string, checked against the session's plan (``Plan.sector_ids``); these are the ones every
    plan has, labelled by the catalogs.
    """

    CREATIVE = "creative"
    ADMINISTRATION = "administration"
    COMPANY = "company"
    UNIVERSITY = "university"
    SCHOOL = "school"
    CIVIL_SOCIETY = "civil_society"
    CITIZEN = "citizen"
    OTHER = "other"


class Source(StrEnum):
    """Who typed a contribution: the facilitator on someone's behalf, or a participant's phone."""

    FACILITATOR = "facilitator"
    PARTICIPANT = "participant"
