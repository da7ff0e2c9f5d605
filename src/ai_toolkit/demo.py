"""A realistic demo session: an InduCCI focus group in Kranj, so one person can try everything alone.

The voices are invented (no real people from the project descriptions); the places and pilot actions are the
ones the Kranj partner ran: a help desk for creative industries in Škofja Loka, the Kulturcafé in Jesenice.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from ai_toolkit.facilitation import Facilitation, create_session
from ai_toolkit.facilitation.sessions import SessionsDir
from ai_toolkit.model.enums import Phase, Sector, Source
from ai_toolkit.plans import Toolbox

DEMO_PLAN = "inducci-industry"

PEOPLE: list[tuple[str, str, Sector, bool, str]] = [
    ("Maja K.", "Studio Preplet", Sector.CREATIVE, True, "sl"),
    ("Tomaž R.", "Livarna Gorenjska d.o.o.", Sector.COMPANY, True, "sl"),
    ("", "Občina Jesenice", Sector.ADMINISTRATION, False, "sl"),
    ("Ana P.", "Gimnazija Kranj", Sector.SCHOOL, True, "sl"),
    ("Jan V.", "", Sector.CREATIVE, False, "en"),
    ("Eva Z.", "Univerza v Ljubljani, FDV", Sector.UNIVERSITY, True, "en"),
    ("", "Kulturno društvo Jesenice", Sector.CIVIL_SOCIETY, False, "sl"),
    ("Luka B.", "Iskra Mehanizmi", Sector.COMPANY, False, "en"),
    ("Nina H.", "Creative Region Linz", Sector.CREATIVE, True, "de"),
    ("", "", Sector.CITIZEN, False, "en"),
]

STORIES: list[tuple[int, str]] = [
    (
        0,
        "Our foundry opened its casting hall for the Kulturcafé festival night: 400 people saw molten iron "
        "poured to music, and three apprentices signed up the week after.",
    ),
    (
        1,
        "Ko je oblikovalka prišla v našo livarno, smo prvič videli svoje izdelke skozi oči kupca. "
        "Embalažo smo prenovili v dveh mesecih.",
    ),
    (
        2,
        "The help desk in Škofja Loka answered more than forty artists in its first half year; for many it "
        "was the first time an office talked to them about business and not only about grants.",
    ),
    (
        3,
        "Dijaki so za gledališko predstavo izdelali rekvizite v robotskem krožku tovarne – starši so prvič "
        "vstopili v proizvodnjo.",
    ),
    (
        5,
        "A joint master's seminar paired engineering students with illustrators; two of the prototypes are "
        "now sold in the museum shop.",
    ),
    (
        8,
        "In Linz we turned an empty steel-works canteen into a co-working space in eight weeks, because the "
        "owner trusted a small team of makers.",
    ),
]
STRENGTHS = [
    (4, "People here finish what they start: the industrial work ethic is a gift to creative projects."),
    (6, "Volunteers of the culture society know every empty building and who holds the keys."),
    (2, "Short ways to the mayor's office: decisions can be made in a week."),
    (7, "Engineers who like to tinker and say yes to odd requests."),
]
WISHES = [
    (0, "A creative voucher that a company can spend with a local designer."),
    (9, "Evening opening of old halls for young people."),
]
DREAMS = [
    (1, "2030: Jesenice is known for its 'factory nights', when the halls open to artists and the public."),
    (4, "Every school in Gorenjska has a maker partner in a company around the corner."),
    (8, "Creative people move here because space is affordable and industry wants to work with them."),
    (2, "The municipality has one door for creative entrepreneurs: the help desk, now permanent."),
]
PROPOSITIONS: list[tuple[int, str]] = [
    (1, "In our region, every factory hall that falls silent becomes a workspace for makers within a year."),
    (7, "Every company with more than 50 employees works with at least one local creative professional each year."),
    (2, "Our help desk is the first stop for anyone who wants to earn a living from creativity in Gorenjska."),
    (8, "Empty halls are open to makers within a year of falling silent."),
]
"""Sent from the phones: the facilitator takes up the first three and merges the fourth into the first."""
AGREED_TOPIC = "How creative people and industry in Gorenjska thrive together, and make the region proud"
COMMITMENTS = [
    ("Open the casting hall for a second factory night", "Tomaž R.", "", 60, "Book the date with the fire brigade", ""),
    (
        "Propose the creative voucher to the council",
        "Občina Jesenice",
        "",
        90,
        "Draft with the help desk",
        "Budget line",
    ),
    (
        "Map the silent halls and their owners",
        "Tomaž R., Nina H.",
        "Open halls action team",
        30,
        "Walk the industrial zone with the municipality",
        "The land register's list of owners",
    ),
    (
        "Start a robotics-and-theatre club with the gymnasium",
        "Ana P.",
        "",
        45,
        "Ask two engineers to mentor",
        "A room after school",
    ),
]


def build_demo(
    sessions: SessionsDir, toolbox: Toolbox, *, until: Phase | None = None, now: datetime | None = None
) -> Facilitation:
    """Create and fill the demo session.

    ``until`` makes a live demo: the session stops at that phase, whose first activity starts now (the
    facilitator's TUI opens on it, timer at zero). Without it the demo runs through to the last activity.
    """
    plan = toolbox.get(DEMO_PLAN)
    end = now or datetime.now(UTC)
    # The simulated clock runs through the plan so the agenda "as it ran" has real lengths, ending now.
    stop = next((i for i, (p, _) in enumerate(plan.steps()) if p == until), None) if until is not None else None
    before = plan.steps()[:stop]
    total = sum(a.minutes + (4 if a.mode.value == "pairs" else 0) for _, a in before)
    clock_at = [end - timedelta(minutes=total + (10 if stop is None else 0))]

    def clock() -> datetime:
        return clock_at[0]

    def tick(minutes: float) -> None:
        clock_at[0] += timedelta(minutes=minutes)

    f = create_session(
        sessions,
        plan,
        title="Creative industries and industry in Gorenjska",
        language="en",
        project="InduCCI",
        partner="Business Support Centre Kranj",
        region="Gorenjska, Slovenia",
        venue="Kulturcafé, Jesenice",
        on=end.date(),
        facilitators=["Facilitator A", "Facilitator B"],
        clock=clock,
    )
    people = [f.join(name=n, organisation=o, sector=s, consent_named=c, language=lang) for n, o, s, c, lang in PEOPLE]
    steps = plan.steps()

    def contribute(items: list[tuple[int, str]]) -> list[str]:
        ids = []
        for who, text in items:
            tick(0.5)
            ids.append(f.add_contribution(text, source=Source.PARTICIPANT, participant_id=people[who].id).id)
        return ids

    made: dict[Phase, list[str]] = {}
    for i, (phase, activity) in enumerate(steps):
        if until is not None and phase == until:
            break
        f.go_to(i)
        started = clock_at[0]
        if activity.collects.value in {"stories", "strengths", "wishes"} and phase not in made:
            made[phase] = contribute(STORIES) + contribute(STRENGTHS) + contribute(WISHES)
            f.add_contribution(
                "A retired engineer mentors the Kulturcafé's repair café every Saturday.", sector=Sector.CITIZEN
            )
        elif activity.collects.value == "dreams" and phase not in made:
            made[phase] = contribute(DREAMS)
        elif activity.collects.value == "topic" and f.state.topic_agreed_at is None:
            tick(3)
            f.agree_topic(AGREED_TOPIC)
        elif activity.collects.value == "propositions" and not f.state.propositions:
            sent = contribute(PROPOSITIONS)
            dream = [t.id for t in f.state.live_themes(Phase.DREAM)]
            for k, cid in enumerate(sent[:3]):
                tick(0.5)
                f.take_up(cid, theme_ids=dream[:1] if k == 0 else [])
            f.merge_candidate(sent[3], f.state.contributions[sent[0]].proposition_id or "")
        elif activity.collects.value == "votes" and not f.state.votes:
            f.open_vote_on_propositions(dots=3, title="Which propositions do we carry forward?")
            vote = f.state.open_vote
            assert vote is not None
            for k, person in enumerate(people):
                tick(0.2)
                first, second = vote.options[k % len(vote.options)], vote.options[(k * 2) % len(vote.options)]
                f.cast(vote.id, person.id, {first.id: 2, second.id: 1} if first != second else {first.id: 3})
            f.close_vote()
        elif activity.collects.value == "commitments" and not f.state.commitments:
            halls = next(iter(f.state.propositions), None)
            for what, who, team, days, step, support in COMMITMENTS:
                tick(1)
                f.add_commitment(
                    what,
                    who=who,
                    team=team,
                    by_when=end.date() + timedelta(days=days),
                    first_step=step,
                    support_needed=support,
                    proposition_id=halls if team else None,
                )
            f.set_follow_up(end.date() + timedelta(days=84), "Kulturcafé, Jesenice")
        if phase == Phase.DISCOVER and made.get(phase) and not f.state.themes:
            ids = made[phase]
            core = {
                "Industry opens its doors": [ids[0], ids[1], ids[3]],
                "Support that speaks business": [ids[2], ids[8]],
                "Learning across sectors": [ids[4], ids[9]],
            }
            for name, members in core.items():
                theme = f.create_theme(name, phase=Phase.DISCOVER)
                for cid in members:
                    f.assign(cid, theme.id)
        if phase == Phase.DREAM and made.get(phase) and not f.state.live_themes(Phase.DREAM):
            ids = made[phase]
            for name, members in {
                "Open halls, open city": [ids[0], ids[2]],
                "Makers in every school": [ids[1]],
            }.items():
                theme = f.create_theme(name, phase=Phase.DREAM)
                for cid in members:
                    f.assign(cid, theme.id)
        # Activities run to their planned length, the interviews a little over, as they do in a real room.
        overrun = 4 if activity.mode.value == "pairs" else 0
        clock_at[0] = max(clock_at[0], started + timedelta(minutes=activity.minutes + overrun))
    f.clock = lambda: datetime.now(UTC)
    if stop is not None:
        f.go_to(stop)
    return f
