"""`segmentgen import` never drops a segment: resources that give the same key all arrive
under distinct keys (a notice names both sources), and keys the project already has are
refused with SG701 and nothing is written."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from segmentgen.api import BuildOptions, build
from segmentgen.cli import main
from segmentgen.compile import logical_id
from segmentgen.core.diagnostics import Severity
from segmentgen.importer.convert import import_files

ACTIVE = {"Behavior": {"Recency": {"Duration": "DAY_7", "RecencyType": "ACTIVE"}}}


def resource(name: object, key: str | None = None, **criteria: Any) -> dict[str, Any]:
    found: dict[str, Any] = {"Type": "AWS::Pinpoint::Segment", "Properties": {
        "ApplicationId": {"Ref": "AppId"}, "Name": name, **(criteria or {"Dimensions": ACTIVE})}}
    if key is not None:
        found["Metadata"] = {"segmentgen": {"key": key}}
    return found


def api_item(ident: str, name: str, **fields: Any) -> dict[str, Any]:
    return {"Id": ident, "ApplicationId": "app1", "Name": name, "SegmentType": "DIMENSIONAL",
            "Dimensions": ACTIVE, **fields}


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    return tmp_path


def write(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document, indent=2))
    return path


def test_metadata_key_logical_id_and_suffix_collisions_all_arrive(project: Path) -> None:
    # 'X' says key 'a' (taken by ASegment); 'A2Segment' gives 'a-2', the first suffix free.
    source = write(project / "t.json", {"Resources": {
        "ASegment": resource("one"), "X": resource("two", key="a"),
        "A2Segment": resource("three")}})
    imported = import_files([source])
    names = {key: spec["name"] for key, spec in imported.segments.items()}
    assert names == {"a": "one", "a-3": "two", "a-2": "three"}
    (notice,) = [d for d in imported.diagnostics if d.code == "SG701"]
    assert notice.severity is Severity.NOTICE
    line = source.read_text().splitlines().index('          "key": "a"') + 1
    assert (notice.file, notice.line) == (source.as_posix(), line)
    assert notice.message == (f"Resources.ASegment ({source.as_posix()}:3) and "
                              "Resources.X.Metadata.segmentgen.key both give the segment key "
                              "'a'; this one is imported as 'a-3'")


def test_same_key_from_two_files_and_names(project: Path) -> None:
    write(project / "one.json", {"SegmentsResponse": {"Item": [
        api_item("i1", "VIP buyers"), api_item("i2", "VIP buyers!")]}})
    write(project / "two.json", {"SegmentResponse": api_item("i3", "vip  buyers")})
    result = CliRunner().invoke(main, ["import", "one.json", "two.json"])
    assert result.exit_code == 0, result.stderr
    notices = [line for line in result.stderr.splitlines() if "notice SG701" in line]
    assert [line.split(":")[0] for line in notices] == ["one.json", "two.json"]
    assert all("SegmentsResponse.Item.0.Name (one.json:" in line for line in notices)
    assert "imported 3 segment(s)" in result.stderr
    written = build(BuildOptions(Path("specs"), Path("out"), lint=False))
    assert written.ok, written.diagnostics
    assert written.project is not None
    assert sorted(s.key for s in written.project.segments) == [
        "vip-buyers", "vip-buyers-2", "vip-buyers-3"]


def test_keys_with_one_logical_id_are_told_apart(project: Path) -> None:
    source = write(project / "t.json", {"Resources": {
        "First": resource("one", key="a-b"), "Second": resource("two", key="a_b")}})
    imported = import_files([source])
    assert list(imported.segments) == ["a-b", "a_b-2"]
    assert len({logical_id(key) for key in imported.segments}) == 2


def test_base_references_follow_the_renamed_key(project: Path) -> None:
    source = write(project / "t.json", {"Resources": {
        "ASegment": resource("one"), "X": resource("two", key="a"),
        "User": resource("three", key="user", SegmentGroups={"Groups": [{
            "SourceSegments": [{"Id": {"Fn::GetAtt": ["X", "SegmentId"]}}]}]})}})
    imported = import_files([source])
    assert imported.segments["user"]["groups"]["list"][0]["base"] == ["a-2"]
    assert imported.segments["a-2"]["name"] == "two"


def test_long_keys_stay_valid_with_their_suffix(project: Path) -> None:
    name = "x" * 80
    write(project / "a.json", [api_item("i1", name), api_item("i2", name + "!")])
    result = CliRunner().invoke(main, ["import", "a.json"])
    assert result.exit_code == 0, result.stderr
    assert build(BuildOptions(Path("specs"), Path("out"), lint=False)).ok


def test_a_metadata_key_that_is_no_valid_key_becomes_one(project: Path) -> None:
    source = write(project / "t.json", {"Resources": {"W": resource("w", key="Winter Sale!")}})
    assert list(import_files([source]).segments) == ["winter-sale"]


def test_a_key_the_project_has_is_refused(project: Path) -> None:
    (project / "specs/base.yaml").write_text(
        "segments:\n  a:\n    name: Existing\n    where: {active: 7d}\n")
    write(project / "t.json", {"Resources": {"ASegment": resource("one")}})
    result = CliRunner().invoke(main, ["import", "t.json"])
    assert result.exit_code == 3
    assert ("t.json:3:17: error SG701 segment key 'a' already exists at specs/base.yaml:2"
            in result.stderr)
    assert "hint: give the resource another key in Metadata" in result.stderr
    assert not (project / "specs/imported.yaml").exists()


def test_a_key_with_the_logical_id_of_a_project_key_is_refused(project: Path) -> None:
    (project / "specs/base.yaml").write_text(
        "segments:\n  a_b:\n    name: Existing\n    where: {active: 7d}\n")
    write(project / "a.json", [api_item("i1", "A b")])
    result = CliRunner().invoke(main, ["import", "a.json"])
    assert result.exit_code == 3
    assert ("error SG701 segment key 'a-b' already exists (as 'a_b', the same logical ID) at "
            "specs/base.yaml:2") in result.stderr
    assert "the key comes from the segment's Name" in result.stderr
    assert not (project / "specs/imported.yaml").exists()


def test_a_left_out_base_leaves_out_its_users(project: Path) -> None:
    source = write(project / "t.json", {"Resources": {
        "BaseSegment": resource({"Fn::Sub": "x"}),
        "UserSegment": resource("user", SegmentGroups={"Groups": [{
            "SourceSegments": [{"Id": {"Fn::GetAtt": "BaseSegment.SegmentId"}}]}]}),
        "KeptSegment": resource("kept")}})
    imported = import_files([source])
    assert list(imported.segments) == ["kept"]
    assert sorted(d.message for d in imported.diagnostics) == [
        "segment 'base' left out: Resources.BaseSegment.Properties.Name: Name {'Fn::Sub': 'x'} "
        "is not a literal",
        "segment 'user' left out: Resources.UserSegment.Properties: its base segment 'base' is "
        "left out"]


def test_more_segments_than_a_stack_holds_go_to_several_files(project: Path) -> None:
    items = [api_item(f"i{index}", f"Audience {index:04d}") for index in range(1201)]
    write(project / "a.json", {"SegmentsResponse": {"Item": items}})
    result = CliRunner().invoke(main, ["import", "a.json"])
    assert result.exit_code == 0, result.stderr
    assert "imported 1201 segment(s) (3 files, the last specs/imported-3.yaml)" in result.stderr
    written = build(BuildOptions(Path("specs"), Path("out"), lint=False, mode="validate"))
    assert written.ok, written.diagnostics[:3]
    assert written.project is not None
    by_file: dict[str, int] = {}
    for segment in written.project.segments:
        by_file[segment.file] = by_file.get(segment.file, 0) + 1
    assert by_file == {"specs/imported.yaml": 500, "specs/imported-2.yaml": 500,
                       "specs/imported-3.yaml": 201}


def test_a_second_file_that_exists_refuses_the_import(project: Path) -> None:
    items = [api_item(f"i{index}", f"Audience {index:04d}") for index in range(501)]
    write(project / "a.json", items)
    (project / "specs/imported-2.yaml").write_text("segments: {}\n")
    result = CliRunner().invoke(main, ["import", "a.json"])
    assert result.exit_code == 3
    assert ("specs/imported-2.yaml:1:1: error SG704 specs/imported-2.yaml exists; the import "
            "needs it for segments 501 and on") in result.stderr
    assert not (project / "specs/imported.yaml").exists()
    assert (project / "specs/imported-2.yaml").read_text() == "segments: {}\n"
