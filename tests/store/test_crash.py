"""Durability: a process killed in the middle of a stream of writes loses nothing it acknowledged, and two
processes writing to one session at once lose nothing at all.

The writer prints each contribution's id only after the service returned, i.e. after the commit: that printed
line is the acknowledgement a phone would get. SIGKILL gives the writer no chance to clean up.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from tests.cli.runner import cli, ok

from ai_toolkit.facilitation import Facilitation, create_session, open_session
from ai_toolkit.model import events as ev
from ai_toolkit.model.fold import fold
from ai_toolkit.model.plan import Plan
from ai_toolkit.store.sessions import SessionsDir

WRITER = """
import sys
from pathlib import Path
from ai_toolkit.facilitation import open_session, create_session
from ai_toolkit.plans import load_plan_file
from ai_toolkit.store.sessions import SessionsDir

mode, root, target, count = sys.argv[1], SessionsDir(sys.argv[2]), sys.argv[3], int(sys.argv[4])
i = 0
if mode == "contributions":
    f = open_session(root, target)
    while count == 0 or i < count:
        c = f.add_contribution(f"card {i} from {sys.argv[5]} – č 🎭", client_id=f"{sys.argv[5]}-{i}")
        sys.stdout.write(c.id + "\\n")
        sys.stdout.flush()
        i += 1
else:
    plan = load_plan_file(Path(target))
    while True:
        f = create_session(root, plan, title=f"Session {i}")
        sys.stdout.write(f.state.info.id + "\\n")
        sys.stdout.flush()
        f.close()
        i += 1
"""


def start_writer(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", WRITER, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
    )


def kill_after(proc: subprocess.Popen[str], lines: int, seconds: float = 0.0) -> list[str]:
    """Read ``lines`` acknowledgements (or wait ``seconds``), SIGKILL the writer, and return every full line."""
    assert proc.stdout is not None
    acked: list[str] = []
    if seconds:
        time.sleep(seconds)
    while len(acked) < lines:
        line = proc.stdout.readline()
        assert line.endswith("\n"), f"the writer stopped early: {proc.stderr.read() if proc.stderr else ''}"
        acked.append(line.strip())
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    rest = proc.stdout.read()
    acked += [line for line in rest.split("\n")[:-1] if line]  # a line without its newline was not acknowledged
    return acked


def check_database(db: Path) -> None:
    con = sqlite3.connect(db)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


@pytest.fixture
def running(sessions: SessionsDir, tiny_plan: Plan) -> Facilitation:
    f = create_session(sessions, tiny_plan, title="Crash test", on=date(2026, 11, 23))
    f.go_to(1)
    return f


def test_a_killed_writer_loses_no_acknowledged_contribution(running: Facilitation, sessions: SessionsDir) -> None:
    sid = running.state.info.id
    acked: list[str] = []
    # Kill after a few acknowledgements, after many, and blindly at a moment the test does not choose.
    for round_, (lines, seconds) in enumerate([(25, 0.0), (300, 0.0), (0, 0.9), (60, 0.0)]):
        writer = start_writer("contributions", str(sessions.root), sid, "0", f"r{round_}")
        acked += kill_after(writer, lines, seconds)
        check_database(sessions.db_path(sid))
        reopened = open_session(sessions, sid)
        try:
            missing = set(acked) - set(reopened.state.contributions)
            assert not missing, f"round {round_}: {len(missing)} acknowledged contributions are gone"
            records = reopened.records()
            assert fold(records) == reopened.state
            assert [r.seq for r in records] == list(range(1, len(records) + 1))
        finally:
            reopened.close()
    assert len(acked) >= 385
    # The facilitator's process that was open all along catches up with everything.
    running.refresh()
    assert set(acked) <= set(running.state.contributions)
    running.close()


def test_a_writer_killed_while_creating_sessions_leaves_only_whole_ones(sessions: SessionsDir, tmp_path: Path) -> None:
    tiny = Path(__file__).parent.parent / "fixtures" / "plans" / "tiny.yaml"
    writer = start_writer("sessions", str(sessions.root), str(tiny), "0")
    acked = kill_after(writer, 15)
    listed = sessions.ids()
    assert set(acked) <= set(listed)
    for sid in listed:  # a session killed half-way is not listed, and every listed one is whole
        check_database(sessions.db_path(sid))
        f = open_session(sessions, sid)
        assert isinstance(f.records()[0].event, ev.SessionCreated)
        f.close()
    home = tmp_path / "home"
    home.mkdir()
    listing = ok(cli("list", home=home, root=sessions.root))
    assert listing.err == "" and all(sid in listing.out for sid in listed)


def test_two_processes_writing_to_one_session_lose_nothing(
    running: Facilitation, sessions: SessionsDir, tmp_path: Path
) -> None:
    """The facilitator's process holds the session open and writes while others write: every write lands."""
    sid = running.state.info.id
    seen_by_listener: list[int] = []
    running.subscribe(lambda records: seen_by_listener.extend(r.seq for r in records))
    writers = [start_writer("contributions", str(sessions.root), sid, "150", f"w{n}") for n in range(2)]
    home = tmp_path / "home"
    home.mkdir()
    shell_results = []

    def from_the_shell() -> None:
        for n in range(3):
            shell_results.append(cli("add", sid, f"paper card {n}", home=home, root=sessions.root))

    shell = threading.Thread(target=from_the_shell)
    shell.start()
    mine = [running.add_contribution(f"typed by the facilitator {n}").id for n in range(150)]
    shell.join(timeout=120)
    outputs = []
    for w in writers:
        out, err = w.communicate(timeout=120)
        assert w.returncode == 0, err
        outputs += out.split()
    for result in shell_results:
        ok(result)
    running.refresh()
    texts = [c.text for c in running.state.contributions.values()]
    assert len(texts) == 150 * 3 + 3 and len(set(texts)) == len(texts)
    assert set(mine) | set(outputs) <= set(running.state.contributions)
    assert {f"paper card {n}" for n in range(3)} <= set(texts)
    assert fold(running.records()) == running.state
    # The listener heard of every event after the subscription, each once, in order.
    assert seen_by_listener == list(range(seen_by_listener[0], running.state.seq + 1))
    running.close()


def test_every_connection_uses_wal_full_sync_and_a_busy_timeout(running: Facilitation, monkeypatch) -> None:
    """SIGKILL cannot show power-loss safety; these settings are what give it (see store/events.py)."""
    db = running.store.db
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL: fsync at every commit
    assert db.execute("PRAGMA busy_timeout").fetchone()[0] == 10_000
    monkeypatch.setenv("AI_TOOLKIT_BUSY_TIMEOUT_MS", "250")
    other = open_session(SessionsDir(running.folder.parent), running.state.info.id)
    assert other.store.db.execute("PRAGMA busy_timeout").fetchone()[0] == 250
    other.close()
    running.close()
