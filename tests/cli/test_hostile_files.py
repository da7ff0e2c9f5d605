"""Files that come from outside: plan files from a shared drive, and the targets of ``-o``.

A plan nested a thousand deep used to raise RecursionError in every command that loads plans; a file in the plans
folder could silently replace a built-in plan. ``-o`` renamed over whatever was there: a symlink, even a device.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from tests.cli.runner import TINY_PLANS, cli, ok

from ai_toolkit.plans import MAX_PLAN_DEPTH, MAX_PLAN_NODES, builtin_dirs, load_toolbox


@pytest.fixture
def home(tmp_path: Path) -> Path:
    h = tmp_path / "home"
    h.mkdir()
    return h


def _alias_bomb(levels: int = 12) -> str:
    """Twelve lines that expand to 9**12 (282 billion) items when an unwary loader walks them."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def hostile_plans(folder: Path) -> Path:
    folder.mkdir()
    (folder / "tiny.yaml").write_text((TINY_PLANS / "tiny.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "deep.yaml").write_text("id: deep\nname: " + "[" * 1000 + "]" * 1000 + "\n", encoding="utf-8")
    (folder / "flat-deep.yaml").write_text("id: x\nname: " + "{a: " * 200 + "1" + "}" * 200 + "\n", encoding="utf-8")
    (folder / "bomb.yaml").write_text(_alias_bomb(), encoding="utf-8")
    classic = (builtin_dirs()[1] / "classic-4d.yaml").read_text(encoding="utf-8")
    # Same id as a built-in plan, with a name of its own so we can tell which one a command used.
    (folder / "my-classic.yaml").write_text(
        classic.replace("Classic 4-D cycle", "Our own 4-D cycle", 1), encoding="utf-8"
    )
    return folder


def test_deep_and_exploding_plans_are_reported_and_every_other_plan_loads(tmp_path: Path) -> None:
    plans = hostile_plans(tmp_path / "plans")
    started = time.monotonic()
    box = load_toolbox([plans])
    assert time.monotonic() - started < 20, "an alias bomb must be refused before it is expanded"
    assert {"test-tiny", "classic-4d", "inducci-industry", "soar-strategy"} <= set(box.plans)
    problems = "\n".join(box.problems)
    assert f"deep.yaml: the plan is nested more than {MAX_PLAN_DEPTH} levels deep" in problems
    assert f"flat-deep.yaml: the plan is nested more than {MAX_PLAN_DEPTH} levels deep" in problems
    assert f"bomb.yaml: the plan holds more than {MAX_PLAN_NODES:,} items (aliases expanded)" in problems
    assert "RecursionError" not in problems and len(box.problems) == 3


def test_anchors_and_aliases_within_limits_still_load(tmp_path: Path) -> None:
    """A facilitator may reuse a prompt with an anchor: that is not an attack."""
    plans = tmp_path / "plans"
    plans.mkdir()
    tiny = (TINY_PLANS / "tiny.yaml").read_text(encoding="utf-8")
    assert "id: test-tiny" in tiny
    (plans / "anchored.yaml").write_text(
        tiny.replace("id: test-tiny", "id: anchored") + "\ndescription: &d {en: One prompt, sl: En poziv}\n"
        "affirmative_topic: *d\n",
        encoding="utf-8",
    )
    box = load_toolbox([plans])
    assert box.problems == []
    assert box.plans["anchored"].affirmative_topic == {"en": "One prompt", "sl": "En poziv"}


def test_a_file_with_a_built_in_id_replaces_it_only_with_a_note(home: Path, tmp_path: Path) -> None:
    plans = hostile_plans(tmp_path / "plans")
    listed = ok(cli("plans", home=home, plans=plans))
    assert "Our own 4-D cycle" in listed.out
    assert f"ai-toolkit: note: {plans / 'my-classic.yaml'} replaces the built-in plan 'classic-4d'" in listed.err
    assert "Traceback" not in listed.err
    made = ok(cli("new", "--plan", "classic-4d", "--title", "Kranj", home=home, plans=plans, root=tmp_path / "s"))
    assert made.err.strip() == f"ai-toolkit: note: {plans / 'my-classic.yaml'} replaces the built-in plan 'classic-4d'"
