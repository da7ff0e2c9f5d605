"""Full garbage collections wait for a quiet second (or a minute at most), and everything is put back afterwards."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from ai_toolkit.web.quiet_gc import AT_LEAST_EVERY, QuietCollector


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def collector() -> Iterator[tuple[QuietCollector, Clock]]:
    before = gc.get_threshold()
    clock = Clock()
    c = QuietCollector(clock)
    yield c, clock
    c.close()
    assert gc.get_threshold() == before and gc.get_freeze_count() == 0


def _age_objects() -> None:
    """Young collections, as a busy server makes them: they count towards the next full one."""
    for _ in range(12):
        gc.collect(1)


def test_no_automatic_full_collection_while_it_runs(collector: tuple[QuietCollector, Clock]) -> None:
    assert gc.get_threshold()[2] >= 1_000_000
    assert gc.get_freeze_count() > 0  # what existed at start is set aside for good


def test_collects_when_quiet_and_not_while_busy(collector: tuple[QuietCollector, Clock]) -> None:
    c, clock = collector
    _age_objects()
    assert c.tick(10) is False  # first look: nothing to compare with
    _age_objects()
    assert c.tick(25) is False  # requests came in: busy, wait
    _age_objects()
    assert c.tick(25) is True  # a quiet second: now
    assert c.tick(25) is False  # nothing aged since


def test_collects_at_least_once_a_minute_under_a_storm(collector: tuple[QuietCollector, Clock]) -> None:
    c, clock = collector
    requests = 0
    for _ in range(int(AT_LEAST_EVERY) - 1):
        requests += 100
        clock.now += 1
        assert c.tick(requests) is False
    clock.now += 1
    assert c.tick(requests + 100) is True and c.collections == 1
