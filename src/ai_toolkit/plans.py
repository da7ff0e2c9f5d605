"""The toolbox: session plans loaded from YAML files.

Built-in plans ship inside the package (``ai_toolkit/_templates/plans``, copied from the top-level ``templates``
at build time) and are also read from ``templates/plans`` in a source checkout; users add their own by dropping a
YAML file in ``templates/plans/`` of the current folder or in ``--plans-dir``. A broken file is reported with
its name, the field and what is wrong, and the other plans still load.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from ai_toolkit.errors import NotFound
from ai_toolkit.model.plan import Plan

MAX_PLAN_BYTES = 1_000_000


def builtin_dirs() -> list[Path]:
    here = Path(__file__).resolve().parent
    return [here / "_templates" / "plans", here.parent.parent / "templates" / "plans"]


@dataclass
class Toolbox:
    plans: dict[str, Plan] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

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
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise ValueError(f"{path}: not UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ValueError(f"{path}: not valid YAML{where}: {getattr(exc, 'problem', None) or exc}") from None
    except OSError as exc:
        raise ValueError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if not isinstance(raw, dict):
        raise ValueError(f"{path}: a plan must be a mapping with id, name and phases")
    try:
        return Plan.model_validate(raw)
    except ValidationError as exc:
        raise ValueError(describe_error(path, exc)) from None


def load_toolbox(extra_dirs: list[Path] | None = None) -> Toolbox:
    """All plans: built-in first, then ``./templates/plans``, then ``extra_dirs``; later ones override by id."""
    box = Toolbox()
    dirs = [*builtin_dirs(), Path("templates") / "plans", *(extra_dirs or [])]
    seen: set[Path] = set()
    for folder in dirs:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.y*ml")):
            if path.resolve() in seen:
                continue
            seen.add(path.resolve())
            try:
                plan = load_plan_file(path)
            except ValueError as exc:
                box.problems.append(str(exc))
                continue
            box.plans[plan.id] = plan
            box.sources[plan.id] = path
    return box
