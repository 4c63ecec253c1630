"""import of Customer Profiles segment definitions: templates (JSON and YAML) and
get-segment-definition output become target: customer-profiles specs that build the same
definitions again; wrong types anywhere are positioned diagnostics, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from segmentgen.api import BuildOptions, build
from segmentgen.importer.convert import import_files
from segmentgen.importer.edit import import_segments

SETTINGS = ("target: customer-profiles\ndomain: crm\n"
            "calculated_attributes:\n  orders: {external: true}\n")
SPECS = """\
segments:
  oslo:
    target: customer-profiles
    name: Oslo
    where:
      profile:
        Address: {City: [Oslo], Country: [NOR]}
        ProfileType: {not: PROFILE}
  vip:
    target: customer-profiles
    name: VIP
    description: the best
    tags: {team: crm}
    groups:
      combine: any
      list:
        - base: [oslo]
          where:
            profile:
              FirstName: [Ada, Grace]
              BirthDate: {between: [1980-01-01, 1990-01-01]}
            attributes:
              visits: {">=": 3}
        - combine: any
          where:
            calculated:
              orders: {">": 2, range: {start: 90, end: 0, unit: days}}
            profile:
              EmailAddress: {ends_with: ["@example.com"]}
    sort:
      Attributes: [{Name: LastName, Order: ASC}]
  native:
    target: customer-profiles
    name: Native
    definition_name: native-one
    segment_groups:
      Include: ALL
      Groups:
        - Type: ALL
          Dimensions:
            - ProfileAttributes:
                FirstName: {DimensionType: INCLUSIVE, Values: [Ada]}
                LastName: {DimensionType: INCLUSIVE, Values: [Lovelace]}
  spenders:
    target: customer-profiles
    name: Big spenders
    sql: |
      SELECT * FROM _profile
      WHERE Attributes.tier = 'gold'
"""


def project(root: Path, specs: str | None = None) -> Path:
    folder = root / "specs"
    folder.mkdir(parents=True)
    (folder / "segmentgen.yaml").write_text(SETTINGS, "utf-8")
    if specs is not None:
        (folder / "a.yaml").write_text(specs, "utf-8")
    return folder


def resources(out: Path, name: str) -> dict[str, Any]:
    found: dict[str, Any] = json.loads((out / name).read_text("utf-8"))["Resources"]
    return found


def test_a_built_template_imports_to_specs_that_build_it_again(tmp_path: Path) -> None:
    built = project(tmp_path / "a", SPECS)
    assert build(BuildOptions(built, tmp_path / "a" / "out", lint=False)).ok
    again = project(tmp_path / "b")
    edit, count = import_segments(again, [tmp_path / "a" / "out" / "a.json"],
                                  again / "imported.yaml")
    assert count == 4 and edit.ok, [d.render() for d in edit.diagnostics]
    (again / "imported.yaml").write_text(edit.text or "", "utf-8")
    text = (again / "imported.yaml").read_text("utf-8")
    assert "base: [oslo]" in text and "segment_groups:" in text and "sql: |" in text
    assert build(BuildOptions(again, tmp_path / "b" / "out", lint=False)).ok
    before = resources(tmp_path / "a" / "out", "a.json")
    after = resources(tmp_path / "b" / "out", "imported.json")
    assert {k: v["Properties"] for k, v in before.items()} == {
        k: v["Properties"] for k, v in after.items()}


def test_the_high_level_form_where_every_dimension_has_one(tmp_path: Path) -> None:
    built = project(tmp_path, SPECS)
    assert build(BuildOptions(built, tmp_path / "out", lint=False)).ok
    imported = import_files([tmp_path / "out" / "a.json"])
    specs = imported.segments
    assert specs["oslo"]["where"] == {"profile": {
        "ProfileType": {"not": "PROFILE"}, "Address": {"City": ["Oslo"], "Country": ["NOR"]}}}
    assert specs["vip"]["groups"]["combine"] == "any"
    first, second = specs["vip"]["groups"]["list"]
    assert first["base"] == ["oslo"]
    assert first["where"]["attributes"] == {"visits": {">=": "3"}}
    assert second["where"]["calculated"] == {
        "orders": {">": "2", "range": {"start": 90, "end": 0, "unit": "days"}}}
    assert specs["vip"]["sort"] == {"Attributes": [{"Name": "LastName", "Order": "ASC"}]}
    assert specs["vip"]["tags"] == {"team": "crm"} and specs["vip"]["description"] == "the best"
    assert "segment_groups" in specs["native"], "two criteria in one dimension stay native"
    assert specs["native"]["definition_name"] == "native-one"
    assert specs["spenders"]["sql"].startswith("SELECT\n  *\nFROM _profile\n")  # canonical


def test_get_segment_definition_output_and_base_by_key(tmp_path: Path) -> None:
    base = {"SegmentDefinitionName": "base-def", "DisplayName": "Base",
            "SegmentGroups": {"Include": "ALL", "Groups": [{"Type": "ALL", "Dimensions": [
                {"ProfileAttributes": {"LastName": {"DimensionType": "EXCLUSIVE",
                                                    "Values": ["Smith"]}}}]}]}}
    user = {"SegmentDefinitionName": "user-def", "DisplayName": "User", "Tags": {"a": "b"},
            "SegmentDefinitionArn": "arn:aws:profile:x", "CreatedAt": "2026-01-01T00:00:00Z",
            "SegmentGroups": {"Include": "ALL", "Groups": [{
                "Type": "ALL", "SourceType": "ANY",
                "SourceSegments": [{"SegmentDefinitionName": "base-def"}],
                "Dimensions": [{"CalculatedAttributes": {"orders": {
                    "DimensionType": "GREATER_THAN", "Values": ["1"]}}}]}]}}
    outside = {"SegmentDefinitionName": "other", "DisplayName": "Other", "SegmentGroups": {
        "Include": "ALL", "Groups": [{"SourceType": "ANY", "SourceSegments": [
            {"SegmentDefinitionName": "not-imported"}]}]}}
    files = []
    for name, data in (("base", base), ("user", user), ("other", outside)):
        files.append(tmp_path / f"{name}.json")
        files[-1].write_text(json.dumps(data), "utf-8")
    imported = import_files(files)
    assert imported.diagnostics == []
    assert imported.segments["base-def"]["where"] == {"profile": {"LastName": {"not": ["Smith"]}}}
    assert imported.segments["user-def"]["groups"]["list"][0]["base"] == ["base-def"]
    assert imported.segments["user-def"]["tags"] == {"a": "b"}
    assert imported.segments["other"]["segment_groups"]["Groups"][0]["SourceSegments"] == [
        {"SegmentDefinitionName": "not-imported"}]


YAML_TEMPLATE = """\
Resources:
  VipSegmentDefinition:
    Type: AWS::CustomerProfiles::SegmentDefinition
    Properties:
      DomainName: !Ref Domain
      SegmentDefinitionName: vip
      DisplayName: VIP
      SegmentGroups:
        Groups:
          - Dimensions:
              - ProfileAttributes:
                  FirstName: {DimensionType: INCLUSIVE, Values: Ada}
"""


def test_wrong_types_are_positioned_errors(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(YAML_TEMPLATE, "utf-8")
    imported = import_files([path])
    assert imported.segments == {}
    [found] = imported.diagnostics
    assert (found.code, found.line) == ("SG203", 12)
    assert "Values is a string ('Ada'); expected a list" in found.message


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.sampled_from(
        ["", "ALL", "ANY", "INCLUSIVE", "BETWEEN", "Ada", "x-1", "DAYS"]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from([
        "SegmentGroups", "Groups", "Include", "Type", "SourceType", "SourceSegments",
        "SegmentDefinitionName", "Dimensions", "ProfileAttributes", "CalculatedAttributes",
        "FirstName", "Address", "City", "Attributes", "BirthDate", "ProfileType",
        "DimensionType", "Values", "ConditionOverrides", "Range", "Start", "End", "Unit",
        "SegmentSort", "Name", "Order", "SegmentSqlQuery", "DisplayName", "Tags"]),
        inner, max_size=4),
    max_leaves=25)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(body=JSON, as_template=st.booleans())
def test_random_shapes_never_raise(tmp_path: Path, body: object, as_template: bool) -> None:
    data: object = body
    if isinstance(body, dict):
        body = {"SegmentDefinitionName": "d", "DisplayName": "D", **body}
        data = ({"Resources": {"D": {"Type": "AWS::CustomerProfiles::SegmentDefinition",
                                     "Properties": {"DomainName": "crm", **body}}}}
                if as_template else body)
    path = tmp_path / "in.json"
    path.write_text(json.dumps(data), "utf-8")
    imported = import_files([path])
    assert all(d.code in {"SG202", "SG203", "SG705"} for d in imported.diagnostics), [
        d.render() for d in imported.diagnostics]
    for spec in imported.segments.values():
        assert spec["target"] == "customer-profiles"
        assert len({"sql", "where", "groups", "segment_groups"} & spec.keys()) <= 1
