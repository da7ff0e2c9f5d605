"""Benchmark of the themes view with a big room: 5,000 contributions from 100 participants, 12 themes.

What a facilitator feels: how long the view takes to open (push to a drawn frame), how long it takes to redraw
when a phone sends one more story, and how long one assignment takes (the service call with its fsync, then the
redraw). Memory: what the open view holds (tracemalloc, Python allocations).

Baselines, measured in the same run on the same machine:
- the same view on a room of 50 contributions (what size costs);
- Textual's stock ``OptionList`` filled with the same 5,000 rows (what the obvious widget would cost; the view
  uses its own ``RowList``, which draws only the visible lines).

Run: ``.venv/bin/python bench/tui_themes.py [--rounds 5] [--contributions 5000]``. It rewrites the
``## TUI themes view`` section of docs/benchmarks.md (and nothing else in it).
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import platform
import statistics
import subprocess
import tempfile
import time
import tracemalloc
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from ai_toolkit.facilitation import Facilitation, create_session
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Phase, Sector, Source
from ai_toolkit.plans import load_plan_file
from ai_toolkit.store.sessions import SessionsDir
from ai_toolkit.tui.messages import SessionChanged
from ai_toolkit.tui.screens.sense import contribution_line
from ai_toolkit.tui.screens.themes import ThemesScreen

ROOT = Path(__file__).resolve().parent.parent
TINY = ROOT / "tests" / "fixtures" / "plans" / "tiny.yaml"
DOC = ROOT / "docs" / "benchmarks.md"
HEADING = "## TUI themes view"
TEXTS = [
    "Our foundry opened its casting hall for the festival night: 400 people saw molten iron poured to music.",
    "Ko je oblikovalka prišla v našo livarno, smo prvič videli svoje izdelke skozi oči kupca. 🎭",
    "Dijaki so za gledališko predstavo izdelali rekvizite v robotskem krožku tovarne – čšž ł ę ő.",
    "[bold]x[/bold] A joint seminar paired engineering students with illustrators; two prototypes sold.",
]


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


def big_room(root: Path, n: int) -> Facilitation:
    """A session in Discover with ``n`` contributions from 100 participants; a third of them in 12 themes."""
    f = create_session(SessionsDir(root), load_plan_file(TINY), title="Bench", on=date(2026, 11, 23), clock=Clock())
    f.go_to(1)
    sectors = list(Sector)
    people = [f.join(name=f"P{i}", sector=sectors[i % len(sectors)]).id for i in range(100)]
    themes = [f.create_theme(f"Theme number {i}").id for i in range(12)]
    with f.store.transaction():  # the data only: one transaction instead of n
        for i in range(n):
            f.store.append(
                ev.ContributionAdded(
                    contribution_id=f"c-{i}",
                    text=f"{TEXTS[i % len(TEXTS)]} ({i})",
                    phase=Phase.DISCOVER,
                    activity_id="interviews",
                    source=Source.PARTICIPANT,
                    participant_id=people[i % 100],
                    sector=sectors[i % len(sectors)],
                ),
                at=f.clock(),
            )
            if i % 3 == 0:
                f.store.append(ev.ContributionAssigned(contribution_id=f"c-{i}", theme_id=themes[i % 12]), at=f.clock())
    f.refresh()
    return f


class Host(App[None]):
    def __init__(self, f: Facilitation) -> None:
        super().__init__()
        self.f = f

    def on_mount(self) -> None:
        self.f.subscribe(self._heard)

    def _heard(self, records: list[ev.Recorded]) -> None:
        for screen in self.screen_stack:
            screen.post_message(SessionChanged(records))


class StockList(Screen[None]):
    """The baseline: the same rows in Textual's OptionList."""

    def __init__(self, rows: list[Text]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        yield OptionList(*[Option(row, id=str(i)) for i, row in enumerate(self.rows)])


async def measure(f: Facilitation, rounds: int) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {"open": [], "redraw": [], "arrive": [], "assign": [], "stock": []}
    rows = [contribution_line(f.state.plan, c, "en") for c in f.state.contributions.values()]
    phone = next(iter(f.state.participants))
    app = Host(f)
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(rounds):
            t = time.perf_counter()
            await app.push_screen(ThemesScreen(f))
            await pilot.pause()
            out["open"].append(time.perf_counter() - t)
            screen = app.screen
            assert isinstance(screen, ThemesScreen)
            t = time.perf_counter()
            screen.redraw()
            out["redraw"].append(time.perf_counter() - t)
            t = time.perf_counter()
            f.add_contribution("One more story from a phone", source=Source.PARTICIPANT, participant_id=phone)
            await pilot.pause()
            out["arrive"].append(time.perf_counter() - t)
            t = time.perf_counter()
            screen.action_assign()
            await pilot.pause()
            out["assign"].append(time.perf_counter() - t)
            app.pop_screen()
            await pilot.pause()

            t = time.perf_counter()
            await app.push_screen(StockList(rows))
            await pilot.pause()
            out["stock"].append(time.perf_counter() - t)
            app.pop_screen()
            await pilot.pause()
    return out


async def memory(f: Facilitation) -> float:
    """MiB the open themes view holds beyond the app without it."""
    app = Host(f)
    async with app.run_test(size=(120, 40)) as pilot:
        gc.collect()
        tracemalloc.start()
        before = tracemalloc.get_traced_memory()[0]
        await app.push_screen(ThemesScreen(f))
        await pilot.pause()
        gc.collect()
        after = tracemalloc.get_traced_memory()[0]
        tracemalloc.stop()
    return (after - before) / 2**20


def machine() -> str:
    cpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout.splitlines()
    model = next((line.split(":", 1)[1].strip() for line in cpu if line.startswith("Model name")), "unknown CPU")
    nproc = subprocess.run(["nproc"], capture_output=True, text=True, check=False).stdout.strip()
    return (
        f"{model}, {nproc} cores (nproc), Python {platform.python_version()}, {platform.system()} {platform.release()}"
    )


def ms(values: list[float]) -> float:
    return statistics.median(values) * 1000


def write_section(section: str) -> None:
    """Replace this benchmark's section of docs/benchmarks.md, read fresh (others write their own sections)."""
    text = DOC.read_text(encoding="utf-8")
    start = text.find(f"\n{HEADING}\n")
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + 1)
        text = text[: start + 1] + section + (text[end:] if end >= 0 else "")
    DOC.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--contributions", type=int, default=5000)
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = big_room(Path(tmp) / "big", args.contributions)
        small = big_room(Path(tmp) / "small", 50)
        # Rounds alternate between the rooms: the machine is shared, and noise then hits both alike.
        big_t: dict[str, list[float]] = {}
        small_t: dict[str, list[float]] = {}
        for _ in range(args.rounds):
            for room, into in ((big, big_t), (small, small_t)):
                for key, values in asyncio.run(measure(room, 1)).items():
                    into.setdefault(key, []).extend(values)
        mib = asyncio.run(memory(big))
        big.close()
        small.close()
    n = args.contributions
    lines = [
        ("open the view (push → drawn frame)", ms(big_t["open"]), ms(small_t["open"])),
        ("redraw from the state (all lists rebuilt)", ms(big_t["redraw"]), ms(small_t["redraw"])),
        ("a phone's story arrives → on screen", ms(big_t["arrive"]), ms(small_t["arrive"])),
        ("assign one (service + fsync + redraw)", ms(big_t["assign"]), ms(small_t["assign"])),
    ]
    table = "\n".join(f"| {what} | {b:.0f} ms | {s:.0f} ms | {b / s:.1f}× |" for what, b, s in lines)
    stock = ms(big_t["stock"])
    section = f"""{HEADING}

`bench/tui_themes.py`, {time.strftime("%Y-%m-%d")}, on {machine()}. Medians of {args.rounds} rounds, 120×40
terminal (Textual headless). A room of {n:,} contributions from 100 participants, a third of them in 12 themes,
against the same view on a room of 50 contributions.

| what | {n:,} contributions | 50 contributions | ratio |
|---|---|---|---|
{table}

Baseline for the list widget: Textual's stock `OptionList` filled with the same {n:,} rows takes {stock:.0f} ms to
open, {stock / ms(big_t["open"]):.1f}× the whole themes view with its own `RowList` (which draws only the visible
lines). The open view holds {mib:.1f} MiB of Python allocations (tracemalloc) for {n:,} contributions.
Opening is mostly Textual building the screen, whatever the room's size; a redraw rebuilds the lists from the
state but formats only the rows on screen, so a phone's story reaches the view in about the time of one
service append and one frame. The machine is shared with other work: compare ratios rather than absolutes.
"""
    print(section)
    if not args.no_write:
        write_section(section)


if __name__ == "__main__":
    main()
