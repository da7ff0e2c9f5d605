"""The fold and the import check ranges and references and say which event is wrong; a damaged session that will
not open is still exported as far as it reads (``export --salvage``), and that export imports."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.cli.runner import cli, ok, refused

from ai_toolkit.errors import Refused, StoreError
from ai_toolkit.facilitation import Facilitation, open_session
from ai_toolkit.facilitation.sessions import export_session
from ai_toolkit.model.enums import Source
from ai_toolkit.store.exchange import parse_json
from ai_toolkit.store.sessions import SessionsDir

INTERVIEWS, VOTE = 1, 5
Doc = dict[str, Any]


@pytest.fixture
def voted(session: Facilitation) -> Facilitation:
    """A participant who joined and wrote, and a vote open with a ballot: every kind the checks look at."""
    session.go_to(INTERVIEWS)
    p = session.join(sector="creative")
    session.add_contribution("Our hall", source=Source.PARTICIPANT, participant_id=p.id)
    session.go_to(VOTE)
    vote = session.open_vote([("A", None), ("B", None)], dots=3)
    session.cast(vote.id, p.id, {vote.options[0].id: 2})
    return session


def events_of(doc: Doc, kind: str) -> list[dict[str, Any]]:
    return [e["event"] for e in doc["events"] if e["event"]["kind"] == kind]


def seq_of(doc: Doc, kind: str) -> int:
    return next(e["seq"] for e in doc["events"] if e["event"]["kind"] == kind)


def ballot(doc: Doc) -> dict[str, Any]:
    return events_of(doc, "ballot_cast")[0]


def option(doc: Doc) -> str:
    return events_of(doc, "vote_opened")[0]["options"][0]["id"]


def ghost_ballot(doc: Doc) -> None:
    ballot(doc)["participant_id"] = "p-000000000000"


def rejoin(doc: Doc) -> None:
    joined = doc["events"][next(i for i, e in enumerate(doc["events"]) if e["event"]["kind"] == "participant_joined")]
    doc["events"].append({**joined, "seq": doc["events"][-1]["seq"] + 1, "client_id": None})


CASES: list[tuple[str, str, Callable[[Doc], None], str]] = [
    ("negative dots", "ballot_cast", lambda d: ballot(d)["dots"].update({option(d): -5}), "gives -5 dots"),
    ("huge dots", "ballot_cast", lambda d: ballot(d)["dots"].update({option(d): 10**18}), "the vote allows 3"),
    ("huge allowance", "vote_opened", lambda d: events_of(d, "vote_opened")[0].update(dots=10**18), "dots per"),
    ("1 MB text", "contribution_added", lambda d: events_of(d, "contribution_added")[0].update(text="x" * 10**6),
     "the text is 1000000 characters long; the limit is 10000"),
    ("language xx", "participant_joined", lambda d: events_of(d, "participant_joined")[0].update(language="xx"),
     "unknown language 'xx'"),
    ("ghost writer", "contribution_added",
     lambda d: events_of(d, "contribution_added")[0].update(participant_id="p-000000000000"), "has not joined"),
    ("ghost voter", "ballot_cast", ghost_ballot, "has not joined"),
    ("unknown activity", "contribution_added",
     lambda d: events_of(d, "contribution_added")[0].update(activity_id="nowhere"), "activity 'nowhere'"),
    ("session language", "session_created", lambda d: d["events"][0]["event"]["info"].update(language="xx"),
     "unknown language"),
]  # fmt: skip


@pytest.mark.parametrize(("what", "kind", "damage", "says"), CASES, ids=[c[0] for c in CASES])
def test_an_import_out_of_range_is_refused_with_the_events_number(
    voted: Facilitation, what: str, kind: str, damage: Callable[[Doc], None], says: str
) -> None:
    doc = json.loads(export_session(voted))
    damage(doc)
    with pytest.raises(Refused) as err:
        parse_json(json.dumps(doc), "kranj.json")
    assert f"event {seq_of(doc, kind)}" in err.value.message and says in err.value.message, err.value.message


def test_a_second_join_of_the_same_participant_is_refused(voted: Facilitation) -> None:
    doc = json.loads(export_session(voted))
    rejoin(doc)
    with pytest.raises(Refused, match=f"event {doc['events'][-1]['seq']}: the participant .* joined already"):
        parse_json(json.dumps(doc), "kranj.json")


def test_a_time_without_its_zone_is_refused_with_the_events_number(voted: Facilitation) -> None:
    doc = json.loads(export_session(voted))
    doc["events"][2]["at"] = "2026-11-23T09:00:00"
    with pytest.raises(Refused, match=f"event {doc['events'][2]['seq']}, field at"):
        parse_json(json.dumps(doc), "kranj.json")


def damage(db: Path, payload: str) -> int:
    """Append one event behind the service's back, as a broken tool or a bad disk might."""
    with sqlite3.connect(db) as con:
        cur = con.execute(
            "INSERT INTO events(at, kind, client_id, payload) VALUES ('2026-11-23T10:00:00+00:00', 'x', NULL, ?)",
            (payload,),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid


@pytest.mark.parametrize(
    "payload",
    [
        '{"kind": "contribution_edited", "contribution_id": "c-000000000000", "text": "edits nothing"}',
        "{this is not json",
    ],
    ids=["an edit of a missing item", "a row that is not an event"],
)
def test_a_damaged_session_is_exported_as_far_as_it_reads_and_imports(
    voted: Facilitation, sessions: SessionsDir, tmp_path: Path, payload: str
) -> None:
    sid, db = voted.state.info.id, voted.store.path
    good = len(voted.records())
    voted.close()
    bad = damage(db, payload)
    damage(db, '{"kind": "session_ended"}')  # a good event after the bad one: not salvaged, said so
    with pytest.raises(StoreError, match=f"event {bad}.*--salvage"):
        open_session(sessions, sid)
    home, root = tmp_path / "home", sessions.root
    home.mkdir()
    refused(cli("show", sid, home=home, root=root), f"event {bad}", "--salvage")
    out = tmp_path / "salvaged.json"
    r = ok(cli("export", sid[:20], "--salvage", "-o", out, home=home, root=root))
    assert r.out.strip() == f"wrote {out}"
    assert f"salvaged events 1 to {good} of {good + 2}; stopped at event {bad}" in r.err
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert len(doc["events"]) == good and doc["events"][0]["event"]["info"]["join_token"] == ""
    # To stdout: the JSON alone on stdout, the line on stderr.
    piped = ok(cli("export", sid, "--salvage", home=home, root=root))
    assert json.loads(piped.out)["events"] == doc["events"] and "stopped at event" in piped.err
    refused(cli("export", sid, "--salvage", "--format", "csv", home=home, root=root), "JSON format only")
    elsewhere = tmp_path / "elsewhere"
    lines = ok(cli("import", out, home=home, root=elsewhere)).out.splitlines()
    assert lines[0] == sid
    again = open_session(SessionsDir(elsewhere), sid)
    try:
        assert len(again.state.contributions) == 1 and len(again.state.participants) == 1
    finally:
        again.close()


def test_salvage_of_a_whole_log_says_nothing_was_left_out(voted: Facilitation, tmp_path: Path) -> None:
    sid, root = voted.state.info.id, voted.folder.parent
    voted.close()
    home = tmp_path / "home"
    home.mkdir()
    r = ok(cli("export", sid, "--salvage", home=home, root=root))
    assert "the whole log reads" in r.err and "nothing was left out" in r.err
