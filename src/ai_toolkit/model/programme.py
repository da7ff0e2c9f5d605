"""Who took part, counted the way the funding programme asks: by sector in the room, by target group in reports.

Interreg programmes count a project's reach by *target group* (local public authority, SME, general public…),
while the room thinks in stakeholder *sectors* (creative community, company, citizen…). The mapping lives here
and nowhere else, so the minutes' annex, the Excel sheet and the synthesis across regions always agree.

Every table of attendance reads its numbers from ``attendance``: people who joined on a phone today; people
present without a phone (counted on paper by sector) will be added there, and every table follows.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ai_toolkit.model.enums import Sector
from ai_toolkit.model.session import SessionState


class ProgrammeGroup(StrEnum):
    """The programme's target groups, in the order its reporting forms list them."""

    LOCAL_AUTHORITY = "local_authority"
    REGIONAL_AUTHORITY = "regional_authority"
    SME = "sme"
    HIGHER_EDUCATION = "higher_education"
    EDUCATION = "education"
    INTEREST_GROUPS = "interest_groups"
    GENERAL_PUBLIC = "general_public"
    OTHER = "other"


SECTOR_GROUPS: dict[Sector, ProgrammeGroup] = {
    # Creative people mostly work as freelancers and micro-enterprises: the programme counts them as SMEs.
    Sector.CREATIVE: ProgrammeGroup.SME,
    # The focus groups meet in a town: the administration at the table is the municipality's. A plan that
    # invites the region names a sector of its own for it (mapped to REGIONAL_AUTHORITY).
    Sector.ADMINISTRATION: ProgrammeGroup.LOCAL_AUTHORITY,
    Sector.COMPANY: ProgrammeGroup.SME,
    Sector.UNIVERSITY: ProgrammeGroup.HIGHER_EDUCATION,
    Sector.SCHOOL: ProgrammeGroup.EDUCATION,
    Sector.CIVIL_SOCIETY: ProgrammeGroup.INTEREST_GROUPS,
    Sector.CITIZEN: ProgrammeGroup.GENERAL_PUBLIC,
    Sector.OTHER: ProgrammeGroup.OTHER,
}


def programme_group(sector: Sector) -> ProgrammeGroup:
    return SECTOR_GROUPS.get(sector, ProgrammeGroup.OTHER)


@dataclass(frozen=True)
class Headcount:
    """People of one sector or group: those who joined on a phone, and those counted on paper."""

    phones: int = 0
    paper: int = 0

    @property
    def total(self) -> int:
        return self.phones + self.paper

    def __add__(self, other: Headcount) -> Headcount:
        return Headcount(self.phones + other.phones, self.paper + other.paper)


def attendance(state: SessionState) -> dict[Sector, Headcount]:
    """Every sector (in the enum's order, zeros included) with how many people of it took part."""
    phones = state.sector_counts()
    return {sector: Headcount(phones=phones.get(sector, 0)) for sector in Sector}


def attendance_by_group(state: SessionState) -> dict[ProgrammeGroup, Headcount]:
    """Every target group (zeros included: the programme's forms ask for each) with its people."""
    groups = {group: Headcount() for group in ProgrammeGroup}
    for sector, count in attendance(state).items():
        group = programme_group(sector)
        groups[group] = groups[group] + count
    return groups
