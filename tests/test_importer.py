"""`segmentgen import`: templates and API JSON to specs, losslessly, and what has no spec form."""

from __future__ import annotations

import json
import string
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from segmentgen.api import BuildOptions, build
from segmentgen.cli import main
from segmentgen.core.vocabulary import CHANNELS
from segmentgen.importer.convert import import_files, render_spec
from segmentgen.importer.criteria import key_of_logical_id

WORD = st.text(string.ascii_letters + string.digits + "_-.", min_size=1, max_size=10)
VALUES = st.lists(WORD, min_size=1, max_size=3, unique=True)
DAYS = st.dates(date(1900, 1, 1), date(2100, 12, 31))
DATE = DAYS.map(lambda d: d.isoformat())
NUMBER = st.integers(-1000, 1000) | st.floats(-1e6, 1e6, allow_nan=False, allow_infinity=False)


def _attribute() -> st.SearchStrategy[Any]:
    pair = st.lists(DAYS, min_size=2, max_size=2, unique=True).map(
        lambda ds: [d.isoformat() for d in sorted(ds)])
    return st.one_of(
        VALUES, WORD, st.fixed_dictionaries({"in": VALUES}), st.fixed_dictionaries({"not": VALUES}),
        st.fixed_dictionaries({"contains": VALUES}), st.fixed_dictionaries({"before": DATE}),
        st.fixed_dictionaries({"after": DATE}), st.fixed_dictionaries({"on": DATE}),
        st.fixed_dictionaries({"between": pair}))


def _set(values: st.SearchStrategy[list[str]]) -> st.SearchStrategy[Any]:
    return st.one_of(values, st.fixed_dictionaries({"not": values}))


CRITERIA = st.fixed_dictionaries({}, optional={
    "attributes": st.dictionaries(WORD, _attribute(), min_size=1, max_size=2),
    "user_attributes": st.dictionaries(WORD, _attribute(), min_size=1, max_size=2),
    "metrics": st.dictionaries(WORD, st.dictionaries(
        st.sampled_from([">", "<", ">=", "<=", "=="]), NUMBER, min_size=1, max_size=1),
        min_size=1, max_size=2),
    "active": st.sampled_from(["24h", "7d", "14d", "30d"]),
    "platform": _set(VALUES),
    "channel": _set(st.lists(st.sampled_from(CHANNELS), min_size=1, max_size=2, unique=True)),
    "make": _set(VALUES),
    "country": _set(st.lists(st.sampled_from(["NO", "SE", "US", "DE", "ON"]), min_size=1,
                             max_size=2, unique=True)),
    "near": st.fixed_dictionaries({"latitude": st.floats(-90, 90), "longitude":
                                   st.floats(-180, 180), "within_km": st.floats(0.5, 500)}),
}).filter(bool)
COMBINE = st.sampled_from(["all", "any", "none"])


@st.composite
def projects(draw: st.DrawFn) -> dict[str, Any]:
    keys = draw(st.lists(st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,5})?", fullmatch=True),
                         min_size=1, max_size=4, unique_by=key_of_logical_id))
    segments: dict[str, Any] = {}
    for index, key in enumerate(keys):
        spec: dict[str, Any] = {"name": f"{draw(WORD)} {index}"}
        if draw(st.booleans()):
            spec["description"] = draw(WORD)
        if draw(st.booleans()):
            spec["tags"] = draw(st.dictionaries(WORD, WORD, max_size=3))
        if draw(st.booleans()):
            spec["retain"] = True
        if draw(st.booleans()):
            spec["application"] = draw(st.sampled_from(["1a2b3c", "9f8e7d"]))
        if draw(st.booleans()) or index == 0:
            spec["where"] = draw(CRITERIA)
        else:
            deployed = {"id": "8d1f0c2e4b7a4e6f9c3d2b1a0f9e8d7c", "version": 3}
            group: dict[str, Any] = {"base": draw(st.lists(st.sampled_from(keys[:index]) | st.just(
                deployed), min_size=1, max_size=2, unique_by=str))}
            for word in ("combine", "base_combine"):
                if draw(st.booleans()):
                    group[word] = draw(COMBINE)
            if draw(st.booleans()):
                group["where"] = draw(CRITERIA | st.lists(CRITERIA, min_size=2, max_size=2))
            groups: dict[str, Any] = {"list": [group]}
            if draw(st.booleans()):
                groups["list"].append({"combine": "none", "where": draw(CRITERIA)})
                groups["combine"] = draw(COMBINE)
            spec["groups"] = groups
        segments[key] = spec
    return {"segments": segments}


def build_template(root: Path, spec_text: str,
                   application: object = None) -> dict[str, Any] | None:
    (root / "specs").mkdir(parents=True)
    (root / "specs/a.yaml").write_text(spec_text)
    if application is not None:
        (root / "specs/segmentgen.yaml").write_text(f"application: {json.dumps(application)}\n")
    result = build(BuildOptions(root / "specs", root / "out", lint=False))
    if not result.ok:
        return None
    data: dict[str, Any] = json.loads((root / "out/a.json").read_text())
    return data


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(projects())
def test_round_trip(project: dict[str, Any]) -> None:
    import yaml

    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        first = build_template(root / "first", yaml.safe_dump(project, sort_keys=False))
        assume(first is not None)
        imported = import_files([root / "first/out/a.json"])
        assert imported.diagnostics == []
        text = render_spec(imported, ["a.json"])
        # The application the segments share goes to the settings, as the CLI advises.
        second = build_template(root / "second", text, imported.application)
        assert second is not None, text
        assert second == first, text


TEMPLATE = """\
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  AppId: {Type: String}
  CrmExportSegmentId: {Type: String}
Conditions:
  IsProd: !Equals [!Ref "AWS::AccountId", "123456789012"]
Resources:
  BaseSegment:
    Type: AWS::Pinpoint::Segment
    Properties:
      ApplicationId: !Ref AppId
      Name: Base
      Dimensions:
        Location:
          Country: {DimensionType: INCLUSIVE, Values: ["NO"]}
  VipBuyersSegment:
    Type: AWS::Pinpoint::Segment
    Properties:
      ApplicationId: !Ref AppId
      Name: VIP buyers
      SegmentGroups:
        Include: ALL
        Groups:
          - Type: ANY
            SourceType: ANY
            SourceSegments:
              - Id: !GetAtt BaseSegment.SegmentId
            Dimensions:
              - Metrics:
                  spend: {ComparisonOperator: GREATER_THAN, Value: 1000}
  RegionalSegment:
    Type: AWS::Pinpoint::Segment
    Properties:
      ApplicationId: !Ref AppId
      Name: !Sub "Regional ${AWS::Region}"
      Dimensions: {}
  FromCrmSegment:
    Type: AWS::Pinpoint::Segment
    Properties:
      ApplicationId: !Ref AppId
      Name: From CRM
      SegmentGroups:
        Groups:
          - SourceSegments: [{Id: !Ref CrmExportSegmentId}]
  ProdOnlySegment:
    Type: AWS::Pinpoint::Segment
    Condition: IsProd
    Properties: {ApplicationId: !Ref AppId, Name: Prod only}
"""


def test_template_with_short_form_tags(tmp_path: Path) -> None:
    (tmp_path / "stack.yaml").write_text(TEMPLATE)
    imported = import_files([tmp_path / "stack.yaml"])
    assert imported.application == {"parameter": "AppId"}
    assert imported.segments == {
        "base": {"name": "Base", "where": {"country": ["NO"]}},
        "vip-buyers": {"name": "VIP buyers", "groups": {"list": [{
            "base": ["base"], "combine": "any",
            "where": {"metrics": {"spend": {">": 1000}}}}]}},
    }
    found = sorted((d.line, d.code, d.message) for d in imported.diagnostics)
    stack = (tmp_path / "stack.yaml").as_posix()
    assert [d.file for d in imported.diagnostics] == [stack] * 3
    assert found == [
        (35, "SG705", "segment 'regional' left out: Resources.RegionalSegment.Properties.Name: "
         "Name {'Fn::Sub': 'Regional ${AWS::Region}'} is not a literal"),
        (44, "SG705", "segment 'from-crm' left out: Resources.FromCrmSegment.Properties."
         "SegmentGroups.Groups.0.SourceSegments.0.Id: base segment {'Ref': 'CrmExportSegmentId'} "
         "is not a segment of this input nor a segmentgen export; write it as a base by key or "
         "id"),
        (47, "SG705", "segment 'prod-only' left out: Resources.ProdOnlySegment.Condition: a "
         "Condition has no spec form"),
    ]


SEGMENTS_RESPONSE = {"SegmentsResponse": {"Item": [
    {"Id": "aaa111", "ApplicationId": "app1", "Name": "CRM export", "SegmentType": "IMPORT",
     "Dimensions": {}, "ImportDefinition": {"S3Url": "s3://bucket/crm/", "Format": "CSV",
                                            "RoleArn": "arn:aws:iam::123456789012:role/Imp",
                                            "Size": 42, "ExternalId": "x"}},
    {"Id": "bbb222", "ApplicationId": "app1", "Name": "VIP from CRM!", "SegmentType":
     "DIMENSIONAL", "tags": {"team": "crm"}, "Dimensions": {},
     "SegmentGroups": {"Include": "ALL", "Groups": [{"Type": "ALL", "SourceType": "ANY",
                       "SourceSegments": [{"Id": "aaa111"}],
                       "Dimensions": [{"Attributes": {"tier": {"AttributeType": "EXCLUSIVE",
                                                              "Values": ["basic"]}}}]}]}},
    {"Id": "ccc333", "ApplicationId": "app2", "Name": "Other app", "SegmentType": "DIMENSIONAL",
     "Dimensions": {"Behavior": {"Recency": {"Duration": "DAY_7", "RecencyType": "INACTIVE"}}}},
]}}


def test_unquoted_no_in_a_yaml_template_is_a_wrong_type(tmp_path: Path) -> None:
    (tmp_path / "stack.yaml").write_text(TEMPLATE.replace('["NO"]', "[NO]"))
    found = [(d.line, d.code, d.severity.label, d.message, d.hint)
             for d in import_files([tmp_path / "stack.yaml"]).diagnostics]
    assert (15, "SG203", "error", "Resources.BaseSegment.Properties.Dimensions.Location.Country."
            "Values.0 is a boolean (False); expected a string", "quote it (a YAML template "
            "reads unquoted NO, yes, on or a date as another type)") in found


def test_api_response(tmp_path: Path) -> None:
    (tmp_path / "segments.json").write_text(json.dumps(SEGMENTS_RESPONSE))
    imported = import_files([tmp_path / "segments.json"])
    assert imported.diagnostics == []
    assert imported.application is None
    assert imported.segments == {
        "crm-export": {"name": "CRM export", "application": "app1", "import": {
            "s3": "s3://bucket/crm/", "format": "csv",
            "role": "arn:aws:iam::123456789012:role/Imp"}},
        "vip-from-crm": {"name": "VIP from CRM!", "application": "app1",
                         "tags": {"team": "crm"}, "groups": {"list": [{
                             "base": ["crm-export"], "where": {
                                 "attributes": {"tier": {"not": ["basic"]}}}}]}},
        "other-app": {"name": "Other app", "application": "app2", "where": {"inactive": "7d"}},
    }


def test_api_single_segment_shares_its_application(tmp_path: Path) -> None:
    item = SEGMENTS_RESPONSE["SegmentsResponse"]["Item"][2]  # type: ignore[index]
    (tmp_path / "one.json").write_text(json.dumps({"SegmentResponse": item}))
    imported = import_files([tmp_path / "one.json"])
    assert imported.application == "app2"
    assert imported.segments == {"other-app": {"name": "Other app", "where": {"inactive": "7d"}}}


@pytest.mark.parametrize(("logical", "key"), [
    ("WinterSaleSegment", "winter-sale"), ("VIPBuyersSegment", "vip-buyers"),
    ("Segment2Segment", "segment-2"), ("Lapsed", "lapsed"), ("Segment", "segment")])
def test_keys_from_logical_ids(logical: str, key: str) -> None:
    assert key_of_logical_id(logical) == key


def test_cli_writes_a_valid_spec_and_refuses_to_overwrite(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    (tmp_path / "segments.json").write_text(json.dumps(SEGMENTS_RESPONSE))
    result = CliRunner().invoke(main, ["import", "segments.json"])
    assert result.exit_code == 0, result.stderr
    assert "imported 3 segment(s) in specs/imported.yaml" in result.stderr
    assert build(BuildOptions(Path("specs"), Path("out"), lint=False)).ok
    again = CliRunner().invoke(main, ["import", "segments.json"])
    assert again.exit_code == 2


def test_cli_unparsable_input_writes_nothing(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    (tmp_path / "broken.json").write_text('{"Resources": ')
    result = CliRunner().invoke(main, ["import", "broken.json"])
    assert result.exit_code == 3
    assert "SG102" in result.stderr
    assert not (tmp_path / "specs/imported.yaml").exists()


def test_rendered_strings_stay_strings_under_yaml_1_2() -> None:
    import yaml

    from segmentgen.importer.convert import Imported
    from segmentgen.load.document import SpecLoader

    values = ["0o17", "1e3", "NO", "on", "null", "~", "", "true", "12:30", "plain"]
    spec = {"a": {"name": "1e3", "where": {"attributes": {"0o7": values}}}}
    text = render_spec(Imported(spec), ["x.json"])
    assert yaml.load(text, Loader=SpecLoader) == {"segments": spec}


def test_json_numbers_in_exponent_form_stay_numbers(tmp_path: Path) -> None:
    template = {"Resources": {"TinySegment": {"Type": "AWS::Pinpoint::Segment", "Properties": {
        "ApplicationId": {"Ref": "PinpointApplicationId"}, "Name": "Tiny",
        "Dimensions": {"Metrics": {"score": {"ComparisonOperator": "GREATER_THAN",
                                             "Value": 1e-05}}}}}}}
    (tmp_path / "t.json").write_text(json.dumps(template))
    imported = import_files([tmp_path / "t.json"])
    assert imported.segments == {"tiny": {"name": "Tiny",
                                          "where": {"metrics": {"score": {">": 1e-05}}}}}


def test_findings_in_the_unwritten_spec_point_at_the_input(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    items = [{"Id": "1", "ApplicationId": "app", "Name": "Same", "Dimensions": {
        "Location": {"Country": {"Values": ["XX"]}}}}]
    (tmp_path / "a.json").write_text(json.dumps(items, indent=2))
    result = CliRunner().invoke(main, ["import", "a.json"])
    assert result.exit_code == 3
    line = result.stderr.splitlines()[0]
    assert line.startswith("a.json:5:13: error SG210 segment 'same': 'XX' is not an ISO 3166-1 ")
    assert line.endswith("(in the spec it would write: specs/imported.yaml:6:17)")
    assert not (tmp_path / "specs/imported.yaml").exists()
