"""Benchmark of the session store: appending contributions through the service, and loading a session.

Baseline, measured in the same run: bare ``sqlite3`` inserts of the same rows into the same kind of table with
the same pragmas (WAL, ``synchronous=FULL``, one ``BEGIN IMMEDIATE ... COMMIT`` per row). The service does more
per append (the write lock, catching up with other processes, the rules, pydantic, the live state), and the ratio
says what that costs. The machine is shared with other work, so the two sides take turns in small chunks and see
the same disk; wall time includes the fsync of every commit, CPU time is what our Python costs.

Run: ``.venv/bin/python bench/store.py [--events 10000] [--chunk 250] [--profile]``.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import platform
import pstats
import sqlite3
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import partial
from pathlib import Path

from ai_toolkit.facilitation import Facilitation, create_session, open_session
from ai_toolkit.model.fold import fold
from ai_toolkit.plans import load_plan_file
from ai_toolkit.store.events import BUSY_TIMEOUT_MS
from ai_toolkit.store.sessions import SessionsDir

TINY = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "plans" / "tiny.yaml"
TEXTS = [
    "Our foundry opened its casting hall for the festival night: 400 people saw molten iron poured to music.",
    "Ko je oblikovalka prišla v našo livarno, smo prvič videli svoje izdelke skozi oči kupca. 🎭",
    "Dijaki so za gledališko predstavo izdelali rekvizite v robotskem krožku tovarne – čšž ł ę ő.",
    "A joint seminar paired engineering students with illustrators; two prototypes are sold in the museum shop.",
]
Row = tuple[str, str, str | None, str]


class Clock:
    """A clock that moves a second per call, so every event has its own time (as in a real room)."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@dataclass
class Side:
    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)

    def measure(self, work: Callable[[], None]) -> None:
        wall, cpu = time.perf_counter(), time.process_time()
        work()
        self.wall.append(time.perf_counter() - wall)
        self.cpu.append(time.process_time() - cpu)


def new_session(root: Path) -> Facilitation:
    plan = load_plan_file(TINY)
    f = create_session(SessionsDir(root), plan, title="Benchmark", on=date(2026, 11, 23), clock=Clock())
    f.go_to(1)
    return f


def append_through_service(f: Facilitation, first: int, count: int) -> None:
    for i in range(first, first + count):
        f.add_contribution(f"{TEXTS[i % len(TEXTS)]} #{i}", sector="creative")


def open_bare(db_path: Path) -> sqlite3.Connection:
    """The same kind of table with the same pragmas as ``store.events``, driven by bare sqlite3."""
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=FULL")
    db.execute(
        "CREATE TABLE events (seq INTEGER PRIMARY KEY, at TEXT NOT NULL, kind TEXT NOT NULL,"
        " client_id TEXT UNIQUE, payload TEXT NOT NULL)"
    )
    return db


def insert_each(db: sqlite3.Connection, rows: list[Row]) -> None:
    """One transaction per row, as the service commits each acknowledged contribution on its own."""
    for row in rows:
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO events(at, kind, client_id, payload) VALUES (?, ?, ?, ?)", row)
        db.execute("COMMIT")


def rows_of_a_run(n: int) -> list[Row]:
    """The rows an identical service run writes (untimed; it also warms up): what the bare side inserts."""
    with tempfile.TemporaryDirectory() as tmp:
        f = new_session(Path(tmp))
        append_through_service(f, 0, n)
        rows = f.store.db.execute(
            "SELECT at, kind, client_id, payload FROM events WHERE kind = 'contribution_added' ORDER BY seq"
        ).fetchall()
        f.close()
    return rows


def interleaved(work: Path, n: int, chunk: int) -> tuple[Side, Side, Facilitation]:
    rows = rows_of_a_run(n)
    f = new_session(work / "service")
    bare = open_bare(work / "bare.db")
    service, baseline = Side(), Side()
    for k, first in enumerate(range(0, n, chunk)):
        count = min(chunk, n - first)
        turns = [
            partial(service.measure, partial(append_through_service, f, first, count)),
            partial(baseline.measure, partial(insert_each, bare, rows[first : first + count])),
        ]
        for turn in turns if k % 2 == 0 else turns[::-1]:  # neither side always follows the other's fsyncs
            turn()
    bare.close()
    return service, baseline, f


def median_time(fn: Callable[[], object], repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def machine() -> str:
    def run(*cmd: str) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return "?"

    lscpu = "\n".join(run("lscpu").splitlines()[:10])
    return (
        f"`nproc` {run('nproc')}; Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}; "
        f"{platform.system()} {platform.release()}\n\n```\n{lscpu}\n```"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--chunk", type=int, default=250)
    parser.add_argument("--profile", action="store_true", help="profile the service's appends instead")
    args = parser.parse_args()
    n = args.events

    # The temporary folder is on the same disk as the project, where sessions/ lives.
    with tempfile.TemporaryDirectory(dir=Path(__file__).resolve().parent.parent) as tmp:
        work = Path(tmp)
        if args.profile:
            f = new_session(work)
            profiler = cProfile.Profile()
            profiler.runcall(append_through_service, f, 0, n)
            f.close()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
            return

        service, baseline, f = interleaved(work, n, args.chunk)
        sessions, session_id = SessionsDir(f.folder.parent), f.state.info.id
        f.close()

        # Loading as a second process or the CLI does: connect, read every row, validate it, fold.
        load = median_time(lambda: open_session(sessions, session_id).close())
        probe = open_session(sessions, session_id)
        read = median_time(probe.store.read)
        records = probe.store.read()
        fold_time = median_time(lambda: fold(records))
        probe.close()

        def bare_read() -> None:
            con = sqlite3.connect(sessions.db_path(session_id))
            [json.loads(p) for (p,) in con.execute("SELECT payload FROM events ORDER BY seq")]
            con.close()

        bare_load = median_time(bare_read)

    s_wall, b_wall, s_cpu, b_cpu = sum(service.wall), sum(baseline.wall), sum(service.cpu), sum(baseline.cpu)
    chunk_ratios = [s / b for s, b in zip(service.wall, baseline.wall, strict=True)]
    tenth = max(1, len(service.wall) // 10)
    print(f"machine: {machine()}\n")
    print(f"appending {n} contributions, in turns of {args.chunk}:")
    print(f"  service: {s_wall:.2f} s wall, {s_wall / n * 1e6:.0f} µs per append ({n / s_wall:,.0f}/s),")
    print(f"           {s_cpu / n * 1e6:.0f} µs CPU per append")
    print(f"  bare sqlite3: {b_wall:.2f} s wall, {b_wall / n * 1e6:.0f} µs per insert ({n / b_wall:,.0f}/s),")
    print(f"           {b_cpu / n * 1e6:.0f} µs CPU per insert")
    print(
        f"  ratio service / bare: {s_wall / b_wall:.2f}x wall (median of chunks {statistics.median(chunk_ratios):.2f}x)"
    )
    print(f"  service's first tenth {sum(service.wall[:tenth]):.2f} s, last tenth {sum(service.wall[-tenth:]):.2f} s")
    print(f"loading (open + fold) the {len(records)}-event session: {load * 1000:.0f} ms")
    print(f"  read + validate {read * 1000:.0f} ms, fold {fold_time * 1000:.0f} ms;")
    print(f"  bare read + json.loads of the same rows: {bare_load * 1000:.0f} ms")


if __name__ == "__main__":
    main()
