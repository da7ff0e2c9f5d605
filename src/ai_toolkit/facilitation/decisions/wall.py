"""What the room's screen shows now: one answer for the projected wall and the facilitator's screen.

The wall follows the facilitator without a key press: which screen it shows is a function of the session alone
(``wall_view``), as the phone's page is (``phones.phone_view``). Welcome and joining before the start; the prompt,
the countdown and the cards while an activity collects; the themes with their sizes, the propositions, the vote
(its dots only once it closes, unless the facilitator chose to show them live), the commitments; thanks at the
end. The cards it shows are those moderation lets through (``moderation.on_the_wall``).
"""

from __future__ import annotations

from collections.abc import Callable, Reversible
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from itertools import islice
from typing import TypeVar

from ai_toolkit.facilitation.decisions.moderation import on_the_wall
from ai_toolkit.facilitation.decisions.propositions import is_candidate
from ai_toolkit.facilitation.decisions.votes import vote_on_show
from ai_toolkit.model.enums import Collects, Phase
from ai_toolkit.model.session import Commitment, Contribution, Proposition, SessionState, Theme

T = TypeVar("T")

MAX_CARDS = 60
"""Cards a wall page carries at most (newest first): more never fit on a projector, and the page stays small
however long the session runs."""


class WallScreen(StrEnum):
    WELCOME = "welcome"
    """Before the start and in an opening step that collects nothing: title, topic, how to join, who is here."""
    PROMPT = "prompt"
    """A step that collects nothing (a talk, a break): the prompt and the countdown."""
    CARDS = "cards"
    """A step that collects contributions: the prompt, the countdown and the cards, under their themes once the
    phase has themes."""
    THEMES = "themes"
    """A listening step in a phase that has themes: the positive core or the dream themes, with their sizes."""
    PROPOSITIONS = "propositions"
    VOTE = "vote"
    COMMITMENTS = "commitments"
    CLOSING = "closing"


def wall_view(s: SessionState) -> WallScreen:
    if s.ended_at is not None:
        return WallScreen.CLOSING
    cur = s.current
    if cur is None:
        return WallScreen.WELCOME
    phase, act = cur
    if vote_on_show(s) is not None:
        return WallScreen.VOTE
    if act.collects == Collects.PROPOSITIONS:
        return WallScreen.PROPOSITIONS
    if act.collects == Collects.COMMITMENTS:
        return WallScreen.COMMITMENTS if phase == Phase.DESTINY else WallScreen.PROMPT
    if act.collects not in (Collects.NOTHING, Collects.VOTES):
        return WallScreen.CARDS
    if act.collects == Collects.NOTHING and s.position == 0:
        return WallScreen.WELCOME
    # Listening, or a vote not opened yet: show what the room has made in this phase, so it votes on what it saw.
    if phase == Phase.DESTINY and commitments(s):
        return WallScreen.COMMITMENTS
    if phase == Phase.DESIGN and propositions(s):
        return WallScreen.PROPOSITIONS
    if s.live_themes(phase):
        return WallScreen.THEMES
    return WallScreen.PROMPT


def wall_version(s: SessionState) -> str:
    """Changes whenever the wall may look different: any event at all (a card, a dot, a name changed)."""
    return str(s.seq)


# -- what each screen shows ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Countdown:
    """The running activity's time, as the facilitator's screen counts it: from when the log says it started."""

    ends_at: datetime
    minutes: int

    def left(self, now: datetime) -> float:
        """Seconds left (negative: overtime)."""
        return (self.ends_at - now).total_seconds()


def countdown(s: SessionState) -> Countdown | None:
    run, act = s.current_run, s.current_activity
    if run is None or act is None:
        return None
    return Countdown(run.started_at + timedelta(minutes=act.minutes), act.minutes)


def newest(items: Reversible[T], wanted: Callable[[T], bool]) -> list[T]:
    """The newest ``MAX_CARDS`` items that are ``wanted``, newest first. It walks back from the newest and stops
    there, so a screen (asked up to four times a second while phones post) costs the same at 60 contributions as
    at a plenary's 10,000."""
    return list(islice((item for item in reversed(items) if wanted(item)), MAX_CARDS))


def cards(s: SessionState, activity_id: str | None = None) -> list[Contribution]:
    """The cards on the wall, newest first: of one activity (the running one by default)."""
    here = activity_id or s.current_activity_id
    return newest(s.contributions.values(), lambda c: c.activity_id == here and on_the_wall(c))


@dataclass(frozen=True)
class ThemeOnWall:
    theme: Theme
    size: int
    """Contributions in the theme on the record (the minutes' count), whether or not the wall shows each."""
    cards: list[Contribution]
    """Its cards the wall shows, newest first."""


def themes(s: SessionState, phase: Phase | None = None) -> list[ThemeOnWall]:
    """The phase's themes (the running one's by default), biggest first, each with its cards on the wall."""
    wanted = phase or s.current_phase
    found = []
    for theme in s.live_themes(wanted):
        members = s.theme_members(theme.id)
        found.append(ThemeOnWall(theme, len(members), newest(members, on_the_wall)))
    return sorted(found, key=lambda t: -t.size)


def unthemed_cards(s: SessionState) -> list[Contribution]:
    """The running activity's cards not yet in a theme, newest first (shown after the themes)."""
    return [c for c in cards(s) if c.theme_id is None or not (t := s.themes.get(c.theme_id)) or not t.live]


def propositions(s: SessionState) -> list[Proposition]:
    """The propositions gallery, in the order they were written (the room reads them as a list)."""
    return [p for p in s.propositions.values() if not p.hidden][:MAX_CARDS]


def statements(s: SessionState) -> list[Contribution]:
    """Statements sent in a propositions activity that are not a proposition yet, newest first: the room sees its
    drafts beside the gallery (as far as moderation lets them through)."""
    return newest(s.contributions.values(), lambda c: is_candidate(c) and on_the_wall(c))


def commitments(s: SessionState) -> list[Commitment]:
    """The commitments board, newest first."""
    return newest(s.commitments.values(), lambda k: not k.hidden)
