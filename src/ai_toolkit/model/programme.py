"""Who took part, counted the way the funding programme asks: by sector in the room, by target group in reports.

Interreg programmes count a project's reach by *target group* (local public authority, SME, general public…),
while the room thinks in stakeholder *sectors* (creative community, company, citizen…). The mapping lives here
and nowhere else, so the minutes' annex, the Excel sheet and the synthesis across regions always agree.

Every table of attendance reads its numbers from ``attendance``: people who joined on a phone and people present
without one (counted on paper by sector, ``facilitation.decisions.attendance.count``), so ``show``, the TUI, the
minutes, the Excel sheets and the synthesis never count differently.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from ai_toolkit.model.enums import Sector
from ai_toolkit.model.plan import Plan
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


def programme_group(sector: str, plan: Plan | None = None) -> ProgrammeGroup:
    """The target group a sector counts in. A plan's own sector (CINEMA's retail and shops) counts where the plan
    says (a ``programme_group`` on its ``PlanSector``, once plans carry one), else as "other": the minutes' table
    lists which sectors each group counts, so a reader sees where they went."""
    if sector in SECTOR_GROUPS:
        return SECTOR_GROUPS[Sector(sector)]
    own = plan.own_sector(sector) if plan is not None else None
    named = getattr(own, "programme_group", None)
    try:
        return ProgrammeGroup(named) if named else ProgrammeGroup.OTHER
    except ValueError:
        return ProgrammeGroup.OTHER


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


def attendance(state: SessionState) -> dict[str, Headcount]:
    """Every sector the session's plan offers (its order, zeros included), and any other a participant holds,
    with how many people of it took part: on a phone, and present without one (counted on paper)."""
    phones = state.sector_counts()
    counts = {
        sector: Headcount(phones.get(sector, 0), state.counted.get(sector, 0)) for sector in state.plan.sector_ids()
    }
    for sector, n in phones.items():
        counts.setdefault(sector, Headcount(phones=n))
    return counts


def present(state: SessionState) -> Headcount:
    """Everyone present: phones and paper."""
    total = Headcount()
    for n in attendance(state).values():
        total = total + n
    return total


def attendance_by_group(state: SessionState) -> dict[ProgrammeGroup, Headcount]:
    """Every target group (zeros included: the programme's forms ask for each) with its people."""
    groups = {group: Headcount() for group in ProgrammeGroup}
    for sector, count in attendance(state).items():
        group = programme_group(sector, state.plan)
        groups[group] = groups[group] + count
    return groups


def group_sectors(plan: Plan) -> dict[ProgrammeGroup, list[str]]:
    """Which of the plan's sectors each target group counts, in the plan's order: the tables explain their mapping."""
    out: dict[ProgrammeGroup, list[str]] = {group: [] for group in ProgrammeGroup}
    for sector in plan.sector_ids():
        out[programme_group(sector, plan)].append(sector)
    return out
