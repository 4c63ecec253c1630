"""The lock file pins every dependency the project asks for, inside pyproject.toml's ranges.

Input: ``pyproject.toml`` and ``requirements.lock``. Output: failures naming the dependency that
is missing from the lock, pinned outside its range, not pinned exactly or not hashed, so a
changed range without ``make lock`` fails here instead of on a fresh machine.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?==([^\s;\\]+)")


def _declared() -> list[Requirement]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    texts = [*project["dependencies"], *project["optional-dependencies"]["dev"]]
    return [Requirement(text) for text in texts]


def _entries() -> list[str]:
    """The lock's requirement entries, each with its continuation lines joined."""
    text = (ROOT / "requirements.lock").read_text("utf-8").replace("\\\n", " ")
    return [line for line in text.splitlines() if line and not line.lstrip().startswith("#")]


def _pins() -> dict[str, str]:
    pins = {}
    for entry in _entries():
        match = PIN.match(entry)
        assert match, f"lock entry is not an exact pin: {entry[:80]}"
        pins[canonicalize_name(match.group(1))] = match.group(2)
    return pins


@pytest.mark.parametrize("requirement", _declared(), ids=str)
def test_every_dependency_is_pinned_inside_its_range(requirement: Requirement) -> None:
    pins = _pins()
    name = canonicalize_name(requirement.name)
    assert name in pins, f"{requirement.name} is not in requirements.lock (run make lock)"
    assert requirement.specifier.contains(pins[name], prereleases=True), (
        f"requirements.lock pins {requirement.name}=={pins[name]} outside {requirement.specifier}"
        " (run make lock)")


def test_every_pin_carries_a_hash() -> None:
    entries = _entries()
    assert entries
    unhashed = [entry.split()[0] for entry in entries if "--hash=sha256:" not in entry]
    assert unhashed == []


def test_make_installs_from_the_lock_with_hashes() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    assert "--require-hashes --no-deps -r $(LOCK)" in makefile
    assert "LOCK := requirements.lock" in makefile
