"""A plenary on one laptop: N phones (default 1,000) against ``ai-toolkit serve`` and ``ai-toolkit run``, same run.

Each target gets a fresh session (the tiny test plan, at its story-collecting step) in a temporary folder:

- ``serve``: the phones' server alone, in its own process; the facilitator's changes come from a second process
  writing the same session (as ``ai-toolkit next`` in a shell does);
- ``run``: the facilitator's TUI in a pseudo-terminal (120x40), with its phones' server process; the facilitator's
  changes are ctrl+n / ctrl+b pressed in the TUI, and once a second a character is typed into its input bar and
  timed until the terminal shows it (key to screen).

Every phone has its own loopback address (127.0.x.y), so per-address limits see phones, not one client. A phone
joins (page, join form), opens its change stream (``/j/<token>/events``), then posts a contribution about every
10 s (each with its own client-made id; every 20th is sent twice, as a browser retrying on bad Wi-Fi) and loads its
page after each 303, as a browser follows the redirect. When its stream says the page changed, it loads the page
(as the page's script does). The facilitator moves between two collecting steps every 15 s.

Reported per target: p50/p99 of posts, of a change reaching a phone's stream (from the facilitator's command), of
the new page loaded on a phone, of key to screen (``run``); CPU and peak memory of each process; acknowledged
posts against contributions stored. Linux only (reads /proc). Run: ``.venv/bin/python bench/plenary.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import fcntl
import json
import os
import pty
import random
import re
import resource
import secrets
import signal
import socket
import sqlite3
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from web_load import machine

ROOT = Path(__file__).resolve().parent.parent
AI_TOOLKIT = Path(sys.executable).parent / "ai-toolkit"
INTERVIEWS = 1  # the tiny plan's steps 1 and 2 both collect: the facilitator goes back and forth between them
POST_EVERY = 10.0
CHANGE_EVERY = 15.0
KEY_EVERY = 1.0


# -- a phone -------------------------------------------------------------------------------------------------
class Http:
    """A keep-alive HTTP/1.1 connection from one local address (Content-Length bodies, cookies)."""

    def __init__(self, port: int, local: str, cookies: dict[str, str]) -> None:
        self.port, self.local, self.cookies = port, local, cookies
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.busy = asyncio.Lock()
        """One request at a time on a connection (the page load after a change waits for a post, as in a tab)."""

    async def connect(self) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
        return await asyncio.open_connection("127.0.0.1", self.port, local_addr=(self.local, 0))

    def head(self, method: str, path: str, extra: list[str]) -> bytes:
        lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{self.port}", "Accept-Language: sl", *extra]
        if self.cookies:
            lines.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    async def read_head(self, reader: asyncio.StreamReader) -> tuple[int, dict[str, str]]:
        raw = await reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        headers: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name, value = name.lower(), value.strip()
            if name == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
            elif name:
                headers[name] = value
        return int(lines[0].split()[1]), headers

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        async with self.busy:
            return await self._request(method, path, body)

    async def _request(self, method: str, path: str, body: bytes) -> tuple[int, bytes]:
        extra = []
        if method == "POST":
            extra = ["Content-Type: application/x-www-form-urlencoded", f"Content-Length: {len(body)}",
                     f"Origin: http://127.0.0.1:{self.port}"]  # fmt: skip
        for attempt in range(3):  # a connection the server closed (idle, or a restart): open another
            try:
                if self.writer is None:
                    self.reader, self.writer = await self.connect()
                assert self.reader is not None
                self.writer.write(self.head(method, path, extra) + body)
                status, headers = await self.read_head(self.reader)
                length = int(headers.get("content-length", "0"))
                data = await self.reader.readexactly(length) if length else b""
                if headers.get("connection", "").lower() == "close":
                    self.close()
                return status, data
            except (OSError, asyncio.IncompleteReadError):
                self.close()
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    return found.group(1) if found else ""


@dataclass
class Room:
    """What the phones measured, shared by all of them."""

    posts: list[float] = field(default_factory=list)
    post_failures: int = 0
    refused: int = 0
    acknowledged: set[str] = field(default_factory=set)
    """The client ids of the posts answered 303 (each counted once, retries too)."""
    acked: int = 0
    retried: int = 0
    changes: list[tuple[float, str]] = field(default_factory=list)
    """(when the facilitator's command was given, the phones' version it leads to)"""
    heard: list[float] = field(default_factory=list)
    """From a change to the moment a phone's stream said so."""
    pages: list[float] = field(default_factory=list)
    """From a change to the moment a phone had loaded the page of the new step."""
    missed: int = 0
    reconnects: int = 0
    """Change streams that ended (a server making room under a low file limit) and were opened again."""

    def timed(self, log: list[tuple[float, str]]) -> list[float | None]:
        """For each change, how long until ``log`` (a phone's (time, version) entries) first shows it."""
        return [next((at - t for at, v in log if at >= t and v == version), None) for t, version in self.changes]


class Phone:
    def __init__(self, n: int, port: int, token: str, room: Room) -> None:
        self.n = n
        self.local = f"127.0.{1 + n // 250}.{1 + n % 250}"
        self.home = f"/j/{token}"
        self.room = room
        self.cookies: dict[str, str] = {}
        self.http = Http(port, self.local, self.cookies)
        self.csrf = self.activity = ""
        self.version = ""
        self.heard: list[tuple[float, str]] = []
        self.loaded: list[tuple[float, str]] = []
        self.reloading = False
        self.reconnects = 0

    def read_page(self, page: bytes) -> None:
        html = page.decode()
        self.csrf, self.activity = hidden(html, "csrf"), hidden(html, "activity")
        found = re.search(r'data-version="([^"]*)"', html)
        self.version = found.group(1) if found else self.version
        self.loaded.append((time.monotonic(), self.version))

    async def join(self) -> None:
        _, page = await self.http.request("GET", self.home)  # gives the cookie; the form's token fits it
        html = page.decode()
        form = {"csrf": hidden(html, "csrf"), "rid": hidden(html, "rid"), "name": f"Phone {self.n}", "sector": "school"}
        status, _ = await self.http.request("POST", self.home + "/join", urlencode(form).encode())
        if status != 303:
            raise RuntimeError(f"join answered {status}")
        _, page = await self.http.request("GET", self.home)
        self.read_page(page)

    async def listen(self, stop: asyncio.Event) -> None:
        """The page's change stream, reopened 2 s after it ends, as EventSource does (``reconnects`` counts it)."""
        stream = Http(self.http.port, self.local, self.cookies)
        while not stop.is_set():
            try:
                reader, writer = await stream.connect()
                writer.write(stream.head("GET", self.home + "/events", []))
                status, _ = await stream.read_head(reader)
                while status == 200:
                    line = await reader.readline()
                    if not line:
                        break
                    if line.startswith(b"data: "):
                        version = line[6:].strip().decode()
                        self.heard.append((time.monotonic(), version))
                        if version != self.version and not self.reloading:
                            asyncio.ensure_future(self.reload())
                writer.close()
            except (OSError, asyncio.IncompleteReadError):
                pass
            self.reconnects += 1
            await asyncio.sleep(2)

    async def reload(self) -> None:
        """As the page's script does when its stream says the room moved on."""
        self.reloading = True
        try:
            _, page = await self.http.request("GET", self.home)
            self.read_page(page)
        finally:
            self.reloading = False

    async def take_part(self, until: float, rng: random.Random) -> None:
        await asyncio.sleep(rng.uniform(0, POST_EVERY))
        n = 0
        while time.monotonic() < until:
            n += 1
            rid = secrets.token_urlsafe(12)
            text = f"Zgodba {self.n}.{n}: livarna je odprla halo za festival, čšž 🎭 " + "x" * 120
            body = urlencode({"csrf": self.csrf, "rid": rid, "activity": self.activity, "text": text}).encode()
            for attempt in range(2 if n % 20 == 0 else 1):
                started = time.monotonic()
                try:
                    status, _ = await self.http.request("POST", self.home + "/contribute", body)
                except (OSError, asyncio.IncompleteReadError):
                    self.room.post_failures += 1
                    continue
                self.room.posts.append(time.monotonic() - started)
                if status == 303:
                    self.room.acknowledged.add(rid)
                    self.room.retried += attempt
                    if attempt == 0:
                        _, page = await self.http.request("GET", self.home + "?ok=sent")
                        self.read_page(page)
                elif status == 409:  # the facilitator moved on while it was being typed: shown, not stored
                    self.room.refused += 1
                    if not self.reloading:
                        await self.reload()
                else:
                    self.room.post_failures += 1
            await asyncio.sleep(rng.uniform(0.5, 1.5) * POST_EVERY)


# -- the processes -------------------------------------------------------------------------------------------
def make_session(folder: Path) -> tuple[str, str]:
    sys.path.insert(0, str(ROOT / "src"))
    from ai_toolkit.facilitation import create_session
    from ai_toolkit.facilitation.sessions import SessionsDir
    from ai_toolkit.plans import load_plan_file

    plan = load_plan_file(ROOT / "tests" / "fixtures" / "plans" / "tiny.yaml")
    f = create_session(SessionsDir(folder), plan, title="Plenarni del", language="sl")
    f.go_to(INTERVIEWS)
    ids = f.state.info.id, f.state.info.join_token
    f.close()
    return ids


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


class Terminal:
    """``ai-toolkit run`` in a pseudo-terminal; everything it draws is read (and kept briefly) by a thread."""

    def __init__(self, argv: list[str], env: dict[str, str], cols: int = 120, rows: int = 40) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True)
        os.close(slave)
        self.chunks: list[tuple[float, bytes]] = []
        self.lock = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self.lock:
                self.chunks.append((time.monotonic(), data))
                del self.chunks[:-200]
                self.lock.notify_all()

    def press(self, keys: bytes) -> float:
        sent = time.monotonic()
        os.write(self.master, keys)
        return sent

    def shown_after(self, since: float, marker: bytes, seconds: float = 5.0) -> float | None:
        """When ``marker`` first reached the terminal after ``since``."""
        deadline = time.monotonic() + seconds
        with self.lock:
            while True:
                for at, data in self.chunks:
                    if at >= since and marker in data:
                        return at
                left = deadline - time.monotonic()
                if left <= 0:
                    return None
                self.lock.wait(left)

    def screen_has(self, text: bytes, seconds: float) -> bool:
        return self.shown_after(0.0, text, seconds) is not None


# -- one target ----------------------------------------------------------------------------------------------
@dataclass
class Result:
    name: str
    room: Room
    keys: list[float]
    cpu: dict[str, float]
    memory: dict[str, float]
    stored: int
    distinct: int
    seconds: float


async def crowd(port: int, token: str, phones: int, seconds: float) -> dict[str, object]:
    """The phones, in a process of their own (``--crowd``): join, say ``ready``, take part, return what they saw."""
    room = Room()
    everyone = [Phone(n, port, token, room) for n in range(phones)]
    joining = asyncio.Semaphore(50)

    async def join(phone: Phone) -> None:
        async with joining:
            await phone.join()

    await asyncio.gather(*(join(p) for p in everyone))
    stop = asyncio.Event()
    listeners = [asyncio.create_task(p.listen(stop)) for p in everyone]
    await asyncio.sleep(2)  # every stream open
    print("ready", flush=True)
    until = time.monotonic() + seconds
    rng = random.Random(7)
    await asyncio.gather(*(p.take_part(until, random.Random(rng.random())) for p in everyone))
    await asyncio.sleep(3)  # the last change's pages
    stop.set()
    for task in listeners:
        task.cancel()
    for p in everyone:
        p.http.close()
    return {
        "posts": room.posts,
        "post_failures": room.post_failures,
        "refused": room.refused,
        "acknowledged": len(room.acknowledged),
        "retried": room.retried,
        "heard": [p.heard for p in everyone],
        "reconnects": sum(p.reconnects for p in everyone),
        "loaded": [p.loaded for p in everyone],
    }


def plenary(port: int, token: str, args: argparse.Namespace, change, key_probe=None) -> tuple[Room, list[float]]:
    """The phones' process, and meanwhile the facilitator (``change``) and the key probe (``key_probe``) here."""
    phones = subprocess.Popen(
        [sys.executable, __file__, "--crowd", str(port), token, str(args.phones), str(args.seconds)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert phones.stdout is not None
    if phones.stdout.readline().strip() != "ready":
        raise RuntimeError("the phones could not join")
    room = Room()
    keys: list[float] = []
    until = time.monotonic() + args.seconds

    def facilitator() -> None:
        forward = True
        while time.monotonic() + CHANGE_EVERY < until:
            time.sleep(CHANGE_EVERY)
            room.changes.append((time.monotonic(), expected_version(INTERVIEWS + 1 if forward else INTERVIEWS)))
            change(forward)
            forward = not forward

    def typist() -> None:
        while key_probe is not None and time.monotonic() < until:
            time.sleep(KEY_EVERY)
            took = key_probe()
            if took is not None:
                keys.append(took)

    threads = [threading.Thread(target=facilitator), threading.Thread(target=typist)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seen = json.loads(phones.stdout.read())
    phones.wait(60)
    room.posts = seen["posts"]
    room.post_failures, room.refused, room.retried = seen["post_failures"], seen["refused"], seen["retried"]
    room.reconnects = seen["reconnects"]
    room.acked = seen["acknowledged"]
    for heard_log, loaded_log in zip(seen["heard"], seen["loaded"], strict=True):
        for heard, loaded in zip(room.timed(heard_log), room.timed(loaded_log), strict=True):
            if heard is None:
                room.missed += 1
            else:
                room.heard.append(heard)
            if loaded is not None:
                room.pages.append(loaded)
    return room, keys


def expected_version(position: int) -> str:
    """The phones' page version at a step with no vote (``routes.participant.version``)."""
    return f"{position}.0.-.0"


def count_in_store(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as con:
        rows = con.execute(
            "SELECT COUNT(*), COUNT(DISTINCT client_id) FROM events WHERE kind = 'contribution_added'"
        ).fetchone()
    return int(rows[0]), int(rows[1])


def wait_for_port(port: int, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"GET /static/app.css HTTP/1.1\r\nHost: x\r\n\r\n")
                if s.recv(12).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise RuntimeError("the server never answered")


def run_serve(args: argparse.Namespace, tmp: Path) -> Result:
    from ai_toolkit.facilitation import open_session
    from ai_toolkit.facilitation.sessions import SessionsDir

    sessions = tmp / "serve"
    session_id, token = make_session(sessions)
    port = free_port()
    env = {**os.environ, "AI_TOOLKIT_SESSIONS_DIR": str(sessions)}
    server = subprocess.Popen([str(AI_TOOLKIT), "serve", session_id, "--host", "0.0.0.0", "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)  # fmt: skip
    facilitator = open_session(SessionsDir(sessions), session_id)
    try:
        wait_for_port(port)

        def change(forward: bool) -> None:
            (facilitator.advance if forward else facilitator.back)()

        cpu0 = cpu_seconds(server.pid)
        started = time.monotonic()
        room, keys = plenary(port, token, args, change)
        elapsed = time.monotonic() - started
        cpu = {"serve": (cpu_seconds(server.pid) - cpu0) / elapsed}
        memory = {"serve": peak_rss_mib(server.pid)}
    finally:
        facilitator.close()
        server.send_signal(signal.SIGINT)
        _, err = server.communicate(timeout=60)
        if "Traceback" in err:
            print(err, file=sys.stderr)
    stored, distinct = count_in_store(sessions / session_id / "session.db")
    return Result("serve", room, keys, cpu, memory, stored, distinct, elapsed)


def run_tui(args: argparse.Namespace, tmp: Path) -> Result:
    sessions = tmp / "run"
    session_id, token = make_session(sessions)
    port = free_port()
    env = {**os.environ, "AI_TOOLKIT_SESSIONS_DIR": str(sessions), "TERM": "xterm-256color", "LANG": "C.UTF-8"}
    term = Terminal([str(AI_TOOLKIT), "run", session_id, "--host", "0.0.0.0", "--port", str(port)], env)
    try:
        wait_for_port(port)
        if not term.screen_has(b"F2", 30):
            raise RuntimeError("the TUI never drew its input bar")
        child = next(
            pid for pid in children(term.proc.pid) if b"web.child" in Path(f"/proc/{pid}/cmdline").read_bytes()
        )

        def change(forward: bool) -> None:
            term.press(b"\x0e" if forward else b"\x02")  # ctrl+n / ctrl+b

        def key_probe() -> float | None:
            sent = term.press("¤".encode())
            shown = term.shown_after(sent, "¤".encode())
            term.press(b"\x7f")  # backspace: the next probe types it anew
            return None if shown is None else shown - sent

        pids = {"run: TUI": term.proc.pid, "run: server": child}
        cpu0 = {name: cpu_seconds(pid) for name, pid in pids.items()}
        started = time.monotonic()
        room, keys = plenary(port, token, args, change, key_probe)
        elapsed = time.monotonic() - started
        cpu = {name: (cpu_seconds(pid) - cpu0[name]) / elapsed for name, pid in pids.items()}
        memory = {name: peak_rss_mib(pid) for name, pid in pids.items()}
    finally:
        term.press(b"\x11")  # ctrl+q
        try:
            term.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            term.proc.kill()
    stored, distinct = count_in_store(sessions / session_id / "session.db")
    return Result("run", room, keys, cpu, memory, stored, distinct, elapsed)


def pct(values: list[float]) -> str:
    if len(values) < 2:
        return "n/a"
    q = statistics.quantiles(values, n=100, method="inclusive")
    return f"{q[49] * 1000:,.0f} ms / {q[98] * 1000:,.0f} ms"


def report(results: list[Result], args: argparse.Namespace) -> int:
    print(f"{args.phones:,} phones · {args.seconds:.0f} s each · posts every ~{POST_EVERY:.0f} s · "
          f"a change every {CHANGE_EVERY:.0f} s · {time.strftime('%Y-%m-%d')}")  # fmt: skip
    print()
    print("| p50 / p99 | " + " | ".join(f"`{r.name}`" for r in results) + " |")
    print("|---|" + "---|" * len(results))
    print("| post a contribution (to its 303) | " + " | ".join(pct(r.room.posts) for r in results) + " |")
    print("| a change reaches a phone's stream | " + " | ".join(pct(r.room.heard) for r in results) + " |")
    print("| the new page loaded on the phone | " + " | ".join(pct(r.room.pages) for r in results) + " |")
    print("| key to screen (TUI) | " + " | ".join(pct(r.keys) if r.keys else "–" for r in results) + " |")
    print()
    print("| process | CPU (share of one core) | peak memory |")
    print("|---|---|---|")
    for r in results:
        for name in r.cpu:
            print(f"| {name} | {r.cpu[name]:.0%} | {r.memory[name]:.0f} MiB |")
    print()
    ok = True
    for r in results:
        acked = r.room.acked
        same = acked == r.stored == r.distinct
        ok &= same and r.room.missed == 0
        print(f"- `{r.name}`: {len(r.room.posts):,} posts answered ({r.room.retried:,} retries), "
              f"{acked:,} acknowledged, {r.stored:,} stored ({r.distinct:,} distinct ids): "
              f"{'nothing lost, nothing doubled' if same else 'MISMATCH'}; {r.room.refused:,} refused as the "
              f"step had moved on, {r.room.post_failures} failed; {len(r.room.changes)} changes, "
              f"{len(r.room.heard):,} heard, {r.room.missed} missed, {r.room.reconnects} streams reopened")  # fmt: skip
    serve = next((r for r in results if r.name == "serve"), None)
    run = next((r for r in results if r.name == "run"), None)
    if serve and run and len(serve.room.posts) > 1 and len(run.room.posts) > 1:
        p99 = [statistics.quantiles(r.room.posts, n=100, method="inclusive")[98] for r in (run, serve)]
        print(f"- posts p99, run / serve: {p99[0] / p99[1]:.2f}")
    print()
    print(machine())
    return 0 if ok else 1


def main() -> int:
    if sys.argv[1:2] == ["--crowd"]:  # the phones' own process
        port, token, phones, seconds = sys.argv[2:6]
        _raise_file_limit(int(phones))
        print(json.dumps(asyncio.run(crowd(int(port), token, int(phones), float(seconds)))), flush=True)
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=1000)
    parser.add_argument("--seconds", type=float, default=60.0, help="the measured plenary, per target")
    parser.add_argument("--only", choices=["serve", "run"], help="one target only")
    args = parser.parse_args()
    if not (1 <= args.phones <= 2000 and 20 <= args.seconds <= 600):
        parser.error("keep it bounded: 1-2000 phones, 20-600 s")
    _raise_file_limit(args.phones)
    results = []
    with tempfile.TemporaryDirectory(prefix="ai-toolkit-plenary-") as tmp:
        if args.only in (None, "serve"):
            results.append(run_serve(args, Path(tmp)))
        if args.only in (None, "run"):
            results.append(run_tui(args, Path(tmp)))
    return report(results, args)


def _raise_file_limit(phones: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4 * phones + 256)), hard))


if __name__ == "__main__":
    sys.exit(main())
