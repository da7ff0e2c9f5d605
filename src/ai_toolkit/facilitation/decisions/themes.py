"""Themes: the positive core in Discover, the dream themes in Dream; named, merged, split, filled by the facilitator."""

from __future__ import annotations

from collections.abc import Sequence

from ai_toolkit.errors import Code, NotFound, Refused
from ai_toolkit.facilitation.change import Change, UndoStep, change
from ai_toolkit.facilitation.checks import unknown
from ai_toolkit.facilitation.decisions.contributions import the_contribution
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Phase
from ai_toolkit.model.session import Contribution, SessionState, Theme


def the_theme(s: SessionState, theme_id: str) -> Theme:
    t = s.themes.get(theme_id)
    if t is None or not t.live:
        raise unknown("theme", theme_id, Code.UNKNOWN_THEME)
    return t


def _unique_name(s: SessionState, name: str, phase: Phase, but: str | None = None) -> None:
    for t in s.live_themes(phase):
        if t.id != but and t.name.casefold() == name.casefold():
            raise Refused(f"there is already a theme called {t.name!r}", code=Code.DUPLICATE_THEME)


def create(s: SessionState, theme_id: str, name: str, phase: Phase | None) -> Change:
    ph = phase or s.current_phase or Phase.DISCOVER
    _unique_name(s, name, ph)
    return change(
        ev.ThemeCreated(theme_id=theme_id, name=name, phase=ph),
        UndoStep("create_theme", [ev.ThemeRemoved(theme_id=theme_id)], {"name": name}),
    )


def rename(s: SessionState, theme_id: str, name: str) -> Change | None:
    theme = the_theme(s, theme_id)
    if theme.name == name:
        return None
    _unique_name(s, name, theme.phase, but=theme_id)
    return change(
        ev.ThemeRenamed(theme_id=theme_id, name=name),
        UndoStep("rename_theme", [ev.ThemeRenamed(theme_id=theme_id, name=theme.name)], {"name": theme.name}),
    )


def merge(s: SessionState, source_id: str, target_id: str) -> Change:
    """``source`` joins ``target``; undo brings it back with its contributions and its propositions' links."""
    if source_id == target_id:
        raise Refused("a theme cannot be merged into itself", code=Code.MERGE_SELF)
    source = the_theme(s, source_id)
    the_theme(s, target_id)
    back: list[ev.Event] = [ev.ThemeRestored(theme_id=source_id)]
    back += [ev.ContributionAssigned(contribution_id=c.id, theme_id=source_id) for c in _members(s, source_id)]
    back += [
        ev.PropositionEdited(proposition_id=p.id, text=p.text, theme_ids=list(p.theme_ids))
        for p in s.propositions.values()
        if source_id in p.theme_ids
    ]
    return change(
        ev.ThemesMerged(source_id=source_id, target_id=target_id), UndoStep("merge_theme", back, {"name": source.name})
    )


def _members(s: SessionState, theme_id: str) -> list[Contribution]:
    # Hidden ones too: undoing a merge must put every contribution back where it was.
    return [c for c in s.contributions.values() if c.theme_id == theme_id]


def split(s: SessionState, theme_id: str, new_theme_id: str, contribution_ids: Sequence[str], name: str) -> Change:
    """A new theme (same phase) made of some of a theme's contributions; one change, so one undo takes it back."""
    source = the_theme(s, theme_id)
    if not contribution_ids:
        raise Refused("pick the contributions that make the new theme", code=Code.NOTHING_PICKED)
    for cid in contribution_ids:
        c = s.contributions.get(cid)
        if c is None or c.theme_id != theme_id:
            raise NotFound(f"no contribution {cid!r} in the theme {source.name!r}", code=Code.NOT_IN_THEME)
        if c.hidden:
            raise Refused("a hidden contribution cannot join a theme", code=Code.HIDDEN)
    _unique_name(s, name, source.phase)
    made: list[ev.Event] = [ev.ThemeCreated(theme_id=new_theme_id, name=name, phase=source.phase)]
    made += [ev.ContributionAssigned(contribution_id=cid, theme_id=new_theme_id) for cid in contribution_ids]
    back: list[ev.Event] = [ev.ContributionAssigned(contribution_id=cid, theme_id=theme_id) for cid in contribution_ids]
    back.append(ev.ThemeRemoved(theme_id=new_theme_id))
    return Change(made, UndoStep("split_theme", back, {"name": source.name}))


def assign(s: SessionState, contribution_id: str, theme_id: str | None) -> Change | None:
    """Put a contribution in a theme (``None`` takes it out)."""
    c = the_contribution(s, contribution_id)
    if c.hidden and theme_id is not None:
        raise Refused("a hidden contribution cannot join a theme", code=Code.HIDDEN)
    if theme_id is not None:
        the_theme(s, theme_id)
    if c.theme_id == theme_id:
        return None
    return change(
        ev.ContributionAssigned(contribution_id=contribution_id, theme_id=theme_id),
        UndoStep("move_contribution", [ev.ContributionAssigned(contribution_id=contribution_id, theme_id=c.theme_id)]),
    )
