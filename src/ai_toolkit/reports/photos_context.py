"""What the minutes say about the room's photos: each activity's photos under it, numbered, and the annex's list.

The photos the minutes show are the service's ``visible_photos`` (neither hidden by the facilitator nor withdrawn
by their sender). They are numbered in the order a reader meets them (the plan's order, then the time they were
sent), so "Photo 7" in a phase section is line 7 of the annex. A photo is attributed like a quote: by the sender's
sector, by name only where the sender agreed to be named.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from ai_toolkit.facilitation.decisions.naming import shown_name
from ai_toolkit.facilitation.decisions.photos import visible_photos
from ai_toolkit.facilitation.photo_files import PhotoFiles
from ai_toolkit.i18n.sectors import sector_label
from ai_toolkit.model.enums import Phase, Source
from ai_toolkit.model.session import Photo, SessionState
from ai_toolkit.reports.context import PhotoBlock, PhotoItem, Table
from ai_toolkit.reports.labels import Labels, plain

DASH = "–"


@dataclass
class PhotoPages:
    """The photos' part of the minutes: blocks per phase, the annex table and its note."""

    blocks: dict[Phase, list[PhotoBlock]] = field(default_factory=dict)
    table: Table | None = None
    note: str = ""
    count: int = 0


def photo_pages(s: SessionState, L: Labels, titles: dict[str, str], folder: Path | None) -> PhotoPages:
    """``titles`` names each activity in the reader's language; ``folder`` is the session's (None: no files)."""
    files = PhotoFiles(folder) if folder is not None else None
    shown = visible_photos(s)
    order = {a.id: i for i, (_, a) in enumerate(s.plan.steps())}
    shown.sort(key=lambda p: (order.get(p.activity_id, len(order)), p.at))
    blocks: dict[Phase, list[PhotoBlock]] = defaultdict(list)
    by_activity: dict[tuple[Phase, str], list[PhotoItem]] = {}
    rows: list[list[str]] = []
    for n, p in enumerate(shown, start=1):
        activity = titles.get(p.activity_id) or p.activity_id
        items = by_activity.get((p.phase, p.activity_id))
        if items is None:
            items = by_activity[(p.phase, p.activity_id)] = []
            blocks[p.phase].append(PhotoBlock(L("photos.heading", activity=activity), items))
        who = _who(s, L, p)
        caption = plain(p.caption)
        here = files is not None and files.has(p.sha256)
        items.append(
            PhotoItem(
                path=files.path(p.sha256) if files is not None and here else None,
                width=p.width,
                height=p.height,
                caption=L("photos.caption", n=n, caption=caption, who=who)
                if caption
                else L("photos.caption_bare", n=n, who=who),
                alt=L("photos.alt", n=n, activity=activity) + (f": {caption}" if caption else ""),
                missing="" if here else L("photos.missing", n=n),
            )
        )
        rows.append([L.number(n), activity, caption or DASH, who, L.time(p.at)])
    left_out = sum(1 for p in s.photos.values() if not p.visible)
    pages = PhotoPages(blocks=dict(blocks), count=len(shown))
    if rows:
        header = [L("col.number"), L("col.activity"), L("col.caption"), L("col.sent_by"), L("col.time")]
        pages.table = Table(header, rows, [1.2, 3.6, 6.2, 3.4, 1.6])
    if left_out:
        pages.note = L("annex.photos_left_out", n=L.number(left_out))
    return pages


def _who(s: SessionState, L: Labels, p: Photo) -> str:
    if p.source == Source.FACILITATOR:
        return L("photos.facilitator")
    sector = plain(sector_label(s.plan, p.sector, L.lang))
    name = plain(shown_name(s, p.participant_id))
    return L("quote.named", name=name, sector=sector) if name else sector
