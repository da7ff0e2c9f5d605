"""The rules of the method, as the service enforces them."""

from __future__ import annotations

from datetime import date

import pytest

from ai_toolkit.errors import NotFound, Refused
from ai_toolkit.facilitation import Facilitation, open_session
from ai_toolkit.model.enums import Phase, Sector, Source
from ai_toolkit.model.fold import fold


def activity(f: Facilitation) -> str | None:
    """The id of the activity running now (None before the start and after the end)."""
    current = f.state.current_activity
    return current.id if current is not None else None


def test_moving_through_the_agenda_records_when_each_activity_ran(session: Facilitation, clock) -> None:
    assert session.state.current is None
    session.start()
    assert activity(session) == "welcome"
    clock.advance(minutes=7)
    session.advance()
    assert session.state.current_phase == Phase.DISCOVER
    clock.advance(minutes=3)
    session.back()
    assert activity(session) == "welcome"
    runs = session.state.runs
    assert [r.activity_id for r in runs] == ["welcome", "interviews", "welcome"]
    assert runs[0].seconds(clock()) == 7 * 60
    assert runs[1].seconds(clock()) == 3 * 60
    with pytest.raises(Refused) as err:
        session.back()
    assert err.value.code == "at_start"


def test_advancing_past_the_last_activity_ends_the_session(session: Facilitation) -> None:
    for _ in range(len(session.state.plan.steps())):
        session.advance()
    assert activity(session) == "commitments"
    session.advance()
    assert session.state.ended_at is not None and session.state.current is None
    with pytest.raises(Refused, match="ended"):
        session.advance()
    session.back()
    assert activity(session) == "commitments"


def test_contribution_goes_to_the_current_activity_with_the_participants_sector(session: Facilitation) -> None:
    session.go_to_phase(Phase.DISCOVER)
    p = session.join(name="Maja", sector="creative", language="sl")
    c = session.add_contribution("  Naša livarna je odprla vrata  ", source=Source.PARTICIPANT, participant_id=p.id)
    assert (c.phase, c.activity_id, c.sector, c.language) == (Phase.DISCOVER, "interviews", Sector.CREATIVE, "sl")
    assert c.text == "Naša livarna je odprla vrata"


@pytest.mark.parametrize(
    ("text", "code"),
    [("", "empty_text"), ("   \n ", "empty_text"), ("\x00\x0b", "empty_text"), ("x" * 10_001, "text_too_long")],
)
def test_bad_contribution_text_is_refused_and_nothing_is_stored(session: Facilitation, text: str, code: str) -> None:
    session.start()
    before = session.store.last_seq()
    with pytest.raises(Refused) as err:
        session.add_contribution(text)
    assert err.value.code == code
    assert session.store.last_seq() == before


def test_text_is_cleaned_of_what_xml_forbids_but_keeps_every_script(session: Facilitation) -> None:
    session.start()
    c = session.add_contribution("Cafe\u0301 \x1b[31m č š ž ł ę ő 🎭 שלום <script>alert(1)</script>\ud83d")
    assert c.text == "Café [31m č š ž ł ę ő 🎭 שלום <script>alert(1)</script>"


def test_participants_write_only_into_an_open_collecting_activity(session: Facilitation) -> None:
    p = session.join(sector="school")
    with pytest.raises(Refused) as err:
        session.add_contribution("too early", source=Source.PARTICIPANT, participant_id=p.id)
    assert err.value.code == "not_started"
    session.start()  # the welcome collects nothing
    with pytest.raises(Refused) as err:
        session.add_contribution("during welcome", source=Source.PARTICIPANT, participant_id=p.id)
    assert err.value.code == "activity_closed"


def test_participant_edits_and_withdraws_only_their_own_while_the_activity_is_open(session: Facilitation) -> None:
    session.go_to_phase(Phase.DISCOVER)
    me, other = session.join(), session.join()
    c = session.add_contribution("first", source=Source.PARTICIPANT, participant_id=me.id)
    with pytest.raises(NotFound):
        session.edit_contribution(c.id, "hijack", by_participant=other.id)
    assert session.edit_contribution(c.id, "second", by_participant=me.id).edited
    assert session.hide_contribution(c.id, by_participant=me.id).hidden
    session.hide_contribution(c.id, False)
    session.advance()
    with pytest.raises(Refused) as err:
        session.edit_contribution(c.id, "late", by_participant=me.id)
    assert err.value.code == "activity_closed"
    assert session.state.contributions[c.id].text == "second"


def test_a_retry_with_the_same_client_id_counts_once(session: Facilitation) -> None:
    session.go_to_phase(Phase.DISCOVER)
    p = session.join(client_id="join-1")
    again = session.join(client_id="join-1")
    assert again.id == p.id and len(session.state.participants) == 1
    a = session.add_contribution("story", source=Source.PARTICIPANT, participant_id=p.id, client_id="abc")
    b = session.add_contribution("story", source=Source.PARTICIPANT, participant_id=p.id, client_id="abc")
    assert a.id == b.id and len(session.state.contributions) == 1
    with pytest.raises(Refused) as err:
        session.add_proposition("other thing", client_id="abc")
    assert err.value.code == "client_id_reused"


def test_themes_name_merge_and_assign(session: Facilitation) -> None:
    session.go_to_phase(Phase.DISCOVER)
    c1 = session.add_contribution("one")
    c2 = session.add_contribution("two")
    a = session.create_theme("Industry opens its doors")
    b = session.create_theme("Learning across sectors")
    with pytest.raises(Refused) as err:
        session.create_theme("industry OPENS its doors")
    assert err.value.code == "duplicate_theme"
    with pytest.raises(Refused):
        session.create_theme("   ")
    session.assign(c1.id, a.id)
    session.assign(c2.id, b.id)
    with pytest.raises(Refused) as err:
        session.merge_themes(a.id, a.id)
    assert err.value.code == "merge_self"
    session.merge_themes(b.id, a.id)
    assert [t.name for t in session.state.live_themes(Phase.DISCOVER)] == ["Industry opens its doors"]
    assert {c.id for c in session.state.theme_members(a.id)} == {c1.id, c2.id}
    session.hide_contribution(c1.id)
    with pytest.raises(Refused) as err:
        session.assign(c1.id, a.id)
    assert session.rename_theme(a.id, "Open doors").name == "Open doors"


def test_dot_vote_enforces_the_allowance_and_tallies(session: Facilitation) -> None:
    session.go_to_phase(Phase.DESIGN)
    for text in ["Every silent hall becomes a workspace", "A creative voucher", "One door at the town hall"]:
        session.add_proposition(text)
    with pytest.raises(Refused) as err:
        session.open_vote([], dots=3)
    assert err.value.code == "no_options"
    vote = session.open_vote_on_propositions(dots=3, title="Which first?")
    with pytest.raises(Refused) as err:
        session.open_vote_on_propositions(dots=3)
    assert err.value.code == "vote_open"
    people = [session.join() for _ in range(3)]
    o1, o2, o3 = (o.id for o in vote.options)
    with pytest.raises(Refused) as err:
        session.cast(vote.id, people[0].id, {o1: 4})
    assert err.value.code == "allowance_exceeded"
    with pytest.raises(Refused) as err:
        session.cast(vote.id, people[0].id, {"nope": 1})
    assert err.value.code == "unknown_option"
    session.cast(vote.id, people[0].id, {o1: 3})
    session.cast(vote.id, people[0].id, {o2: 2, o1: 1})  # a new ballot replaces the old one
    session.cast(vote.id, people[1].id, {o2: 3})
    session.cast(vote.id, people[2].id, {o3: 1})
    ranking = session.close_vote()
    assert [(o.label, n) for o, n in ranking] == [
        ("A creative voucher", 5),
        ("Every silent hall becomes a workspace", 1),
        ("One door at the town hall", 1),
    ]
    with pytest.raises(Refused) as err:
        session.cast(vote.id, people[2].id, {o3: 1})
    assert err.value.code == "vote_closed"
    with pytest.raises(Refused) as err:
        session.close_vote()
    assert err.value.code == "no_open_vote"


def test_commitments_need_a_what_and_a_future_date(session: Facilitation, clock) -> None:
    session.go_to_phase(Phase.DESTINY)
    with pytest.raises(Refused) as err:
        session.add_commitment("")
    assert err.value.code == "empty_text"
    with pytest.raises(Refused) as err:
        session.add_commitment("Open the hall", by_when="2020-01-01")
    assert err.value.code == "date_in_past"
    with pytest.raises(Refused) as err:
        session.add_commitment("Open the hall", by_when="next Friday")
    assert err.value.code == "bad_date"
    k = session.add_commitment("Open the hall", who="Tomaž", by_when="2027-01-15", first_step="Call the fire brigade")
    assert k.by_when == date(2027, 1, 15) and k.who == "Tomaž"


def test_fold_of_the_log_equals_the_live_state_and_another_process_sees_it(session: Facilitation, sessions) -> None:
    session.go_to_phase(Phase.DISCOVER)
    p = session.join(name="Eva", consent_named=True, sector="university")
    session.add_contribution("A seminar paired engineers and illustrators", participant_id=p.id, source="participant")
    other = open_session(sessions, session.state.info.id[:12])
    assert other.state == session.state
    seen: list[int] = []
    session.subscribe(lambda recs: seen.extend(r.seq for r in recs))
    other.advance()
    new = session.refresh()
    assert [r.seq for r in new] == seen and activity(session) == "positive-core"
    assert fold(session.records()) == session.state
    other.close()


def test_undo_takes_back_the_facilitators_last_changes_in_order(session: Facilitation) -> None:
    session.go_to_phase(Phase.DISCOVER)
    with pytest.raises(Refused) as err:
        session.undo()
    assert err.value.code == "nothing_to_undo"
    phone = session.join()
    mine = session.add_contribution("from a phone", source=Source.PARTICIPANT, participant_id=phone.id)
    c1, c2 = session.add_contribution("one"), session.add_contribution("two")
    a, b = session.create_theme("Open doors"), session.create_theme("Learning")
    session.assign(c1.id, a.id)
    session.assign(c2.id, b.id)
    session.merge_themes(b.id, a.id)
    session.edit_contribution(c1.id, "one, better")
    assert session.can_undo == "editing a contribution"
    assert session.undo() == "editing a contribution"
    assert session.state.contributions[c1.id].text == "one"
    session.undo()  # the merge
    assert {t.name for t in session.state.live_themes()} == {"Open doors", "Learning"}
    assert [c.id for c in session.state.theme_members(b.id)] == [c2.id]
    session.undo()
    session.undo()
    session.undo()  # creating "Learning"
    assert [t.name for t in session.state.live_themes()] == ["Open doors"]
    session.undo()
    session.undo()  # c2 added
    assert session.state.contributions[c2.id].hidden
    session.undo()
    with pytest.raises(Refused):
        session.undo()  # a participant's own contribution is not the facilitator's to undo
    assert not session.state.contributions[mine.id].hidden
    assert fold(session.records()) == session.state


def test_a_participants_commitment_names_them_only_with_consent(session: Facilitation) -> None:
    session.go_to_phase(Phase.DESTINY)
    shy = session.join(name="Jan", sector="company")
    open_ = session.join(name="Eva", consent_named=True)
    a = session.add_commitment("Host two designers", source="participant", participant_id=shy.id)
    b = session.add_commitment("Run a seminar", source="participant", participant_id=open_.id)
    assert (a.who, b.who) == ("", "Eva")


def test_split_is_one_change_even_inside_a_group_commit(session: Facilitation, sessions) -> None:
    session.go_to_phase(Phase.DISCOVER)
    c1, c2, c3 = (session.add_contribution(t) for t in ("one", "two", "three"))
    theme = session.create_theme("Open doors")
    for c in (c1, c2, c3):
        session.assign(c.id, theme.id)
    other = open_session(sessions, session.state.info.id)
    other.add_contribution("from another process")
    heard: list[str] = []
    session.subscribe(lambda recs: heard.extend(r.event.kind for r in recs))
    with pytest.raises(Refused) as err:
        session.split_theme(theme.id, [], "Empty")
    assert err.value.code == "nothing_picked"
    assert heard == ["contribution_added"], "a refused command still passes on what another process wrote"
    [new] = session.together([lambda: session.split_theme(theme.id, [c2.id, c3.id], "Learning")])
    assert not isinstance(new, Exception)
    assert {c.id for c in session.state.theme_members(new.id)} == {c2.id, c3.id}
    assert session.undo() == "splitting the theme 'Open doors'"
    assert {c.id for c in session.state.theme_members(theme.id)} == {c1.id, c2.id, c3.id}
    assert [t.name for t in session.state.live_themes()] == ["Open doors"]
    assert fold(session.records()) == session.state
    other.close()
