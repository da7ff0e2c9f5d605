"""Benchmark of photos: a 12-megapixel phone photo uploaded to the real server, and minutes with 50 photos.

1. Upload: the participant server runs as ``ai-toolkit serve`` in its own process; phones post a 12 MP camera JPEG
   (4000 x 3000, 4-5 MB, with EXIF) through the real form, one after another. Measured: the time from sending the
   request to the 303 acknowledgement, and the server process's CPU time per photo (read from /proc, Linux).
   Baseline in the same run: Pillow's bare decode and JPEG encode of the same file (``Image.open().load()``,
   ``save(quality=85)``), CPU per photo in this process.
2. Minutes: one session (Inducci plan, 40 participants, 300 contributions) written with its 50 photos (each a
   different 2,560 px JPEG, as stored) and the same session without them.

Run: ``.venv/bin/python bench/photos.py [--uploads 12] [--rounds 3] [--update-doc]``; ``--update-doc`` rewrites
the ``## Photos`` section of docs/benchmarks.md (and nothing else in it).
"""

from __future__ import annotations

import argparse
import io
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx
from PIL import Image, ImageChops

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.minutes import machine, update_doc  # noqa: E402
from tests import photo_samples as samples  # noqa: E402

from ai_toolkit.facilitation import create_session  # noqa: E402
from ai_toolkit.facilitation.sessions import SessionsDir  # noqa: E402
from ai_toolkit.imaging import prepare  # noqa: E402
from ai_toolkit.model.enums import Sector, Source  # noqa: E402
from ai_toolkit.plans import load_toolbox  # noqa: E402
from ai_toolkit.reports import write_minutes  # noqa: E402

DOC = ROOT / "docs" / "benchmarks.md"
AI_TOOLKIT = Path(sys.executable).parent / "ai-toolkit"
TICKS = os.sysconf("SC_CLK_TCK")
_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def bare(data: bytes) -> None:
    im = Image.open(io.BytesIO(data))
    im.load()
    im.save(io.BytesIO(), format="JPEG", quality=85)


def per_photo_cpu(fn, data: bytes, n: int) -> float:
    fn(data)  # warm-up
    start = time.process_time()
    for _ in range(n):
        fn(data)
    return (time.process_time() - start) / n


def hidden(html: str) -> dict[str, str]:
    form = html[html.index('action="') :]
    form = form[form.index("/photo") :]
    return dict(_HIDDEN.findall(form[: form.index("</form>")]))


def uploads(photo: bytes, n: int, folder: Path) -> tuple[list[float], float]:
    """Post ``photo`` ``n`` times through a served session; (seconds to each 303, server CPU per photo)."""
    sessions = SessionsDir(folder / "served")
    plan = load_toolbox().plans["inducci-industry"]
    f = create_session(sessions, plan, title="Photo benchmark", language="sl")
    f.go_to(next(i for i, (_, a) in enumerate(plan.steps()) if a.collects.value == "dreams"))
    sid = f.state.info.id
    f.close()
    server = subprocess.Popen(
        [str(AI_TOOLKIT), "--sessions-dir", str(sessions.root), "serve", sid, "--host", "127.0.0.1", "--port", "0"]
        + ["--max-per-minute", "10000"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert server.stdout is not None
        join = next(line.split()[-1] for line in server.stdout if line.startswith("Join:"))
        waits: list[float] = []
        cpu = 0.0
        phone: httpx.Client | None = None
        for i in range(n):
            if i % 10 == 0:  # 20 photos each at most: a new phone every ten
                if phone is not None:
                    phone.close()
                phone = httpx.Client(timeout=60)
                page = phone.get(join)
                fields = dict(_HIDDEN.findall(page.text))
                phone.post(join + "/join", data={**fields, "sector": "creative"})
            assert phone is not None
            fields = hidden(phone.get(join).text)
            parts = {k: (None, v) for k, v in {**fields, "caption": f"Plakat {i}"}.items()}
            before = cpu_seconds(server.pid)
            start = time.perf_counter()
            r = phone.post(join + "/photo", files={**parts, "photo": ("IMG_1234.JPG", photo, "image/jpeg")})
            waits.append(time.perf_counter() - start)
            cpu += cpu_seconds(server.pid) - before
            assert r.status_code == 303, (r.status_code, r.text[:300])
        if phone is not None:
            phone.close()
        return waits, cpu / n
    finally:
        server.terminate()
        server.wait(10)


def session_with_photos(folder: Path, count: int) -> tuple[object, Path]:
    """A finished session: 40 participants, 300 contributions, ``count`` different stored photos."""
    plan = load_toolbox().plans["inducci-industry"]
    f = create_session(SessionsDir(folder / "minutes"), plan, title="KKI in industrija", language="sl")
    steps = plan.steps()
    people = [f.join(name=f"Oseba {i}", sector=list(Sector)[i % 8], consent_named=i % 2 == 0).id for i in range(40)]
    collecting = [i for i, (_, a) in enumerate(steps) if a.collects.value in ("stories", "strengths", "dreams")]
    noise = Image.effect_noise((2560, 1920), 30).convert("RGB")
    made = 0
    for k, position in enumerate(collecting):
        f.go_to(position)
        for i in range(300 // len(collecting)):
            who = people[(i + k) % 40]
            text = f"Zgodba {k}.{i}: livarna je odprla halo za festival."
            f.add_contribution(text, source=Source.PARTICIPANT, participant_id=who)
        while made < count * (k + 1) // len(collecting):
            shifted = ImageChops.offset(noise, made * 37, made * 11)
            picture = Image.blend(samples.flipchart(2560, 1920, seed=made), shifted, 0.2)
            stored = prepare(samples.jpeg(picture))
            f.add_photo(
                stored, caption=f"Plakat {made + 1}", source=Source.PARTICIPANT, participant_id=people[made % 40]
            )
            made += 1
    f.end()
    return f, f.folder


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uploads", type=int, default=12)
    parser.add_argument("--photos", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--update-doc", action="store_true")
    args = parser.parse_args()

    photo = samples.phone_jpeg(4000, 3000)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base_cpu = per_photo_cpu(bare, photo, args.uploads)
        prep_cpu = per_photo_cpu(prepare, photo, args.uploads)
        waits, server_cpu = uploads(photo, args.uploads, folder)

        f, session_folder = session_with_photos(folder, args.photos)
        state = f.state  # type: ignore[attr-defined]
        without = state.model_copy(update={"photos": {}})
        out_with, out_without = folder / "with.docx", folder / "without.docx"
        write_minutes(state, out_with, folder=session_folder)  # warm-up
        with_times, without_times = [], []
        for _ in range(args.rounds):
            with_times.append(timed(lambda: write_minutes(state, out_with, folder=session_folder)))
            without_times.append(timed(lambda: write_minutes(without, out_without, folder=session_folder)))
        sizes = (out_with.stat().st_size / 1e6, out_without.stat().st_size / 1e6)
        f.close()  # type: ignore[attr-defined]
    t_with, t_without = statistics.median(with_times), statistics.median(without_times)
    day = f"{datetime.now(UTC):%Y-%m-%d}"
    section = f"""## Photos

Written by `bench/photos.py --uploads {args.uploads} --photos {args.photos} --rounds {args.rounds}` on {day}.

**Upload of a 12-megapixel phone JPEG** ({len(photo) / 1e6:.1f} MB, 4000 x 3000, with EXIF), posted {args.uploads}
times through the phone's form to `ai-toolkit serve` on loopback, one after another. The server decodes it, turns
it upright, strips its metadata, scales it to 2,560 px, re-encodes it, checks the result, stores it and records the
event before it answers.

| | per photo |
|---|---|
| time to the acknowledgement (303), median | {statistics.median(waits):.2f} s |
| time to the acknowledgement, slowest | {max(waits):.2f} s |
| server CPU (whole request: parse, decode, encode, store) | {server_cpu:.2f} s |
| `imaging.prepare` alone, CPU | {prep_cpu:.2f} s |
| baseline: Pillow's bare decode + encode of the same file, CPU | {base_cpu:.2f} s |
| **ratio server CPU / baseline** | **{server_cpu / base_cpu:.2f}** |

**Minutes with {args.photos} photos** against the same session's minutes without them (40 participants,
{len(state.contributions)} contributions; the photos are {args.photos} different stored JPEGs of 2,560 px, put in
the document at 1,280 px).

| | median time | file |
|---|---|---|
| minutes with {args.photos} photos | {t_with:.2f} s | {sizes[0]:.1f} MB |
| the same minutes without photos | {t_without:.2f} s | {sizes[1]:.1f} MB |
| **ratio** | **{t_with / t_without:.2f}** | |

Machine:
```
{machine()}
```
"""
    print(section)
    if args.update_doc:
        update_doc(section, "Photos")
        print(f"updated {DOC}")


if __name__ == "__main__":
    main()
