"""The machinery under every command: one live state for the service's life, damaged logs said in one line."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from tests.tui.support import drive, feed_rows, make_app, settle
from textual.pilot import Pilot

from ai_toolkit.errors import StoreError
from ai_toolkit.facilitation import Facilitation, open_session
from ai_toolkit.model.enums import Source
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.tui.app import FacilitatorApp

INTERVIEWS = 1  # the tiny plan's Discover interviews: collecting stories


@contextmanager
def commit_fails(session: Facilitation, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The next transaction runs its commands, then cannot be saved (a full disk at COMMIT)."""
    real = session.store.transaction

    @contextmanager
    def failing() -> Iterator[None]:
        with real():
            yield
            raise StoreError("could not save: database or disk is full")

    monkeypatch.setattr(session.store, "transaction", failing)
    yield
    monkeypatch.setattr(session.store, "transaction", real)


def test_a_failed_group_commit_reads_the_state_again_into_the_same_object(
    session: Facilitation, monkeypatch: pytest.MonkeyPatch
) -> None:
    session.go_to(INTERVIEWS)
    p = session.join(sector="creative")
    live = session.state
    post = lambda text: session.add_contribution(text, source=Source.PARTICIPANT, participant_id=p.id)  # noqa: E731
    with commit_fails(session, monkeypatch), pytest.raises(StoreError):
        session.together([lambda: post("lost with the COMMIT")])
    assert session.state is live
    assert [c.text for c in live.contributions.values()] == []
    post("after the disk was freed")
    assert [c.text for c in live.contributions.values()] == ["after the disk was freed"]


def test_the_feed_keeps_showing_new_contributions_after_a_failed_group_commit(
    session: Facilitation, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The stale-feed case: the feed holds the service's state; after a failed group commit it must still be the
    live one, or the feed silently stops showing what phones send."""
    session.go_to(INTERVIEWS)
    p = session.join(sector="company")

    def post(text: str) -> object:
        return session.add_contribution(text, source=Source.PARTICIPANT, participant_id=p.id)

    rows: list[str] = []

    async def scenario(pilot: Pilot[None], app: FacilitatorApp) -> None:
        with commit_fails(session, monkeypatch), pytest.raises(StoreError):
            session.together([lambda: post("lost with the COMMIT")])
        session.together([lambda: post("Our foundry opened its hall for the festival")])
        await settle(pilot)
        rows.extend(feed_rows(app))

    drive(make_app(session, server=None), scenario, notifications=False)
    assert any("Our foundry opened its hall" in row for row in rows), rows
    assert not any("lost with the COMMIT" in row for row in rows)


def test_a_log_that_names_a_missing_item_is_one_clear_error(session: Facilitation, sessions: SessionsDir) -> None:
    session.go_to(INTERVIEWS)
    session.add_contribution("A designer helped us rethink our packaging")
    db = sqlite3.connect(session.store.path)
    with db:
        db.execute(
            "INSERT INTO events(at, kind, payload) VALUES (?, ?, ?)",
            (
                "2026-11-24T10:00:00+00:00",
                "contribution_edited",
                '{"kind": "contribution_edited", "contribution_id": "c-ffffffffffff", "text": "ghost"}',
            ),
        )
    db.close()
    with pytest.raises(StoreError, match=r"damaged .*event 4 names a contribution 'c-ffffffffffff'"):
        open_session(sessions, session.state.info.id)
    with pytest.raises(StoreError, match="event 4 names a contribution"):
        session.refresh()  # the open service catching up says the same, and keeps what it had
    assert [c.text for c in session.state.contributions.values()] == ["A designer helped us rethink our packaging"]
