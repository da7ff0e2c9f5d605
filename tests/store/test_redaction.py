"""A withdrawal erases the words from the session's files, not only from view.

The words are unique markers, looked for in the raw bytes of ``session.db``, ``session.db-wal`` and
``session.db-shm`` after the process that wrote them has ended: in a story typed, edited, long enough to spill
onto overflow pages, while another process has the session open, and after a process killed right after the
withdrawal. Exports leave them out, and an import never brings them back.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from tests.conftest import no_tokens

from ai_toolkit.errors import Refused
from ai_toolkit.facilitation import Facilitation, open_session
from ai_toolkit.facilitation.sessions import export_session, import_session
from ai_toolkit.model.enums import Phase, Source
from ai_toolkit.store.sessions import SessionsDir

MARK = "ZQXJ-secret-foundry-story"
EDITED = "ZQXJ-edited-once-more"
LONG = "ZQXJ-long-" + "Naša livarna je odprla vrata umetnikom. " * 200  # ~8 kB: overflow pages
COMMITMENT = "ZQXJ-commitment-to-withdraw"
KEEP = "Kept-words-that-stay"

WITHDRAWER = """
import os, sys
from ai_toolkit.facilitation import open_session
from ai_toolkit.model.enums import Source
from ai_toolkit.store.sessions import SessionsDir

root, ref, pid, cid, kid, how = sys.argv[1:7]
f = open_session(SessionsDir(root), ref)
f.withdraw_contribution(cid, by_participant=pid)
f.withdraw_contribution(sys.argv[7], by_participant=pid)
f.withdraw_commitment(kid, by_participant=pid)
print("withdrawn", flush=True)
if how == "kill":
    os.kill(os.getpid(), 9)  # no close, no clean-up: the next opener must finish the job
f.close()
"""


def files_of(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.iterdir()) if p.name.startswith("session.db"))


def grown(session: Facilitation) -> tuple[str, str, str, str]:
    """A participant's story (edited), a long one, a commitment, and someone else's words that must stay."""
    session.go_to_phase(Phase.DISCOVER)
    p = session.join(name="Maja", sector="creative", consent_named=True)
    c = session.add_contribution(MARK, source=Source.PARTICIPANT, participant_id=p.id)
    session.edit_contribution(c.id, EDITED, by_participant=p.id)
    long = session.add_contribution(LONG, source=Source.PARTICIPANT, participant_id=p.id)
    session.add_contribution(KEEP)
    session.go_to_phase(Phase.DESTINY)
    k = session.add_commitment(COMMITMENT, by_when="2027-02-01", source=Source.PARTICIPANT, participant_id=p.id)
    return p.id, c.id, long.id, k.id


def withdraw_in_another_process(sessions: SessionsDir, session: Facilitation, how: str) -> None:
    pid, cid, long_id, kid = grown(session)
    before = files_of(session.folder)
    assert MARK.encode() in before and COMMITMENT.encode() in before  # the test would catch it
    ref = session.state.info.id
    done = subprocess.run(
        [sys.executable, "-c", WITHDRAWER, str(sessions.root), ref, pid, cid, kid, how, long_id],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "withdrawn" in done.stdout, done.stderr
    if how == "kill":
        assert done.returncode == -signal.SIGKILL


@pytest.mark.parametrize("how", ["close", "kill"])
def test_withdrawn_words_are_not_in_the_database_files(sessions: SessionsDir, session: Facilitation, how: str) -> None:
    # The service (like the TUI all day) keeps the session open while another process (the phones' server)
    # withdraws and ends: the WAL stays, so it must not keep the old pages.
    withdraw_in_another_process(sessions, session, how)
    data = files_of(session.folder)
    for words in (MARK, EDITED, LONG[:60], LONG[-60:], COMMITMENT):
        assert words.encode() not in data, f"{words[:30]!r} is still in the database files"
    assert KEEP.encode() in data
    session.close()
    assert MARK.encode() not in files_of(session.folder)
    again = open_session(sessions, session.state.info.id)
    try:
        gone = [c for c in again.state.contributions.values() if c.withdrawn]
        assert len(gone) == 2 and all(c.text == "" and c.hidden for c in gone)
        (k,) = again.state.commitments.values()
        assert k.withdrawn and k.what == ""
    finally:
        again.close()


def test_minutes_written_before_a_withdrawal_are_deleted_with_it(session: Facilitation) -> None:
    pid, cid, _, _ = grown(session)
    for lang in ("sl", "en"):
        (session.folder / f"minutes-{lang}.docx").write_bytes(MARK.encode())
    (session.folder / "agenda-sl.docx").write_bytes(b"no words of participants")
    session.withdraw_contribution(cid, by_participant=pid)
    assert not list(session.folder.glob("minutes-*.docx"))
    assert (session.folder / "agenda-sl.docx").is_file()


def test_every_connection_overwrites_what_it_frees(session: Facilitation) -> None:
    """Not every SQLite is built with secure_delete on (Debian's is; Windows' and macOS's Pythons are not)."""
    assert session.store.db.execute("PRAGMA secure_delete").fetchone() == (1,)


def test_a_process_that_had_the_text_in_memory_drops_it(sessions: SessionsDir, session: Facilitation) -> None:
    other = open_session(sessions, session.state.info.id)
    try:
        pid, cid, _, _ = grown(session)
        other.refresh()
        assert other.state.contributions[cid].text == EDITED
        session.withdraw_contribution(cid, by_participant=pid)
        other.refresh()
        assert other.state.contributions[cid].text == "" and other.state.contributions[cid].withdrawn
    finally:
        other.close()


def test_exports_mark_redacted_events_and_import_keeps_them_redacted(
    sessions: SessionsDir, session: Facilitation, tmp_path: Path
) -> None:
    pid, cid, long_id, kid = grown(session)
    session.withdraw_contribution(cid, by_participant=pid)
    session.withdraw_commitment(kid, by_participant=pid)
    exported = export_session(session)
    assert MARK not in exported and EDITED not in exported and COMMITMENT not in exported
    events = [e["event"] for e in json.loads(exported)["events"]]
    redacted = [e for e in events if e.get("redacted")]
    assert {e["kind"] for e in redacted} == {"contribution_added", "contribution_edited", "commitment_added"}
    assert all(e.get("text", "") == "" and e.get("what", "") == "" for e in redacted)
    elsewhere = SessionsDir(tmp_path / "elsewhere")
    imported = import_session(elsewhere, exported, "session.json")
    try:
        assert no_tokens(imported.state) == no_tokens(session.state)
        assert MARK.encode() not in files_of(imported.folder)
    finally:
        imported.close()


def test_an_import_that_still_holds_withdrawn_words_is_stored_without_them(
    session: Facilitation, tmp_path: Path
) -> None:
    """Someone put the words back into an export by hand (or an old tool wrote them): they never come back."""
    pid, cid, _, _ = grown(session)
    session.withdraw_contribution(cid, by_participant=pid)
    doc = json.loads(export_session(session))
    for e in doc["events"]:
        if e["event"].get("contribution_id") == cid and "text" in e["event"]:
            e["event"]["text"] = MARK
            e["event"]["redacted"] = False
    tampered = json.dumps(doc, ensure_ascii=False)
    assert MARK in tampered
    elsewhere = SessionsDir(tmp_path / "elsewhere")
    imported = import_session(elsewhere, tampered, "tampered.json")
    try:
        assert imported.state.contributions[cid].text == "" and imported.state.contributions[cid].withdrawn
        assert MARK not in export_session(imported)
        imported.close()
        assert MARK.encode() not in files_of(imported.folder)
    finally:
        imported.close()


@pytest.mark.parametrize(
    "after",
    [
        {"kind": "contribution_edited", "text": MARK},
        {"kind": "contribution_hidden", "hidden": False},
    ],
)
def test_an_import_that_changes_a_withdrawn_item_afterwards_is_refused(
    session: Facilitation, tmp_path: Path, after: dict[str, object]
) -> None:
    pid, cid, _, _ = grown(session)
    session.withdraw_contribution(cid, by_participant=pid)
    doc = json.loads(export_session(session))
    last = doc["events"][-1]
    doc["events"].append(
        {"seq": last["seq"] + 1, "at": last["at"], "client_id": None, "event": {**after, "contribution_id": cid}}
    )
    elsewhere = SessionsDir(tmp_path / "elsewhere")
    with pytest.raises(Refused, match="which its author withdrew"):
        import_session(elsewhere, json.dumps(doc), "tampered.json")
    assert not elsewhere.root.exists() or elsewhere.ids() == []
