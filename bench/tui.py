"""Benchmark of the facilitator's TUI with a big session: 5,000 contributions from 100 participants.

What a facilitator feels:
- launch to the first full frame (the feed's newest rows drawn), in-process and as ``ai-toolkit run`` in tmux;
- a phone's new contribution: from the phone getting its HTTP answer to the row being drawn in the feed;
- scrolling the feed a page at a time (render only what is visible);
- memory (resident set of the process once the first frame is up).

Baseline, measured in the same run: the same session with no contributions and no participants. The ratios say
what 5,000 contributions cost over an empty room; a feed that drew every row, or a message that rebuilt the whole
list, would show as a ratio far above 1.

Each configuration runs in a fresh child process (memory figures must not mix). Run:
``.venv/bin/python bench/tui.py [--contributions 5000] [--participants 100] [--samples 30] [--no-tmux]``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

from ai_toolkit.facilitation import create_session, import_records, open_session
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Phase, Sector, Source
from ai_toolkit.plans import load_toolbox
from ai_toolkit.store.sessions import SessionsDir

TEXTS = [
    "Our foundry opened its casting hall for the festival night: 400 people saw molten iron poured to music.",
    "Ko je oblikovalka prišla v našo livarno, smo prvič videli svoje izdelke skozi oči kupca. 🎭",
    "Dijaki so za gledališko predstavo izdelali rekvizite v robotskem krožku tovarne – čšž ł ę ő.",
    "A joint seminar paired engineering students with illustrators; two prototypes are sold in the museum shop.",
]
AI_TOOLKIT = Path(sys.executable).parent / "ai-toolkit"


# -- the session ---------------------------------------------------------------------------------------------
def build(root: Path, contributions: int, participants: int) -> str:
    """An InduCCI session in its Discover interviews, with the room's events written in one transaction."""
    plan = load_toolbox().get("inducci-industry")
    start = datetime.now(UTC) - timedelta(minutes=30)
    f = create_session(SessionsDir(root), plan, title="Benchmark focus group", region="Gorenjska", clock=lambda: start)
    f.go_to_phase(Phase.DISCOVER)
    records = f.records()
    f.close()
    phase, activity = plan.steps()[records[-1].event.position]  # type: ignore[union-attr]
    seq, at = records[-1].seq, records[-1].at
    sectors = list(Sector)
    pids = []
    for i in range(participants):
        seq += 1
        pid = f"p-{i:012x}"
        pids.append(pid)
        event: ev.Event = ev.ParticipantJoined(participant_id=pid, sector=sectors[i % len(sectors)], name=f"P{i}")
        records.append(ev.Recorded(seq=seq, at=at, event=event))
    for i in range(contributions):
        seq += 1
        at = at + timedelta(milliseconds=300)
        author = pids[i % len(pids)] if pids else None
        event = ev.ContributionAdded(
            contribution_id=f"c-{i:012x}",
            text=f"{i}: {TEXTS[i % len(TEXTS)]}",
            phase=phase,
            activity_id=activity.id,
            collects=activity.collects,
            source=Source.PARTICIPANT if author else Source.FACILITATOR,
            participant_id=author,
            sector=sectors[i % len(sectors)],
        )
        records.append(ev.Recorded(seq=seq, at=at, event=event))
    shutil.rmtree(root)
    g = import_records(SessionsDir(root), records)
    session_id = g.state.info.id
    g.close()
    return session_id


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


# -- a child process: one configuration ---------------------------------------------------------------------
def child(root: Path, session_id: str, samples: int) -> dict[str, Any]:
    """First frame, a phone's contribution to the feed, paging, memory; printed as JSON for the parent."""
    from ai_toolkit.tui.app import FacilitatorApp
    from ai_toolkit.tui.screens.main import MainScreen
    from ai_toolkit.tui.widgets.feed import Feed
    from ai_toolkit.web.server import ParticipantServer

    drawn: dict[str, float] = {}
    watched: set[str] = set()
    original = Feed.render_line

    def watching(self: Feed, y: int) -> Any:  # a Strip
        strip = original(self, y)
        if watched:
            text = strip.text
            for marker in list(watched):
                if marker in text and marker not in drawn:
                    drawn[marker] = time.perf_counter()
        return strip

    Feed.render_line = watching  # type: ignore[method-assign]
    mounted = MainScreen.on_mount

    def first_frame(self: MainScreen) -> None:
        mounted(self)
        # After the first refresh of the main screen has been composed and drawn: the first full frame.
        self.call_after_refresh(lambda: drawn.setdefault("first", time.perf_counter()))

    MainScreen.on_mount = first_frame  # type: ignore[method-assign]

    t0 = time.perf_counter()
    f = open_session(SessionsDir(root), session_id)
    opened = time.perf_counter() - t0
    app = FacilitatorApp(f, server=lambda g: ParticipantServer(g, host="127.0.0.1", port=0))
    result: dict[str, Any] = {"open_s": opened}

    async def run() -> None:
        async with app.run_test(size=(120, 40)) as pilot:
            while "first" not in drawn:
                await pilot.pause(0.001)
            result["first_frame_s"] = drawn["first"] - t0
            result["rss_mb"] = rss_mb()
            result["rows_on_first_frame"] = len([r for r in app.screen.query_one(Feed).visible_rows() if r])
            assert app.server is not None
            base = f"http://127.0.0.1:{app.server.port}/j/{f.state.info.join_token}"
            result["phone_ms"] = await phone_latencies(pilot, base, samples, watched, drawn)
            app.screen.query_one(Feed).focus()
            await pilot.pause()
            for key in ("x", "pagedown"):  # "x" does nothing in the feed: the cost of a key and a frame
                wall, cpu = time.perf_counter(), time.process_time()
                for _ in range(20):
                    await pilot.press(key)
                    await pilot.pause()
                result[f"{key}_wall_ms"] = (time.perf_counter() - wall) / 20 * 1000
                result[f"{key}_cpu_ms"] = (time.process_time() - cpu) / 20 * 1000
            result["rss_after_mb"] = rss_mb()

    asyncio.run(run())
    f.close()
    return result


async def phone_latencies(
    pilot: Any,
    base: str,
    samples: int,
    watched: set[str],
    drawn: dict[str, float],
) -> list[float]:
    """A phone in another thread (as another device would be) joins, then sends contributions one by one."""
    from ai_toolkit.simulate import read_forms

    answers: dict[str, float] = {}
    done = threading.Event()
    errors: list[str] = []

    def phone() -> None:
        # Several phones take turns: the server allows one phone 30 posts a minute, as it should.
        clients = [httpx.Client(timeout=10) for _ in range(max(1, -(-samples // 10)))]
        try:
            for client in clients:
                forms = {x.action.rsplit("/", 1)[-1]: x for x in read_forms(client.get(base).text)}
                client.post(base + "/join", data={**forms["join"].fields, "sector": "school"})
            for i in range(samples):
                client = clients[i % len(clients)]
                marker = f"bench-{i}-{time.monotonic_ns()}"
                forms = {x.action.rsplit("/", 1)[-1]: x for x in read_forms(client.get(base).text)}
                form = forms["contribute"]
                watched.add(marker)
                response = client.post(base + "/contribute", data={**form.fields, "text": marker})
                answers[marker] = time.perf_counter()
                if response.status_code != 303:
                    errors.append(f"{response.status_code}: {response.text[:200]}")
                    return
                deadline = time.monotonic() + 5
                while marker not in drawn and time.monotonic() < deadline:
                    time.sleep(0.002)
                time.sleep(0.05)
        except Exception as exc:  # reported by the parent
            errors.append(repr(exc))
        finally:
            for client in clients:
                client.close()
            done.set()

    thread = threading.Thread(target=phone, daemon=True)
    thread.start()
    while not done.is_set():
        await pilot.pause(0.005)
    if errors:
        raise RuntimeError(errors[0])
    return [(drawn[m] - answers[m]) * 1000 for m in answers if m in drawn]


# -- ai-toolkit run in tmux ---------------------------------------------------------------------------------
def tmux_launch(root: Path, session_id: str, expect: str) -> float:
    """Seconds from starting ``ai-toolkit run`` in a 120×40 tmux to ``expect`` being on the terminal."""
    tmux = shutil.which("tmux")
    assert tmux is not None
    sock = f"aitk-bench-{os.getpid()}-{time.monotonic_ns()}"
    argv = [str(AI_TOOLKIT), "--sessions-dir", str(root), "run", session_id, "--host", "127.0.0.1", "--port", "0"]
    start = time.perf_counter()
    subprocess.run(
        [
            tmux,
            "-L",
            sock,
            "new-session",
            "-d",
            "-s",
            "b",
            "-x",
            "120",
            "-y",
            "40",
            f"env TERM=xterm-256color {shlex.join(argv)}",
        ],
        check=True,
    )
    try:
        while True:
            screen = subprocess.run(
                [tmux, "-L", sock, "capture-pane", "-p", "-t", "b"], capture_output=True, text=True, check=True
            ).stdout
            if expect in screen:
                return time.perf_counter() - start
            if time.perf_counter() - start > 30:
                raise RuntimeError(f"{expect!r} never appeared:\n{screen}")
            time.sleep(0.005)
    finally:
        subprocess.run([tmux, "-L", sock, "send-keys", "-t", "b", "C-q"], capture_output=True)
        time.sleep(0.5)
        subprocess.run([tmux, "-L", sock, "kill-server"], capture_output=True)


def machine() -> str:
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()
    model = next((line.split(":", 1)[1].strip() for line in cpu if line.startswith("Model name")), "?")
    return (
        f"{os.cpu_count()} CPUs ({model}), Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def run_child(root: Path, session_id: str, samples: int) -> dict[str, Any]:
    """One configuration in a fresh process, on a copy of the session (the phones add to it)."""
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "sessions"
        shutil.copytree(root, copy)
        out = subprocess.run(
            [sys.executable, __file__, "--child", str(copy), session_id, "--samples", str(samples)],
            capture_output=True,
            text=True,
        )
    if out.returncode != 0:
        raise RuntimeError(f"the child failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contributions", type=int, default=5000)
    parser.add_argument("--participants", type=int, default=100)
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--no-tmux", action="store_true")
    parser.add_argument("--child", nargs=2, metavar=("ROOT", "SESSION"))
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(Path(args.child[0]), args.child[1], args.samples)))
        return

    with tempfile.TemporaryDirectory() as tmp:
        empty_root, big_root = Path(tmp) / "empty", Path(tmp) / "big"
        empty_id = build(empty_root, 0, 0)
        big_id = build(big_root, args.contributions, args.participants)
        # Alternate, twice each, and keep the better run of each (the machine is shared).
        runs: dict[str, list[dict[str, Any]]] = {"empty": [], "big": []}
        for _ in range(2):
            runs["empty"].append(run_child(empty_root, empty_id, args.samples))
            runs["big"].append(run_child(big_root, big_id, args.samples))
        best = {k: min(v, key=lambda r: r["first_frame_s"]) for k, v in runs.items()}
        phone = {k: sorted(x for r in v for x in r["phone_ms"]) for k, v in runs.items()}
        tmux = {}
        if not args.no_tmux and shutil.which("tmux"):
            tmux["empty"] = min(tmux_launch(empty_root, empty_id, "No contributions yet") for _ in range(2))
            newest = f"{args.contributions - 1}: "
            tmux["big"] = min(tmux_launch(big_root, big_id, newest) for _ in range(2))

    def pct(values: list[float], q: float) -> float:
        return values[min(len(values) - 1, int(q * len(values)))] if values else float("nan")

    n = args.contributions
    print(f"Machine: {machine()}")
    print(f"Session: {n} contributions from {args.participants} participants; baseline: the same plan, empty room.")
    print()
    print(f"| measure | empty room (baseline) | {n:,} contributions | ratio |")
    print("|---|---|---|---|")

    def row(name: str, base: float, big: float, unit: str, fmt: str = ".0f") -> None:
        print(f"| {name} | {base:{fmt}} {unit} | {big:{fmt}} {unit} | {big / base:.2f}× |")

    row("open the session (fold the log)", best["empty"]["open_s"] * 1000, best["big"]["open_s"] * 1000, "ms")
    row(
        "launch to first full frame, in-process",
        best["empty"]["first_frame_s"] * 1000,
        best["big"]["first_frame_s"] * 1000,
        "ms",
    )
    if tmux:
        row("`ai-toolkit run` in tmux to the feed on screen", tmux["empty"] * 1000, tmux["big"] * 1000, "ms")
    row(
        "phone's contribution drawn in the feed after its HTTP answer, median",
        statistics.median(phone["empty"]),
        statistics.median(phone["big"]),
        "ms",
        ".1f",
    )
    row("... 95th percentile", pct(phone["empty"], 0.95), pct(phone["big"], 0.95), "ms", ".1f")
    row("a key that does nothing, key to frame (CPU)", best["empty"]["x_cpu_ms"], best["big"]["x_cpu_ms"], "ms", ".1f")
    row(
        "page down in the feed, key to frame (CPU)",
        best["empty"]["pagedown_cpu_ms"],
        best["big"]["pagedown_cpu_ms"],
        "ms",
        ".1f",
    )
    row(
        "page down in the feed, key to frame (wall, headless)",
        best["empty"]["pagedown_wall_ms"],
        best["big"]["pagedown_wall_ms"],
        "ms",
        ".1f",
    )
    row("resident memory after the first frame", best["empty"]["rss_mb"], best["big"]["rss_mb"], "MB")
    print()
    print(
        f"Phone samples: {len(phone['empty'])} and {len(phone['big'])}; negative values mean the row was drawn "
        "before the phone had read its answer."
    )


if __name__ == "__main__":
    main()
