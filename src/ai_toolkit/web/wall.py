"""The room's screen as a page: the context of each wall screen, made from the answers of ``decisions/wall.py``.

Which screen the wall shows, which cards are on it and how people are named are the service's answers
(``wall.wall_view``, ``moderation.on_the_wall`` through ``wall.cards``, ``naming.shown_name``); this module only
puts them into words for the templates, in the session's language (the room shares one screen).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ai_toolkit.facilitation.decisions import joining, wall
from ai_toolkit.facilitation.decisions.naming import attribution, shown_owner
from ai_toolkit.facilitation.decisions.phones import follow_up_shown
from ai_toolkit.facilitation.decisions.wall import WallScreen, wall_version, wall_view
from ai_toolkit.i18n.sectors import sector_label
from ai_toolkit.model.enums import Collects, Phase
from ai_toolkit.model.plan import pick
from ai_toolkit.model.session import Commitment, Contribution, SessionState
from ai_toolkit.web.ranking import result_context
from ai_toolkit.web.render import Labels

WARN_SECONDS = 120
"""The last two minutes: the countdown turns to the warning colour, as on the facilitator's screen."""


@dataclass(frozen=True)
class Card:
    """A card as the wall shows it: the words, and whose they are as far as the person agreed to be named."""

    id: str
    text: str
    by: str


def address_of(join_url: str) -> str:
    """The address people type (``http://192.168.1.20:8000``): the join URL without its long token."""
    return join_url.rsplit("/j/", 1)[0]


def mmss(seconds: float) -> str:
    whole = int(abs(seconds))
    return f"{whole // 60}:{whole % 60:02d}"


def card(s: SessionState, c: Contribution, labels: Labels) -> Card:
    """Whose words, as the minutes say it (``naming.attribution``): a partner's story is the storyteller's sector
    only, never the name of the phone that sent it."""
    by = [sector_label(s.plan, c.sector, labels.lang)]
    name = attribution(s, c).name
    if name:
        by.insert(0, name)
    return Card(c.id, c.text, " · ".join(by))


def owner(s: SessionState, k: Commitment, labels: Labels) -> str:
    """Whose commitment, as every surface says it (``naming.shown_owner``)."""
    return shown_owner(s, k, lambda sector: sector_label(s.plan, sector, labels.lang))


def wall_context(s: SessionState, *, now: datetime, join_url: str, base: str) -> dict[str, Any]:
    """Everything the wall's templates need for the screen the session is on now."""
    lang = s.info.language
    labels = Labels(lang)
    screen = wall_view(s)
    context: dict[str, Any] = {
        "screen": screen.value,
        "version": wall_version(s),
        "base": base,
        "session_title": s.info.title,
        "topic": s.info.affirmative_topic,
        "address": address_of(join_url),
        "code": joining.join_code(s.info),
        "joined": len(s.participants),
        "now_ms": int(now.timestamp() * 1000),
        "phase": None,
        "follow_up": follow_up_shown(s),
    }
    cur = s.current
    if cur is not None:
        phase, act = cur
        assert s.position is not None
        context |= {
            "phase": phase.value,
            "step": s.position + 1,
            "steps": len(s.plan.steps()),
            "activity_title": pick(act.title, lang),
            "prompt": pick(act.prompt, lang) if act.prompt else "",
            "topic_step": act.collects == Collects.TOPIC,
        }
    context |= _countdown(s, now, labels)
    context |= SCREENS[screen](s, labels)
    return context


def _countdown(s: SessionState, now: datetime, labels: Labels) -> dict[str, Any]:
    clock = wall.countdown(s)
    if clock is None:
        return {"timer": None}
    left = clock.left(now)
    key = "web.wall.left" if left >= 0 else "web.wall.over"
    return {
        "timer": {
            "ends_ms": int(clock.ends_at.timestamp() * 1000),
            "text": labels(key, time=mmss(left)),
            "state": "over" if left < 0 else "warn" if left <= WARN_SECONDS else "",
            "left_template": labels("web.wall.left", time="{time}"),
            "over_template": labels("web.wall.over", time="{time}"),
            "warn": WARN_SECONDS,
        }
    }


# -- one function per screen -------------------------------------------------------------------------------------
def _welcome(s: SessionState, labels: Labels) -> dict[str, Any]:
    return {"sectors": [(sector_label(s.plan, sector, labels.lang), n) for sector, n in s.sector_counts().items()]}


def _prompt(s: SessionState, labels: Labels) -> dict[str, Any]:
    return {}


def _cards(s: SessionState, labels: Labels) -> dict[str, Any]:
    themes = wall.themes(s)
    if not themes:
        return {"groups": None, "cards": [card(s, c, labels) for c in wall.cards(s)]}
    groups = [(t.theme.name, t.size, [card(s, c, labels) for c in t.cards]) for t in themes]
    loose = [card(s, c, labels) for c in wall.unthemed_cards(s)]
    return {"groups": groups, "cards": loose}


def _themes(s: SessionState, labels: Labels) -> dict[str, Any]:
    themes = wall.themes(s)
    most = max([t.size for t in themes] + [1])
    heading = {Phase.DISCOVER: "web.wall.positive_core", Phase.DREAM: "web.wall.dream_themes"}.get(
        s.current_phase or Phase.DEFINE, "web.wall.themes"
    )
    return {
        "heading": labels(heading),
        "themes": [(t.theme.name, t.size, most, [card(s, c, labels) for c in t.cards[:2]]) for t in themes],
    }


def _propositions(s: SessionState, labels: Labels) -> dict[str, Any]:
    names = {t.id: t.name for t in s.themes.values() if t.live}
    shown = [(p.id, p.text, [names[t] for t in p.theme_ids if t in names]) for p in wall.propositions(s)]
    return {"propositions": shown, "statements": [card(s, c, labels) for c in wall.statements(s)]}


def _vote(s: SessionState, labels: Labels) -> dict[str, Any]:
    return result_context(s)


def _commitments(s: SessionState, labels: Labels) -> dict[str, Any]:
    board = [
        (k.id, k.what, owner(s, k, labels), labels.date(k.by_when) if k.by_when else "") for k in wall.commitments(s)
    ]
    return {"commitments": board}


def _closing(s: SessionState, labels: Labels) -> dict[str, Any]:
    last = next((v for v in reversed(s.votes.values()) if not v.is_open), None)
    top = [(o.label, n) for o, n in last.tally()[:3] if n > 0] if last is not None else []
    return {
        "made": [
            (labels("web.wall.made.contributions"), len(s.visible_contributions())),
            (labels("web.wall.made.themes"), len(s.live_themes())),
            (labels("collects.propositions"), sum(not p.hidden for p in s.propositions.values())),
            (labels("collects.commitments"), sum(not k.hidden for k in s.commitments.values())),
        ],
        "top": top,
    }


SCREENS = {
    WallScreen.WELCOME: _welcome,
    WallScreen.PROMPT: _prompt,
    WallScreen.CARDS: _cards,
    WallScreen.THEMES: _themes,
    WallScreen.PROPOSITIONS: _propositions,
    WallScreen.VOTE: _vote,
    WallScreen.COMMITMENTS: _commitments,
    WallScreen.CLOSING: _closing,
}
