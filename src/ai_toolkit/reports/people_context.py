"""Who was in the room and what happens to their data: the minutes' attendance, participants and data note.

Every number comes from ``decisions.attendance`` (phones and paper together, each said apart), every name and
organisation from ``decisions.naming`` (only with the person's consent), and every date from
``decisions.retention``: the minutes say what the phones' privacy page promised, in the reader's language.
"""

from __future__ import annotations

from ai_toolkit.facilitation.decisions.attendance import attendance, present
from ai_toolkit.facilitation.decisions.naming import listed_organisations, named_participants, shown_organisation
from ai_toolkit.facilitation.decisions.retention import keep_until
from ai_toolkit.i18n.sectors import sector_label
from ai_toolkit.model.session import SessionState
from ai_toolkit.reports.context import Fact, Table
from ai_toolkit.reports.labels import Labels, plain

DASH = "–"


def _sector(s: SessionState, L: Labels, sector: str) -> str:
    """A sector in the reader's language, a plan's own ones included (``i18n.sectors``)."""
    return plain(sector_label(s.plan, sector, L.lang))


def sector_table(s: SessionState, L: Labels) -> tuple[Table | None, str]:
    """At a glance: everyone present by sector with their share, and a note of how many were counted on paper."""
    counts = {sector: n.total for sector, n in attendance(s).items() if n.total}
    total = sum(counts.values())
    if not total:
        return None, ""
    rows = [[_sector(s, L, sec), L.number(n), L.percent(n / total)] for sec, n in counts.items()]
    rows.append([L("total"), L.number(total), L.percent(1)])
    table = Table([L("col.sector"), L("col.participants"), L("col.share")], rows, [6, 3, 3], bold_last_row=True)
    paper = present(s).paper
    return table, L("glance.paper_note", n=L.number(paper)) if paper else ""


def attendance_table(s: SessionState, L: Labels) -> Table | None:
    """The annex's count for reporting: each sector on a phone, counted on paper, and in all."""
    rows = [
        [_sector(s, L, sec), L.number(n.phones), L.number(n.paper), L.number(n.total)]
        for sec, n in attendance(s).items()
        if n.total
    ]
    if not rows:
        return None
    everyone = present(s)
    rows.append([L("total"), L.number(everyone.phones), L.number(everyone.paper), L.number(everyone.total)])
    header = [L("col.sector"), L("attendance.phones"), L("attendance.paper"), L("col.participants")]
    return Table(header, rows, [6.4, 3.2, 3.2, 3.2], bold_last_row=True)


def participants(s: SessionState, L: Labels) -> tuple[list[Fact], Table | None, str]:
    """Facts, the table of those who agreed to be named (their organisation only with its own consent), and the
    organisations listed with their people's consent."""
    named = [p for p in named_participants(s) if plain(p.name)]
    everyone = present(s)
    facts = [
        Fact(L("annex.took_part"), L.number(everyone.total)),
        Fact(L("annex.on_phones"), L.number(everyone.phones)),
        Fact(L("annex.on_paper"), L.number(everyone.paper)),
        Fact(L("annex.named"), L.number(len(named))),
    ]
    organisations = ", ".join(plain(o) for o in listed_organisations(s))
    line = L("annex.organisations", organisations=organisations) if organisations else ""
    if not named:
        return facts, None, line
    rows = [[plain(p.name), plain(shown_organisation(s, p.id)) or DASH, _sector(s, L, p.sector)] for p in named]
    return facts, Table([L("col.name"), L("col.organisation"), L("col.sector")], rows, [5, 6, 5]), line


def privacy_note(s: SessionState, L: Labels) -> list[str]:
    """The data note: what, how, names, purpose and legal basis, who keeps it until when, rights and contact."""
    info = s.info
    controller = plain(info.controller) or plain(info.partner) or L("privacy.organisers")
    project = plain(info.project)
    purpose = L("privacy.purpose_project", project=project) if project else L("privacy.purpose")
    return [
        L("privacy.collected"),
        L("privacy.how"),
        L("privacy.names"),
        *([L("privacy.photos")] if s.photos else []),
        purpose,
        L("privacy.keeper", controller=controller, date=L.date(keep_until(info))),
        L("privacy.rights", contact=plain(info.contact) or controller),
    ]
