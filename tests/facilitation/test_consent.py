"""Consent the room can trust, as the service enforces it: withdrawals that hold, whose story it is, commitments
without names, two consents, everyone counted, and how long a session is kept."""

from __future__ import annotations

from datetime import date

import pytest

from ai_toolkit.errors import NotFound, Refused
from ai_toolkit.facilitation import Facilitation, create_session
from ai_toolkit.facilitation.decisions.attendance import Headcount, attendance, present
from ai_toolkit.facilitation.decisions.commitments import is_complete
from ai_toolkit.facilitation.decisions.naming import Attribution, attribution, listed_organisations
from ai_toolkit.facilitation.decisions.retention import is_past, keep_until, months_after
from ai_toolkit.model.enums import Phase, Sector, Source, Teller
from ai_toolkit.model.fold import fold
from ai_toolkit.model.plan import Plan
from ai_toolkit.store.sessions import SessionsDir


def refused(code: str, call, *args, **kwargs) -> None:
    with pytest.raises((Refused, NotFound)) as err:
        call(*args, **kwargs)
    assert err.value.code == code, err.value


# -- withdrawal: the participant's, final ------------------------------------------------------------------
def test_a_withdrawal_is_final_and_only_the_authors(session: Facilitation) -> None:
    session.go_to_phase(Phase.DISCOVER)
    me, other = session.join(), session.join()
    c = session.add_contribution("Our foundry opened its hall", source=Source.PARTICIPANT, participant_id=me.id)
    refused("unknown_contribution", session.withdraw_contribution, c.id, by_participant=other.id)
    refused("unknown_contribution", session.withdraw_contribution, "c-000000000000", by_participant=me.id)
    gone = session.withdraw_contribution(c.id, by_participant=me.id)
    assert (gone.withdrawn, gone.hidden, gone.text) == (True, True, "")
    assert session.can_undo is None  # not the facilitator's to take back
    refused("withdrawn", session.withdraw_contribution, c.id, by_participant=me.id)
    # The facilitator can neither show it again nor put words back into it.
    before = session.store.last_seq()
    refused("withdrawn_by_author", session.hide_contribution, c.id, False)
    refused("withdrawn_by_author", session.hide_contribution, c.id, True)
    refused("withdrawn_by_author", session.edit_contribution, c.id, "back again")
    refused("withdrawn", session.edit_contribution, c.id, "back again", by_participant=me.id)
    assert session.store.last_seq() == before
    assert c.id not in {x.id for x in session.state.visible_contributions()}


def test_withdrawing_after_the_activity_and_after_the_end_is_allowed(session: Facilitation) -> None:
    session.go_to_phase(Phase.DISCOVER)
    me = session.join()
    early = session.add_contribution("early", source=Source.PARTICIPANT, participant_id=me.id)
    late = session.add_contribution("late", source=Source.PARTICIPANT, participant_id=me.id)
    session.advance()
    refused("activity_closed", session.edit_contribution, early.id, "changed", by_participant=me.id)
    assert session.withdraw_contribution(early.id, by_participant=me.id).withdrawn
    session.end()
    assert session.withdraw_contribution(late.id, by_participant=me.id).withdrawn


def test_undo_never_brings_a_withdrawn_item_back(session: Facilitation) -> None:
    session.go_to_phase(Phase.DISCOVER)
    me = session.join()
    c = session.add_contribution("a first draft", source=Source.PARTICIPANT, participant_id=me.id)
    theme = session.create_theme("Open doors")
    session.edit_contribution(c.id, "tidied by the facilitator")  # undo: the words before
    session.hide_contribution(c.id)  # undo: show it again
    session.withdraw_contribution(c.id, by_participant=me.id)
    before = session.store.last_seq()
    refused("withdrawn_by_author", session.undo)
    refused("withdrawn_by_author", session.undo)
    assert session.store.last_seq() == before
    assert session.state.contributions[c.id].text == ""
    # The steps that could not be undone left the stack: undo goes on with what came before.
    assert session.undo() == "creating the theme 'Open doors'"
    assert not session.state.themes[theme.id].live
    assert fold(session.records()) == session.state


def test_a_commitment_withdrawn_keeps_no_words_and_cannot_be_shown(session: Facilitation) -> None:
    session.go_to_phase(Phase.DESTINY)
    me = session.join(sector="company")
    k = session.add_commitment(
        "Open our workshop", by_when="2027-03-01", support_needed="a room", source="participant", participant_id=me.id
    )
    session.hide_commitment(k.id)
    gone = session.withdraw_commitment(k.id, by_participant=me.id)
    assert (gone.what, gone.support_needed, gone.withdrawn) == ("", "", True)
    refused("withdrawn_by_author", session.undo)
    refused("withdrawn_by_author", session.edit_commitment, k.id, what="Back")
    assert session.state.commitments[k.id].hidden


# -- whose story -------------------------------------------------------------------------------------------
def test_a_partners_story_is_the_storytellers_never_the_senders(session: Facilitation) -> None:
    session.go_to_phase(Phase.DISCOVER)
    sender = session.join(name="Maja", sector="creative", consent_named=True, consent_organisation=True)
    refused(
        "no_storyteller",
        session.add_contribution,
        "their story",
        source=Source.PARTICIPANT,
        participant_id=sender.id,
        told_by="partner",
    )
    refused("bad_field", session.add_contribution, "x", told_by="the neighbour's", sector="company")
    c = session.add_contribution(
        "Their robotics club built the props",
        source="participant",
        participant_id=sender.id,
        told_by="partner",
        sector="company",
    )
    assert (c.told_by, c.sector, c.participant_id) == (Teller.PARTNER, Sector.COMPANY, sender.id)
    assert attribution(session.state, c) == Attribution(sector=Sector.COMPANY, partner_story=True)
    own = session.add_contribution("My own high point", source="participant", participant_id=sender.id)
    assert attribution(session.state, own) == Attribution(name="Maja", sector=Sector.CREATIVE)
    # The facilitator types a partner's story from a flipchart the same way.
    typed = session.add_contribution("Told at table 3", told_by=Teller.PARTNER, sector="school")
    assert attribution(session.state, typed).partner_story and typed.sector == Sector.SCHOOL


# -- commitments without names -----------------------------------------------------------------------------
def test_a_dated_commitment_by_someone_unnamed_is_complete_and_takes_no_typed_name(session: Facilitation) -> None:
    session.go_to_phase(Phase.DESTINY)
    shy = session.join(name="Jan", organisation="Občina Kranj", sector="administration", consent_organisation=True)
    k = session.add_commitment("Map the empty shops", by_when="2027-02-01", source="participant", participant_id=shy.id)
    assert is_complete(k)
    assert attribution(session.state, k) == Attribution(organisation="Občina Kranj", sector=Sector.ADMINISTRATION)
    refused("owner_is_participant", session.edit_commitment, k.id, what=k.what, who="Jan Novak", by_when=k.by_when)
    refused(
        "owner_is_participant",
        session.add_commitment,
        "x",
        who="Someone",
        source="participant",
        participant_id=shy.id,
    )
    # The facilitator's own commitments take any owner: a person or an organisation.
    mine = session.add_commitment("Send the minutes", who="BSC Kranj", by_when="2026-11-30")
    assert is_complete(mine) and attribution(session.state, mine).name == "BSC Kranj"
    assert not is_complete(session.add_commitment("Ask the council for a voucher"))
    undated = session.add_commitment("Someday", source="participant", participant_id=shy.id)
    assert not is_complete(undated)


# -- two consents --------------------------------------------------------------------------------------------
def test_organisation_is_listed_only_with_its_own_consent(session: Facilitation) -> None:
    a = session.join(name="Ana", organisation="Kulturcafé", sector="creative", consent_named=True)
    b = session.join(name="Bor", organisation="Občina Jesenice", sector="administration", consent_organisation=True)
    assert listed_organisations(session.state) == ["Občina Jesenice"]
    session.update_participant(
        a.id, name="Ana", organisation="Kulturcafé", sector="creative", consent_organisation=True
    )
    assert listed_organisations(session.state) == ["Kulturcafé", "Občina Jesenice"]
    assert not session.state.participants[a.id].consent_named  # an update states both consents, as /me does
    session.update_participant(b.id, organisation="Občina Jesenice", sector="administration")
    assert listed_organisations(session.state) == ["Kulturcafé"]


# -- everyone counted -----------------------------------------------------------------------------------------
def test_people_without_phones_are_counted_by_sector_with_the_phones(session: Facilitation) -> None:
    session.join(sector="company")
    session.join(sector="creative")
    assert session.count_people("company", 3) == 3
    assert session.count_people(Sector.CITIZEN) == 1
    assert session.count_people("company", -1) == 2
    counts = attendance(session.state)
    assert list(counts) == list(Sector)
    assert counts[Sector.COMPANY] == Headcount(phones=1, paper=2)
    assert counts[Sector.CITIZEN] == Headcount(phones=0, paper=1)
    assert present(session.state) == Headcount(phones=2, paper=3)
    before = session.store.last_seq()
    for sector, n, code in [("company", -3, "bad_count"), ("company", 0, "bad_count"), ("nobody", 1, "bad_sector")]:
        refused(code, session.count_people, sector, n)
    refused("bad_count", session.count_people, "school", 10_001)
    assert session.store.last_seq() == before
    assert session.undo() == "counting -1 without a phone in company"
    assert present(session.state).paper == 4
    assert fold(session.records()) == session.state


def test_a_plans_own_sectors_are_counted_too(sessions: SessionsDir, toolbox, clock) -> None:
    f = create_session(sessions, toolbox.get("cinema-city-centre"), title="CINEMA Kamnik", clock=clock)
    try:
        assert f.count_people("retail", 2) == 2
        assert attendance(f.state)["retail"] == Headcount(phones=0, paper=2)
        refused("bad_sector", f.count_people, "retail-and-more", 1)
        refused("bad_sector", f.count_people, "other plans' sector".replace(" ", "_"), 1)
    finally:
        f.close()


def test_undoing_a_count_that_was_corrected_since_is_refused(session: Facilitation, sessions: SessionsDir) -> None:
    from ai_toolkit.facilitation import open_session

    session.count_people("school", 2)
    other = open_session(sessions, session.state.info.id)
    other.count_people("school", -2)  # corrected from the shell meanwhile
    other.close()
    refused("bad_count", session.undo)
    assert session.state.counted[Sector.SCHOOL] == 0


# -- retention -----------------------------------------------------------------------------------------------
def test_keep_until_defaults_to_a_year_and_refuses_the_past(sessions: SessionsDir, tiny_plan: Plan, clock) -> None:
    f = create_session(sessions, tiny_plan, title="Default", on=date(2026, 11, 24), partner="BSC Kranj", clock=clock)
    assert f.state.info.keep_until == date(2027, 11, 24) and f.state.info.controller == "BSC Kranj"
    f.close()
    typed_later = create_session(sessions, tiny_plan, title="Typed up later", on=date(2025, 3, 1), clock=clock)
    assert keep_until(typed_later.state.info) == date(2027, 11, 23)  # a year from today, not already past
    typed_later.close()
    for value, code in [("2020-01-01", "date_in_past"), ("soon", "bad_date"), ("2026-11-25", "keep_until_too_early")]:
        with pytest.raises(Refused) as err:
            create_session(sessions, tiny_plan, title="Bad", on=date(2026, 12, 1), keep_until=value, clock=clock)
        assert err.value.code == code
    assert months_after(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert months_after(date(2026, 1, 31), 1) == date(2026, 2, 28)


def test_privacy_details_are_editable_like_other_details(session: Facilitation, clock) -> None:
    session.update_details(controller="RRA Gorenjska", contact="dpo@rra-gorenjska.si", keep_until="2028-06-30")
    info = session.state.info
    assert (info.controller, info.contact, info.keep_until) == (
        "RRA Gorenjska",
        "dpo@rra-gorenjska.si",
        date(2028, 6, 30),
    )
    with pytest.raises(Refused) as err:
        session.update_details(keep_until="2020-01-01")
    assert err.value.code == "date_in_past"
    assert not is_past(info, date(2028, 6, 30)) and is_past(info, date(2028, 7, 1))
    assert fold(session.records()) == session.state
