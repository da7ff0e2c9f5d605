"""200 simulated phones against ``ai-toolkit serve`` on loopback: submissions per second, latency, nothing lost.

What it does, bounded in time and on 127.0.0.1 only:

1. makes a session (the tiny test plan, at its story-collecting activity) in a temporary folder;
2. starts ``ai-toolkit serve`` on a free loopback port in its own process (the per-participant rate limit raised
   with the hidden ``--max-per-minute``, since 200 phones posting as fast as answers come is the point);
3. baseline: every phone asks the cheapest endpoint (``/j/<token>/state.json``, what each page polls) as fast
   as answers come, for ``--baseline`` seconds;
4. every phone joins (page, join form), then posts contributions as fast as answers come for ``--seconds``
   seconds, each with its own client-made id; every 20th post is sent twice (a retry on bad Wi-Fi);
5. a paced room: the same phones each post about once a second (200 submissions a second, more than any real
   room of 40 makes in a minute) for ``--paced`` seconds, for the latency a participant actually sees;
6. keep-alive: one phone loads the page about every 20 ms on the connection it keeps, then as often on a fresh
   connection each time, for ``--keepalive`` seconds each: a page's latency on a reused connection, alone on the
   server (so that queueing behind other phones does not hide a 40 ms wait for an acknowledgement);
7. stops the server and counts the contributions in the database: they must equal the acknowledged (303)
   submissions, nothing lost and nothing doubled.

The same steps run against three setups of the same server, one after the other (``--wire`` picks some):
``guarded``, ``ai-toolkit serve`` as shipped (``web/wire.py``'s limits, TCP_NODELAY); ``bare``, uvicorn's own
httptools protocol (no limits) with TCP_NODELAY; ``old``, the bare protocol on a socket made as before issue 10
(protocol 0, so asyncio never set TCP_NODELAY). ``guarded`` against ``bare`` is the cost of the limits; ``bare``
against ``old`` is TCP_NODELAY's effect.

The phones are a small HTTP/1.1 client on asyncio streams with keep-alive (one connection each), so the client
costs less than the server and the figures are the server's. Run: ``.venv/bin/python bench/web_load.py``.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import random
import re
import secrets
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
CLI = "from ai_toolkit.cli import run; run()"
BARE = """
import asyncio, signal, socket, sys
from ai_toolkit.facilitation import open_session
from ai_toolkit.facilitation.sessions import SessionsDir
from ai_toolkit.web.server import ParticipantServer, listen

root, session, port, old = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "old"
if old:  # as before issue 10: protocol 0, so asyncio never sets TCP_NODELAY on accepted sockets
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    sock.listen(2048)
    sock.setblocking(False)
else:
    sock = listen("127.0.0.1", port)
f = open_session(SessionsDir(root), session)
server = ParticipantServer(f, host="127.0.0.1", port=port, submissions_per_minute=10**9, joins_per_minute=10**9,
                           quiet_gc=True, sock=sock, guarded=False)


async def main():
    asyncio.get_running_loop().add_signal_handler(signal.SIGINT, server.stop)
    await server.serve()


asyncio.run(main())
"""
WIRES = ("guarded", "bare", "old")


# -- a small HTTP/1.1 client ---------------------------------------------------------------------------------
class Connection:
    """One phone's keep-alive connection; enough HTTP/1.1 for our pages (Content-Length bodies, cookies)."""

    def __init__(self, host: str, port: int, local: str | None = None) -> None:
        self.host, self.port, self.local = host, port, local
        self.cookies: dict[str, str] = {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"", content_type: str = "") -> tuple[int, bytes]:
        if self.writer is None:
            local = (self.local, 0) if self.local else None
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port, local_addr=local)
        assert self.reader is not None
        head = [f"{method} {path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Accept-Language: sl"]
        if self.cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        if body or method == "POST":
            head += [f"Content-Type: {content_type}", f"Content-Length: {len(body)}"]
            head.append(f"Origin: http://{self.host}:{self.port}")
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        raw = await self.reader.readuntil(b"\r\n\r\n")
        lines = raw.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        length = 0
        for line in lines[1:]:
            name, _, value = line.partition(":")
            name = name.lower()
            if name == "content-length":
                length = int(value)
            elif name == "set-cookie":
                key, _, rest = value.strip().partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
            elif name == "connection" and value.strip().lower() == "close":
                self.close()
        data = await self.reader.readexactly(length) if length else b""
        return status, data

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


# -- the phones ----------------------------------------------------------------------------------------------
@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    ok: int = 0
    failed: int = 0
    acknowledged: set[str] = field(default_factory=set)
    retries: int = 0


def hidden(html: str, name: str) -> str:
    found = re.search(rf'name="{name}" value="([^"]*)"', html)
    if not found:
        raise RuntimeError(f"no {name} field on the page")
    return found.group(1)


async def poll(conn: Connection, path: str, until: float, tally: Tally) -> None:
    while time.perf_counter() < until:
        start = time.perf_counter()
        status, _ = await conn.request("GET", path)
        tally.latencies.append(time.perf_counter() - start)
        if status == 200:
            tally.ok += 1
        else:
            tally.failed += 1


async def join(conn: Connection, home: str, n: int) -> tuple[str, str]:
    status, page = await conn.request("GET", home)
    html = page.decode()
    form = {"csrf": hidden(html, "csrf"), "rid": hidden(html, "rid"), "name": f"Phone {n}", "sector": "creative"}
    status, _ = await conn.request(
        "POST", home + "/join", urlencode(form).encode(), "application/x-www-form-urlencoded"
    )
    if status != 303:
        raise RuntimeError(f"join answered {status}")
    status, page = await conn.request("GET", home)
    html = page.decode()
    return hidden(html, "csrf"), hidden(html, "activity")


async def contribute(
    conn: Connection, home: str, csrf: str, activity: str, until: float, tally: Tally, pace: float = 0.0
) -> None:
    """Post contributions until ``until``: back to back, or about every ``pace`` seconds (random, like people)."""
    n = 0
    rng = random.Random(id(conn))
    while time.perf_counter() < until:
        if pace:
            await asyncio.sleep(rng.uniform(0, 2 * pace))
        n += 1
        rid = secrets.token_urlsafe(12)
        text = f"Zgodba {n}: livarna je odprla halo za festival, čšž 🎉 " + "x" * 200
        body = urlencode({"csrf": csrf, "rid": rid, "activity": activity, "text": text}).encode()
        for attempt in range(2 if n % 20 == 0 else 1):  # every 20th is sent twice, as a browser retrying
            start = time.perf_counter()
            status, _ = await conn.request("POST", home + "/contribute", body, "application/x-www-form-urlencoded")
            tally.latencies.append(time.perf_counter() - start)
            if status == 303:
                tally.ok += 1
                tally.acknowledged.add(rid)
                tally.retries += attempt
            else:
                tally.failed += 1


async def keep_alive(port: int, home: str, seconds: float, tally: Tally, *, fresh: bool) -> None:
    """One phone loading the page about every 20 ms, on its kept connection or a fresh one each time."""
    conn = Connection("127.0.0.1", port)
    until = time.perf_counter() + seconds
    await conn.request("GET", home)  # the connection (and the cookie) exist before timing starts
    while time.perf_counter() < until:
        await asyncio.sleep(0.02)
        if fresh:
            conn.close()
        start = time.perf_counter()
        status, _ = await conn.request("GET", home)
        tally.latencies.append(time.perf_counter() - start)
        tally.ok += status == 200
        tally.failed += status != 200
    conn.close()


def percentiles(values: list[float]) -> tuple[float, float, float]:
    q = statistics.quantiles(values, n=100, method="inclusive")
    return q[49] * 1000, q[94] * 1000, q[98] * 1000


# -- the run -------------------------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_session(folder: Path) -> tuple[str, str]:
    sys.path.insert(0, str(ROOT / "src"))
    from ai_toolkit.facilitation import create_session
    from ai_toolkit.plans import load_plan_file
    from ai_toolkit.store.sessions import SessionsDir

    plan = load_plan_file(ROOT / "tests" / "fixtures" / "plans" / "tiny.yaml")
    f = create_session(SessionsDir(folder), plan, title="Load test", language="sl")
    f.go_to(1)  # the appreciative interviews: collects stories
    ids = f.state.info.id, f.state.info.join_token
    f.close()
    return ids


async def run(args: argparse.Namespace, port: int, token: str) -> dict[str, object]:
    home = f"/j/{token}"
    phones = [Connection("127.0.0.1", port) for _ in range(args.phones)]

    base = Tally()
    until = time.perf_counter() + args.baseline
    started = time.perf_counter()
    await asyncio.gather(*(poll(c, home + "/state.json", until, base) for c in phones))
    base_elapsed = time.perf_counter() - started

    joined = await asyncio.gather(*(join(c, home, i) for i, c in enumerate(phones)))
    subs = Tally()
    until = time.perf_counter() + args.seconds
    started = time.perf_counter()
    await asyncio.gather(
        *(contribute(c, home, csrf, activity, until, subs) for c, (csrf, activity) in zip(phones, joined, strict=True))
    )
    subs_elapsed = time.perf_counter() - started

    paced = Tally()
    until = time.perf_counter() + args.paced
    started = time.perf_counter()
    await asyncio.gather(
        *(
            contribute(c, home, csrf, activity, until, paced, pace=1.0)
            for c, (csrf, activity) in zip(phones, joined, strict=True)
        )
    )
    paced_elapsed = time.perf_counter() - started
    for c in phones:
        c.close()
    reused, fresh = Tally(), Tally()
    await keep_alive(port, home, args.keepalive, reused, fresh=False)
    await keep_alive(port, home, args.keepalive, fresh, fresh=True)
    return {
        "reused": reused,
        "fresh": fresh,
        "base": base,
        "base_elapsed": base_elapsed,
        "subs": subs,
        "subs_elapsed": subs_elapsed,
        "paced": paced,
        "paced_elapsed": paced_elapsed,
    }


def count_in_store(db: Path) -> tuple[int, int]:
    with sqlite3.connect(db) as con:
        total = con.execute("SELECT COUNT(*) FROM events WHERE kind = 'contribution_added'").fetchone()[0]
        distinct = con.execute(
            "SELECT COUNT(DISTINCT client_id) FROM events WHERE kind = 'contribution_added'"
        ).fetchone()[0]
    return int(total), int(distinct)


def machine() -> str:
    lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout.splitlines()
    return "\n".join(
        [f"nproc: {os.cpu_count()}", f"Python {platform.python_version()} ({platform.python_implementation()})"]
        + [line for line in lscpu if line.split(":")[0] in ("Model name", "CPU(s)", "Thread(s) per core")]
    )


def serve(wire: str, sessions: Path, session_id: str, port: int) -> subprocess.Popen[str]:
    """The server in its own process, as ``wire`` says."""
    env = {**os.environ, "AI_TOOLKIT_SESSIONS_DIR": str(sessions)}
    if wire == "guarded":
        argv = [sys.executable, "-c", CLI, "serve", session_id, "--host", "127.0.0.1", "--port", str(port),
                "--max-per-minute", "1000000000", "--max-joins-per-minute", "1000000000"]  # fmt: skip
    else:
        argv = [sys.executable, "-c", BARE, str(sessions), session_id, str(port), wire]
    return subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


def measure(args: argparse.Namespace, wire: str) -> dict[str, object]:
    with tempfile.TemporaryDirectory(prefix="ai-toolkit-bench-") as tmp:
        sessions = Path(tmp) / "sessions"
        session_id, token = make_session(sessions)
        port = free_port()
        server = serve(wire, sessions, session_id, port)
        try:
            for _ in range(300):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.05)
            results = asyncio.run(run(args, port, token))
        finally:
            server.send_signal(signal.SIGINT)
            try:
                _, err = server.communicate(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                _, err = server.communicate()
        results["stored"] = count_in_store(sessions / session_id / "session.db")
        results["err"] = err or ""
    return results


def report(args: argparse.Namespace, wire: str, results: dict[str, object]) -> bool:
    base: Tally = results["base"]  # type: ignore[assignment]
    subs: Tally = results["subs"]  # type: ignore[assignment]
    paced: Tally = results["paced"]  # type: ignore[assignment]
    reused: Tally = results["reused"]  # type: ignore[assignment]
    fresh: Tally = results["fresh"]  # type: ignore[assignment]
    base_rps = base.ok / results["base_elapsed"]  # type: ignore[operator]
    subs_rps = subs.ok / results["subs_elapsed"]  # type: ignore[operator]
    accepted_rps = len(subs.acknowledged) / results["subs_elapsed"]  # type: ignore[operator]
    paced_rps = paced.ok / results["paced_elapsed"]  # type: ignore[operator]
    print(f"### `{wire}`")
    print()
    print("| | requests/s | p50 | p95 | p99 | failed |")
    print("|---|---|---|---|---|---|")
    for label, tally, rps in (
        ("baseline: GET state.json", base, base_rps),
        ("POST contribution (303)", subs, subs_rps),
        ("paced: each phone ~1/s", paced, paced_rps),
        ("keep-alive: GET page, reused connection", reused, None),
        ("keep-alive: GET page, fresh connection", fresh, None),
    ):
        p50, p95, p99 = percentiles(tally.latencies)
        shown = f"{rps:,.0f}" if rps is not None else "–"
        print(f"| {label} | {shown} | {p50:.1f} ms | {p95:.1f} ms | {p99:.1f} ms | {tally.failed} |")
    print()
    ratio = accepted_rps / base_rps
    print(f"accepted submissions/s: {accepted_rps:,.0f}, ratio to the baseline's requests/s: {ratio:.2f}")
    acknowledged = len(subs.acknowledged) + len(paced.acknowledged)
    counts = results["stored"]
    assert isinstance(counts, tuple)
    stored, distinct = counts
    same = stored == distinct == acknowledged
    print(f"acknowledged {acknowledged:,} ({subs.retries + paced.retries:,} retried), stored {stored:,} "
          f"({distinct:,} distinct): " + ("nothing lost, nothing doubled" if same else "MISMATCH"))  # fmt: skip
    print()
    if "Traceback" in str(results["err"]):
        print(results["err"], file=sys.stderr)
        return False
    return same


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--phones", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30.0, help="submission phase")
    parser.add_argument("--baseline", type=float, default=10.0, help="baseline phase")
    parser.add_argument("--paced", type=float, default=10.0, help="paced phase (each phone about once a second)")
    parser.add_argument("--keepalive", type=float, default=5.0, help="each keep-alive phase")
    parser.add_argument("--wire", choices=WIRES, action="append", help="setups to measure (default: all three)")
    args = parser.parse_args()
    phases = (args.seconds, args.baseline, args.paced, args.keepalive)
    if not (1 <= args.phones <= 1000 and all(1 <= x <= 120 for x in phases)):
        parser.error("keep it bounded: 1-1000 phones, 1-120 s per phase")
    print(
        f"{args.phones} phones · baseline {args.baseline:.0f} s · submissions {args.seconds:.0f} s · "
        f"paced {args.paced:.0f} s · keep-alive 2 x {args.keepalive:.0f} s · {time.strftime('%Y-%m-%d')}"
    )
    print()
    ok = True
    for wire in args.wire or WIRES:
        ok &= report(args, wire, measure(args, wire))
    print(machine())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
