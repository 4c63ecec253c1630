"""Customer Profiles segments in their own terms: the model, names, stacks of two targets.

The templates themselves are golden cases (tests/cases/build-profiles-*); the invalid inputs
are rows of tests/invalid/cases.yaml. Here: what the model holds, that a generated name
follows the create-only properties and the SQL's meaning, and the target rules a build
checks when ``--target`` changes an environment's target.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from spec_files import SpecWriter

from segmentgen.api import BuildOptions, build, load_project
from segmentgen.compile.customer_profiles_native import generated_name

VIP = """segments:
  vip:
    target: customer-profiles
    name: VIP
    where:
      attributes: {tier: [gold]}
      profile: {LastName: {not: [Smith]}, FirstName: [Ada]}
  lapsed:
    target: customer-profiles
    name: Lapsed
    groups:
      list:
        - base: [vip]
          where: {calculated: {orders: {"<": 1}}}
"""

SETTINGS = "calculated_attributes:\n  orders: {external: true}\n"


def _segments(specs: Path) -> dict[str, Any]:
    project, diagnostics, _ = load_project(specs)
    assert project is not None and diagnostics == [], [d.render() for d in diagnostics]
    return dict(project.by_key())


def test_model_holds_native_segment_groups_with_keys(write_specs: SpecWriter) -> None:
    segments = _segments(write_specs(VIP, SETTINGS))
    vip, lapsed = segments["vip"], segments["lapsed"]
    assert vip.target == "customer-profiles" and vip.profiles is not None
    groups = vip.profiles.segment_groups.data
    assert groups == {"Include": "ALL", "Groups": [{"Type": "ALL", "Dimensions": [
        {"ProfileAttributes": {"FirstName": {"DimensionType": "INCLUSIVE", "Values": ["Ada"]}}},
        {"ProfileAttributes": {"LastName": {"DimensionType": "EXCLUSIVE", "Values": ["Smith"]}}},
        {"ProfileAttributes": {"Attributes": {"tier": {"DimensionType": "INCLUSIVE",
                                                       "Values": ["gold"]}}}}]}]}
    assert lapsed.base_keys() == ("vip",)
    source = lapsed.profiles.segment_groups.data["Groups"][0]["SourceSegments"]
    assert source == [{"SegmentDefinitionName": "vip"}]


def test_spec_order_does_not_change_segment_groups(write_specs: SpecWriter,
                                                   tmp_path: Path) -> None:
    reordered = VIP.replace("profile: {LastName: {not: [Smith]}, FirstName: [Ada]}",
                            "profile: {FirstName: [Ada], LastName: {not: [Smith]}}")
    first = _segments(write_specs(VIP, SETTINGS))["vip"]
    second = _segments(write_specs(reordered, SETTINGS, root=tmp_path / "other"))["vip"]
    assert first.profiles == second.profiles


def test_generated_name_follows_create_only_properties() -> None:
    groups = {"Include": "ALL", "Groups": []}
    name = generated_name("vip", "VIP", groups, None)
    assert name.startswith("vip-") and len(name) == len("vip-") + 8
    assert generated_name("vip", "VIP (prod)", groups, None) != name
    assert generated_name("vip", "VIP", {"Include": "ANY", "Groups": []}, None) != name
    sql = generated_name("big", "Big", None, "SELECT * FROM _profile WHERE x = 1")
    assert generated_name("big", "Big", None,
                          "select *\n  from _profile -- all\n where x = 1") == sql
    assert generated_name("big", "Big", None, "SELECT * FROM _profile WHERE x = 2") != sql


def _template(out: Path, name: str) -> dict[str, Any]:
    return json.loads((out / name).read_text("utf-8"))  # type: ignore[no-any-return]


def test_target_option_applies_the_target_rules(write_specs: SpecWriter,
                                                tmp_path: Path) -> None:
    specs = write_specs("""segments:
  vip:
    target: customer-profiles
    name: VIP
    where: {profile: {FirstName: [Ada]}}
  legacy:
    name: Legacy
    groups:
      list:
        - base: [vip]
""", settings="target: customer-profiles\n")
    out = tmp_path / "out"
    built = build(BuildOptions(specs, out, lint=False))
    assert built.ok, [d.render() for d in built.diagnostics]
    resources = _template(out, "a.json")["Resources"]
    assert sorted(resources) == ["LegacySegmentDefinition", "VipSegmentDefinition"]
    pinpoint = build(BuildOptions(specs, tmp_path / "pinpoint", lint=False, target="pinpoint"))
    assert not pinpoint.ok
    found = [d for d in pinpoint.diagnostics if d.code == "SG226"]
    assert len(found) == 1 and (found[0].line, found[0].col) == (10, 18)


def test_pinpoint_stack_holds_both_resource_types(write_specs: SpecWriter,
                                                  tmp_path: Path) -> None:
    specs = write_specs(VIP + """  legacy:
    name: Legacy
    where: {country: [NO]}
""", SETTINGS)
    out = tmp_path / "out"
    built = build(BuildOptions(specs, out, lint=False))
    assert built.ok, [d.render() for d in built.diagnostics]
    template = _template(out, "a.json")
    types = {key: value["Type"] for key, value in template["Resources"].items()}
    assert types == {"LegacySegment": "AWS::Pinpoint::Segment",
                     "VipSegmentDefinition": "AWS::CustomerProfiles::SegmentDefinition",
                     "LapsedSegmentDefinition": "AWS::CustomerProfiles::SegmentDefinition"}
    assert "CustomerProfilesDomainName" in template["Parameters"]
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert [stack["name"] for stack in manifest["stacks"]] == ["a"]
