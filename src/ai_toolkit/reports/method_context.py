"""What the minutes say about the method's own steps, so a partner reads what the room really did.

- A phase's opening sentence comes from the plan where the plan has its own words (CINEMA imagines the city centre,
  InduCCI the region); a sentence about a dot-vote is added only when a vote was held in that phase.
- The affirmative topic is called agreed only when the group agreed it (``TopicAgreed``); otherwise it is the draft.
- A proposition says what it builds on and how many statements from the room it was made from; statements taken
  up are not quoted a second time.
- The action plan names the action team and the proposition a commitment serves, and the follow-up meeting.
"""

from __future__ import annotations

from ai_toolkit.facilitation.decisions.commitments import is_wish
from ai_toolkit.facilitation.decisions.propositions import taken_up
from ai_toolkit.model.enums import Phase
from ai_toolkit.model.plan import pick
from ai_toolkit.model.session import Commitment, Contribution, SessionState
from ai_toolkit.reports.context import Fact, PropositionItem
from ai_toolkit.reports.labels import Labels, plain

VOTE_SENTENCE = {Phase.DISCOVER: "intro.vote.discover", Phase.DREAM: "intro.vote.dream", Phase.DESIGN: "intro.vote"}
"""The sentence each phase gets when a dot-vote was held in it (Define and Destiny hold none in the plans)."""


def vote_held(s: SessionState, phase: Phase) -> bool:
    """A round of this phase in which at least one person placed dots."""
    return any(v.phase == phase and v.ballots for v in s.votes.values())


def intro(s: SessionState, L: Labels, phase: Phase) -> str:
    """The phase's opening sentence: the plan's own words or the general ones, and the vote's sentence if any."""
    if phase == Phase.DEFINE:
        return L("intro.define" if s.topic_agreed_at is not None else "intro.define_draft")
    own = s.plan.minutes_intros.get(phase)
    text = plain(pick(own, L.lang)) if own else L(f"intro.{phase.value}")
    if phase in VOTE_SENTENCE and vote_held(s, phase):
        text += " " + L(VOTE_SENTENCE[phase])
    return text


def topic_label(s: SessionState, L: Labels) -> str:
    """ "Affirmative topic" once the group agreed its wording; otherwise say it is the plan's draft."""
    return L("cover.topic") if s.topic_agreed_at is not None else L("cover.topic_draft")


def proposition_items(s: SessionState, L: Labels) -> list[PropositionItem]:
    """Each shown proposition with what it builds on and the statements from the room it was made from."""
    live = {t.id for t in s.live_themes()}
    items = []
    for p in (p for p in s.propositions.values() if not p.hidden):
        names = [plain(s.themes[t].name) for t in p.theme_ids if t in live]
        notes = [L("design.builds_on", themes=", ".join(names))] if names else []
        made_from = len(taken_up(s, p.id))
        if made_from:
            notes.append(L("design.made_from", n=L.number(made_from)))
        items.append(PropositionItem(plain(p.text), " · ".join(notes)))
    return items


def quoted(c: Contribution) -> bool:
    """Whether a contribution is quoted in its phase: a statement taken up appears as its proposition instead."""
    return c.proposition_id is None


def what(s: SessionState, L: Labels, c: Commitment) -> str:
    """What will be done, and the proposition it serves on a line of its own."""
    text = plain(c.what)
    serves = s.propositions.get(c.proposition_id or "")
    return text + "\n" + L("destiny.serves", proposition=plain(serves.text)) if serves is not None else text


def wishes(commitments: list[Commitment]) -> int:
    """Commitments without an owner or a date: wishes, by the method's own test."""
    return sum(1 for c in commitments if is_wish(c))


def follow_up(s: SessionState, L: Labels) -> list[Fact]:
    """The follow-up meeting, when it is set: the day in full and the place."""
    f = s.follow_up
    if f is None:
        return []
    facts = [Fact(L("destiny.follow_up_date"), L.date(f.on, "full"))] if f.on else []
    if plain(f.place):
        facts.append(Fact(L("destiny.follow_up_place"), plain(f.place)))
    return facts
