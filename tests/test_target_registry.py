"""A target is one module plus one registry entry: the CLI, the settings schema, planning and
the reading of built resources follow ``segmentgen.compile.registry`` with no other edit."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from segmentgen.compile import CompileContext, logical_id, registry
from segmentgen.compile.plan.resources import output_resources
from segmentgen.compile.target import Target
from segmentgen.core.model import Dimensions, Environment, Segment, SetCriterion, Settings

ROOT = Path(__file__).resolve().parents[1]

# A throwaway target: one AWS::Demo::Thing per segment, its display name in Title.
DEMO_MODULE = '''
from troposphere import AWSObject, Template
from segmentgen.compile import CompileResult, display_name, logical_id

class Thing(AWSObject):
    resource_type = "AWS::Demo::Thing"
    props = {"Title": (str, True)}

def compile_template(segments, context):
    template = Template()
    for segment in segments:
        template.add_resource(Thing(logical_id(segment.key, "Thing"),
                                    Title=display_name(segment, context)))
    return CompileResult(template)

class Notes:
    def __init__(self, text):
        self.text = text

def render_notes(segments, context):
    return Notes("".join(segment.key + "\\n" for segment in segments))
'''
DEMO = Target("demo", "AWS::Demo::Thing", "Thing", "Title", "demo_target")
# Registers DEMO before anything reads the registry, as a registry entry would, then
# reports what the CLI, the settings schema and a build make of it.
SCRIPT = '''
import json, sys
from pathlib import Path
from click.testing import CliRunner
from segmentgen.compile import CompileContext, logical_id, registry
from segmentgen.compile.target import Target, TargetArtifact
from segmentgen.core.model import Dimensions, Environment, Segment, SetCriterion, Settings
registry.TARGETS["demo"] = Target(
    "demo", "AWS::Demo::Thing", "Thing", "Title", "demo_target",
    artifacts=(TargetArtifact("demo-notes", "demo_target:render_notes", ".notes.txt"),))
from segmentgen.cli import main
from segmentgen.validate.editor_schema import settings_schema
runner = CliRunner()
build = runner.invoke(main, ["build", "--no-lint", "--no-cache"])
again = runner.invoke(main, ["build", "--no-lint", "--no-cache", "--check"])
print(json.dumps({
    "again": [again.exit_code, again.output],
    "help": runner.invoke(main, ["build", "--help"]).output,
    "schema": settings_schema(),
    "exit": build.exit_code,
    "output": build.output,
    "files": sorted(str(p.relative_to("out")) for p in Path("out").rglob("*") if p.is_file()),
}))
'''
SPEC = "segments:\n  new-customers:\n    name: New Customers\n    where:\n      country: [NO]\n"


def _enums(schema: object) -> list[list[str]]:
    """Every enum list anywhere in a JSON Schema document."""
    found: list[list[str]] = []
    if isinstance(schema, dict):
        if isinstance(schema.get("enum"), list):
            found.append(schema["enum"])
        for value in schema.values():
            found.extend(_enums(value))
    elif isinstance(schema, list):
        for value in schema:
            found.extend(_enums(value))
    return found


@pytest.fixture
def demo_project(tmp_path: Path) -> Path:
    (tmp_path / "demo_target.py").write_text(DEMO_MODULE)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "a.yaml").write_text(SPEC)
    (tmp_path / "specs" / "segmentgen.yaml").write_text(
        "target: demo\nartifacts: [parameters, demo-notes]\n")
    return tmp_path


def test_a_registered_target_reaches_cli_schema_and_build(demo_project: Path) -> None:
    run = subprocess.run([sys.executable, "-c", SCRIPT], cwd=demo_project, capture_output=True,
                         text=True, check=True, env={"PYTHONPATH": f"{demo_project}:{ROOT}",
                                                     "PATH": "/usr/bin:/bin"})
    report = json.loads(run.stdout.splitlines()[-1])
    assert "demo" in report["help"]
    assert ["pinpoint", "customer-profiles", "demo"] in _enums(report["schema"])
    assert report["exit"] == 0, report["output"]
    assert "a.json" in report["files"]
    template = json.loads((demo_project / "out" / "a.json").read_text())
    assert template["Resources"] == {
        "NewCustomersThing": {"Type": "AWS::Demo::Thing", "Properties": {"Title": "New Customers"}}}
    manifest = json.loads((demo_project / "out" / "manifest.json").read_text())
    assert [stack["target"] for stack in manifest["stacks"]] == ["demo"]
    # its own artifact: listed in the settings schema, written beside the template, named in
    # the manifest entry and read back from it (the check build finds out/ current)
    assert any("demo-notes" in enum for enum in _enums(report["schema"]))
    assert (demo_project / "out" / "a.notes.txt").read_text() == "new-customers\n"
    assert manifest["stacks"][0]["demo_notes"] == "a.notes.txt"
    assert "a.notes.txt" in manifest["files"]
    assert report["again"][0] == 0, report["again"][1]


def test_built_resources_of_a_registered_target_are_read(monkeypatch: pytest.MonkeyPatch) -> None:
    template = {"Resources": {"NewCustomersThing": {
        "Type": "AWS::Demo::Thing", "Properties": {"Title": "New Customers"}}}}
    files = {"a.json": json.dumps(template).encode()}
    assert output_resources(files) == []
    monkeypatch.setitem(registry.TARGETS, "demo", DEMO)
    [resource] = output_resources(files)
    assert (resource.type, resource.name, resource.stack) == ("AWS::Demo::Thing",
                                                              "New Customers", "a")


@pytest.mark.parametrize("kind", [[], {}, None, 3])
def test_a_resource_type_of_the_wrong_shape_is_no_segment(kind: object) -> None:
    template = {"Resources": {"X": {"Type": kind, "Properties": {}},
                              "Y": {"Type": "AWS::Pinpoint::Segment",
                                    "Properties": {"Name": "Kept"}}}}
    found = output_resources({"a.json": json.dumps(template).encode()})
    assert [(r.logical_id, r.name) for r in found] == [("Y", "Kept")]


def test_every_target_names_its_own_resource_type() -> None:
    types = [entry.resource_type for entry in registry.TARGETS.values()]
    assert len(types) == len(set(types))
    for name, entry in registry.TARGETS.items():
        assert registry.target(name) is entry
        assert registry.of_resource_type(entry.resource_type) is entry
        assert registry.name_property(entry.resource_type) == entry.name_property


@pytest.mark.parametrize("name", list(registry.TARGETS))
def test_each_target_compiles_what_its_entry_says(name: str) -> None:
    entry = registry.target(name)
    dims = Dimensions(country=SetCriterion("INCLUSIVE", ("NO",)))
    segment = Segment("winter-sale", "Winter Sale", "specs/t.yaml", 1, dimensions=dims)
    context = CompileContext(Environment("prod", target=name, domain="crm"), Settings())
    template = entry.compile([segment], context).template.to_dict()
    resource = template["Resources"][logical_id("winter-sale", entry.logical_id_suffix)]
    assert resource["Type"] == entry.resource_type
    assert resource["Properties"][entry.name_property] == "Winter Sale"
    described = entry.describe(resource["Properties"], {})
    assert described and any("NO" in line for line in described)
    fixed, added = entry.template_counts([segment], context)
    assert fixed[0] + sum(a[0] for a in added) == len(template["Resources"])
    assert fixed[1] + sum(a[1] for a in added) == len(template.get("Parameters", {}))
