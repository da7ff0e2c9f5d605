"""From several sessions (one per region) to what the synthesis says, in the reader's language.

The same focus group runs in eight regions; the transnational learning compares them. Each session keeps its own
words: quotes stay in the language they were written in, marked with it, and are attributed exactly as in that
session's own minutes (``Minutes.who``: by sector, by name only where the person agreed). Rankings come from
``model.outcomes`` and headcounts from ``model.programme``, as in the minutes.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo

from ai_toolkit.model.enums import Phase
from ai_toolkit.model.outcomes import action_plan, ranked_propositions, theme_strengths
from ai_toolkit.model.programme import ProgrammeGroup, attendance_by_group
from ai_toolkit.model.session import Contribution, SessionState
from ai_toolkit.reports.context import (
    DocumentFrame,
    Fact,
    Quote,
    RecurrenceBlock,
    RegionTable,
    RegionThemes,
    SynthesisContext,
    SynthesisPhase,
    Table,
    ThemeBlock,
)
from ai_toolkit.reports.labels import LOCALE_TAGS, Labels, check_lang, plain
from ai_toolkit.reports.minutes_context import DASH, Minutes
from ai_toolkit.reports.recurring import ThemeWords, recurring
from ai_toolkit.reports.summary_context import sector_line, shorten

QUOTES_PER_THEME = 3
THEMES_COMPARED = 40
"""Per session and phase, the strongest themes that take part in "what recurs" (a bound on the pairs compared)."""
PROPOSITIONS_SHOWN = 40
GROUP_COLUMNS = 5
"""Regions side by side in one target-group table: more do not fit the width of an A4 page."""
PHASES = (Phase.DISCOVER, Phase.DREAM)


def region_names(states: list[SessionState], L: Labels) -> list[str]:
    """What a session is called in the synthesis: its region (or partner, or title); with the date when two share it."""
    base = [plain(s.info.region) or plain(s.info.partner) or plain(s.info.title) for s in states]
    return [
        f"{name} ({L.date(s.info.date, 'medium')})" if base.count(name) > 1 else name
        for name, s in zip(base, states, strict=True)
    ]


def _members(state: SessionState) -> dict[str, list[Contribution]]:
    """Every theme's visible contributions, in one pass (asking the state theme by theme reads them all each time)."""
    out: dict[str, list[Contribution]] = {}
    for c in state.contributions.values():
        if c.theme_id is not None and not c.hidden:
            out.setdefault(c.theme_id, []).append(c)
    return out


class _Synthesis:
    def __init__(self, states: list[SessionState], labels: Labels, now: datetime, title: str) -> None:
        self.states = states
        self.L = labels
        self.now = now
        self.title = title
        self.regions = region_names(states, labels)
        self.minutes = [Minutes(s, labels, now) for s in states]
        self.members = [_members(s) for s in states]

    # -- the sessions ------------------------------------------------------------------------------------
    def sessions(self) -> Table:
        L = self.L
        rows = []
        for name, s in zip(self.regions, self.states, strict=True):
            rows.append(
                [
                    name,
                    plain(s.info.partner) or DASH,
                    L.date(s.info.date, "medium"),
                    sector_line(s, L),
                    L.number(len(s.visible_contributions())),
                    L.duration(sum(r.seconds(self.now) for r in s.runs)),
                ]
            )
        header = [
            L("cover.region"),
            L("cover.partner"),
            L("cover.date"),
            L("synthesis.col.participants"),
            L("col.contributions"),
            L("synthesis.col.duration"),
        ]
        return Table(header, rows, [2.3, 2.4, 2.0, 4.5, 2.6, 2.2])

    def groups(self) -> list[Table]:
        L = self.L
        counts = [attendance_by_group(s) for s in self.states]
        tables = []
        for start in range(0, len(self.states), GROUP_COLUMNS):
            cols = range(start, min(start + GROUP_COLUMNS, len(self.states)))
            last = cols.stop == len(self.states)
            rows = []
            for group in ProgrammeGroup:
                row = [L(f"group.{group.value}")] + [L.number(counts[i][group].total) for i in cols]
                if last:
                    row.append(L.number(sum(c[group].total for c in counts)))
                rows.append(row)
            totals = [L.number(sum(n.total for n in counts[i].values())) for i in cols]
            if last:
                totals.append(L.number(sum(n.total for c in counts for n in c.values())))
            rows.append([L("total"), *totals])
            header = [L("col.group")] + [self.regions[i] for i in cols] + ([L("total")] if last else [])
            tables.append(Table(header, rows, [4.5] + [1.8] * (len(header) - 1), bold_last_row=True))
        return tables

    # -- themes side by side -----------------------------------------------------------------------------
    def quotes(self, m: Minutes, members: list[Contribution]) -> list[Quote]:
        """A few of the theme's own words, from different sectors where it has them, each marked with its language."""
        chosen: list[int] = []
        sectors = set()
        for i, c in enumerate(members):
            if c.sector not in sectors:
                chosen.append(i)
                sectors.add(c.sector)
            if len(chosen) == QUOTES_PER_THEME:
                break
        rest = (i for i in range(len(members)) if i not in chosen)
        chosen += [i for _, i in zip(range(QUOTES_PER_THEME - len(chosen)), rest, strict=False)]
        picked = [members[i] for i in sorted(chosen)]
        out = []
        for c in picked:
            q = m.quote(c)
            marked = self.L("synthesis.quote_source", source=q.source, language=self.L.language(c.language))
            out.append(Quote(q.text, marked))
        return out

    def phase(self, phase: Phase) -> SynthesisPhase:
        L = self.L
        rows, regions = [], []
        for i, (name, s, m) in enumerate(zip(self.regions, self.states, self.minutes, strict=True)):
            strengths = theme_strengths(s, phase)
            names = [f"{plain(t.theme.name)} ({L.number(t.contributions)})" for t in strengths]
            rows.append([name, "\n".join(names) or L("synthesis.no_themes")])
            blocks = []
            for t in strengths:
                members = self.members[i].get(t.theme.id, [])
                blocks.append(
                    ThemeBlock(
                        name=f"{plain(t.theme.name)} ({L.number(t.contributions)})",
                        quotes=self.quotes(m, members),
                        empty="" if members else L("themes.empty"),
                    )
                )
            regions.append(RegionThemes(name, blocks, "" if blocks else L("synthesis.no_themes")))
        return SynthesisPhase(
            heading=L(f"synthesis.{phase.value}.heading"),
            intro=L(f"synthesis.{phase.value}.intro"),
            overview=Table([L("cover.region"), L("synthesis.col.themes")], rows, [3.5, 12.5]),
            regions=regions,
        )

    # -- propositions, votes, commitments ----------------------------------------------------------------
    def propositions(self) -> list[RegionTable]:
        L = self.L
        out = []
        for name, s in zip(self.regions, self.states, strict=True):
            ranked = ranked_propositions(s)
            if not ranked:
                out.append(RegionTable(name, None, L("synthesis.no_propositions")))
                continue
            rows = [
                [
                    L.number(r.rank) if r.rank is not None else DASH,
                    plain(r.proposition.text),
                    L.number(r.dots) if r.dots is not None else DASH,
                    L.percent(r.share) if r.share is not None else DASH,
                ]
                for r in ranked[:PROPOSITIONS_SHOWN]
            ]
            more = len(ranked) - PROPOSITIONS_SHOWN
            note = L("synthesis.more_propositions", n=L.number(more)) if more > 0 else ""
            if all(r.dots is None for r in ranked):
                note = " ".join(x for x in (L("synthesis.not_voted"), note) if x)
            header = [L("col.rank"), L("kind.propositions"), L("col.dots"), L("col.share")]
            out.append(RegionTable(name, Table(header, rows, [1.6, 10.6, 1.8, 2.0]), note=note))
        return out

    def actions(self) -> Table | None:
        L = self.L
        found = []
        for i, (s, m) in enumerate(zip(self.states, self.minutes, strict=True)):
            for c in action_plan(s):
                found.append((c.by_when is None, c.by_when, i, c, m))
        if not found:
            return None
        found.sort(key=lambda it: (it[0], it[1] or date.min, it[2]))
        rows = [
            [plain(c.what), m.owner(c) or DASH, L.date(c.by_when, "medium") if c.by_when else DASH, self.regions[i]]
            for _, _, i, c, m in found
        ]
        header = [L("col.what"), L("col.who"), L("col.by_when"), L("cover.region")]
        return Table(header, rows, [7.4, 3.4, 2.4, 2.8])

    # -- what recurs -------------------------------------------------------------------------------------
    def recurs(self) -> list[RecurrenceBlock]:
        L = self.L
        themes: list[ThemeWords] = []
        where: dict[str, tuple[int, str, str]] = {}
        for i, s in enumerate(self.states):
            for phase in PHASES:
                for t in theme_strengths(s, phase)[:THEMES_COMPARED]:
                    key = f"{i}:{t.theme.id}"
                    texts = (c.text for c in self.members[i].get(t.theme.id, []))
                    themes.append(ThemeWords(i, key, t.theme.name, texts))
                    where[key] = (i, L(f"phase.{phase.value}"), plain(t.theme.name))
        blocks = []
        for r in recurring(themes):
            rows = [[self.regions[where[k][0]], where[k][1], where[k][2]] for k in r.keys]
            table = Table([L("cover.region"), L("col.phase"), L("synthesis.col.theme")], rows, [4.0, 3.0, 9.0])
            blocks.append(RecurrenceBlock(L("synthesis.recurs.words", words=", ".join(r.words)), table))
        return blocks

    # -- the whole -------------------------------------------------------------------------------------
    def cover(self) -> list[Fact]:
        L, states = self.L, self.states
        projects = sorted({plain(s.info.project) for s in states if plain(s.info.project)})
        first, last = min(s.info.date for s in states), max(s.info.date for s in states)
        dates = L.date(first) if first == last else f"{L.date(first)} {DASH} {L.date(last)}"
        languages = sorted({s.info.language for s in states}, key=lambda code: L.language(code))
        facts = [
            Fact(L("cover.project"), ", ".join(projects)),
            Fact(L("synthesis.cover.sessions"), L.number(len(states))),
            Fact(L("synthesis.cover.regions"), ", ".join(self.regions)),
            Fact(L("synthesis.cover.dates"), dates),
            Fact(L("synthesis.cover.languages"), ", ".join(L.language(code) for code in languages)),
        ]
        return [f for f in facts if f.value]

    def build(self) -> SynthesisContext:
        L = self.L
        short = shorten(self.title, 60)
        projects = ", ".join(sorted({plain(s.info.project) for s in self.states if plain(s.info.project)}))
        actions = self.actions()
        return SynthesisContext(
            frame=DocumentFrame(
                lang=L.lang,
                locale_tag=LOCALE_TAGS[L.lang],
                title=self.title,
                subject=L("synthesis.subject"),
                author=projects,
                footer=f"{short}\t" + L("footer.page"),
                keywords=", ".join(x for x in [projects, *self.regions] if x),
            ),
            title=self.title,
            subtitle=L("synthesis.subtitle"),
            cover=self.cover(),
            prepared=L("prepared", date=L.date(L.local(self.now).date()), time=L.time(self.now)),
            toc_title=L("toc"),
            sessions_heading=L("synthesis.sessions.heading"),
            sessions=self.sessions(),
            groups_heading=L("programme.heading"),
            groups=self.groups(),
            phases=[self.phase(p) for p in PHASES],
            propositions_heading=L("synthesis.propositions.heading"),
            propositions_intro=L("synthesis.propositions.intro"),
            propositions=self.propositions(),
            actions_heading=L("synthesis.actions.heading"),
            actions=actions,
            actions_empty=L("synthesis.no_actions"),
            recurs_heading=L("synthesis.recurs.heading"),
            recurs_intro=L("synthesis.recurs.intro"),
            recurs=self.recurs(),
            recurs_empty=L("synthesis.recurs.none"),
            notes_heading=L("synthesis.notes.heading"),
            notes=[L("synthesis.notes.quotes"), L("synthesis.notes.sources")],
        )


def synthesis_context(
    states: list[SessionState],
    lang: str = "en",
    *,
    title: str = "",
    now: datetime | None = None,
    tz: tzinfo | None = None,
) -> SynthesisContext:
    """What the synthesis of ``states`` says, in ``lang``; ``title`` defaults to "Synthesis across regions"."""
    if not states:
        raise ValueError("a synthesis needs at least one session")
    labels = Labels(check_lang(lang), tz)
    heading = plain(title) or labels("synthesis.title")
    return _Synthesis(states, labels, now or datetime.now(UTC), heading).build()
