"""Environments: golden outputs of a three-environment project with a cross-file base segment,
the four ways to name the application (each compiles and lints clean), tag precedence,
per-environment segment overrides, ``--env`` and the manifest's deploy order.

The golden outputs are tests/cases/envs-*/expected; regenerate every golden case with
``make golden`` (``pytest -m golden --update-golden``, or SEGMENTGEN_UPDATE_GOLDEN=1).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from golden import Golden
from spec_files import SpecWriter

from segmentgen.api import BuildOptions, build
from segmentgen.cli import main

CASES = Path(__file__).parent / "cases"
ENV_CASES = sorted(p.name for p in CASES.glob("envs-*") if (p / "specs").is_dir())

BASE = """segments:
  new-customers:
    name: New Customers
    where:
      attributes:
        customerType: [new]
    tags: {team: spec, owner: lifecycle}
"""
DERIVED = """segments:
  new-in-us:
    name: New in US
    groups:
      list:
        - base: [new-customers]
          where:
            country: [US]
"""


def project(tmp_path: Path, settings: str, **specs: str) -> Path:
    texts = {"base": BASE, "derived": DERIVED, **specs}
    return SpecWriter(tmp_path)({f"{name}.yaml": text for name, text in texts.items()}, settings)


def read_tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


@pytest.mark.parametrize("case", ENV_CASES)
def test_golden(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                golden: Golden) -> None:
    monkeypatch.chdir(CASES / case)
    result = build(BuildOptions(Path("specs"), tmp_path / "out"))
    assert result.ok, [d.render() for d in result.diagnostics]
    assert not [d for d in result.diagnostics if d.code != "SG501"]
    golden.check_tree(CASES / case, tmp_path / "out")


@pytest.mark.parametrize("application, check", [
    ("{id: 0123456789abcdef0123456789abcdef}",
     lambda app, t: app == "0123456789abcdef0123456789abcdef"),
    ("{parameter: ProjectId}",
     lambda app, t: app == {"Ref": "ProjectId"} and "ProjectId" in t["Parameters"]),
    ("{import: shared-app-id}", lambda app, t: app == {"Fn::ImportValue": "shared-app-id"}),
    ("{create: my-app}", lambda app, t: app == {"Fn::ImportValue": "segmentgen-test-PinpointAppId"}
     and "PinpointApp" not in t["Resources"]),
])
def test_application_kinds_compile_and_lint_clean(
        tmp_path: Path, application: str, check: object) -> None:
    specs = project(tmp_path, f"environments:\n  test:\n    application: {application}\n")
    result = build(BuildOptions(specs, tmp_path / "out"))
    assert result.ok
    assert [d.code for d in result.diagnostics] == ["SG501"]
    template = json.loads((tmp_path / "out/test/base.json").read_text())
    app = template["Resources"]["NewCustomersSegment"]["Properties"]["ApplicationId"]
    assert check(app, template)  # type: ignore[operator]


def test_environment_tags_over_default_tags_over_segment_tags(tmp_path: Path) -> None:
    specs = project(tmp_path, "tags: {team: project, cost: '1'}\nenvironments:\n"
                    "  prod:\n    tags: {cost: '2'}\n")
    assert build(BuildOptions(specs, tmp_path / "out")).ok
    template = json.loads((tmp_path / "out/prod/base.json").read_text())
    tags = template["Resources"]["NewCustomersSegment"]["Properties"]["Tags"]
    assert tags == {"cost": "2", "owner": "lifecycle", "team": "project"}
    config = json.loads((tmp_path / "out/prod/base.parameters.json").read_text())
    assert config["Tags"] == {"cost": "2", "team": "project"}


def test_segment_override_renames_retags_and_skips(tmp_path: Path) -> None:
    specs = project(tmp_path, "environments:\n  a:\n    segments:\n"
                    "      new-customers: {name: Renamed, tags: {owner: a-team}}\n"
                    "  b:\n    segments:\n      new-in-us: {skip: true}\n")
    assert build(BuildOptions(specs, tmp_path / "out")).ok
    props = json.loads((tmp_path / "out/a/base.json").read_text())[
        "Resources"]["NewCustomersSegment"]["Properties"]
    assert props["Name"] == "Renamed" and props["Tags"]["owner"] == "a-team"
    assert (tmp_path / "out/a/derived.json").exists()
    assert not (tmp_path / "out/b/derived.json").exists()
    assert "Outputs" not in json.loads((tmp_path / "out/b/base.json").read_text())


@pytest.mark.parametrize("override, message, line", [
    ("new-customer: {name: X}", "overrides segment 'new-customer', which no spec defines", 5),
    ("new-customers: {skip: true}", "skips segment 'new-customers', which 'new-in-us' uses", 5),
])
def test_bad_override_is_sg223_at_its_line(tmp_path: Path, override: str, message: str,
                                           line: int) -> None:
    specs = project(tmp_path, f"environments:\n  a: {{}}\n  b:\n    segments:\n      {override}\n")
    result = build(BuildOptions(specs, tmp_path / "out"))
    assert not result.ok
    found = [d for d in result.diagnostics if d.code == "SG223"]
    assert len(found) == 1 and message in found[0].message
    assert (found[0].line, found[0].col) == (line, 7)


def test_env_option_builds_one_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project(tmp_path, "environments:\n  dev: {}\n  prod: {}\n")
    monkeypatch.chdir(tmp_path)
    run = CliRunner().invoke(main, ["build", "--env", "prod", "--no-lint"])
    assert run.exit_code == 0, run.output
    assert sorted(read_tree(tmp_path / "out")) == [
        "manifest.json", "prod/base.json", "prod/base.parameters.json",
        "prod/derived.json", "prod/derived.parameters.json"]
    run = CliRunner().invoke(main, ["build", "--no-lint"])
    assert run.exit_code == 0
    assert (tmp_path / "out/dev/base.json").exists()
    run = CliRunner().invoke(main, ["build", "--env", "nope", "--no-lint"])
    assert run.exit_code == 3


def test_manifest_lists_stacks_in_deploy_order(tmp_path: Path) -> None:
    specs = project(tmp_path, "environments:\n  dev: {}\n  prod: {}\n",
                    aaa="segments:\n  top:\n    name: Top\n    groups:\n      list:\n"
                        "        - base: [new-in-us]\n")
    assert build(BuildOptions(specs, tmp_path / "out")).ok
    manifest = json.loads((tmp_path / "out/manifest.json").read_text())
    names = [stack["name"] for stack in manifest["stacks"]]
    for env in ("dev", "prod"):
        assert names.index(f"{env}-base") < names.index(f"{env}-derived") < names.index(
            f"{env}-aaa")
    aaa = next(s for s in manifest["stacks"] if s["name"] == "prod-aaa")
    assert aaa["depends_on"] == ["prod-derived"]
    derived = json.loads((tmp_path / "out/prod/derived.json").read_text())
    assert derived["Outputs"]["NewInUsSegmentId"]["Export"]["Name"] == (
        "segmentgen-prod-NewInUsSegmentId")


def test_override_name_taken_in_the_application_is_sg207(tmp_path: Path) -> None:
    specs = project(tmp_path, "environments:\n  a:\n    segments:\n"
                    "      new-in-us: {name: New Customers}\n")
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    found = [(d.code, d.line, d.col) for d in result.diagnostics if d.severity.label == "error"]
    assert found == [("SG207", 4, 7)]
    assert not (tmp_path / "out").exists()
