"""``ai-toolkit set``: the topic the group agreed and the follow-up meeting, from the shell."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest
from tests.cli.runner import cli, ok, parallel, refused

from ai_toolkit.facilitation import Facilitation, open_session
from ai_toolkit.store.sessions import SessionsDir


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    return h


@pytest.fixture
def root(sessions: SessionsDir, session: Facilitation) -> Path:
    """The shared ``session`` on the tiny plan, in its sessions folder."""
    return sessions.root


def test_set_records_the_agreed_topic_and_the_follow_up(home: Path, root: Path, session: Facilitation) -> None:
    sid = session.state.info.id
    later = (date.today() + timedelta(days=75)).isoformat()
    out = ok(
        cli(
            "set",
            sid[:12],
            "--topic",
            "Kako ustvarjalci in industrija uspevajo skupaj",
            "--follow-up",
            later,
            "--place",
            "Kulturcafé Jesenice",
            home=home,
            root=root,
        )
    ).out.splitlines()
    assert out == [
        "Affirmative topic (agreed): Kako ustvarjalci in industrija uspevajo skupaj",
        f"Follow-up: {later} · Kulturcafé Jesenice",
    ]
    moved = ok(cli("set", sid, "--place", "Kino Šiška", home=home, root=root)).out.splitlines()
    assert moved[1] == f"Follow-up: {later} · Kino Šiška", "the date stays when only the place changes"
    f = open_session(SessionsDir(root), sid)
    try:
        assert f.state.topic_agreed_at is not None and f.state.follow_up is not None
        assert (f.state.follow_up.on, f.state.follow_up.place) == (date.fromisoformat(later), "Kino Šiška")
        kinds = [r.event.kind for r in f.records()]
        assert kinds.count("topic_agreed") == 1 and kinds.count("follow_up_set") == 2
    finally:
        f.close()


def test_set_refuses_with_one_line_and_records_nothing(home: Path, root: Path, session: Facilitation) -> None:
    sid = session.state.info.id
    before = session.store.last_seq()
    later = (date.today() + timedelta(days=30)).isoformat()
    results = parallel(
        lambda: cli("set", sid, home=home, root=root),
        lambda: cli("set", sid, "--follow-up", "15.2.2027", "--topic", "Fine", home=home, root=root),
        lambda: cli("set", sid, "--follow-up", "2020-01-01", home=home, root=root),
        lambda: cli("set", sid, "--topic", "   ", "--follow-up", later, home=home, root=root),
        lambda: cli("set", sid, "--topic", "x" * 1001, home=home, root=root),
        lambda: cli("set", sid, "--place", "p" * 201, home=home, root=root),
        lambda: cli("set", "nope", "--topic", "x", home=home, root=root),
        lambda: cli("set", sid, "--topic", b"caf\xe9", home=home, root=root),
    )
    needles = [
        "nothing to set",
        "'15.2.2027' is not a date",
        "is in the past",
        "the affirmative topic is empty",
        "1001 characters long; the limit is 1000",
        "201 characters long; the limit is 200",
        "no session",
        "not UTF-8",
    ]
    for result, needle in zip(results, needles, strict=True):
        refused(result, needle)
    session.refresh()
    assert session.store.last_seq() == before and session.state.follow_up is None
    assert session.state.topic_agreed_at is None
