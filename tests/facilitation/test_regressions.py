"""Regressions the property tests found in the service, each pinned down by a plain example."""

from __future__ import annotations

import pytest

from ai_toolkit.errors import Refused, StoreError
from ai_toolkit.facilitation import Facilitation, create_session, open_session
from ai_toolkit.model.enums import Phase, Source
from ai_toolkit.model.plan import Plan
from ai_toolkit.store.events import EventStore
from ai_toolkit.store.sessions import SessionsDir


def test_a_client_id_with_a_lone_surrogate_is_stored_cleaned_and_still_idempotent(session: Facilitation) -> None:
    session.go_to_phase(Phase.DISCOVER)
    p = session.join(client_id="join-\ud83d")
    first = session.add_contribution("story", source=Source.PARTICIPANT, participant_id=p.id, client_id="c-\ud83d1")
    again = session.add_contribution("story", source=Source.PARTICIPANT, participant_id=p.id, client_id="c-\ud83d1")
    assert first.id == again.id and len(session.state.contributions) == 1
    assert session.join(client_id="join-\ud83d").id == p.id
    assert [r.client_id for r in session.records() if r.client_id] == ["join-", "c-1"]


def test_editing_with_a_client_id_already_used_for_another_change_is_refused(session: Facilitation) -> None:
    session.go_to_phase(Phase.DISCOVER)
    c = session.add_contribution("first", client_id="form-1")
    with pytest.raises(Refused) as err:
        session.edit_contribution(c.id, "second", client_id="form-1")
    assert err.value.code == "client_id_reused"
    assert session.edit_contribution(c.id, "second", client_id="form-2").text == "second"
    assert session.edit_contribution(c.id, "second", client_id="form-2").text == "second"  # a retry: no change
    assert sum(r.event.kind == "contribution_edited" for r in session.records()) == 1


@pytest.mark.parametrize("bad", ["", "../x", "p-\ud83d", "<script>", "x" * 101, "a b"])
def test_a_participant_id_chosen_by_a_client_must_be_a_plain_token(session: Facilitation, bad: str) -> None:
    with pytest.raises(Refused) as err:
        session.join(participant_id=bad)
    assert err.value.code == "bad_participant_id"
    assert session.join(participant_id="Xy_9-token").id == "Xy_9-token"


def test_a_refused_command_still_tells_listeners_what_another_process_wrote(
    session: Facilitation, sessions: SessionsDir
) -> None:
    heard: list[str] = []
    session.subscribe(lambda records: heard.extend(r.event.kind for r in records))
    other = open_session(sessions, session.state.info.id)
    other.go_to_phase(Phase.DISCOVER)
    other.add_contribution("from the shell")
    with pytest.raises(Refused):
        session.add_contribution("")  # refused before the lock: nothing read yet
    with pytest.raises(Refused):
        session.merge_themes("t-1", "t-1")  # refused by a rule, after catching up
    assert heard == ["activity_started", "contribution_added"]
    assert [c.text for c in session.state.contributions.values()] == ["from the shell"]
    other.close()


def test_a_session_that_fails_while_being_built_leaves_nothing_behind(
    sessions: SessionsDir, tiny_plan: Plan, monkeypatch: pytest.MonkeyPatch
) -> None:
    def disk_full(*args: object, **kwargs: object) -> None:
        raise StoreError("could not save: database or disk is full")

    monkeypatch.setattr(EventStore, "append", disk_full)
    with pytest.raises(StoreError, match="disk is full"):
        create_session(sessions, tiny_plan, title="Never half-written")
    assert list(sessions.root.iterdir()) == []  # not even a hidden staging folder


def test_undo_after_a_refused_command_takes_back_the_last_real_change(session: Facilitation) -> None:
    session.go_to_phase(Phase.DISCOVER)
    c = session.add_contribution("kept")
    theme = session.create_theme("Open doors")
    with pytest.raises(Refused):
        session.create_theme("open DOORS")  # a duplicate: refused, so nothing to undo for it
    assert session.undo() == "creating the theme 'Open doors'"
    assert not session.state.themes[theme.id].live and session.state.contributions[c.id].text == "kept"


def test_a_ballot_id_reused_on_another_vote_is_refused_not_a_crash(session: Facilitation) -> None:
    session.go_to_phase(Phase.DESIGN)
    voter = session.join()
    first = session.open_vote([("A", None), ("B", None)], dots=2)
    assert session.cast(first.id, voter.id, {"o1": 2}, client_id="ballot") == {"o1": 2}
    assert session.cast(first.id, voter.id, {"o1": 2}, client_id="ballot") == {"o1": 2}  # a retry
    session.close_vote()
    second = session.open_vote([("C", None)], dots=1)
    with pytest.raises(Refused) as err:
        session.cast(second.id, voter.id, {"o1": 1}, client_id="ballot")
    assert err.value.code == "client_id_reused"
    assert session.state.votes[second.id].ballots == {}
