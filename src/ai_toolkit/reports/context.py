"""What a document says, before anyone decides how it looks (the Ghostwriter shape: context first, then render).

Plain dataclasses of strings and numbers: every label already in the reader's language, every date and time
already formatted, every piece of participants' text already cleaned. A renderer only places them on the page,
so the wording can be tested without Word, and the Word side without a session.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Fact:
    """A label and its value: a row of the cover's details or of an "at a glance" list."""

    label: str
    value: str


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    widths: list[float]
    """Relative column widths; the renderer spreads them over the page's text width."""
    # A row of a single cell spans the whole table: it names the group of rows below it (phase and activity).
    bold_last_row: bool = False


@dataclass(frozen=True)
class Quote:
    """A participant's words as they wrote them, and the line that says whose they are (sector; name if consented)."""

    text: str
    source: str


@dataclass(frozen=True)
class Chart:
    labels: list[str]
    values: list[int]
    caption: str
    alt: str
    """Alternative text for screen readers: the whole result in words."""


@dataclass(frozen=True)
class VoteResult:
    title: str
    facts: list[Fact]
    table: Table
    chart: Chart | None
    note: str = ""


@dataclass(frozen=True)
class ThemeBlock:
    name: str
    quotes: list[Quote]
    empty: str = ""
    """The sentence shown when no contribution is in the theme."""


@dataclass(frozen=True)
class PropositionItem:
    text: str
    builds_on: str = ""


@dataclass(frozen=True)
class PhotoItem:
    """A photo of the room's paper as the minutes place it: its file (None when it is not on this laptop), its
    pixels, the caption under it ("Photo 3: Group 3's postcard (Creative community)") and its words for a screen
    reader."""

    path: Path | None
    width: int
    height: int
    caption: str
    alt: str
    missing: str = ""
    """Said instead of the picture when its file is not here (a session imported without its photos)."""


@dataclass(frozen=True)
class PhotoBlock:
    """One activity's photos, under a heading that names the activity."""

    heading: str
    photos: list[PhotoItem]


@dataclass
class PhaseSection:
    """One phase of the cycle. ``empty`` is set, and everything else left empty, when the phase has nothing."""

    phase: str
    heading: str
    intro: str = ""
    empty: str = ""
    topic_label: str = ""
    topic: str = ""
    themes: list[ThemeBlock] = field(default_factory=list)
    propositions_heading: str = ""
    propositions: list[PropositionItem] = field(default_factory=list)
    votes: list[VoteResult] = field(default_factory=list)
    actions_heading: str = ""
    actions: Table | None = None
    actions_note: str = ""
    follow_up_heading: str = ""
    follow_up: list[Fact] = field(default_factory=list)
    """When and where the group meets again (Destiny), once it is set."""
    others_heading: str = ""
    others: list[Quote] = field(default_factory=list)
    photos: list[PhotoBlock] = field(default_factory=list)


@dataclass
class DocumentFrame:
    """What every document has around its content: language, metadata, footer."""

    lang: str
    locale_tag: str
    """BCP 47 tag for Word's proofing and hyphenation (``sl-SI``)."""
    title: str
    subject: str
    author: str
    footer: str
    """Footer text with ``{page}`` and ``{pages}`` where the page fields go."""
    keywords: str = ""


@dataclass(frozen=True)
class Ranked:
    """One line of a ranked list on the summary page: the words, and what ranks them."""

    text: str
    detail: str


@dataclass
class SummaryContext:
    """The one page a partner reads before deciding whether to read on: topic, attendance, results, next steps."""

    heading: str
    topic_label: str
    topic: str
    facts: list[Fact]
    themes_label: str
    themes: list[Ranked]
    themes_empty: str
    propositions_label: str
    propositions: list[Ranked]
    propositions_empty: str
    actions_label: str
    actions: list[str]
    """The action plan in one line, then the next meeting where one was set."""


@dataclass
class MinutesContext:
    frame: DocumentFrame
    title: str
    subtitle: str
    cover: list[Fact]
    topic_label: str
    topic: str
    status: str
    prepared: str
    toc_title: str
    glance_heading: str
    glance: list[Fact]
    sectors_heading: str
    sectors: Table | None
    sectors_empty: str
    phases_heading: str
    phases: Table
    agenda_heading: str
    agenda_note: str
    agenda: Table
    sections: list[PhaseSection]
    annex_heading: str
    contributions_heading: str
    contributions: Table | None
    contributions_note: str
    participants_heading: str
    participants_facts: list[Fact]
    participants: Table | None
    participants_empty: str
    privacy_heading: str
    privacy: list[str]
    sectors_note: str = ""
    """How many of those counted were present without a phone (counted on paper)."""
    organisations: str = ""
    """The organisations listed with their people's consent, as one line."""
    attendance_heading: str = ""
    attendance: Table | None = None
    """Everyone present by sector, on a phone and on paper: the count a programme report asks for."""
    attendance_note: str = ""
    photos_heading: str = ""
    photos: Table | None = None
    """The annex's list of every photo in the minutes (number, activity, caption, sender, time)."""
    photos_note: str = ""
    summary: SummaryContext | None = None
    programme_heading: str = ""
    programme: Table | None = None


@dataclass(frozen=True)
class AgendaStep:
    heading: str
    facts: list[Fact]
    prompt_label: str
    prompt: str
    instructions_label: str
    instructions: str


@dataclass(frozen=True)
class AgendaPhase:
    heading: str
    steps: list[AgendaStep]


@dataclass
class AgendaContext:
    frame: DocumentFrame
    title: str
    subtitle: str
    cover: list[Fact]
    topic_label: str
    topic: str
    description: str
    note: str
    table_heading: str
    table: Table
    phases: list[AgendaPhase]


@dataclass
class RegionThemes:
    """One session's themes of a phase in the synthesis: names with their weight, a few quotes as written."""

    heading: str
    themes: list[ThemeBlock]
    empty: str = ""


@dataclass
class SynthesisPhase:
    heading: str
    intro: str
    overview: Table
    """Region by region, the theme names side by side."""
    regions: list[RegionThemes]


@dataclass
class RegionTable:
    heading: str
    table: Table | None
    empty: str = ""
    note: str = ""


@dataclass
class RecurrenceBlock:
    title: str
    table: Table


@dataclass
class SynthesisContext:
    """One document across sessions (regions): what each did, side by side, and what may recur between them."""

    frame: DocumentFrame
    title: str
    subtitle: str
    cover: list[Fact]
    prepared: str
    toc_title: str
    sessions_heading: str
    sessions: Table
    groups_heading: str
    groups: list[Table]
    phases: list[SynthesisPhase]
    propositions_heading: str
    propositions_intro: str
    propositions: list[RegionTable]
    actions_heading: str
    actions: Table | None
    actions_empty: str
    recurs_heading: str
    recurs_intro: str
    recurs: list[RecurrenceBlock]
    recurs_empty: str
    notes_heading: str
    notes: list[str]
