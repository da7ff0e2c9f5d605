"""The toolbox: session plans loaded from YAML files.

Built-in plans ship inside the package (``ai_toolkit/_templates/plans``, copied from the top-level ``templates``
at build time) and are also read from ``templates/plans`` in a source checkout; users add their own by dropping a
YAML file in ``templates/plans/`` of the current folder or in ``--plans-dir``. A broken file is reported with
its name, the field and what is wrong, and the other plans still load.

A plan file may come from anyone (a shared drive, an e-mail): before it is parsed, its shape is measured from
YAML's event stream, which needs no recursion, so a file nested a thousand deep or an alias "bomb" (a few lines that
expand to billions of items) is one reported problem instead of a RecursionError that stopped every command. A
file that uses the id of a built-in plan replaces it only with a note saying so (``Toolbox.notes``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ai_toolkit.errors import NotFound
from ai_toolkit.model.plan import Plan

MAX_PLAN_BYTES = 1_000_000
MAX_PLAN_DEPTH = 12
"""Nesting of a plan: phases > activities > prompt > language is 6 deep; twice that leaves room for comments."""
MAX_PLAN_NODES = 100_000
"""Items in a plan once aliases are expanded: a day of 60 activities in seven languages is under 5,000."""


def builtin_dirs() -> list[Path]:
    here = Path(__file__).resolve().parent
    return [here / "_templates" / "plans", here.parent.parent / "templates" / "plans"]


@dataclass
class Toolbox:
    plans: dict[str, Plan] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: dict[str, str] = field(default_factory=dict)
    """Per plan id: which file replaced which (a built-in plan, or another file with the same id)."""

    def get(self, plan_id: str) -> Plan:
        plan = self.plans.get(plan_id.strip())
        if plan is None:
            known = ", ".join(sorted(self.plans)) or "none"
            # The plan the user means may be in a file that did not load: say which and why, on the same line.
            broken = (
                f"; {len(self.problems)} plan file(s) did not load: {'; '.join(self.problems)}" if self.problems else ""
            )
            raise NotFound(f"no plan {plan_id!r} (plans: {known}){broken}")
        return plan


def describe_error(path: Path, exc: ValidationError) -> str:
    """One line per problem: file, field path, message."""
    lines = []
    for err in exc.errors()[:5]:
        where = ".".join(str(p) for p in err["loc"]) or "(top level)"
        lines.append(f"{path}: {where}: {err['msg']}")
    return "; ".join(lines)


def load_plan_file(path: Path) -> Plan:
    """Load one plan; raises ValueError with a message that names the file, the field and the problem."""
    import yaml  # only when a plan is read: ``next``, ``add`` and ``show`` find the plan in the session

    try:
        if path.stat().st_size > MAX_PLAN_BYTES:
            raise ValueError(f"{path}: the file is larger than {MAX_PLAN_BYTES // 1000} kB")
        text = path.read_text(encoding="utf-8")
        _check_shape(text, path)
        raw = yaml.safe_load(text)
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ValueError(f"{path}: not valid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
    except OSError as exc:
        raise ValueError(f"{path}: cannot read: {exc.strerror or exc}") from None
    except (RecursionError, MemoryError):  # the shape check should have caught it; never stop the toolbox
        raise ValueError(f"{path}: the plan is nested too deeply or too large to read") from None
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: a plan must be a mapping with id, name and phases")
    try:
        return Plan.model_validate(raw)
    except ValidationError as exc:
        raise ValueError(describe_error(path, exc)) from None


def _check_shape(text: str, path: Path) -> None:
    """Refuse a file nested deeper than ``MAX_PLAN_DEPTH`` or holding more than ``MAX_PLAN_NODES`` items once its
    aliases are expanded, reading only YAML's event stream (flat, whatever the nesting)."""
    import yaml

    size: dict[str, int] = {}  # anchor -> items under it, aliases expanded
    anchors: list[str | None] = []  # of each collection being read, outermost first
    counts: list[int] = []  # items in each collection being read so far
    total = 0
    for event in yaml.parse(text, Loader=yaml.SafeLoader):
        if isinstance(event, yaml.CollectionEndEvent):
            if anchors:
                anchor, count = anchors.pop(), counts.pop()
                if anchor:
                    size[anchor] = count
            continue
        if isinstance(event, yaml.AliasEvent):
            items = size.get(event.anchor or "", 1)
        elif isinstance(event, yaml.ScalarEvent | yaml.CollectionStartEvent):
            items = 1
        else:
            continue
        total += items
        counts = [n + items for n in counts]
        if total > MAX_PLAN_NODES:
            raise ValueError(f"{path}: the plan holds more than {MAX_PLAN_NODES:,} items (aliases expanded)")
        if isinstance(event, yaml.ScalarEvent) and event.anchor:
            size[event.anchor] = 1
        if isinstance(event, yaml.CollectionStartEvent):
            anchors.append(event.anchor)
            counts.append(1)
            if len(anchors) > MAX_PLAN_DEPTH:
                raise ValueError(f"{path}: the plan is nested more than {MAX_PLAN_DEPTH} levels deep")


def load_toolbox(extra_dirs: list[Path] | None = None) -> Toolbox:
    """All plans: built-in first, then ``./templates/plans``, then ``extra_dirs``; later ones override by id, and
    each override is noted (``Toolbox.notes``), so nobody runs another plan than the one they think they chose."""
    box = Toolbox()
    builtin = builtin_dirs()
    dirs = [*builtin, Path("templates") / "plans", *(extra_dirs or [])]
    seen: set[Path] = set()
    from_builtin: set[str] = set()
    for folder in dirs:
        if not folder.is_dir():
            continue
        is_builtin = folder in builtin
        for path in sorted(folder.glob("*.y*ml")):
            if path.resolve() in seen:
                continue
            seen.add(path.resolve())
            try:
                plan = load_plan_file(path)
            except ValueError as exc:
                box.problems.append(str(exc))
                continue
            earlier = box.sources.get(plan.id)
            if earlier is not None and not is_builtin:
                what = "the built-in plan" if plan.id in from_builtin else f"the one in {earlier} of"
                box.notes[plan.id] = f"{path} replaces {what} {plan.id!r}"
            if is_builtin:
                from_builtin.add(plan.id)
            box.plans[plan.id] = plan
            box.sources[plan.id] = path
    return box
