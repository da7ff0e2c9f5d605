"""Shared fixtures: a sessions folder per test, the toolbox, a clock the test controls."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import settings

from ai_toolkit.facilitation import Facilitation, create_session
from ai_toolkit.model.plan import Plan
from ai_toolkit.model.session import SessionState
from ai_toolkit.plans import load_plan_file, load_toolbox
from ai_toolkit.store.sessions import SessionsDir

FIXTURES = Path(__file__).parent / "fixtures"
REQUIRE_EXTERNAL = os.environ.get("AI_TOOLKIT_REQUIRE_EXTERNAL") == "1"

# Property tests check what holds, not how fast: Hypothesis's default 200 ms deadline per example failed them on a
# busy machine ("Unreliable test timings": one example descheduled for a moment, then fast when replayed).
settings.register_profile("ai-toolkit", deadline=None)
settings.load_profile("ai-toolkit")


def need(tool: str) -> str:
    """Path of an external program; skip without it on a user's machine, fail under AI_TOOLKIT_REQUIRE_EXTERNAL=1."""
    path = shutil.which(tool)
    if path is None:
        message = f"{tool} is not installed"
        if REQUIRE_EXTERNAL:
            pytest.fail(message + " (AI_TOOLKIT_REQUIRE_EXTERNAL=1: .ci/run must install it)")
        pytest.skip(message)
    return path


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 11, 23, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, minutes: float = 0, seconds: float = 0) -> None:
        self.now += timedelta(minutes=minutes, seconds=seconds)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def sessions(tmp_path: Path) -> SessionsDir:
    return SessionsDir(tmp_path / "sessions")


@pytest.fixture
def tiny_plan() -> Plan:
    return load_plan_file(FIXTURES / "plans" / "tiny.yaml")


@pytest.fixture
def toolbox():  # the built-in toolbox
    return load_toolbox()


@pytest.fixture
def session(sessions: SessionsDir, tiny_plan: Plan, clock: FakeClock) -> Iterator[Facilitation]:
    f = create_session(
        sessions,
        tiny_plan,
        title="Creative industries in Gorenjska",
        project="InduCCI",
        partner="BSC Kranj",
        region="Gorenjska",
        venue="Kulturcafé Jesenice",
        facilitators=["Ana"],
        clock=clock,
    )
    yield f
    f.close()


@dataclass
class Regions:
    """Kranj (sl), Chemnitz (de) and Bielsko-Biała (pl) on disk, for every test that compares sessions."""

    sessions: SessionsDir
    states: list[SessionState]

    @property
    def ids(self) -> list[str]:
        return [s.info.id for s in self.states]


@pytest.fixture(scope="session")
def regions(tmp_path_factory: pytest.TempPathFactory) -> Regions:
    """Made once per test run through the service (about a hundred commits); tests only read them."""
    from tests.reports.regions import REGIONS, run_region

    sessions = SessionsDir(tmp_path_factory.mktemp("regions") / "sessions")
    plan = load_plan_file(FIXTURES / "plans" / "tiny.yaml")
    states = []
    for region in REGIONS:
        f = run_region(sessions, plan, region)
        states.append(f.state)
        f.close()
    return Regions(sessions, states)


def no_tokens(state):  # SessionState -> SessionState
    """``state`` with its join and facilitator tokens empty: what an export carries; an import makes fresh ones, so
    an imported session equals its original but for these."""
    blank = {"join_token": "", "facilitator_token": ""}
    return state.model_copy(update={"info": state.info.model_copy(update=blank)})
