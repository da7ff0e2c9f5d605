"""Benchmark of how fast the quick commands start: ``ai-toolkit next``, ``add`` and ``show`` during a session.

A facilitator types ``ai-toolkit next`` between two activities with the room watching; a script calls ``add`` for
every paper card. Each run is a fresh process, as from a shell. Baselines, measured in the same run and in turns
with the commands (so the load of a shared machine falls on all of them alike):

- ``python -c "import ai_toolkit"``: the interpreter and our package's (empty) ``__init__``, the floor;
- with ``--before SRC``: ``next`` from an older source tree (``git archive <commit> src | tar -x -C DIR``, then
  ``--before DIR/src``), run by the same interpreter and libraries, on the same session.

Wall time is what the facilitator waits; CPU time (user + system of the child) moves less with other work on the
machine. ``next`` alternates with ``back``, so the session stays in the same place however many rounds run.

Run: ``.venv/bin/python bench/startup.py [--rounds 20] [--before DIR/src]``; it prints the section for
``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from ai_toolkit.facilitation import create_session
from ai_toolkit.plans import load_plan_file
from ai_toolkit.store.sessions import SessionsDir

TINY = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "plans" / "tiny.yaml"
AI_TOOLKIT = [sys.executable, "-c", "import sys; from ai_toolkit.cli import run; sys.argv[0] = 'ai-toolkit'; run()"]


def timed(argv: list[str], env: dict[str, str] | None) -> tuple[float, float]:
    """Wall and CPU seconds of one child process, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, env=env, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{argv} failed: {done.stderr.decode(errors='replace')}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def machine() -> str:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout.splitlines()[:8]
    load = os.getloadavg()[0]
    lines = [
        f"nproc {os.cpu_count()}; Python {platform.python_version()}; {platform.system()} {platform.release()}; "
        f"load average at the start {load:.1f}",
        "```",
        *(" ".join(line.split()) for line in lscpu),
        "```",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--before", type=Path, help="an older src/ folder to compare 'next' with")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="ai-toolkit-startup-") as tmp:
        root = Path(tmp) / "sessions"
        f = create_session(SessionsDir(root), load_plan_file(TINY), title="Kranj", on=date(2026, 11, 23))
        sid = f.state.info.id
        f.close()
        env = {**os.environ, "AI_TOOLKIT_SESSIONS_DIR": str(root)}
        timed([*AI_TOOLKIT, "next", sid], env)  # define / welcome
        timed([*AI_TOOLKIT, "next", sid], env)  # discover / interviews: ``add`` has an activity to add to
        cases: dict[str, list[str]] = {
            'python -c "import ai_toolkit" (baseline)': [sys.executable, "-c", "import ai_toolkit"],
            "ai-toolkit next": [*AI_TOOLKIT, "next", sid],
            "ai-toolkit add": [*AI_TOOLKIT, "add", sid, "Our foundry opened its hall for the festival"],
            "ai-toolkit show": [*AI_TOOLKIT, "show", sid],
        }
        envs: dict[str, dict[str, str]] = dict.fromkeys(cases, env)
        if args.before:
            before = f"ai-toolkit next, {args.before.parent.name} (before)"
            cases[before] = [*AI_TOOLKIT, "next", sid]
            envs[before] = {**env, "PYTHONPATH": str(args.before.resolve())}
        walls: dict[str, list[float]] = {name: [] for name in cases}
        cpus: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.rounds):
            for name, argv in cases.items():
                wall, cpu = timed(argv, envs[name])
                walls[name].append(wall)
                cpus[name].append(cpu)
                if "next" in name:
                    timed([*AI_TOOLKIT, "back", sid], env)

    base_wall = statistics.median(walls['python -c "import ai_toolkit" (baseline)'])
    base_cpu = statistics.median(cpus['python -c "import ai_toolkit" (baseline)'])
    print(f"Written by `bench/startup.py --rounds {args.rounds}` on {date.today().isoformat()}.\n")
    print("| | median wall | p90 wall | median CPU | wall / baseline | CPU / baseline |")
    print("|---|---|---|---|---|---|")
    for name in cases:
        median_wall, median_cpu = statistics.median(walls[name]), statistics.median(cpus[name])
        p90 = statistics.quantiles(walls[name], n=10)[-1] if len(walls[name]) > 1 else median_wall
        print(
            f"| {name} | {median_wall * 1000:.0f} ms | {p90 * 1000:.0f} ms | {median_cpu * 1000:.0f} ms | "
            f"{median_wall / base_wall:.1f} | {median_cpu / base_cpu:.1f} |"
        )
    print(f"\nMachine: {machine()}")


if __name__ == "__main__":
    main()
