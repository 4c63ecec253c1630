"""`segmentgen import` on inputs of the wrong shape: every wrong type at every level of a
template and of get-segments / get-segment JSON is a positioned diagnostic and exit 3 with
nothing written, never a traceback (exit 70); random shapes anywhere never crash, and what is
written validates.

SEGMENTGEN_FUZZ_EXAMPLES scales the number of random examples (default 200), as in
tests/test_fuzz.py.
"""

from __future__ import annotations

import copy
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from segmentgen.api import load_project
from segmentgen.cli import main
from segmentgen.core.diagnostics import Severity
from segmentgen.importer.convert import import_files

EXAMPLES = int(os.environ.get("SEGMENTGEN_FUZZ_EXAMPLES", "200"))
DIMENSIONS: dict[str, Any] = {
    "Attributes": {"plan": {"AttributeType": "EXCLUSIVE", "Values": ["free"]}},
    "UserAttributes": {"tier": {"AttributeType": "AFTER", "Values": ["2024-01-01"]}},
    "Metrics": {"score": {"ComparisonOperator": "GREATER_THAN", "Value": 7.5}},
    "Behavior": {"Recency": {"Duration": "DAY_7", "RecencyType": "ACTIVE"}},
    "Demographic": {"Platform": {"DimensionType": "INCLUSIVE", "Values": ["ios"]}},
    "Location": {"Country": {"Values": ["NO"]}, "GPSPoint": {
        "Coordinates": {"Latitude": 59.9, "Longitude": 10.7}, "RangeInKilometers": 25}},
}
TEMPLATE: dict[str, Any] = {"Resources": {
    "BaseSegment": {"Type": "AWS::Pinpoint::Segment", "DeletionPolicy": "Retain",
                    "Metadata": {"segmentgen": {"key": "base", "description": "All of them"}},
                    "Properties": {"ApplicationId": {"Ref": "AppId"}, "Name": "Base",
                                   "Tags": {"team": "growth"}, "Dimensions": DIMENSIONS}},
    "VipSegment": {"Type": "AWS::Pinpoint::Segment", "Properties": {
        "ApplicationId": {"Ref": "AppId"}, "Name": "VIP", "SegmentGroups": {
            "Include": "ANY", "Groups": [{
                "Type": "ALL", "SourceType": "ANY", "Dimensions": [DIMENSIONS],
                "SourceSegments": [{"Id": {"Fn::GetAtt": ["BaseSegment", "SegmentId"]}},
                                   {"Id": "8d1f0c2e4b", "Version": 3}]}]}}},
    "App": {"Type": "AWS::Pinpoint::App", "Properties": {"Name": "shop"}},
}}
API: dict[str, Any] = {"SegmentsResponse": {"Item": [
    {"Id": "aaa111", "ApplicationId": "app1", "Name": "CRM export", "SegmentType": "IMPORT",
     "Version": 1, "ImportDefinition": {"S3Url": "s3://bucket/crm/", "Format": "CSV", "Size": 4,
                                        "RoleArn": "arn:aws:iam::123456789012:role/Imp"}},
    {"Id": "bbb222", "ApplicationId": "app1", "Name": "Dynamic", "SegmentType": "DIMENSIONAL",
     "tags": {"team": "crm"}, "Dimensions": DIMENSIONS},
    {"Id": "ccc333", "ApplicationId": "app1", "Name": "On CRM", "SegmentType": "DIMENSIONAL",
     "SegmentGroups": {"Groups": [{"SourceSegments": [{"Id": "aaa111"}]}]}},
]}}
WRONG = (5, 1.5, True, None, "text", [1], {"k": 1})


def kind(value: object) -> str:
    if isinstance(value, bool) or value is None:
        return repr(value)
    return "number" if isinstance(value, int | float) else type(value).__name__


def paths(value: object, path: tuple[str | int, ...] = ()) -> Iterator[tuple[str | int, ...]]:
    """Every data path of a document, the document itself included."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from paths(item, (*path, index))


def replaced(document: Any, path: tuple[str | int, ...], value: object) -> Any:
    if not path:
        return value
    changed = copy.deepcopy(document)
    parent = changed
    for part in path[:-1]:
        parent = parent[part]
    parent[path[-1]] = value
    return changed


def at(document: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        document = document[part]
    return document


def intrinsic(value: object) -> bool:
    return isinstance(value, dict) and len(value) == 1 and any(
        key == "Ref" or key.startswith("Fn::") for key in value)


def cases() -> Iterator[Any]:
    """(document, path, value) for every path and every value of another type; a literal in
    place of an intrinsic function is no wrong type, nor is anything inside one."""
    for name, document in (("template", TEMPLATE), ("api", API)):
        for path in paths(document):
            if any(intrinsic(at(document, path[:end])) for end in range(len(path))):
                continue
            for value in WRONG:
                original = at(document, path)
                if kind(value) != kind(original) and not (intrinsic(original)
                                                          and isinstance(value, str)):
                    dotted = ".".join(map(str, path))
                    yield pytest.param(document, path, value, id=f"{name}:{dotted}={value!r}")


def test_the_fixtures_import_cleanly(tmp_path: Path) -> None:
    for name, document, count in (("t.json", TEMPLATE, 2), ("a.json", API, 3)):
        (tmp_path / name).write_text(json.dumps(document, indent=2))
        imported = import_files([tmp_path / name])
        assert [d for d in imported.diagnostics if d.severity is not Severity.NOTICE] == []
        assert len(imported.segments) == count


@pytest.mark.parametrize(("document", "path", "value"), list(cases()))
def test_every_wrong_type_at_every_level_is_an_error(tmp_path: Path, document: Any,
                                                     path: tuple[str | int, ...],
                                                     value: object) -> None:
    source = tmp_path / "input.json"
    source.write_text(json.dumps(replaced(document, path, value), indent=2))
    found = import_files([source]).diagnostics
    errors = [d for d in found if d.severity is Severity.ERROR]
    assert errors, found
    if path:
        dotted = ".".join(map(str, path))
        assert any(d.message.startswith(f"{dotted} is ") for d in errors), found
    assert all(d.file == source.as_posix() and d.line >= 1 and d.col >= 1 for d in errors)


@pytest.mark.parametrize("document", [
    {"Resources": {"A": 5}},
    {"Resources": {"A": {"Type": "AWS::Pinpoint::Segment", "Properties": "x"}}},
    {"Resources": {"A": {"Type": "AWS::Pinpoint::Segment",
                         "Properties": {"Name": "a", "ApplicationId": "b", "Tags": [1]}}}},
    {"SegmentsResponse": {"Item": 5}},
    {"SegmentResponse": {"Name": "a", "ApplicationId": "b", "SegmentType": "IMPORT",
                         "ImportDefinition": "s3://x"}},
    {"Resources": 5}, 5, "text", None, {"Something": "else"},
])
def test_cli_wrong_types_exit_3_and_write_nothing(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch,
                                                  document: object) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    (tmp_path / "in.json").write_text(json.dumps(document))
    result = CliRunner().invoke(main, ["import", "in.json"])
    assert result.exit_code == 3, result.stderr
    assert "in.json:1:" in result.stderr and "error SG203" in result.stderr
    assert "internal error" not in result.stderr
    assert list((tmp_path / "specs").iterdir()) == []


def test_wrong_type_is_positioned_at_its_line(tmp_path: Path) -> None:
    (tmp_path / "t.yaml").write_text(
        "Resources:\n  A:\n    Type: AWS::Pinpoint::Segment\n    Properties:\n"
        "      Name: a\n      ApplicationId: !Ref App\n      Tags: [team]\n")
    (diagnostic,) = import_files([tmp_path / "t.yaml"]).diagnostics
    assert (diagnostic.line, diagnostic.col, diagnostic.code) == (7, 13, "SG203")
    assert diagnostic.message == ("Resources.A.Properties.Tags is a list (['team']); expected a "
                                  "mapping")


def test_a_lone_surrogate_is_reported_at_the_input(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    item = {"ApplicationId": "app", "Name": "\ud800", "Dimensions": DIMENSIONS}
    (tmp_path / "in.json").write_text(json.dumps([item]))
    result = CliRunner().invoke(main, ["import", "in.json"])
    assert result.exit_code == 3, result.stderr
    assert "in.json:1:1: error SG101 segment 'segment': escape \\uD800 names no" in result.stderr
    assert not (tmp_path / "specs/imported.yaml").exists()


def test_a_fifo_as_input_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    (diagnostic,) = import_files([fifo]).diagnostics
    assert diagnostic.code == "SG101" and "not a regular file" in diagnostic.message


# Random shapes anywhere: a JSON value of any shape put at a random level of a valid input.
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
    | st.text(max_size=8) | st.sampled_from(["ALL", "ANY", "INCLUSIVE", "Ref", "Fn::GetAtt"])
    | st.text(st.characters(categories=["Cs", "Cc"]), min_size=1, max_size=2),
    lambda inner: st.lists(inner, max_size=3)
    | st.dictionaries(st.sampled_from(["Values", "Name", "Id", "Ref", "Fn::GetAtt", "Groups",
                                       "Dimensions", "Attributes", "k"]) | st.text(max_size=5),
                      inner, max_size=3),
    max_leaves=8)
SPOTS = [(document, path) for document in (TEMPLATE, API) for path in paths(document)]


@st.composite
def shaken(draw: st.DrawFn) -> tuple[Any, bool]:
    document, path = draw(st.sampled_from(SPOTS))
    value = draw(JSON)
    target = at(document, path)
    if isinstance(target, dict) and draw(st.booleans()):
        key = draw(st.text(max_size=5) | st.sampled_from(sorted(target)))
        changed = replaced(document, path, {**target, key: value})
    else:
        changed = replaced(document, path, value)
    return changed, draw(st.booleans())


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(shaken())
def test_random_shapes_never_crash_and_what_is_written_validates(
        tmp_path_factory: pytest.TempPathFactory, example: tuple[Any, bool]) -> None:
    document, as_yaml = example
    root = tmp_path_factory.mktemp("import")
    (root / "specs").mkdir()
    source = root / ("in.yaml" if as_yaml else "in.json")
    source.write_text(yaml.safe_dump(document) if as_yaml else json.dumps(document))
    result = CliRunner().invoke(main, ["import", str(source), "--specs", str(root / "specs"),
                                       "--out-file", str(root / "specs/imported.yaml")])
    assert result.exit_code in (0, 3), (result.exit_code, result.stderr)
    assert "internal error" not in result.stderr
    written = (root / "specs/imported.yaml").exists()
    assert written == ("nothing written" not in result.stderr)
    if written:
        project, problems, _ = load_project(root / "specs")
        assert project is not None
        assert not [d for d in problems if d.severity is Severity.ERROR], problems
    elif result.exit_code == 3:
        assert " error " in result.stderr
