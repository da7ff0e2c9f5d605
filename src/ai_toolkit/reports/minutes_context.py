"""From a session's state to what its minutes say: every label resolved, every time local, every text clean.

Rules of the method that the minutes keep: quotes stay in the participant's words; a quote is attributed by
sector, by name only where the person agreed to be named; hidden and withdrawn contributions are left out
everywhere; an empty phase says so instead of leaving a bare heading.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta, tzinfo

from ai_toolkit.facilitation.decisions.naming import named_participants, shown_name
from ai_toolkit.i18n.glossary import vote_title
from ai_toolkit.i18n.sectors import sector_label
from ai_toolkit.model.enums import PHASE_ORDER, Phase, Source
from ai_toolkit.model.plan import pick
from ai_toolkit.model.session import ActivityRun, Contribution, SessionState, VoteRound
from ai_toolkit.reports.context import (
    Chart,
    DocumentFrame,
    Fact,
    MinutesContext,
    PhaseSection,
    PropositionItem,
    Quote,
    Table,
    ThemeBlock,
    VoteResult,
)
from ai_toolkit.reports.labels import LOCALE_TAGS, Labels, plain

DASH = "–"
CHART_BARS = 15


class _Minutes:
    """One build: the state, the reader's labels, and small helpers the sections share."""

    def __init__(self, state: SessionState, labels: Labels, now: datetime) -> None:
        self.s = state
        self.L = labels
        self.lang = labels.lang
        self.now = now
        self.titles = {a.id: plain(pick(a.title, self.lang)) for _, a in state.plan.steps()}

    # -- words for things --------------------------------------------------------------------------------
    def sector(self, sector: str) -> str:
        return plain(sector_label(self.s.plan, sector, self.lang))

    def phase(self, phase: Phase) -> str:
        return self.L(f"phase.{phase.value}")

    def activity(self, activity_id: str) -> str:
        return self.titles.get(activity_id) or activity_id

    def named(self, participant_id: str | None) -> str:
        """The author's name only when they agreed to be named in the minutes."""
        return plain(shown_name(self.s, participant_id))

    def owner_sector(self, participant_id: str | None) -> str:
        """An anonymous participant's own commitment is theirs: say whose by sector, as quotes do."""
        p = self.s.participants.get(participant_id or "")
        return self.sector(p.sector) if p is not None else ""

    def who(self, c: Contribution) -> str:
        name = self.named(c.participant_id)
        sector = self.sector(c.sector)
        return self.L("quote.named", name=name, sector=sector) if name else sector

    def quote(self, c: Contribution) -> Quote:
        return Quote(
            text=self.L("quote.marks", text=plain(c.text)),
            source=f"{self.L(f'kind.{c.kind.value}')} · {self.who(c)}",
        )

    # -- cover -------------------------------------------------------------------------------------------
    def span(self) -> str:
        runs = self.s.runs
        if not runs:
            return ""
        end = self.s.ended_at or runs[-1].ended_at or self.now
        return f"{self.L.time(runs[0].started_at)}{DASH}{self.L.time(end)}"

    def cover(self) -> list[Fact]:
        info = self.s.info
        facts = [
            Fact(self.L("cover.project"), plain(info.project)),
            Fact(self.L("cover.partner"), plain(info.partner)),
            Fact(self.L("cover.region"), plain(info.region)),
            Fact(self.L("cover.venue"), plain(info.venue)),
            Fact(self.L("cover.date"), self.L.date(info.date)),
            Fact(self.L("cover.time"), self.span()),
            Fact(self.L("cover.facilitators"), ", ".join(plain(f) for f in info.facilitators)),
            Fact(self.L("cover.plan"), plain(pick(self.s.plan.name, self.lang))),
        ]
        return [f for f in facts if f.value]

    def status(self) -> str:
        if not self.s.runs:
            return self.L("status.not_started")
        if self.s.ended_at is None:
            return self.L("status.interim", time=self.L.time(self.now))
        return ""

    # -- at a glance -------------------------------------------------------------------------------------
    def phases_in_minutes(self) -> list[Phase]:
        """The plan's phases, plus any other phase something was recorded in (nothing may go missing)."""
        planned = {p.phase for p in self.s.plan.phases}
        used = {c.phase for c in self.s.contributions.values() if not c.hidden}
        used |= {t.phase for t in self.s.live_themes()} | {v.phase for v in self.s.votes.values()}
        return [p for p in PHASE_ORDER if p in planned or p in used]

    def glance(self) -> list[Fact]:
        s, L = self.s, self.L
        used = sum(r.seconds(self.now) for r in s.runs)
        planned = s.plan.minutes * 60
        return [
            Fact(L("glance.participants"), L.number(len(s.participants))),
            Fact(L("glance.contributions"), L.number(len(s.visible_contributions()))),
            Fact(L("glance.themes"), L.number(len(s.live_themes()))),
            Fact(L("glance.propositions"), L.number(sum(not p.hidden for p in s.propositions.values()))),
            Fact(L("glance.commitments"), L.number(sum(not c.hidden for c in s.commitments.values()))),
            Fact(L("glance.time"), f"{L.duration(used)} / {L.duration(planned)}"),
        ]

    def sectors(self) -> Table | None:
        counts = self.s.sector_counts()
        total = sum(counts.values())
        if not total:
            return None
        rows = [[self.sector(sec), self.L.number(n), self.L.percent(n / total)] for sec, n in counts.items()]
        rows.append([self.L("total"), self.L.number(total), self.L.percent(1)])
        return Table(
            [self.L("col.sector"), self.L("col.participants"), self.L("col.share")],
            rows,
            [6, 3, 3],
            bold_last_row=True,
        )

    def phase_table(self) -> Table:
        L, s = self.L, self.s
        planned = {p.phase: p.minutes for p in s.plan.phases}
        rows = []
        for phase in self.phases_in_minutes():
            rows.append(
                [
                    self.phase(phase),
                    L.number(len(s.visible_contributions(phase))),
                    L.number(planned[phase]) if phase in planned else DASH,
                    L.minutes(s.phase_seconds(phase, self.now)),
                ]
            )
        rows.append(
            [
                L("total"),
                L.number(len(s.visible_contributions())),
                L.number(s.plan.minutes),
                L.minutes(sum(r.seconds(self.now) for r in s.runs)),
            ]
        )
        header = [L("col.phase"), L("col.contributions"), L("col.planned_min"), L("col.used_min")]
        return Table(header, rows, [5, 3, 3, 3], bold_last_row=True)

    # -- the agenda as it ran ----------------------------------------------------------------------------
    def agenda(self) -> tuple[Table, str]:
        L, s = self.L, self.s
        runs: dict[str, list[ActivityRun]] = defaultdict(list)
        for run in s.runs:
            runs[run.activity_id].append(run)
        anchor = s.runs[0].started_at if s.runs else None
        offset = 0
        rows, repeated = [], False
        for phase, activity in s.plan.steps():
            if anchor is not None:
                planned_start = L.time(anchor + timedelta(minutes=offset))
            else:
                planned_start = L.duration(offset * 60)
            mine = runs.get(activity.id, [])
            if mine:
                started = L.time(mine[0].started_at)
                length = L.minutes(sum(r.seconds(self.now) for r in mine))
                if any(r.ended_at is None for r in mine) and s.ended_at is None:
                    length = L("ran.running", minutes=length)
                if len(mine) > 1:
                    repeated = True
                    length += " *"
            else:
                started, length = DASH, DASH
            rows.append([self.phase(phase), self.activity(activity.id), planned_start, L.number(activity.minutes)])
            rows[-1] += [started, length]
            offset += activity.minutes
        notes = []
        if anchor is None:
            notes.append(L("ran.not_started"))
        if repeated:
            notes.append(L("ran.repeated"))
        header = [
            L("col.phase"),
            L("col.activity"),
            L("col.planned_start"),
            L("col.planned_min"),
            L("col.actual_start"),
            L("col.actual_min"),
        ]
        return Table(header, rows, [2.2, 4.2, 2.0, 1.8, 2.0, 1.8]), " ".join(notes)

    # -- the phases --------------------------------------------------------------------------------------
    def vote(self, vote: VoteRound) -> VoteResult:
        L, s = self.L, self.s
        tally = vote.tally()
        total = sum(n for _, n in tally)
        rows, labels, values = [], [], []
        for option, n in tally:
            label = plain(option.label)
            if option.ref in s.propositions:
                label = plain(s.propositions[option.ref].text)
            elif option.ref in s.themes:
                label = plain(s.themes[option.ref].name)
            rank = 1 + sum(1 for _, m in tally if m > n)
            rows.append([L.number(rank), label, L.number(n), L.percent(n / total) if total else DASH])
            labels.append(label)
            values.append(n)
        title = plain(vote_title(plain(vote.title), self.lang))
        chart = None
        if total:
            alt = "; ".join(f"{lab}: {val}" for lab, val in zip(labels, values, strict=True))
            caption = L("vote.chart_caption", title=title)
            if len(labels) > CHART_BARS:  # a page holds about 15 bars; the table above has every option
                labels, values = labels[:CHART_BARS], values[:CHART_BARS]
                caption += f" (1{DASH}{CHART_BARS})"
            chart = Chart(labels, values, caption, L("vote.chart_alt", result=alt))
        note = L("vote.open") if vote.is_open else ("" if total else L("vote.no_dots"))
        return VoteResult(
            title=title,
            facts=[
                Fact(L("vote.ballots"), L.number(len(vote.ballots))),
                Fact(L("vote.dots_each"), L.number(vote.dots)),
                Fact(L("vote.dots_total"), L.number(total)),
            ],
            table=Table([L("col.rank"), L("col.option"), L("col.dots"), L("col.share")], rows, [1.8, 10.4, 1.8, 2]),
            chart=chart,
            note=note,
        )

    def section(self, phase: Phase) -> PhaseSection:
        L, s = self.L, self.s
        heading = L(f"section.{phase.value}", phase=self.phase(phase))  # "Uresničevanje: akcijski načrt"
        sec = PhaseSection(phase=phase.value, heading=heading, intro=L(f"intro.{phase.value}"))
        live = {t.id for t in s.live_themes()}
        if phase == Phase.DEFINE and s.info.affirmative_topic:
            sec.topic_label, sec.topic = L("cover.topic"), L("quote.marks", text=plain(s.info.affirmative_topic))
        themes = s.live_themes(phase)
        if themes:
            for theme in themes:
                members = s.theme_members(theme.id)
                sec.themes.append(
                    ThemeBlock(
                        name=plain(theme.name),
                        quotes=[self.quote(c) for c in members],
                        empty="" if members else L("themes.empty"),
                    )
                )
        if phase == Phase.DESIGN:
            props = [p for p in s.propositions.values() if not p.hidden]
            if props:
                sec.propositions_heading = L("design.propositions")
                for p in props:
                    names = [plain(s.themes[t].name) for t in p.theme_ids if t in live]
                    sec.propositions.append(
                        PropositionItem(plain(p.text), L("design.builds_on", themes=", ".join(names)) if names else "")
                    )
        votes = [v for v in s.votes.values() if v.phase == phase]
        sec.votes = [self.vote(v) for v in votes]
        if phase == Phase.DESTINY:
            self.action_plan(sec)
        others = [c for c in s.visible_contributions(phase) if c.theme_id not in live]
        if others:
            sec.others_heading = L("others.after_themes") if sec.themes else L("others.heading")
            sec.others = [self.quote(c) for c in others]
        if not (sec.topic or sec.themes or sec.propositions or sec.votes or sec.actions or sec.others):
            held = any(r.phase == phase for r in s.runs)
            sec.empty = L("empty.nothing") if held else L("empty.not_held")
            sec.intro = ""
        return sec

    def action_plan(self, sec: PhaseSection) -> None:
        L = self.L
        commitments = [c for c in self.s.commitments.values() if not c.hidden]
        if not commitments:
            return
        rows = [
            [
                plain(c.what),
                plain(c.who) or self.owner_sector(c.participant_id) or DASH,
                L.date(c.by_when, "medium") if c.by_when else DASH,
                plain(c.first_step) or DASH,
                plain(c.support_needed) or DASH,
            ]
            for c in commitments
        ]
        sec.actions_heading = L("destiny.plan")
        header = [L("col.what"), L("col.who"), L("col.by_when"), L("col.first_step"), L("col.support")]
        sec.actions = Table(header, rows, [4.4, 2.6, 2.2, 3.6, 3.2])
        missing = sum(1 for c in commitments if not c.who.strip() or c.by_when is None)
        if missing:
            sec.actions_note = L("destiny.missing", n=L.number(missing))

    # -- annex -------------------------------------------------------------------------------------------
    def contributions(self) -> tuple[Table | None, str]:
        L, s = self.L, self.s
        visible = sorted(s.visible_contributions(), key=lambda c: c.at)
        hidden = len(s.contributions) - len(visible)
        note = L("annex.hidden", n=L.number(hidden)) if hidden else ""
        if not visible:
            return None, " ".join(x for x in (L("annex.none"), note) if x)
        source = {Source.PARTICIPANT: L("source.participant"), Source.FACILITATOR: L("source.facilitator")}
        edited = L("source.edited")
        phases = {p: self.phase(p) for p in Phase}
        rows: list[list[str]] = []
        group: tuple[Phase, str] | None = None
        for c in visible:
            if (c.phase, c.activity_id) != group:  # a row across the table whenever phase or activity changes
                group = (c.phase, c.activity_id)
                rows.append([f"{phases[c.phase]} · {self.activity(c.activity_id)}"])
            how = source[c.source] + (f", {edited}" if c.edited else "")
            rows.append([L.time(c.at), f"{self.who(c)}\n{how}", plain(c.text)])
        header = [L("col.time"), L("col.sector_source"), L("col.contribution")]
        return Table(header, rows, [1.5, 3.9, 10.6]), note

    def participants(self) -> tuple[list[Fact], Table | None]:
        L, s = self.L, self.s
        named = [p for p in named_participants(s) if plain(p.name)]
        facts = [
            Fact(L("annex.took_part"), L.number(len(s.participants))),
            Fact(L("annex.named"), L.number(len(named))),
        ]
        if not named:
            return facts, None
        rows = [[plain(p.name), plain(p.organisation) or DASH, self.sector(p.sector)] for p in named]
        return facts, Table([L("col.name"), L("col.organisation"), L("col.sector")], rows, [5, 6, 5])

    def privacy(self) -> list[str]:
        keeper = plain(self.s.info.partner) or self.L("privacy.organisers")
        return [
            self.L("privacy.collected"),
            self.L("privacy.how"),
            self.L("privacy.names"),
            self.L("privacy.kept", keeper=keeper),
        ]

    def build(self) -> MinutesContext:
        L, info = self.L, self.s.info
        title = plain(info.title)
        agenda, agenda_note = self.agenda()
        contributions, contributions_note = self.contributions()
        participant_facts, participants = self.participants()
        short = title if len(title) <= 60 else title[:59].rstrip() + "…"
        return MinutesContext(
            frame=DocumentFrame(
                lang=self.lang,
                locale_tag=LOCALE_TAGS[self.lang],
                title=title,
                subject=L("doc.subject"),
                author=plain(info.partner) or ", ".join(plain(f) for f in info.facilitators),
                footer=f"{short} · {self.L.date(info.date, 'medium')}\t" + L("footer.page"),
                keywords=", ".join(x for x in (plain(info.project), plain(info.region)) if x),
            ),
            title=title,
            subtitle=L("doc.subtitle"),
            cover=self.cover(),
            topic_label=L("cover.topic"),
            topic=L("quote.marks", text=plain(info.affirmative_topic)) if plain(info.affirmative_topic) else "",
            status=self.status(),
            prepared=L("prepared", date=L.date(L.local(self.now).date()), time=L.time(self.now)),
            toc_title=L("toc"),
            glance_heading=L("glance.heading"),
            glance=self.glance(),
            sectors_heading=L("glance.sectors"),
            sectors=self.sectors(),
            sectors_empty=L("glance.no_participants"),
            phases_heading=L("glance.phases"),
            phases=self.phase_table(),
            agenda_heading=L("ran.heading"),
            agenda_note=agenda_note,
            agenda=agenda,
            sections=[self.section(p) for p in self.phases_in_minutes()],
            annex_heading=L("annex.heading"),
            contributions_heading=L("annex.contributions"),
            contributions=contributions,
            contributions_note=contributions_note,
            participants_heading=L("annex.participants"),
            participants_facts=participant_facts,
            participants=participants,
            participants_empty=L("annex.none_named"),
            privacy_heading=L("privacy.heading"),
            privacy=self.privacy(),
        )


def minutes_context(
    state: SessionState, lang: str | None = None, *, now: datetime | None = None, tz: tzinfo | None = None
) -> MinutesContext:
    """What the minutes of ``state`` say, in ``lang`` (the session's language by default).

    ``now`` closes the running activity for the "as it ran" times; ``tz`` is the room's time zone (the machine's
    own by default: the minutes are made on the facilitator's laptop, in the room).
    """
    labels = Labels(lang or state.info.language, tz)
    return _Minutes(state, labels, now or datetime.now(UTC)).build()
