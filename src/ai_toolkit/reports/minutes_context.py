"""From a session's state to what its minutes say: every label resolved, every time local, every text clean.

Rules of the method that the minutes keep: quotes stay in the participant's words; a quote is attributed by
sector, by name only where the person agreed to be named, a partner's story by the storyteller's sector
(``naming.attribution``); hidden and withdrawn contributions are left out everywhere; an empty phase says so
instead of leaving a bare heading. Attendance, the participants' annex and the data note: ``people_context``.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path

from ai_toolkit.facilitation.decisions.attendance import present
from ai_toolkit.facilitation.decisions.naming import attribution, carried_by
from ai_toolkit.i18n.glossary import vote_title as named_vote
from ai_toolkit.i18n.sectors import sector_label
from ai_toolkit.model.enums import PHASE_ORDER, Phase, Source
from ai_toolkit.model.outcomes import action_plan
from ai_toolkit.model.plan import pick
from ai_toolkit.model.session import ActivityRun, Commitment, Contribution, SessionState, VoteOption, VoteRound
from ai_toolkit.reports import method_context as method
from ai_toolkit.reports.context import (
    Chart,
    DocumentFrame,
    Fact,
    MinutesContext,
    PhaseSection,
    Quote,
    Table,
    ThemeBlock,
    VoteResult,
)
from ai_toolkit.reports.labels import LOCALE_TAGS, Labels, plain
from ai_toolkit.reports.people_context import attendance_table, participants, privacy_note, sector_table
from ai_toolkit.reports.photos_context import photo_pages
from ai_toolkit.reports.summary_context import programme_table, summary_context

DASH = "–"
CHART_BARS = 15


class Minutes:
    """One build: the state, the reader's labels, and small helpers the sections share (the synthesis across
    regions uses the same helpers, so a quote is attributed there exactly as in the session's own minutes)."""

    def __init__(self, state: SessionState, labels: Labels, now: datetime, folder: Path | None = None) -> None:
        self.s = state
        self.L = labels
        self.lang = labels.lang
        self.now = now
        self.titles = {a.id: plain(pick(a.title, self.lang)) for _, a in state.plan.steps()}
        self.photos = photo_pages(state, labels, self.titles, folder)

    # -- words for things --------------------------------------------------------------------------------
    def sector(self, sector: str) -> str:
        return plain(sector_label(self.s.plan, sector, self.lang))

    def phase(self, phase: Phase) -> str:
        return self.L(f"phase.{phase.value}")

    def activity(self, activity_id: str) -> str:
        return self.titles.get(activity_id) or activity_id

    def owner(self, k: Commitment) -> str:
        """Who carries a commitment: the action team and its people as they agreed to be shown."""
        return plain(carried_by(self.s, k, self.sector))

    def named(self, c: Contribution) -> str:
        """The author's name only when they agreed to be named (never a partner's story's sender)."""
        return plain(attribution(self.s, c).name)

    def who(self, c: Contribution) -> str:
        """Whose words: a name only with consent, always the storyteller's sector; a partner's story says so."""
        who = attribution(self.s, c)
        sector = self.sector(c.sector)
        if who.partner_story:
            return self.L("quote.partner", sector=sector)
        name = plain(who.name)
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
        used |= set(self.photos.blocks)
        return [p for p in PHASE_ORDER if p in planned or p in used]

    def glance(self) -> list[Fact]:
        s, L = self.s, self.L
        used = sum(r.seconds(self.now) for r in s.runs)
        planned = s.plan.minutes * 60
        follow = method.follow_up(s, L)
        return [
            Fact(L("glance.participants"), L.number(present(s).total)),
            Fact(L("glance.contributions"), L.number(len(s.visible_contributions()))),
            Fact(L("glance.themes"), L.number(len(s.live_themes()))),
            Fact(L("glance.propositions"), L.number(sum(not p.hidden for p in s.propositions.values()))),
            Fact(L("glance.commitments"), L.number(sum(not c.hidden for c in s.commitments.values()))),
            *[Fact(L("destiny.follow_up"), ", ".join(f.value for f in follow))] * bool(follow),
            Fact(L("glance.photos"), L.number(self.photos.count)),
            Fact(L("glance.time"), f"{L.duration(used)} / {L.duration(planned)}"),
        ]

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
    def option_label(self, option: VoteOption) -> str:
        """An option as the room knows it now: its proposition's or theme's current words, else its own label."""
        s = self.s
        if option.ref in s.propositions:
            return plain(s.propositions[option.ref].text)
        if option.ref in s.themes:
            return plain(s.themes[option.ref].name)
        return plain(option.label)

    def vote_title(self, vote: VoteRound) -> str:
        """The vote's own title, or the glossary's name for a dot-vote in the reader's language."""
        return plain(named_vote(plain(vote.title), self.lang))

    def vote(self, vote: VoteRound) -> VoteResult:
        L = self.L
        tally = vote.tally()
        total = sum(n for _, n in tally)
        rows, labels, values = [], [], []
        for option, n in tally:
            label = self.option_label(option)
            rank = 1 + sum(1 for _, m in tally if m > n)
            rows.append([L.number(rank), label, L.number(n), L.percent(n / total) if total else DASH])
            labels.append(label)
            values.append(n)
        title = self.vote_title(vote)
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
        sec = PhaseSection(phase=phase.value, heading=heading, intro=method.intro(s, L, phase))
        live = {t.id for t in s.live_themes()}
        if phase == Phase.DEFINE and s.info.affirmative_topic:
            sec.topic_label = method.topic_label(s, L)
            sec.topic = L("quote.marks", text=plain(s.info.affirmative_topic))
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
            sec.propositions = method.proposition_items(s, L)
            sec.propositions_heading = L("design.propositions") if sec.propositions else ""
        votes = [v for v in s.votes.values() if v.phase == phase]
        sec.votes = [self.vote(v) for v in votes]
        if phase == Phase.DESTINY:
            self.action_plan(sec)
        others = [c for c in s.visible_contributions(phase) if c.theme_id not in live and method.quoted(c)]
        if others:
            if phase == Phase.DESIGN and sec.propositions:
                sec.others_heading = L("design.not_taken_up")
            else:
                sec.others_heading = L("others.after_themes") if sec.themes else L("others.heading")
            sec.others = [self.quote(c) for c in others]
        sec.photos = self.photos.blocks.get(phase, [])
        if not (
            sec.topic
            or sec.themes
            or sec.propositions
            or sec.votes
            or sec.actions
            or sec.others
            or sec.follow_up
            or sec.photos
        ):
            held = any(r.phase == phase for r in s.runs)
            sec.empty = L("empty.nothing") if held else L("empty.not_held")
            sec.intro = ""
        return sec

    def action_plan(self, sec: PhaseSection) -> None:
        L = self.L
        sec.follow_up = method.follow_up(self.s, L)
        sec.follow_up_heading = L("destiny.follow_up") if sec.follow_up else ""
        commitments = action_plan(self.s)
        if not commitments:
            return
        rows = [
            [
                method.what(self.s, L, c),
                self.owner(c) or DASH,
                L.date(c.by_when, "medium") if c.by_when else DASH,
                plain(c.first_step) or DASH,
                plain(c.support_needed) or DASH,
            ]
            for c in commitments
        ]
        sec.actions_heading = L("destiny.plan")
        header = [L("col.what"), L("col.who"), L("col.by_when"), L("col.first_step"), L("col.support")]
        sec.actions = Table(header, rows, [4.4, 2.6, 2.2, 3.6, 3.2])
        missing = method.wishes(commitments)
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

    def build(self) -> MinutesContext:
        L, info = self.L, self.s.info
        title = plain(info.title)
        agenda, agenda_note = self.agenda()
        contributions, contributions_note = self.contributions()
        participant_facts, named, organisations = participants(self.s, L)
        sectors, sectors_note = sector_table(self.s, L)
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
            topic_label=method.topic_label(self.s, L),
            topic=L("quote.marks", text=plain(info.affirmative_topic)) if plain(info.affirmative_topic) else "",
            status=self.status(),
            prepared=L("prepared", date=L.date(L.local(self.now).date()), time=L.time(self.now)),
            toc_title=L("toc"),
            glance_heading=L("glance.heading"),
            glance=self.glance(),
            sectors_heading=L("glance.sectors"),
            sectors=sectors,
            sectors_note=sectors_note,
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
            participants=named,
            participants_empty=L("annex.none_named"),
            organisations=organisations,
            attendance_heading=L("attendance.heading"),
            attendance=attendance_table(self.s, L),
            attendance_note=L("attendance.note"),
            privacy_heading=L("privacy.heading"),
            privacy=privacy_note(self.s, L),
            photos_heading=L("annex.photos"),
            photos=self.photos.table,
            photos_note=self.photos.note,
            summary=summary_context(self.s, L),
            programme_heading=L("programme.heading"),
            programme=programme_table(self.s, L),
        )


def minutes_context(
    state: SessionState,
    lang: str | None = None,
    *,
    now: datetime | None = None,
    tz: tzinfo | None = None,
    folder: Path | None = None,
) -> MinutesContext:
    """What the minutes of ``state`` say, in ``lang`` (the session's language by default).

    ``now`` closes the running activity for the "as it ran" times; ``tz`` is the room's time zone (the machine's
    own by default: the minutes are made on the facilitator's laptop, in the room). ``folder`` is the session's,
    where its photos are (without it, each photo is a note that its file is not here).
    """
    labels = Labels(lang or state.info.language, tz)
    return Minutes(state, labels, now or datetime.now(UTC), folder).build()
