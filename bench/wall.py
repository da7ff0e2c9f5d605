"""The wall must not slow the phones (issue 12): 30 phones posting, with the wall open and with it closed, same run.

What it does, bounded in time and on loopback only:

1. makes a session (the tiny test plan, at its story-collecting activity) in a temporary folder and starts
   ``ai-toolkit serve`` on a free loopback port in its own process, as a workshop runs it;
2. every phone (each from a loopback address of its own, 127.0.x.y) joins through the real join form, then posts a
   contribution about once a second (at random, like people; 30 phones make a very busy room);
3. the phases alternate, ``--rounds`` times: the wall closed, then the wall open. An open wall does what
   ``wall.js`` does in the projector's browser: it loads ``/f/<token>``, listens to the push stream
   (``/f/<token>/events``, Server-Sent Events), and on each change fetches the new screen (``/f/<token>/screen``),
   at most four times a second;
4. reports the phones' post latency (p50, p95, p99) with the wall closed and with it open, the ratio of the p99s
   (aim: at most 1.2), the server's CPU per post in each, and how long a card takes to reach the wall: from the
   phone's answer (303) to the first screen the wall fetched that shows it (aim: a median under 1 s).

Alternating the phases, rather than one long phase of each, spreads the other work on a shared machine over both.
Run: ``.venv/bin/python bench/wall.py``; ``--update-doc`` writes the ``## Wall`` section of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from web_load import CLI, Connection, cpu_seconds, free_port, join, machine, percentiles

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
MIN_GAP = 0.25
"""``wall.js``'s MIN_GAP_MS: at most four new screens a second, however fast the phones post."""
MARK = re.compile(rb"karta-([A-Za-z0-9_-]{16})")


@dataclass
class Phase:
    open: bool
    latencies: list[float] = field(default_factory=list)
    posts: int = 0
    failed: int = 0
    cpu: float = 0.0


@dataclass
class WallWatch:
    """What the open wall saw: when each card's phone had its answer, and when the card was first on a screen."""

    answered: dict[str, float] = field(default_factory=dict)
    seen: dict[str, float] = field(default_factory=dict)
    screens: int = 0

    def delays(self) -> list[float]:
        return [max(0.0, self.seen[k] - self.answered[k]) for k in self.seen if k in self.answered]


def make_session(folder: Path) -> tuple[str, str, str]:
    sys.path.insert(0, str(ROOT / "src"))
    from ai_toolkit.facilitation import create_session
    from ai_toolkit.plans import load_plan_file
    from ai_toolkit.store.sessions import SessionsDir

    plan = load_plan_file(ROOT / "tests" / "fixtures" / "plans" / "tiny.yaml")
    f = create_session(SessionsDir(folder), plan, title="Wall test", language="sl")
    f.go_to(1)  # the appreciative interviews: collects stories
    info = f.state.info
    f.close()
    return info.id, info.join_token, info.facilitator_token


async def phone(
    conn: Connection, home: str, csrf: str, activity: str, until: float, phase: Phase, watch: WallWatch | None
) -> None:
    rng = random.Random()
    while True:
        await asyncio.sleep(rng.uniform(0, 2.0))
        if time.perf_counter() >= until:
            return
        card = secrets.token_urlsafe(12)[:16]
        text = f"karta-{card} Livarna je odprla halo za festival, čšž 🎉"
        body = urlencode({"csrf": csrf, "rid": card, "activity": activity, "text": text}).encode()
        start = time.perf_counter()
        status, _ = await conn.request("POST", home + "/contribute", body, "application/x-www-form-urlencoded")
        answered = time.perf_counter()
        phase.latencies.append(answered - start)
        if status == 303:
            phase.posts += 1
            if watch is not None:
                watch.answered[card] = answered
        else:
            phase.failed += 1


async def wall(port: int, base: str, until: float, watch: WallWatch, local: str) -> None:
    """One projector's browser: the page, the push stream, and a new screen on each change (at most 4 a second)."""
    page = Connection("127.0.0.1", port, local)
    await page.request("GET", base)
    reader, writer = await asyncio.open_connection("127.0.0.1", port, local_addr=(local, 0))
    writer.write(f"GET {base}/events HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n".encode())
    await writer.drain()
    changed = asyncio.Event()

    async def listen() -> None:
        while True:
            data = await reader.read(65536)
            if not data:
                return
            if b"data:" in data:
                changed.set()

    listener = asyncio.create_task(listen())
    last = 0.0
    try:
        while time.perf_counter() < until:
            try:
                await asyncio.wait_for(changed.wait(), timeout=max(0.01, until - time.perf_counter()))
            except TimeoutError:
                break
            changed.clear()
            await asyncio.sleep(max(0.0, last + MIN_GAP - time.perf_counter()))
            last = time.perf_counter()
            status, html = await page.request("GET", base + "/screen")
            now = time.perf_counter()
            watch.screens += 1
            if status == 200:
                for found in MARK.finditer(html):
                    watch.seen.setdefault(found.group(1).decode(), now)
    finally:
        listener.cancel()
        writer.close()
        page.close()


async def run(args: argparse.Namespace, port: int, token: str, wall_token: str, pid: int) -> list[Phase]:
    home = f"/j/{token}"
    phones = [Connection("127.0.0.1", port, f"127.0.{1 + i // 250}.{1 + i % 250}") for i in range(args.phones)]
    joined = await asyncio.gather(*(join(c, home, i) for i, c in enumerate(phones)))
    phases: list[Phase] = []
    watch = WallWatch()
    for _ in range(args.rounds):
        for is_open in (False, True):
            phase = Phase(open=is_open)
            until = time.perf_counter() + args.seconds
            cpu = cpu_seconds(pid)
            posting = [
                phone(c, home, csrf, activity, until, phase, watch if is_open else None)
                for c, (csrf, activity) in zip(phones, joined, strict=True)
            ]
            walls = [wall(port, f"/f/{wall_token}", until, watch, f"127.0.9.{1 + w}") for w in range(args.walls)]
            await asyncio.gather(*posting, *(walls if is_open else []))
            phase.cpu = cpu_seconds(pid) - cpu
            phases.append(phase)
            await asyncio.sleep(1.0)  # let the wall's stream close before the next phase
    for c in phones:
        c.close()
    phases.append(Phase(open=True, latencies=watch.delays(), posts=watch.screens))  # the cards' way to the wall
    return phases


def measure(args: argparse.Namespace) -> list[Phase]:
    with tempfile.TemporaryDirectory(prefix="ai-toolkit-bench-") as tmp:
        sessions = Path(tmp) / "sessions"
        session_id, token, wall_token = make_session(sessions)
        port = free_port()
        env = {"AI_TOOLKIT_SESSIONS_DIR": str(sessions)}
        argv = [sys.executable, "-c", CLI, "serve", session_id, "--host", "127.0.0.1", "--port", str(port),
                "--max-per-minute", "1000000000", "--max-joins-per-minute", "1000000000"]  # fmt: skip
        server = subprocess.Popen(argv, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)
            return asyncio.run(run(args, port, token, wall_token, server.pid))
        finally:
            server.send_signal(signal.SIGINT)
            try:
                server.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.communicate()


def report(args: argparse.Namespace, phases: list[Phase]) -> str:
    *posting, cards = phases
    closed = [x for p in posting if not p.open for x in p.latencies]
    opened = [x for p in posting if p.open for x in p.latencies]
    rows = []
    for label, values, kept in (("wall closed", closed, [p for p in posting if not p.open]),
                                ("wall open", opened, [p for p in posting if p.open])):  # fmt: skip
        p50, p95, p99 = percentiles(values)
        posts = sum(p.posts for p in kept)
        failed = sum(p.failed for p in kept)
        cpu = sum(p.cpu for p in kept) / max(1, posts) * 1e6
        rows.append(f"| {label} | {posts:,} | {cpu:,.0f} µs | {p50:.1f} ms | {p95:.1f} ms | {p99:.1f} ms | {failed} |")
    ratio = percentiles(opened)[2] / percentiles(closed)[2]
    delays = sorted(cards.latencies)
    median = statistics.median(delays) * 1000 if delays else float("nan")
    p95 = percentiles(delays)[1] if len(delays) > 1 else float("nan")
    shown = len(delays)
    answered = sum(p.posts for p in posting if p.open)
    when = time.strftime("%Y-%m-%d")
    return f"""## Wall (issue 12): the phones with the wall open and closed

Written by `bench/wall.py` (defaults: {args.phones} phones, {args.walls} wall, {args.rounds} rounds of
{args.seconds:.0f} s closed then {args.seconds:.0f} s open) on {when}. `ai-toolkit serve` in its own process; each
phone from its own loopback address joins through the join form, then posts a contribution about once a second
(at random). An open wall does what `wall.js` does: the page, the push stream (`/f/<token>/events`), and on each
change a fresh screen (`/f/<token>/screen`), at most four a second. Baseline: the same phones, same run, with no
wall open; the phases alternate so the machine's other work falls on both.

| phones' posts | posts | server CPU per post | p50 | p95 | p99 | failed |
|---|---|---|---|---|---|---|
{rows[0]}
{rows[1]}

- **p99 with the wall open / closed: {ratio:.2f}** (aim: at most 1.2).
- **A card on the wall {median:.0f} ms after its phone's answer (median), {p95:.0f} ms at p95** (aim: a median
  under 1 s); {shown:,} of the {answered:,} cards posted while the wall was open were seen on a screen it fetched
  ({cards.posts:,} screens).

Machine (shared with other work: compare the ratio, not the absolute figures):

```
{machine()}
```
"""


def update_doc(section: str) -> None:
    """Replace the ``## Wall`` section of docs/benchmarks.md (read fresh: others write their own sections)."""
    text = DOC.read_text(encoding="utf-8")
    start = text.find("\n## Wall (issue 12)")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[: start + 1] + section + (text[end:] if end >= 0 else "")
    DOC.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=30)
    parser.add_argument("--walls", type=int, default=1, help="walls open at once (a second device: 2)")
    parser.add_argument("--seconds", type=float, default=15.0, help="each phase")
    parser.add_argument("--rounds", type=int, default=3, help="closed-then-open rounds")
    parser.add_argument("--update-doc", action="store_true", help="write the section into docs/benchmarks.md")
    args = parser.parse_args()
    if not (1 <= args.phones <= 1000 and 1 <= args.walls <= 8 and 2 <= args.seconds <= 120 and 1 <= args.rounds <= 10):
        parser.error("keep it bounded: 1-1000 phones, 1-8 walls, 2-120 s per phase, 1-10 rounds")
    section = report(args, measure(args))
    print(section)
    if args.update_doc:
        update_doc(section)
    return 0


if __name__ == "__main__":
    sys.exit(main())
