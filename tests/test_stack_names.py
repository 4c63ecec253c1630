"""Stack names are valid CloudFormation stack names, and two stacks never share one."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from segmentgen.api import BuildOptions, build, stack_name

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
    result = build(BuildOptions(Path("specs"), Path("out"), lint=False))
    assert [d.code for d in result.diagnostics if d.severity.label == "error"] == ["SG401"]
    assert not (tmp_path / "out").exists()


PREFIX_SETTINGS = """prefix: growth
artifacts: [parameters, sceptre, terraform]
environments:
  dev: {application: {create: app-dev}}
  prod: {}
"""
BASE = "segments:\n  base-seg:\n    name: Base\n    where: {country: [NO]}\n"
USER = "segments:\n  user-seg:\n    name: User\n    groups: {list: [{base: [base-seg]}]}\n"


def test_the_prefix_starts_stack_names() -> None:
    assert stack_name("prod/team_a/seed", "growth") == "growth-prod-team-a-seed"
    long = stack_name("prod/" + "a" * 200, "g" * 64)
    assert len(long) <= 128 and VALID.match(long) and long.startswith("g" * 64)


def _build(tmp_path: Path, settings: str) -> dict[str, object]:
    specs = tmp_path / "specs"
    specs.mkdir()
    for name, text in (("segmentgen.yaml", settings), ("a.yaml", BASE), ("b.yaml", USER)):
        (specs / name).write_text(text, "utf-8")
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    assert result.ok, [d.render() for d in result.diagnostics]
    return json.loads((tmp_path / "out" / "manifest.json").read_text())  # type: ignore[no-any-return]


def test_the_prefix_scopes_stack_and_export_names(tmp_path: Path) -> None:
    manifest = _build(tmp_path, PREFIX_SETTINGS)
    names = sorted(stack["name"] for stack in manifest["stacks"])  # type: ignore[attr-defined]
    assert names == ["growth-dev-a", "growth-dev-b", "growth-dev-segmentgen-application",
                     "growth-prod-a", "growth-prod-b"]
    exports = {name for stack in manifest["stacks"] for name in stack["exports"]}  # type: ignore[attr-defined]
    assert exports == {"growth-dev-BaseSegSegmentId", "growth-prod-BaseSegSegmentId",
                       "growth-dev-PinpointAppId"}
    user = json.loads((tmp_path / "out/dev/b.json").read_text())
    assert user["Resources"]["UserSegSegment"]["Properties"]["ApplicationId"] == {
        "Fn::ImportValue": "growth-dev-PinpointAppId"}
    sceptre = (tmp_path / "out/sceptre/config/prod/b.yaml").read_text()
    assert "stack_name: growth-prod-b" in sceptre
    assert "project_code: growth" in (tmp_path / "out/sceptre/config/config.yaml").read_text()
    assert 'name          = "growth-dev-b"' in (tmp_path / "out/dev/b.tf").read_text()


def test_without_a_prefix_names_stay_as_they_were(tmp_path: Path) -> None:
    manifest = _build(tmp_path, PREFIX_SETTINGS.replace("prefix: growth\n", ""))
    names = {stack["name"] for stack in manifest["stacks"]}  # type: ignore[attr-defined]
    assert {"dev-a", "prod-b", "dev-segmentgen-application"} <= names
    exports = {name for stack in manifest["stacks"] for name in stack["exports"]}  # type: ignore[attr-defined]
    assert "segmentgen-prod-BaseSegSegmentId" in exports


@pytest.mark.parametrize("prefix", ["growth_team", "1growth", "growth-", "-g", "g" * 65,
                                    "''", "grö", "'a b'"])
def test_a_prefix_no_stack_name_can_start_with_is_sg223_at_its_value(
        tmp_path: Path, prefix: str) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "segmentgen.yaml").write_text(f"tags: {{a: b}}\nprefix: {prefix}\n", "utf-8")
    (specs / "a.yaml").write_text(BASE, "utf-8")
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    found = [(d.code, d.file, d.line, d.col) for d in result.diagnostics]
    assert found == [("SG223", (specs / "segmentgen.yaml").as_posix(), 2, 9)]
    assert not (tmp_path / "out").exists()


def test_the_settings_schema_carries_the_prefix_rule() -> None:
    from jsonschema import Draft202012Validator

    from segmentgen.validate.editor_schema import settings_schema

    validator = Draft202012Validator(settings_schema())
    assert validator.is_valid({"prefix": "growth-2", "shared_application": True})
    for bad in ("growth_team", "1growth", "g" * 65):
        assert not validator.is_valid({"prefix": bad})
