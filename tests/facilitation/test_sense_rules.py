"""Rules the sense-making screens needed from the service: splitting a theme, tidying a passed commitment."""

from __future__ import annotations

import pytest

from ai_toolkit.errors import NotFound, Refused
from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model.enums import Phase


def _stories(f: Facilitation, n: int) -> list[str]:
    f.start()
    f.advance()
    return [f.add_contribution(f"Story {i}").id for i in range(n)]


def test_split_moves_the_picked_contributions_to_a_new_theme_and_one_undo_restores(session: Facilitation) -> None:
    cs = _stories(session, 4)
    big = session.create_theme("Everything good")
    for c in cs:
        session.assign(c, big.id)
    heard: list[int] = []
    session.subscribe(lambda records: heard.append(len(records)))

    new = session.split_theme(big.id, [cs[1], cs[3], cs[1]], "  Learning  ")

    assert (new.name, new.phase) == ("Learning", Phase.DISCOVER)
    assert [c.id for c in session.state.theme_members(new.id)] == [cs[1], cs[3]]
    assert [c.id for c in session.state.theme_members(big.id)] == [cs[0], cs[2]]
    assert heard == [3], "listeners hear the whole split at once"
    assert session.can_undo == "splitting the theme 'Everything good'"
    session.undo()
    assert [c.id for c in session.state.theme_members(big.id)] == cs
    assert [t.name for t in session.state.live_themes()] == ["Everything good"]


@pytest.mark.parametrize(
    ("picked", "name", "code"),
    [
        ([], "New", "nothing_picked"),
        (["nope"], "New", "not_in_theme"),
        ("outside", "New", "not_in_theme"),
        ("hidden", "New", "hidden"),
        ("first", "everything GOOD", "duplicate_theme"),
        ("first", "   ", "empty_text"),
    ],
)
def test_a_bad_split_is_refused_and_changes_nothing(session: Facilitation, picked, name: str, code: str) -> None:
    cs = _stories(session, 3)
    big = session.create_theme("Everything good")
    session.assign(cs[0], big.id)
    session.assign(cs[1], big.id)
    session.hide_contribution(cs[1])
    ids = (
        {"outside": [cs[2]], "hidden": [cs[1]], "first": [cs[0]]}.get(picked, picked)
        if isinstance(picked, str)
        else picked
    )
    seq = session.store.last_seq()
    with pytest.raises((Refused, NotFound)) as err:
        session.split_theme(big.id, ids, name)
    assert err.value.code == code
    assert session.store.last_seq() == seq
    assert [t.name for t in session.state.live_themes()] == ["Everything good"]


def test_splitting_a_merged_theme_is_refused(session: Facilitation) -> None:
    cs = _stories(session, 2)
    a, b = session.create_theme("A"), session.create_theme("B")
    session.assign(cs[0], b.id)
    session.merge_themes(b.id, a.id)
    with pytest.raises(NotFound) as err:
        session.split_theme(b.id, [cs[0]], "C")
    assert err.value.code == "unknown_theme"


def test_a_commitment_keeps_its_date_once_passed_but_a_new_past_date_is_refused(session: Facilitation, clock) -> None:
    k = session.add_commitment("Open the hall", by_when="2026-11-23")
    clock.advance(minutes=60 * 24)  # the minutes are tidied the next day
    edited = session.edit_commitment(k.id, what="Open the hall", who="Ana", by_when=k.by_when)
    assert (edited.who, str(edited.by_when)) == ("Ana", "2026-11-23")
    edited = session.edit_commitment(k.id, what="Open the hall", who="Ana", by_when="2026-11-23")
    assert str(edited.by_when) == "2026-11-23"
    with pytest.raises(Refused) as err:
        session.edit_commitment(k.id, what="Open the hall", who="Ana", by_when="2026-11-22")
    assert err.value.code == "date_in_past"
    with pytest.raises(Refused) as err:
        session.add_commitment("Another", by_when="2026-11-23")
    assert err.value.code == "date_in_past"
