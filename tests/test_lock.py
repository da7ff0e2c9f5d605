"""What runs is what the lock says: ``make`` installs from ``requirements.lock``, and the lock covers pyproject.toml.

A facilitator who installs today gets the versions CI tested, not whatever was released last night. When a
dependency is added to pyproject.toml, ``make lock`` must follow; when a pin moves, ``make install`` must follow.
"""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PROJECT = Path(__file__).resolve().parent.parent
LOCK = PROJECT / "requirements.lock"


def locked() -> dict[str, Requirement]:
    pins: dict[str, Requirement] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            requirement = Requirement(line)
            pins[canonicalize_name(requirement.name)] = requirement
    return pins


def test_every_line_of_the_lock_pins_one_version() -> None:
    pins = locked()
    assert len(pins) > 40
    loose = [str(r) for r in pins.values() if len(r.specifier) != 1 or next(iter(r.specifier)).operator != "=="]
    assert loose == []


def test_every_dependency_of_the_project_is_in_the_lock() -> None:
    pyproject = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = list(pyproject["project"]["dependencies"])
    for group in pyproject["dependency-groups"].values():
        wanted += [entry for entry in group if isinstance(entry, str)]
    pins = locked()
    missing, unmet = [], []
    for entry in wanted:
        requirement = Requirement(entry)
        pin = pins.get(canonicalize_name(requirement.name))
        if pin is None:
            missing.append(entry)
        elif not requirement.specifier.contains(next(iter(pin.specifier)).version, prereleases=True):
            unmet.append(f"{entry} (locked {pin})")
    assert missing == [], f"not in {LOCK.name}: {missing}; run 'make lock'"
    assert unmet == [], f"{LOCK.name} does not satisfy pyproject.toml: {unmet}; run 'make lock'"


def test_the_environment_has_exactly_the_locked_versions() -> None:
    """What the suite tests is what a facilitator installs (a stale .venv: run 'make install')."""
    pyproject = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    only_for_locking = {canonicalize_name(Requirement(r).name) for r in pyproject["dependency-groups"]["lock"]}
    differ = []
    for name, requirement in locked().items():
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue  # another platform's line (colorama on Windows, uvloop off it)
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            if name not in only_for_locking:  # uv comes with `make lock`, not with `make install`
                differ.append(f"{name}: not installed, locked {requirement.specifier}")
            continue
        if not requirement.specifier.contains(installed, prereleases=True):
            differ.append(f"{name}: {installed} installed, locked {requirement.specifier}")
    assert differ == [], "run 'make install':\n" + "\n".join(differ)


def test_the_build_backend_is_locked_and_make_builds_with_it() -> None:
    """A fresh install builds the project with the pinned hatchling, not with whatever PyPI has that day."""
    pyproject = tomllib.loads((PROJECT / "pyproject.toml").read_text(encoding="utf-8"))
    pins = locked()
    backend = [Requirement(r) for r in pyproject["build-system"]["requires"]]
    assert backend and all(canonicalize_name(r.name) in pins for r in backend), f"run 'make lock': {backend}"
    assert {canonicalize_name(Requirement(r).name) for r in pyproject["dependency-groups"]["build"]} >= {
        canonicalize_name(r.name) for r in backend
    }
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    assert "--group build" in makefile and "--no-build-isolation -e ." in makefile
