"""Property tests of the service, the fold and the exchange format, driven by random runs of a focus group.

Hypothesis plays a facilitator and a room of phones that do anything, in any order, with any text (lone
surrogates, control characters, emoji, right-to-left scripts, Rich markup, spreadsheet formulas). After each
command: a refused command changed nothing, neither in memory nor on disk. After the run: the fold of the log
equals the live state, a second process opening the session sees the same state, and export -> parse -> import
into another sessions folder gives back the same session.
"""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from tests.conftest import no_tokens

from ai_toolkit.errors import ToolkitError
from ai_toolkit.facilitation import Facilitation, create_session, import_records, open_session
from ai_toolkit.model.enums import LANGUAGES, Phase, Sector, Source
from ai_toolkit.model.fold import fold
from ai_toolkit.model.redaction import holds_words
from ai_toolkit.plans import load_plan_file
from ai_toolkit.store.exchange import export_json, parse_json, without_tokens
from ai_toolkit.store.sessions import SessionsDir

TINY = load_plan_file(Path(__file__).parent.parent / "fixtures" / "plans" / "tiny.yaml")

NASTY = [
    "",
    "   \n\t ",
    "\ud83d",
    "half an emoji \ud83d here",
    "\udc00\ud800",
    "Naša livarna je odprla vrata – č š ž ł ę ő",
    "🎭🏭👩‍🎨 🇸🇮",
    "שלום עולם",
    "مرحبا بالعالم",
    "\u202eevil\u202c right-to-left override",
    "<script>alert(1)</script>",
    "[bold]x[/bold] [@click=app.quit]quit[/]",
    '=HYPERLINK("http://x")',
    "+1",
    "-2",
    "@SUM(A1)",
    "| a | b |\n| new | row |",
    "\x00\x1b[31mred\x07\x7f",
    "e\u0301 vs \u00e9",
    "\r\n\r\n",
    "\ufeffbom \ufffe\uffff",
    "x" * 201,
]

TEXT = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=30),
    st.text(alphabet=st.characters(categories=["Cs", "Cc", "Cf", "Zl", "Zp", "Mn", "So"]), max_size=8),
    st.tuples(st.sampled_from(NASTY), st.text(max_size=8)).map("".join),
)
#: Mostly a real sentence, so that most commands go through and the session grows.
GOOD_TEXT = st.one_of(st.just("Our foundry opened its doors"), st.sampled_from(NASTY[5:12]), TEXT)
CLIENT_ID = st.one_of(st.none(), st.sampled_from(["a", "b", "  b  ", "\ud83d", "é", "x" * 150, "\x00"]))
PICK = st.integers(min_value=0, max_value=6)
PHASE = st.one_of(st.none(), st.sampled_from([*Phase, "nonsense"]))
SECTOR = st.sampled_from([*Sector, "bogus"])
LANG = st.sampled_from([*LANGUAGES, "xx"])


def cmd(command: str, /, **kw: st.SearchStrategy[Any]) -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    return st.tuples(st.just(command), st.fixed_dictionaries(kw))


COMMANDS = st.one_of(
    cmd("advance"),
    cmd("back"),
    cmd("go_to", position=st.integers(-1, 8)),
    cmd("go_to_phase", phase=st.sampled_from(list(Phase))),
    cmd("end"),
    cmd("undo"),
    cmd(
        "details",
        field=st.sampled_from(["title", "venue", "affirmative_topic", "facilitators", "join_token"]),
        text=TEXT,
    ),
    cmd(
        "join",
        name=TEXT,
        org=TEXT,
        sector=SECTOR,
        consent=st.booleans(),
        consent_org=st.booleans(),
        lang=LANG,
        client_id=CLIENT_ID,
    ),
    cmd("update_participant", who=PICK, name=TEXT, sector=SECTOR, lang=LANG),
    cmd(
        "add",
        text=GOOD_TEXT,
        who=st.one_of(st.none(), PICK),
        phase=PHASE,
        sector=st.one_of(st.none(), SECTOR),
        client_id=CLIENT_ID,
        activity=st.sampled_from([None, None, "interviews", "dreams", "no-such-activity"]),
        told_by=st.sampled_from(["own", "own", "partner", "nobody's"]),
    ),
    cmd("edit", which=PICK, text=GOOD_TEXT, who=st.one_of(st.none(), PICK), client_id=CLIENT_ID),
    cmd("hide", which=PICK, hidden=st.booleans()),
    cmd("withdraw", which=PICK, who=PICK),
    cmd("withdraw_commitment", which=PICK, who=PICK),
    cmd("count", sector=SECTOR, n=st.integers(-3, 5)),
    cmd("theme", name=GOOD_TEXT, phase=PHASE),
    cmd("rename", which=PICK, name=GOOD_TEXT),
    cmd("merge", a=PICK, b=PICK),
    cmd("split", which=st.sampled_from([0, 0, 0, 1]), members=st.lists(PICK, min_size=1, max_size=3), name=GOOD_TEXT),
    cmd("assign", which=PICK, theme=st.one_of(st.none(), PICK)),
    cmd("proposition", text=GOOD_TEXT, themes=st.lists(PICK, max_size=2), client_id=CLIENT_ID),
    cmd("edit_proposition", which=PICK, text=GOOD_TEXT),
    cmd("hide_proposition", which=PICK, hidden=st.booleans()),
    cmd("open_vote", labels=st.lists(GOOD_TEXT, max_size=3), dots=st.integers(0, 4), title=TEXT),
    cmd("open_vote_on", what=st.sampled_from(["propositions", "themes"]), dots=st.integers(1, 3)),
    cmd(
        "cast",
        vote=st.sampled_from([None, None, None, 0, 1, 2]),
        who=PICK,
        dots=st.one_of(st.just({1: 1}), st.dictionaries(st.integers(1, 4), st.integers(-1, 4), max_size=3)),
        client_id=CLIENT_ID,
    ),
    cmd("close_vote"),
    cmd(
        "commit",
        what=GOOD_TEXT,
        owner=TEXT,
        days=st.one_of(st.none(), st.integers(-2, 400)),
        client_id=CLIENT_ID,
        who=st.one_of(st.none(), st.none(), PICK),
    ),
    cmd("edit_commitment", which=PICK, what=GOOD_TEXT, days=st.one_of(st.none(), st.integers(-2, 400))),
    cmd("hide_commitment", which=PICK, hidden=st.booleans()),
)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def pick(ids: Any, i: int) -> str:
    """One of the ids by index; one index past the end names something that does not exist."""
    ids = list(ids)
    i %= len(ids) + 1
    return ids[i] if i < len(ids) else "no-such-id"


def run(f: Facilitation, clock: Clock, name: str, a: dict[str, Any]) -> None:  # one line per command
    s = f.state
    people, contribs, themes = list(s.participants), list(s.contributions), list(s.themes)
    props, votes, commitments = list(s.propositions), list(s.votes), list(s.commitments)
    who = pick(people, a["who"]) if a.get("who") is not None else None
    by_when = clock.now.date() + timedelta(days=a["days"]) if a.get("days") is not None else None
    match name:
        case "advance":
            f.advance()
        case "back":
            f.back()
        case "go_to":
            f.go_to(a["position"])
        case "go_to_phase":
            f.go_to_phase(a["phase"])
        case "end":
            f.end()
        case "undo":
            f.undo()
        case "details":
            value = [a["text"], "Ana"] if a["field"] == "facilitators" else a["text"]
            f.update_details(**{a["field"]: value})
        case "join":
            f.join(
                name=a["name"],
                organisation=a["org"],
                sector=a["sector"],
                consent_named=a["consent"],
                consent_organisation=a["consent_org"],
                language=a["lang"],
                client_id=a["client_id"],
            )
        case "update_participant":
            f.update_participant(pick(people, a["who"]), name=a["name"], sector=a["sector"], language=a["lang"])
        case "add":
            f.add_contribution(
                a["text"],
                source=Source.PARTICIPANT if who else Source.FACILITATOR,
                participant_id=who,
                phase=a["phase"],
                sector=a["sector"],
                client_id=a["client_id"],
                activity_id=a["activity"],
                told_by=a["told_by"],
            )
        case "edit":
            f.edit_contribution(pick(contribs, a["which"]), a["text"], by_participant=who, client_id=a["client_id"])
        case "hide":
            f.hide_contribution(pick(contribs, a["which"]), a["hidden"])
        case "withdraw":
            f.withdraw_contribution(pick(contribs, a["which"]), by_participant=pick(people, a["who"]))
        case "withdraw_commitment":
            f.withdraw_commitment(pick(commitments, a["which"]), by_participant=pick(people, a["who"]))
        case "count":
            f.count_people(a["sector"], a["n"])
        case "theme":
            f.create_theme(a["name"], phase=a["phase"])
        case "rename":
            f.rename_theme(pick(themes, a["which"]), a["name"])
        case "merge":
            f.merge_themes(pick(themes, a["a"]), pick(themes, a["b"]))
        case "split":
            theme = pick(themes, a["which"])
            members = [c.id for c in s.contributions.values() if c.theme_id == theme] or ["no-such-id"]
            f.split_theme(theme, list(dict.fromkeys(members[i % len(members)] for i in a["members"])), a["name"])
        case "assign":
            f.assign(pick(contribs, a["which"]), pick(themes, a["theme"]) if a["theme"] is not None else None)
        case "proposition":
            f.add_proposition(a["text"], theme_ids=[pick(themes, t) for t in a["themes"]], client_id=a["client_id"])
        case "edit_proposition":
            f.edit_proposition(pick(props, a["which"]), a["text"])
        case "hide_proposition":
            f.hide_proposition(pick(props, a["which"]), a["hidden"])
        case "open_vote":
            f.open_vote([(label, None) for label in a["labels"]], dots=a["dots"], title=a["title"])
        case "open_vote_on":
            if a["what"] == "themes":
                f.open_vote_on_themes(s.current_phase or Phase.DISCOVER, dots=a["dots"])
            else:
                f.open_vote_on_propositions(dots=a["dots"])
        case "cast":
            dots = {f"o{k}": n for k, n in a["dots"].items()}
            open_vote = s.open_vote.id if s.open_vote else "no-such-vote"
            vote = open_vote if a["vote"] is None else pick(votes, a["vote"])
            f.cast(vote, pick(people, a["who"]), dots, client_id=a["client_id"])
        case "close_vote":
            f.close_vote()
        case "commit":
            f.add_commitment(
                a["what"],
                who=a["owner"],
                by_when=by_when,
                client_id=a["client_id"],
                source=Source.PARTICIPANT if who else Source.FACILITATOR,
                participant_id=who,
            )
        case "edit_commitment":
            f.edit_commitment(pick(commitments, a["which"]), what=a["what"], by_when=by_when)
        case "hide_commitment":
            f.hide_commitment(pick(commitments, a["which"]), a["hidden"])
        case _:
            raise AssertionError(name)


def assert_clean_text(export: str) -> None:
    """Every string that reached the log is valid Unicode without what XML forbids (the minutes need that)."""
    export.encode("utf-8")  # raises on a lone surrogate
    for ch in export:
        assert ch in "\t\n\r" or not (ord(ch) < 0x20 or 0xD800 <= ord(ch) <= 0xDFFF or ch in "\ufffe\uffff"), repr(ch)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    title=TEXT,
    venue=TEXT,
    start=st.one_of(st.none(), st.integers(0, 6)),
    commands=st.lists(st.tuples(COMMANDS, st.integers(0, 30)), min_size=10, max_size=60),
)
def test_any_run_of_a_session_folds_exports_and_imports_back_to_the_same_state(
    title: str, venue: str, start: int | None, commands: list[tuple[tuple[str, dict[str, Any]], int]]
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        here, elsewhere = SessionsDir(Path(tmp) / "here"), SessionsDir(Path(tmp) / "elsewhere")
        clock = Clock()
        try:
            f = create_session(here, TINY, title=title, venue=venue, on=date(2026, 11, 23), clock=clock)
        except ToolkitError:
            # Refused before anything was written: no session, not even a hidden half-built folder.
            assert not here.root.exists() or list(here.root.iterdir()) == []
            f = create_session(here, TINY, title="Fallback title", on=date(2026, 11, 23), clock=clock)
        try:
            if start is not None:
                # A room already at work, so that most commands find something to act on.
                f.go_to(start)
                f.join(name="Maja", sector="creative", language="sl", consent_named=True)
                f.join(organisation="Občina Jesenice", sector="administration")
                doors = f.create_theme("Open doors", phase=Phase.DISCOVER)
                for text in ["Our foundry opened its doors", "The help desk in Škofja Loka", "Dijaki v tovarni"]:
                    f.assign(f.add_contribution(text, phase=Phase.DISCOVER).id, doors.id)
                f.open_vote([("A creative voucher", None), ("One door at the town hall", None)], dots=3)
            for (name, args), minutes in commands:
                clock.now += timedelta(minutes=minutes)
                before, before_seq = f.state.model_copy(deep=True), f.store.last_seq()
                try:
                    run(f, clock, name, args)
                except ToolkitError as exc:
                    event(f"refused {name}: {exc.code}")
                    assert str(exc) and "\n" not in str(exc)
                    assert f.state == before, f"refused {name} changed the state"
                    assert f.store.last_seq() == before_seq, f"refused {name} wrote to the log"
                else:
                    event(f"done {name}")
                    assert f.state.seq == f.store.last_seq()

            records = f.records()
            event(f"log of {len(records) // 10 * 10}+ events")
            assert fold(records) == f.state
            # What its author withdrew has no words left anywhere in the log.
            gone = {c.id for c in f.state.contributions.values() if c.withdrawn}
            gone |= {k.id for k in f.state.commitments.values() if k.withdrawn}
            for rec in records:
                named = getattr(rec.event, "contribution_id", None) or getattr(rec.event, "commitment_id", None)
                if named in gone:
                    assert not holds_words(rec.event), rec
            second = open_session(here, f.state.info.id)
            assert second.state == f.state
            second.close()

            exported = export_json(records)
            assert_clean_text(exported)
            again = parse_json(exported)
            assert again == without_tokens(records)  # the secrets stay on this laptop
            imported = import_records(elsewhere, again, clock=clock)
            try:
                assert no_tokens(imported.state) == no_tokens(f.state)
                assert imported.state.info.join_token not in ("", f.state.info.join_token)
                assert imported.folder.parent == elsewhere.root
                re_exported = json.loads(export_json(imported.records()))
                assert re_exported["events"] == json.loads(exported)["events"]
            finally:
                imported.close()
        finally:
            f.close()
