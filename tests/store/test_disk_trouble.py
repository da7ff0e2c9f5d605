"""A full disk, a read-only folder, a database another program holds: one clear answer, nothing acknowledged lost,
and the session works again as soon as the trouble is gone.

Before, a full disk made every write end in "cannot rollback - no transaction is active" (SQLite had already
ended the transaction) and the CLI exited 70 with that line.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from tests.cli.runner import cli, ok
from tests.store.disks import fill, remount, small_disk

from ai_toolkit.errors import StoreError
from ai_toolkit.facilitation import Facilitation, create_session, open_session
from ai_toolkit.model.fold import fold
from ai_toolkit.model.plan import Plan
from ai_toolkit.store.failure import DISK_FULL, READ_ONLY
from ai_toolkit.store.sessions import SessionsDir

Trouble = Callable[[], Callable[[], None]]
"""Makes the disk full; returns what frees it again."""


@pytest.fixture
def disk(tmp_path: Path) -> Iterator[Path]:
    with small_disk(tmp_path / "disk") as mounted:
        if mounted is None:
            pytest.skip("this machine does not let the tests mount a small tmpfs (root on Linux)")
        yield mounted


def page_limit(f: Facilitation) -> Trouble:
    """SQLite's own "database or disk is full", on any machine: the database may not grow by another page."""

    def full() -> Callable[[], None]:
        pages = f.store.db.execute("PRAGMA page_count").fetchone()[0]
        f.store.db.execute(f"PRAGMA max_page_count={pages}")

        def free() -> None:
            f.store.db.execute("PRAGMA max_page_count=1073741823")

        return free

    return full


def real_disk(disk: Path) -> Trouble:
    def full() -> Callable[[], None]:
        filler = fill(disk)
        return lambda: filler.unlink()

    return full


@pytest.fixture(params=["page-limit", "tmpfs"])
def troubled(request: pytest.FixtureRequest, tmp_path: Path, tiny_plan: Plan) -> Iterator[tuple[Facilitation, Trouble]]:
    if request.param == "tmpfs":
        root = request.getfixturevalue("disk") / "sessions"
    else:
        root = tmp_path / "sessions"
    f = create_session(SessionsDir(root), tiny_plan, title="Full disk in Kranj")
    f.start()
    trouble = real_disk(root.parent) if request.param == "tmpfs" else page_limit(f)
    yield f, trouble
    f.close()


def test_a_full_disk_refuses_writes_plainly_and_loses_nothing(troubled: tuple[Facilitation, Trouble]) -> None:
    f, make_full = troubled
    saved = [f.add_contribution(f"Zgodba {i}: livarna je odprla halo", client_id=f"r{i}").id for i in range(5)]
    before = len(f.records())
    free = make_full()
    # A long story needs new pages: refused, in words a facilitator can act on.
    with pytest.raises(StoreError) as refused:
        f.add_contribution("Dolga zgodba. " * 400)
    assert DISK_FULL in refused.value.message
    assert "rollback" not in refused.value.message
    # A phones' group commit: each of them hears the same, none is half-saved.
    with pytest.raises(StoreError, match="disk is full"):
        f.together([lambda: f.add_contribution("a " * 2000), lambda: f.add_contribution("b " * 2000)])
    assert len(f.records()) == before
    assert list(f.state.contributions) == saved
    free()
    # Space freed: the same open session writes again, and everything acknowledged before is there.
    after = f.add_contribution("Po sprostitvi prostora")
    assert list(f.state.contributions) == [*saved, after.id]
    reread = fold(f.records())
    assert list(reread.contributions) == [*saved, after.id]


def test_a_session_opened_on_a_full_disk_can_be_read_and_writes_again_when_space_is_freed(
    disk: Path, tiny_plan: Plan
) -> None:
    sessions = SessionsDir(disk / "sessions")
    f = create_session(sessions, tiny_plan, title="Opened when full")
    f.start()
    f.add_contribution("Saved before the disk filled up")
    session_id = f.state.info.id
    f.close()
    filler = fill(disk)
    g = open_session(sessions, session_id)  # no room for SQLite's journal files: opened for reading
    try:
        assert [c.text for c in g.state.contributions.values()] == ["Saved before the disk filled up"]
        with pytest.raises(StoreError, match="disk is full"):
            g.add_contribution("Not yet")
        filler.unlink()
        g.add_contribution("Now there is room")
        assert [c.text for c in open_session(sessions, session_id).state.contributions.values()][-1] == (
            "Now there is room"
        )
    finally:
        g.close()


def _new_session(root: Path, plan: Plan) -> str:
    """Made in this process: only the commands under test pay for starting the CLI."""
    f = create_session(SessionsDir(root), plan, title="Polna plošča")
    f.start()
    f.add_contribution("Prva zgodba")
    f.close()
    return f.state.info.id


def _texts(root: Path, session_id: str) -> list[str]:
    f = open_session(SessionsDir(root), session_id)
    try:
        return [c.text for c in f.state.contributions.values()]
    finally:
        f.close()


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("ai-toolkit: ")
    assert "Traceback" not in err
    return lines[0]


def test_cli_on_a_full_disk_says_so_in_one_line_exit_2_and_works_again(
    disk: Path, tmp_path: Path, tiny_plan: Plan
) -> None:
    root, home = disk / "sessions", tmp_path
    session_id = _new_session(root, tiny_plan)
    filler = fill(disk)
    refused = cli("add", session_id, "Zgodba " * 300, home=home, root=root)
    assert refused.code == 2
    assert DISK_FULL in _one_line(refused.err)
    # Reading needs no room: the export still comes out.
    assert "Prva zgodba" in ok(cli("export", session_id, "--format", "md", home=home, root=root)).out
    filler.unlink()
    ok(cli("add", session_id, "Druga zgodba", home=home, root=root))
    assert _texts(root, session_id) == ["Prva zgodba", "Druga zgodba"]


def test_cli_on_a_read_only_folder_reads_and_refuses_writes(disk: Path, tmp_path: Path, tiny_plan: Plan) -> None:
    root, home = disk / "sessions", tmp_path
    session_id = _new_session(root, tiny_plan)
    remount(disk, "ro")
    try:
        refused = cli("add", session_id, "Ne gre", home=home, root=root)
        assert refused.code == 2
        assert READ_ONLY in _one_line(refused.err)
        assert "Polna plošča" in ok(cli("show", session_id, home=home, root=root)).out
    finally:
        remount(disk, "rw")
    f = open_session(SessionsDir(root), session_id)
    f.add_contribution("Spet gre")
    f.close()
    assert _texts(root, session_id) == ["Prva zgodba", "Spet gre"]
