"""Group commit: submissions arriving together share one COMMIT, and each still succeeds or fails on its own."""

from __future__ import annotations

import asyncio

import pytest
from tests.web.conftest import Phone

from ai_toolkit.errors import Refused, StoreError
from ai_toolkit.facilitation import Facilitation
from ai_toolkit.model.enums import Source
from ai_toolkit.model.session import Contribution
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.web.group import GroupCommit

INTERVIEWS = 1


class PowerCut(BaseException):
    """Something no command may swallow, in the middle of a group."""


def _rows(f: Facilitation) -> int:
    return int(f.store.db.execute("SELECT COUNT(*) FROM events WHERE kind = 'contribution_added'").fetchone()[0])


def test_together_saves_each_alone_and_all_at_once(session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    p = session.join(sector="creative")
    heard: list[int] = []
    session.subscribe(lambda records: heard.append(len(records)))
    results = session.together(
        [
            lambda: session.add_contribution("one", source=Source.PARTICIPANT, participant_id=p.id, client_id="a1"),
            lambda: session.add_contribution("   ", source=Source.PARTICIPANT, participant_id=p.id),
            lambda: session.add_contribution("one", source=Source.PARTICIPANT, participant_id=p.id, client_id="a1"),
            lambda: session.add_contribution("two", source=Source.PARTICIPANT, participant_id=p.id, client_id="a2"),
        ]
    )
    assert isinstance(results[1], Refused) and results[1].code == "empty_text"
    first, retry = results[0], results[2]
    assert isinstance(first, Contribution) and isinstance(retry, Contribution)
    assert first.id == retry.id  # the retry inside the same group found the first
    assert sorted(c.text for c in session.state.contributions.values()) == ["one", "two"]
    assert _rows(session) == 2
    assert heard == [2], "listeners hear the group once, after it is saved"


def test_a_failed_commit_saves_nothing_and_the_state_follows_the_disk(session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    p = session.join(sector="creative")

    def cut() -> None:
        raise PowerCut

    with pytest.raises(PowerCut):
        session.together(
            [
                lambda: session.add_contribution("lost", source=Source.PARTICIPANT, participant_id=p.id),
                cut,
            ]
        )
    assert session.state.contributions == {} and _rows(session) == 0
    session.add_contribution("after", source=Source.PARTICIPANT, participant_id=p.id)  # the service still works
    assert [c.text for c in session.state.contributions.values()] == ["after"]


def test_concurrent_submissions_share_commits(session: Facilitation) -> None:
    session.go_to(INTERVIEWS)
    p = session.join(sector="creative")
    group = GroupCommit(session)

    async def burst() -> list[object]:
        async def one(i: int) -> object:
            try:
                return await group.run(
                    lambda: session.add_contribution(
                        f"idea {i}" if i % 10 else "", source=Source.PARTICIPANT, participant_id=p.id, client_id=f"c{i}"
                    )
                )
            except Refused as exc:
                return exc

        return await asyncio.gather(*(one(i) for i in range(100)))

    results = asyncio.run(burst())
    refused = [r for r in results if isinstance(r, Refused)]
    assert len(refused) == 10 and all(r.code == "empty_text" for r in refused)
    assert _rows(session) == 90
    assert group.groups < 10, f"100 submissions took {group.groups} commits"


def test_a_store_failure_reaches_every_waiting_phone(session: Facilitation, monkeypatch: pytest.MonkeyPatch) -> None:
    session.go_to(INTERVIEWS)
    p = session.join(sector="creative")
    group = GroupCommit(session)

    def broken(commands: object) -> list[object]:
        raise StoreError("the disk is full")

    monkeypatch.setattr(session, "together", broken)

    async def burst() -> list[object]:
        async def one(i: int) -> object:
            try:
                return await group.run(lambda: session.add_contribution(f"x{i}", participant_id=p.id))
            except StoreError as exc:
                return exc

        return await asyncio.gather(*(one(i) for i in range(5)))

    assert all(isinstance(r, StoreError) for r in asyncio.run(burst()))


def test_web_answers_503_when_the_disk_fails(
    phone: Phone, session: Facilitation, monkeypatch: pytest.MonkeyPatch
) -> None:
    session.go_to(INTERVIEWS)
    phone.join()

    def broken(commands: object) -> list[object]:
        raise StoreError("disk I/O error")

    monkeypatch.setattr(session, "together", broken)
    r = phone.submit("/contribute", {"text": "Will this be saved?"})
    assert r.status_code == 503
    assert "could not be saved just now" in r.text and ">Will this be saved?</textarea>" in r.text


def test_other_process_writes_between_groups_are_seen(session: Facilitation, sessions: SessionsDir) -> None:
    from ai_toolkit.facilitation import open_session

    session.go_to(INTERVIEWS)
    p = session.join(sector="creative")
    other = open_session(sessions, session.state.info.id)
    other.advance()  # the facilitator moves on in another process
    other.close()
    (result,) = session.together(
        [
            lambda: session.add_contribution(
                "late", source=Source.PARTICIPANT, participant_id=p.id, activity_id="interviews"
            )
        ]
    )
    assert isinstance(result, Refused) and result.code == "activity_closed"
    assert session.state.current_activity is not None and session.state.current_activity.id == "positive-core"
