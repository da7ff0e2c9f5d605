"""The ``ai-toolkit`` command as a user types it: the real console script in a subprocess, real folders on disk.

Every bad input must give one clear line on stderr and a non-zero exit, never a traceback, and never leave a
half-written session behind.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import sqlite3
import time
from datetime import UTC, date, datetime
from functools import partial
from pathlib import Path

import pytest
from tests.cli.runner import TINY_PLANS, cli, ok, parallel, refused, user_env

from ai_toolkit.facilitation import Facilitation, create_session, open_session
from ai_toolkit.facilitation.decisions.retention import default_keep_until
from ai_toolkit.model.plan import Plan
from ai_toolkit.store.sessions import SessionsDir


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    return h


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return tmp_path / "sessions"


@pytest.fixture
def made(root: Path, tiny_plan: Plan) -> Facilitation:
    """A session made through the service, for commands that need one to exist."""
    f = create_session(SessionsDir(root), tiny_plan, title="Kulturcafé Jesenice", on=date(2026, 11, 23))
    f.close()
    return f


def everything_under(folder: Path) -> set[str]:
    """Every path below ``folder``, hidden ones included: what a failed command must not have changed."""
    return {str(p.relative_to(folder)) for p in folder.rglob("*")} if folder.exists() else set()


def no_error_log(home: Path) -> None:
    """The last line of defence (an unexpected error) writes a log in HOME: no expected case may reach it."""
    assert not (home / ".ai-toolkit-error.log").exists()


# -- the journey of a facilitator -------------------------------------------------------------------------------
def test_plans_lists_the_toolbox_and_shows_one_plan_in_slovenian(home: Path) -> None:
    listing = ok(cli("plans", home=home)).out
    tiny = next(i for i, line in enumerate(listing.splitlines()) if line.startswith("test-tiny "))
    assert "Tiny test plan" in listing.splitlines()[tiny]
    assert "define > discover > dream > design > destiny · 80 min · en sl" in listing.splitlines()[tiny + 1]

    shown = ok(cli("plans", "show", "test-tiny", "--lang", "sl", home=home)).out
    assert shown.startswith("Majhen preizkusni načrt  [test-tiny] · 80 min")
    assert "Apreciativni intervjuji · 20 min" in shown
    assert "“Povejte zgodbo o vrhuncu.”" in shown
    assert "1:10  Commitments · 10 min" in shown  # no Slovenian title: the English one, at its start time
    refused(cli("plans", "show", "test-tiny", "--lang", "xx", home=home), "unknown language 'xx'")
    refused(cli("plans", "show", "nope", home=home), "no plan 'nope'", "test-tiny")


def test_a_session_from_new_to_export_and_import(home: Path, root: Path, tmp_path: Path) -> None:
    made_on = datetime.now(UTC).date()  # "today" as the service counts it: by its clock, in UTC
    new = ok(
        cli(
            "new",
            "--plan",
            "test-tiny",
            "--title",
            "Kulturcafé Jesenice – čšž 🎭",
            "--lang",
            "sl",
            "--partner",
            "BSC Kranj",
            "--region",
            "Gorenjska",
            "--venue",
            "Kulturcafé",
            "--date",
            "2026-11-23",
            "--facilitator",
            "Ana",
            "--facilitator",
            "Luka",
            home=home,
            root=root,
        )
    ).out.splitlines()
    sid, folder = new
    assert sid.startswith("2026-11-23-kulturcafe-jesenice-csz-")
    assert Path(folder) == root / sid and (root / sid / "session.db").is_file()

    listing = ok(cli("list", home=home, root=root)).out
    # A year on, typed up later or not; the test's own time zone has no say (the laptop's date differs from UTC's
    # for hours every day in most of them), and the day may have turned while the command ran.
    kept = {default_keep_until(max(date(2026, 11, 23), day)).isoformat() for day in (made_on, datetime.now(UTC).date())}
    assert listing in {
        f"{sid}  Kulturcafé Jesenice – čšž 🎭\n    not started · 0 contributions · kept until {k}\n" for k in kept
    }

    refused(cli("add", sid, "too early", home=home, root=root), "no activity is running")
    assert ok(cli("next", sid[:16], home=home, root=root)).out.strip() == "define / welcome"
    assert ok(cli("next", sid, home=home, root=root)).out.strip() == "discover / interviews"
    added = ok(cli("add", sid, "Naša livarna je odprla vrata 🏭", "--sector", "company", home=home, root=root)).out
    assert added.strip().endswith("· discover / interviews")
    story = "A long story from a paper card,\nwritten over two lines – with ł ę ő and שלום.\n"
    ok(cli("add", sid, "-", stdin=story, home=home, root=root))
    ok(cli("add", sid, "Every empty hall is a workspace", "--phase", "dream", home=home, root=root))
    assert ok(cli("back", sid, home=home, root=root)).out.strip() == "define / welcome"

    shown = ok(cli("show", sid[:20], home=home, root=root)).out
    # No project was given: the line starts with the partner, not "- ·"; the facilitators are named.
    assert shown.splitlines()[:3] == [
        f"Kulturcafé Jesenice – čšž 🎭  [{sid}]",
        "BSC Kranj · Gorenjska · Kulturcafé · 2026-11-23 · sl",
        "Facilitated by Ana, Luka",
    ]
    assert "discover     2 contributions ·" in shown and "dream        1 contribution  ·" in shown
    assert all(len(line) <= 80 for line in shown.splitlines())

    f = open_session(SessionsDir(root), sid)
    texts = [c.text for c in f.state.contributions.values()]
    f.close()
    assert texts[1] == story.strip() and texts[0] == "Naša livarna je odprla vrata 🏭"

    # JSON to a file and to stdout, CSV and Markdown.
    exported = tmp_path / "out" / "session.json"
    exported.parent.mkdir()
    assert ok(cli("export", sid, "--format", "json", "-o", exported, home=home, root=root)).out.strip() == (
        f"wrote {exported}"
    )
    doc = json.loads(exported.read_text(encoding="utf-8"))
    assert doc["format"] == "ai-toolkit-session" and doc["version"] == 1 and doc["session_id"] == sid
    info = doc["events"][0]["event"]["info"]
    assert info["join_token"] == info["facilitator_token"] == ""  # no export carries the keys to the room
    to_stdout = json.loads(ok(cli("export", sid, home=home, root=root)).out)
    assert to_stdout["events"] == doc["events"]
    rows = list(csv.DictReader(io.StringIO(ok(cli("export", sid, "--format", "csv", home=home, root=root)).out)))
    assert [r["text"] for r in rows] == texts and rows[0]["sector"] == "company" and rows[2]["phase"] == "dream"
    md = tmp_path / "out" / "summary.md"
    ok(cli("export", sid, "--format", "md", "-o", md, home=home, root=root))
    assert md.read_text(encoding="utf-8").startswith("# Kulturcafé Jesenice – čšž 🎭\n")
    refused(cli("export", sid, "--format", "xml", home=home, root=root), "unknown format 'xml'")
    refused(cli("export", sid, "-o", tmp_path / "nowhere" / "x.json", home=home, root=root), "does not exist")

    # Import into another sessions folder named by the environment variable: the same session comes back.
    elsewhere = tmp_path / "elsewhere"
    env = user_env(home, AI_TOOLKIT_SESSIONS_DIR=str(elsewhere))
    imported = ok(cli("import", exported, home=home, env=env)).out.splitlines()
    assert imported[:2] == [sid, str(elsewhere / sid)]
    assert imported[2].startswith("Made a fresh join address (code ") and "ai-toolkit poster" in imported[2]
    assert json.loads(ok(cli("export", sid, home=home, env=env)).out)["events"] == doc["events"]

    # The same summary, but for the minutes each phase has run so far: the clock went on between the two calls.
    def untimed(summary: str) -> str:
        return re.sub(r"\d+ of (\d+) min", r"_ of \1 min", summary)

    assert untimed(ok(cli("show", sid, home=home, env=env)).out) == untimed(shown)
    no_error_log(home)


def test_sessions_folder_from_option_environment_or_current_folder(home: Path, tmp_path: Path) -> None:
    from_env = tmp_path / "from-env"
    env = user_env(home, AI_TOOLKIT_SESSIONS_DIR=str(from_env))
    sid = ok(cli("new", "--plan", "test-tiny", "--title", "Env", home=home, env=env)).out.splitlines()[0]
    assert (from_env / sid / "session.db").is_file()
    assert sid in ok(cli("list", home=home, env=env)).out

    # --sessions-dir wins over the environment variable.
    option = tmp_path / "from-option"
    ok(cli("new", "--plan", "test-tiny", "--title", "Opt", home=home, root=option, env=env))
    assert len(list(option.iterdir())) == 1 and len(list(from_env.iterdir())) == 1

    # Without either: ./sessions of the current folder.
    work = tmp_path / "work"
    work.mkdir()
    sid = ok(cli("new", "--plan", "test-tiny", "--title", "Here", home=home, cwd=work)).out.splitlines()[0]
    assert (work / "sessions" / sid / "session.db").is_file()


def test_a_missing_sessions_folder_lists_none_and_new_creates_it(home: Path, tmp_path: Path) -> None:
    missing = tmp_path / "not" / "yet" / "there"
    out = ok(cli("list", home=home, root=missing)).out
    assert out.startswith(f"No sessions in {missing}.") and not missing.exists()
    refused(cli("show", "anything", home=home, root=missing), "no session 'anything'")
    sid = ok(cli("new", "--plan", "test-tiny", "--title", "First", home=home, root=missing)).out.splitlines()[0]
    assert (missing / sid / "session.db").is_file()


def test_demo_makes_a_whole_session_and_prints_its_summary(home: Path, root: Path) -> None:
    out = ok(cli("demo", home=home, root=root, plans=None)).out
    (sid,) = [p.name for p in root.iterdir()]
    assert f"Saved in {root / sid}" in out
    f = open_session(SessionsDir(root), sid)
    s = f.state
    f.close()
    assert {c.phase.value for c in s.visible_contributions()} >= {"discover", "dream"}
    assert s.live_themes() and s.commitments and any(not v.is_open for v in s.votes.values())
    assert s.info.title in out and "Commitments:" in out
    # Long option labels are cut at a word with one ellipsis (not "…every factory hall that f 12").
    labels = [o.label for v in s.votes.values() for o in v.options]
    votes = [" ".join(v.split()) for v in out.split("Commitments:")[0].split("Vote (closed")[1:]]  # each vote's lines
    cuts = [cut for text in votes for cut in re.findall(r"(?:: |; )([^;]+?)… \d+", text)]
    assert cuts, votes
    for cut in cuts:
        full = next(label for label in labels if label.startswith(cut))
        assert full[len(cut)] in " ,;.", (cut, full)


# -- bad input: one clear line, non-zero exit, nothing half-written ------------------------------------------------
def test_unknown_session_ambiguous_prefix_and_hostile_references(home: Path, root: Path, tiny_plan: Plan) -> None:
    a = create_session(SessionsDir(root), tiny_plan, title="Kranj one", on=date(2026, 11, 23))
    b = create_session(SessionsDir(root), tiny_plan, title="Kranj two", on=date(2026, 11, 23))
    a.close()
    b.close()
    refused(cli("show", "2025", home=home, root=root), "no session '2025'", "ai-toolkit list")
    line = refused(cli("show", "2026-11-23-kranj", home=home, root=root), "matches 2 sessions", "give more of the id")
    assert a.state.info.id in line and b.state.info.id in line
    before = everything_under(root.parent)
    shows = [partial(cli, "show", h, home=home, root=root) for h in ["../../etc", "%2e%2e", "..", "/etc/passwd", ""]]
    adds = [partial(cli, "add", h, "text", home=home, root=root) for h in ["../x", f"../{root.name}/{a.state.info.id}"]]
    for result in parallel(*shows, *adds):
        refused(result, "no session")
    assert everything_under(root.parent) == before


def test_unknown_plan_and_bad_options_of_new_create_nothing(home: Path, root: Path) -> None:
    cases = [
        (["--plan", "nope", "--title", "x"], ["no plan 'nope'", "test-tiny"]),
        (["--plan", "test-tiny", "--title", "x", "--date", "23.11.2026"], ["'23.11.2026' is not a date", "YYYY-MM-DD"]),
        (["--plan", "test-tiny", "--title", "x", "--date", "2026-02-30"], ["is not a date"]),
        (["--plan", "test-tiny", "--title", "x", "--lang", "fr"], ["unknown language 'fr'"]),
        (["--plan", "test-tiny", "--title", "   "], ["the title is empty"]),
        (["--plan", "test-tiny", "--title", "x" * 201], ["201 characters long; the limit is 200"]),
    ]
    results = parallel(*(partial(cli, "new", *args, home=home, root=root) for args, _ in cases))
    for result, (_, needles) in zip(results, cases, strict=True):
        refused(result, *needles)
    assert everything_under(root) == set()


def test_a_broken_plan_file_is_named_with_its_field_and_the_others_still_load(home: Path, tmp_path: Path) -> None:
    plans = tmp_path / "plans"
    plans.mkdir()
    (plans / "tiny.yaml").write_text((TINY_PLANS / "tiny.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (plans / "minutes.yaml").write_text(
        "id: zero-minutes\nname: {en: Broken}\nphases:\n  - phase: discover\n    activities:\n"
        "      - {id: a, title: {en: A}, minutes: 0}\n",
        encoding="utf-8",
    )
    (plans / "syntax.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    (plans / "latin1.yaml").write_bytes("id: caf\xe9\n".encode("latin-1"))
    result = cli("plans", home=home, plans=plans)
    assert result.code == 0 and "Traceback" not in result.err
    assert "test-tiny " in result.out and "zero-minutes" not in result.out
    warnings = result.err.strip().splitlines()
    assert len(warnings) == 3, result.err
    assert any(f"{plans / 'minutes.yaml'}: phases.0.activities.0.minutes: " in w for w in warnings)
    assert any(f"{plans / 'syntax.yaml'}: not valid YAML (line " in w for w in warnings)
    assert any(f"{plans / 'latin1.yaml'}: not UTF-8 text" in w for w in warnings)
    # Asking for the broken one says why on the same single line.
    refused(
        cli("new", "--plan", "zero-minutes", "--title", "x", home=home, plans=plans, root=tmp_path / "s"),
        "no plan 'zero-minutes'",
        "minutes.yaml: phases.0.activities.0.minutes",
    )
    assert not (tmp_path / "s").exists()


def test_bad_contributions_are_refused_and_nothing_is_stored(home: Path, root: Path, made: Facilitation) -> None:
    sid = made.state.info.id
    ok(cli("next", sid, home=home, root=root))
    add = partial(cli, "add", sid, home=home, root=root)
    empty, blank, no_stdin, too_long, sector, phase, latin1_stdin, latin1_arg = parallel(
        partial(add, ""),
        partial(add, " \t "),
        partial(add, "-", stdin=""),
        partial(add, "-", stdin="x" * 10_001),
        partial(add, "ok", "--sector", "artists"),
        partial(add, "ok", "--phase", "deliver"),
        # A card saved in Latin-1, a terminal not set to UTF-8: refused, not stored as "caf".
        partial(add, "-", stdin="café".encode("latin-1")),
        partial(add, "café".encode("latin-1")),
    )
    refused(latin1_stdin, "standard input is not UTF-8 text")
    refused(latin1_arg, "the contribution is not UTF-8 text")
    for result in (empty, blank, no_stdin):
        refused(result, "the contribution is empty")
    refused(too_long, "10001 characters long; the limit is 10000")
    refused(sector, "unknown sector 'artists'", "creative")
    refused(phase, "unknown phase 'deliver'", "destiny")
    ok(cli("add", sid, "-", stdin="y" * 10_000, home=home, root=root))
    ok(cli("add", sid, "-", stdin="\ufeffcafé from a file with a byte-order mark", home=home, root=root))
    f = open_session(SessionsDir(root), sid)
    texts = [c.text for c in f.state.contributions.values()]
    assert len(texts[0]) == 10_000 and texts[1] == "café from a file with a byte-order mark"
    f.close()
    refused(cli("back", sid, home=home, root=root), "this is the first activity")


def test_imports_that_are_refused_leave_no_session(home: Path, root: Path, made: Facilitation, tmp_path: Path) -> None:
    sid = made.state.info.id
    good = json.loads(ok(cli("export", sid, home=home, root=root)).out)
    elsewhere = tmp_path / "elsewhere"

    def write(name: str, text: str) -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    def variant(name: str, change) -> Path:  # a small editing function
        doc = json.loads(json.dumps(good))
        change(doc)
        return write(name, json.dumps(doc))

    cases: list[tuple[Path, list[str]]] = [
        (write("broken.json", '{"format": "ai-toolkit-session", "version": 1, '), ["is not valid JSON (line 1"]),
        (write("list.json", "[1, 2, 3]"), ["is not an ai-toolkit session export"]),
        (write("empty.json", ""), ["is not valid JSON"]),
        (variant("v2.json", lambda d: d.update(version=2)), ["format version 2; this ai-toolkit reads version 1"]),
        (variant("v0.json", lambda d: d.update(version="1")), ["format version '1'"]),
        (
            write("surrogate.json", json.dumps(good).replace("Kulturcaf\\u00e9", "Kulturcaf\\ud83d")),
            ["not valid Unicode", "lone surrogate"],
        ),
        (variant("noevents.json", lambda d: d.update(events=[])), ["has no events"]),
        (variant("badkind.json", lambda d: d["events"][0]["event"].update(kind="nope")), ["event 1, field"]),
        (
            variant("order.json", lambda d: d["events"].insert(0, {**d["events"][0], "seq": 7})),
            ["out of order or repeated"],
        ),
        (write("deep.json", "[" * 100_000 + "]" * 100_000), ["is nested too deeply"]),
        (write("bigint.json", '{"format": "ai-toolkit-session", "version": ' + "9" * 5000 + "}"), ["number too long"]),
        (variant("exists.json", lambda d: None), ["already exists"]),
    ]
    # Importing into the folder that already holds the session must not touch it.
    before = (root / sid / "session.db").read_bytes()
    results = parallel(
        *(partial(cli, "import", p, home=home, root=root if p.name == "exists.json" else elsewhere) for p, _ in cases)
    )
    for result, (path, needles) in zip(results, cases, strict=True):
        named = [] if path.name == "exists.json" else [path.name]  # the file, or (when it exists) the session
        refused(result, *named, *needles)
    assert everything_under(elsewhere) == set(), f"refused imports left {everything_under(elsewhere)}"
    assert (root / sid / "session.db").read_bytes() == before
    assert {p.name for p in root.iterdir()} == {sid}
    (tmp_path / "latin1.json").write_bytes(b'{"title": "caf\xe9"}')
    latin1, missing, folder = parallel(
        *(
            partial(cli, "import", p, home=home, root=elsewhere)
            for p in [tmp_path / "latin1.json", tmp_path / "x.json", tmp_path]
        )
    )
    refused(latin1, "is not UTF-8 text")
    refused(missing, "no file")
    refused(folder, "is a folder, not a file")
    assert not elsewhere.exists() or everything_under(elsewhere) == set()
    no_error_log(home)


def unwritable_folder(tmp_path: Path) -> Path:
    """A sessions folder nobody can write in. chmod does not stop root, so as root it lies under a regular file."""
    if os.geteuid() == 0:
        blocker = tmp_path / "a-file"
        blocker.write_text("not a folder", encoding="utf-8")
        return blocker / "sessions"
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    return folder


def test_a_sessions_folder_that_cannot_be_written(home: Path, root: Path, made: Facilitation, tmp_path: Path) -> None:
    exported = tmp_path / "export.json"
    ok(cli("export", made.state.info.id, "-o", exported, home=home, root=root))
    locked_out = unwritable_folder(tmp_path)
    refused(cli("new", "--plan", "test-tiny", "--title", "x", home=home, root=locked_out), "cannot write in")
    refused(cli("import", exported, home=home, root=locked_out), "cannot write in")
    assert not locked_out.exists() or everything_under(locked_out) == set()
    # A sessions "folder" that is a file is named as such.
    refused(cli("list", home=home, root=tmp_path / "export.json"), "is not a folder")


def test_a_database_locked_by_another_process(home: Path, root: Path, made: Facilitation) -> None:
    sid = made.state.info.id
    ok(cli("next", sid, home=home, root=root))
    holder = sqlite3.connect(root / sid / "session.db", isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    env = user_env(home, AI_TOOLKIT_BUSY_TIMEOUT_MS="300")
    try:
        started = time.monotonic()
        refused(
            cli("add", sid, "while locked", home=home, root=root, env=env),
            "another program holds the session's write lock",
        )
        assert time.monotonic() - started < 10, "the busy timeout from AI_TOOLKIT_BUSY_TIMEOUT_MS was not used"
        # Readers are not blocked by a writer (WAL): the summary still shows.
        assert "Kulturcafé Jesenice" in ok(cli("show", sid, home=home, root=root, env=env)).out
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    ok(cli("add", sid, "after the lock", home=home, root=root, env=env))
    f = open_session(SessionsDir(root), sid)
    assert [c.text for c in f.state.contributions.values()] == ["after the lock"]
    f.close()
