"""A created application lives in a stack of its own per environment: adding, renaming or
removing spec files never moves the App or its export, every segment stack of the
environment deploys after it (manifest, Sceptre, Terraform), and the manifest records what
each stack exports, imports and creates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from segmentgen.api import BuildOptions, build
from segmentgen.emit import manifest

BASE = "segments:\n  base-seg:\n    name: Base\n    where: {active: 30d}\n"
DERIVED = ("segments:\n  derived-seg:\n    name: Derived\n    groups:\n      list:\n"
           "        - base: [base-seg]\n          where: {country: [US]}\n")
# Sorts before every other spec file and uses a base segment of a later one.
FIRST = ("segments:\n  first-seg:\n    name: First\n    groups:\n      list:\n"
         "        - base: [derived-seg]\n")
CREATE = "artifacts: [parameters, sceptre, terraform]\nenvironments:\n" \
         "  dev:\n    application: {create: app-dev}\n  prod: {}\n"


def write(specs: Path, files: dict[str, str]) -> None:
    specs.mkdir(exist_ok=True)
    for name, text in files.items():
        (specs / name).write_text(text, "utf-8")


def built(tmp_path: Path, files: dict[str, str], out: str = "out") -> dict[str, Any]:
    write(tmp_path / "specs", files)
    result = build(BuildOptions(tmp_path / "specs", tmp_path / out, lint=False))
    assert result.ok, [d.render() for d in result.diagnostics]
    return json.loads((tmp_path / out / "manifest.json").read_text())  # type: ignore[no-any-return]


def stacks_of(data: dict[str, Any], env: str) -> list[dict[str, Any]]:
    return [stack for stack in data["stacks"] if stack["environment"] == env]


def test_the_app_lives_in_the_application_stack(tmp_path: Path) -> None:
    data = built(tmp_path, {"segmentgen.yaml": CREATE, "base.yaml": BASE})
    app = json.loads((tmp_path / "out/dev/segmentgen-application.json").read_text())
    assert app["Resources"]["PinpointApp"] == {"Type": "AWS::Pinpoint::App",
                                               "Properties": {"Name": "app-dev"}}
    assert app["Outputs"]["PinpointAppId"]["Export"]["Name"] == "segmentgen-dev-PinpointAppId"
    base = json.loads((tmp_path / "out/dev/base.json").read_text())
    assert "PinpointApp" not in base["Resources"]
    props = base["Resources"]["BaseSegSegment"]["Properties"]
    assert props["ApplicationId"] == {"Fn::ImportValue": "segmentgen-dev-PinpointAppId"}
    [entry] = [s for s in data["stacks"] if s["name"] == "dev-segmentgen-application"]
    assert entry["application"] == "app-dev"
    assert entry["exports"] == ["segmentgen-dev-PinpointAppId"]
    assert not (tmp_path / "out/prod/segmentgen-application.json").exists()


def test_adding_a_spec_file_that_sorts_first_moves_nothing(tmp_path: Path) -> None:
    before = built(tmp_path, {"segmentgen.yaml": CREATE, "base.yaml": BASE,
                              "derived.yaml": DERIVED})
    app_before = (tmp_path / "out/dev/segmentgen-application.json").read_bytes()
    after = built(tmp_path, {"aaa.yaml": FIRST})
    assert (tmp_path / "out/dev/segmentgen-application.json").read_bytes() == app_before

    def owner(data: dict[str, Any]) -> list[str]:
        return [s["name"] for s in data["stacks"] if "segmentgen-dev-PinpointAppId" in
                s.get("exports", [])]

    assert owner(before) == owner(after) == ["dev-segmentgen-application"]
    aaa = json.loads((tmp_path / "out/dev/aaa.json").read_text())
    assert "PinpointApp" not in aaa["Resources"] and "PinpointAppId" not in aaa.get("Outputs", {})


def test_every_segment_stack_deploys_after_the_application_stack(tmp_path: Path) -> None:
    data = built(tmp_path, {"segmentgen.yaml": CREATE, "base.yaml": BASE,
                            "derived.yaml": DERIVED, "aaa.yaml": FIRST})
    dev = stacks_of(data, "dev")
    assert dev[0]["name"] == "dev-segmentgen-application"
    placed: set[str] = set()
    for stack in data["stacks"]:  # deploy order: no cycle, every dependency first
        assert set(stack["depends_on"]) <= placed, stack["name"]
        placed.add(stack["name"])
    for stack in dev[1:]:
        assert "dev-segmentgen-application" in stack["depends_on"]
        sceptre = yaml.safe_load((tmp_path / "out" / stack["sceptre"]).read_text())
        assert "dev/segmentgen-application.yaml" in sceptre["dependencies"]
        terraform = (tmp_path / "out" / stack["terraform"]).read_text()
        assert "aws_cloudformation_stack.dev_segmentgen_application," in terraform
    assert all("segmentgen-application" not in " ".join(stack["depends_on"])
               for stack in stacks_of(data, "prod"))


def test_one_spec_file_still_gets_an_application_stack(tmp_path: Path) -> None:
    built(tmp_path, {"segmentgen.yaml": "application: {create: app}\n", "base.yaml": BASE})
    assert (tmp_path / "out/segmentgen-application.json").is_file()
    base = json.loads((tmp_path / "out/base.json").read_text())
    assert base["Resources"]["BaseSegSegment"]["Properties"]["ApplicationId"] == {
        "Fn::ImportValue": "segmentgen-PinpointAppId"}


def test_customer_profiles_has_no_application_stack(tmp_path: Path) -> None:
    built(tmp_path, {"segmentgen.yaml": "application: {create: app}\n"
                     "target: customer-profiles\ndomain: d\n",
                     "base.yaml": BASE.replace("active: 30d", "country: [US]")})
    assert not (tmp_path / "out/segmentgen-application.json").exists()


@pytest.mark.parametrize("name", ["segmentgen-application.yaml", "segmentgen_application.yaml"])
def test_a_spec_file_in_the_application_stack_s_place_is_sg401(tmp_path: Path,
                                                                 name: str) -> None:
    write(tmp_path / "specs", {"segmentgen.yaml": CREATE, "base.yaml": BASE, name: DERIVED})
    result = build(BuildOptions(tmp_path / "specs", tmp_path / "out", lint=False))
    errors = [d for d in result.diagnostics if d.severity.label == "error"]
    assert errors and {d.code for d in errors} == {"SG401"}
    assert {d.file for d in errors} == {(tmp_path / "specs" / name).as_posix()}
    assert "application stack" in " ".join(d.message for d in errors)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("field, value", [
    ("exports", "segmentgen-x"), ("imports", [1]), ("application", ["app"]),
    ("exports", {"a": "b"}),
])
def test_the_manifest_reader_checks_the_new_fields(field: str, value: object) -> None:
    entry = {"name": "a", "environment": "", "template": "a.json", "spec": "a.yaml",
             "target": "pinpoint", "depends_on": [], field: value}
    data = {"version": 1, "files": ["a.json", "manifest.json"], "stacks": [entry]}
    assert manifest.parse_manifest(json.dumps(data).encode()) is None
    del entry[field]  # a manifest of an older build has none of them
    assert manifest.parse_manifest(json.dumps(data).encode()) is not None
