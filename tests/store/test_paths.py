"""No input reaches outside the sessions folder: not a session reference, not an imported file's session id.

Also: what a crafted import may not smuggle in (details that rename the session, steps outside the plan), and
damaged databases giving one clear line instead of a traceback.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from tests.cli.runner import cli, refused

from ai_toolkit.errors import NotFound, Refused, StoreError
from ai_toolkit.facilitation import Facilitation, create_session, import_records, open_session
from ai_toolkit.model.events import Recorded, SessionCreated
from ai_toolkit.model.plan import Plan
from ai_toolkit.store.exchange import export_json, parse_json
from ai_toolkit.store.sessions import SessionsDir, is_safe_id

HOSTILE = [
    "../x",
    "..",
    ".",
    "../../etc",
    "/etc/passwd",
    "/tmp/x",
    "a/b",
    "a\\b",
    ".hidden",
    "-rf",
    "%2e%2e",
    "x\x00y",
    "x\ny",
    "UPPER",
    "café",
    "",
    "x" * 97,
    "2026-11-23-ok-abc/../../x",
]


@pytest.mark.parametrize("bad", HOSTILE)
def test_hostile_ids_are_not_safe_and_never_become_paths(bad: str, sessions: SessionsDir) -> None:
    assert not is_safe_id(bad)
    with pytest.raises(NotFound):
        sessions.db_path(bad)
    with pytest.raises(NotFound):
        sessions.resolve(bad)
    with pytest.raises(Refused):
        sessions.staging(bad)
    assert not sessions.root.exists()


def test_safe_ids_are_the_ones_the_service_makes(session: Facilitation) -> None:
    assert is_safe_id(session.state.info.id) and is_safe_id("a") and is_safe_id("2026-11-23-kranj-abc123")


def test_a_session_outside_the_folder_cannot_be_reached_by_reference(tmp_path: Path, tiny_plan: Plan) -> None:
    outside = SessionsDir(tmp_path / "outside")
    other = create_session(outside, tiny_plan, title="Secret", on=date(2026, 11, 23))
    other.close()
    inside = SessionsDir(tmp_path / "inside")
    sid = other.state.info.id
    for ref in [f"../outside/{sid}", str(outside.root / sid), sid]:
        with pytest.raises(NotFound):
            open_session(inside, ref)
    home = tmp_path / "home"
    home.mkdir()
    refused(cli("show", f"../outside/{sid}", home=home, root=inside.root), "no session")


def crafted(session: Facilitation, change) -> str:  # edits the export's JSON document
    doc = json.loads(export_json(session.records()))
    change(doc)
    return json.dumps(doc)


@pytest.mark.parametrize("bad", ["../x", "../../etc/cron.d", "/tmp/evil", "a/b", "..", ".x", "x" * 97])
def test_an_import_with_a_crafted_session_id_is_refused_before_any_folder_is_made(
    session: Facilitation, tmp_path: Path, bad: str
) -> None:
    session.start()
    session.add_contribution("a story")
    text = crafted(session, lambda d: d["events"][0]["event"]["info"].update(id=bad))
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(Refused, match="not a safe folder name"):
        parse_json(text)
    # Even a caller that skips parse_json cannot write outside: the sessions folder checks the id again.
    records = [Recorded.model_validate(e) for e in json.loads(text)["events"]]
    assert isinstance(records[0].event, SessionCreated)
    with pytest.raises(Refused, match="unsafe session id"):
        import_records(SessionsDir(tmp_path / "elsewhere"), records)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


@pytest.mark.parametrize(
    ("change", "why"),
    [
        ({"id": "../x"}, "id cannot change"),
        ({"join_token": "guessable"}, "join_token cannot change"),
        ({"date": "2030-01-01"}, "date cannot change"),
        ({"venue": {"a": 1}}, "changes.venue"),
        ({"title": ["a", "list"]}, "bad session details"),
    ],
)
def test_an_import_cannot_change_what_never_changes(session: Facilitation, change: dict, why: str) -> None:
    session.update_details(venue="Kulturcafé")
    text = crafted(session, lambda d: d["events"][-1]["event"].update(changes=change))
    with pytest.raises(Refused, match=why):
        parse_json(text)


@pytest.mark.parametrize("position", [-1, 7, 10_000])
def test_an_import_cannot_start_a_step_the_plan_does_not_have(session: Facilitation, position: int) -> None:
    session.start()
    text = crafted(session, lambda d: d["events"][-1]["event"].update(position=position))
    with pytest.raises(Refused, match="the plan has no step"):
        parse_json(text)


def test_an_import_with_repeated_client_ids_is_refused(session: Facilitation) -> None:
    session.start()
    session.add_contribution("one", client_id="same")
    session.add_contribution("two", client_id="other")
    text = crafted(session, lambda d: d["events"][-1].update(client_id="same"))
    with pytest.raises(Refused, match="same client id"):
        parse_json(text)


def test_damaged_databases_give_one_clear_line(session: Facilitation, sessions: SessionsDir, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    garbage = sessions.root / "2026-01-01-garbage-abc123"
    garbage.mkdir()
    (garbage / "session.db").write_bytes(b"this is not a database" * 100)
    empty = sessions.root / "2026-01-01-empty-abc123"
    empty.mkdir()
    sqlite3.connect(empty / "session.db").close()  # a database without a single event
    with pytest.raises(StoreError, match="cannot open"):
        open_session(sessions, garbage.name)
    with pytest.raises(StoreError, match="log is damaged"):
        open_session(sessions, empty.name)
    refused(cli("show", garbage.name, home=home, root=sessions.root), "cannot open", "session.db")
    refused(cli("show", empty.name, home=home, root=sessions.root), "log is damaged")
    # The list names the damaged ones on stderr and still lists the good one.
    listing = cli("list", home=home, root=sessions.root)
    assert listing.code == 0 and session.state.info.id in listing.out
    assert "Traceback" not in listing.err and len(listing.err.strip().splitlines()) == 2
    assert not (home / ".ai-toolkit-error.log").exists()
