"""Stack names are valid CloudFormation stack names, and two stacks never share one."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from segmentgen.api import build, stack_name

VALID = re.compile(r"^[A-Za-z][-A-Za-z0-9]*$")


@pytest.mark.parametrize(("path", "name"), [
    ("seed", "seed"),
    ("prod/team_a/seed.v2", "prod-team-a-seed-v2"),
    ("2024/q1", "s-2024-q1"),
    ("café/ünïcode", "caf-n-code"),
])
def test_stack_name(path: str, name: str) -> None:
    assert stack_name(path) == name
    assert VALID.match(name)


def test_long_names_stay_within_the_limit_and_apart() -> None:
    first, second = stack_name("a" * 200), stack_name("a" * 201)
    assert len(first) <= 128 and len(second) <= 128
    assert first != second
    assert VALID.match(first)


def test_colliding_stack_names_are_an_error(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    for file, key in (("a_b.yaml", "one"), ("a-b.yaml", "two")):
        (specs / file).write_text(f"segments:\n  {key}:\n    name: {key}\n"
                                  "    where: {country: [NO]}\n", "utf-8")
    monkeypatch.chdir(tmp_path)
    result = build(Path("specs"), Path("out"), lint=False)
    assert [d.code for d in result.diagnostics if d.severity.label == "error"] == ["SG401"]
    assert not (tmp_path / "out").exists()
