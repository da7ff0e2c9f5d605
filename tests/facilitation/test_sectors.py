"""Sectors a plan adds to the common ones: offered, checked against the session's plan, counted and labelled."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import ValidationError

from ai_toolkit.errors import Refused
from ai_toolkit.facilitation import Facilitation, create_session, import_records
from ai_toolkit.i18n.sectors import SectorForm, sector_label, sector_labels
from ai_toolkit.model import events as ev
from ai_toolkit.model.enums import Source
from ai_toolkit.model.fold import FoldError, fold
from ai_toolkit.model.plan import Plan
from ai_toolkit.store.sessions import SessionsDir

RETAIL: dict[str, Any] = {
    "id": "retail",
    "name": {"en": "Retail and shops", "cs": "Maloobchod a obchody"},
    "short": {"en": "retail", "cs": "maloobchodníci"},
    "hint": {"en": "shopkeepers, cafés, markets"},
}


def with_sectors(plan: Plan, *sectors: dict[str, Any]) -> Plan:
    return Plan.model_validate({**plan.model_dump(), "sectors": list(sectors)})


@pytest.fixture
def shops(sessions: SessionsDir, tiny_plan: Plan, clock) -> Iterator[Facilitation]:
    f = create_session(sessions, with_sectors(tiny_plan, RETAIL), title="Kamnik centre", language="cs", clock=clock)
    yield f
    f.close()


def test_a_plan_sector_comes_after_the_common_ones_and_before_other(tiny_plan: Plan) -> None:
    ids = with_sectors(tiny_plan, RETAIL).sector_ids()
    assert ids[-2:] == ("retail", "other") and ids[0] == "creative" and len(ids) == 9
    assert tiny_plan.sector_ids()[-1] == "other" and "retail" not in tiny_plan.sector_ids()


def test_participants_of_a_plan_sector_join_contribute_and_are_counted(shops: Facilitation) -> None:
    shops.go_to_phase("discover")
    ana = shops.join(name="Ana", sector="retail")
    shops.join(sector="citizen")
    shops.join(sector="retail")
    c = shops.add_contribution("Náš obchod otevřel dvůr pro trh", source=Source.PARTICIPANT, participant_id=ana.id)
    typed = shops.add_contribution("Karta z papíru", sector="retail")
    assert (c.sector, typed.sector) == ("retail", "retail")
    assert shops.state.sector_counts() == {"citizen": 1, "retail": 2}
    assert list(shops.state.sector_counts()) == ["citizen", "retail"]  # the plan's order
    shops.update_participant(ana.id, name="Ana", sector="citizen")
    assert shops.state.sector_counts() == {"citizen": 2, "retail": 1}
    again = fold(shops.records())
    assert again.sector_counts() == shops.state.sector_counts()


def test_a_sector_the_plan_lacks_is_refused_everywhere_and_nothing_is_recorded(session: Facilitation) -> None:
    session.go_to_phase("discover")
    maja = session.join(sector="creative")
    before = session.store.last_seq()
    for attempt in (
        lambda: session.join(sector="retail"),
        lambda: session.update_participant(maja.id, sector="retail"),
        lambda: session.add_contribution("A card", sector="retail"),
    ):
        with pytest.raises(Refused) as err:
            attempt()
        assert err.value.code == "bad_sector" and "retail" in str(err.value) and "civil_society" in str(err.value)
    assert session.store.last_seq() == before


@pytest.mark.parametrize("hostile", ["", "RETAIL", "x" * 5000, "retail'; drop", "ретейл", "../other", None, 3])
def test_hostile_sector_values_are_refused_by_shape(session: Facilitation, hostile: Any) -> None:
    with pytest.raises(Refused) as err:
        session.join(sector=hostile)
    assert err.value.code == "bad_sector" and len(str(err.value)) < 300
    assert not session.state.participants


def test_a_log_naming_a_sector_its_plan_lacks_is_damaged_and_not_imported(
    session: Facilitation, sessions: SessionsDir
) -> None:
    records = session.records()
    forged = ev.Recorded(
        seq=len(records) + 1,
        at=records[-1].at,
        event=ev.ParticipantJoined(participant_id="p-forged", sector="retail"),
    )
    with pytest.raises(FoldError, match="event 2 names a sector 'retail'"):
        fold([*records, forged])
    with pytest.raises(FoldError):
        import_records(sessions, [*records, forged])


@pytest.mark.parametrize(
    ("sector", "problem"),
    [
        ({**RETAIL, "id": "citizen"}, "a common sector already"),
        ({**RETAIL, "id": "Retail Shops"}, "lowercase letters"),
        ({**RETAIL, "short": {"en": "retail and small shops"}}, "at most 14 characters"),
        ({**RETAIL, "name": {"sl": "Trgovina"}}, "English text"),
        ({**RETAIL, "name": {"en": "Retail", "fr": "Commerce"}}, "unknown language"),
        ({**RETAIL, "colour": "red"}, "Extra inputs"),
    ],
)
def test_a_badly_defined_plan_sector_is_named_with_its_problem(
    tiny_plan: Plan, sector: dict[str, Any], problem: str
) -> None:
    with pytest.raises(ValidationError, match=problem):
        with_sectors(tiny_plan, sector)


def test_the_same_sector_twice_in_a_plan_is_refused(tiny_plan: Plan) -> None:
    with pytest.raises(ValidationError, match="sector ids must be unique"):
        with_sectors(tiny_plan, RETAIL, RETAIL)


def test_one_function_labels_common_and_plan_sectors_in_each_form(tiny_plan: Plan) -> None:
    plan = with_sectors(tiny_plan, RETAIL)
    assert sector_label(plan, "retail", "cs") == "Maloobchod a obchody"
    assert sector_label(plan, "retail", "de") == "Retail and shops"  # the plan's English where it has no German
    assert sector_label(plan, "retail", "cs", SectorForm.SHORT) == "maloobchodníci"
    assert sector_label(plan, "retail", "cs", SectorForm.TINY) == "maloobcho."
    assert sector_label(plan, "retail", "en", SectorForm.HINT) == "shopkeepers, cafés, markets"
    assert sector_label(plan, "citizen", "sl") == "Občanka ali občan"
    assert sector_label(plan, "civil_society", "en", SectorForm.SHORT) == "civil society"
    assert sector_label(plan, "civil_society", "en", SectorForm.TINY) == "civil soc."
    assert list(sector_labels(plan, "en"))[-2:] == ["retail", "other"]


def test_cinema_offers_its_own_target_groups_in_every_language(toolbox) -> None:
    cinema = toolbox.get("cinema-city-centre")
    assert {"retail", "property_owners", "business_support"} <= set(cinema.sector_ids())
    for sector in cinema.sectors:
        for form in (sector.name, sector.short, sector.hint):
            assert set(form) == set(cinema.languages), sector.id
    assert sector_label(cinema, "property_owners", "cs") == "Majitelé nemovitostí"
