"""`segmentgen import` into a project that has specs, and inputs that hold no segment to
import: a new spec file beside the others; a key the project has is SG701 with the way to
rename; an input without Pinpoint segments says what it holds instead (exit 3, nothing
written), positioned in the input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from segmentgen.cli import main

SPEC = "segments:\n  winter-sale:\n    name: Winter Sale\n    where: {active: 7d}\n"
APP = "0123456789abcdef0123456789abcdef"
RECENT = {"Behavior": {"Recency": {"Duration": "DAY_7", "RecencyType": "ACTIVE"}}}


def api_segment(name: str, ident: str) -> dict[str, object]:
    return {"Id": ident, "ApplicationId": APP, "Name": name, "SegmentType": "DIMENSIONAL",
            "Dimensions": RECENT}


def template(resources: dict[str, object]) -> str:
    return json.dumps({"Resources": resources}, indent=2)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs/shop.yaml").write_text(SPEC, "utf-8")
    (tmp_path / "specs/segmentgen.yaml").write_text(f"application: {APP}\n", "utf-8")
    return tmp_path


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def specs_files(root: Path) -> dict[str, str]:
    return {p.name: p.read_text("utf-8") for p in sorted((root / "specs").iterdir())}


def test_import_beside_existing_specs_writes_a_new_file(root: Path) -> None:
    items = [api_segment("Spring Sale", "a" * 32), api_segment("Summer Sale", "b" * 32)]
    (root / "api.json").write_text(json.dumps({"SegmentsResponse": {"Item": items}}))
    result = run("import", "api.json")
    assert result.exit_code == 0, result.stderr
    assert (root / "specs/shop.yaml").read_text("utf-8") == SPEC
    imported = (root / "specs/imported.yaml").read_text("utf-8")
    assert "  spring-sale:\n" in imported and "  summer-sale:\n" in imported
    assert "winter-sale" not in imported
    checked = run("validate")
    assert checked.exit_code == 0, checked.stderr


def test_a_taken_key_from_api_json_is_sg701_until_the_existing_one_is_renamed(
        root: Path) -> None:
    items = [api_segment("Winter Sale", "a" * 32)]
    text = json.dumps({"SegmentsResponse": {"Item": items}}, indent=2)
    (root / "api.json").write_text(text)
    before = specs_files(root)
    refused = run("import", "api.json")
    assert refused.exit_code == 3
    line = text[:text.index('"Winter Sale"')].count("\n") + 1
    assert (f"api.json:{line}:" in refused.stderr and "error SG701 segment key 'winter-sale' "
            "already exists at specs/shop.yaml:2") in refused.stderr
    assert "rename the existing segment first" in refused.stderr
    assert specs_files(root) == before
    # Following the hint: the existing segment gets another key (and name), then it imports.
    (root / "specs/shop.yaml").write_text(SPEC.replace("winter-sale", "winter-sale-2023")
                                          .replace("Winter Sale", "Winter Sale 2023"))
    done = run("import", "api.json")
    assert done.exit_code == 0, done.stderr
    assert "  winter-sale:\n" in (root / "specs/imported.yaml").read_text("utf-8")


def test_a_taken_key_from_a_template_is_imported_under_the_key_its_metadata_gives(
        root: Path) -> None:
    resource = {"Type": "AWS::Pinpoint::Segment",
                "Properties": {"Name": "Winter Sale (old)", "ApplicationId": APP,
                               "Dimensions": RECENT}}
    (root / "t.json").write_text(template({"WinterSaleSegment": resource}))
    refused = run("import", "t.json")
    assert refused.exit_code == 3
    assert "SG701 segment key 'winter-sale' already exists" in refused.stderr
    assert "Metadata: {segmentgen: {key: NEW-KEY}}" in refused.stderr
    resource["Metadata"] = {"segmentgen": {"key": "winter-sale-old"}}
    (root / "t.json").write_text(template({"WinterSaleSegment": resource}))
    done = run("import", "t.json")
    assert done.exit_code == 0, done.stderr
    assert "  winter-sale-old:\n" in (root / "specs/imported.yaml").read_text("utf-8")


def test_a_template_without_pinpoint_segments_says_what_it_holds(root: Path) -> None:
    text = template({"Bucket": {"Type": "AWS::S3::Bucket"},
                     "Topic": {"Type": "AWS::SNS::Topic", "Properties": {}},
                     "Other": {"Type": "AWS::S3::Bucket"}})
    (root / "template.json").write_text(text)
    before = specs_files(root)
    result = run("import", "template.json")
    assert result.exit_code == 3
    line = text[:text.index('"Resources"')].count("\n") + 1
    assert (f"template.json:{line}:" in result.stderr and "error SG705 no "
            "AWS::Pinpoint::Segment resources in template.json (found: AWS::S3::Bucket, "
            "AWS::SNS::Topic)") in result.stderr
    assert "hint: pass a CloudFormation template with AWS::Pinpoint::Segment" in result.stderr
    assert specs_files(root) == before


@pytest.mark.parametrize(("document", "said", "position"), [
    ({"SegmentsResponse": {"Item": []}}, "no segments in api.json: SegmentsResponse.Item is "
     "empty", "api.json:1:31:"),
    ([], "no segments in api.json: the list is empty", "api.json:1:1:"),
])
def test_api_json_without_segments_says_so(root: Path, document: object, said: str,
                                           position: str) -> None:
    (root / "api.json").write_text(json.dumps(document))
    result = run("import", "api.json")
    assert result.exit_code == 3
    assert f"{position} error SG705 {said}" in result.stderr
    assert not (root / "specs/imported.yaml").exists()


def test_an_empty_input_beside_others_is_a_warning(root: Path) -> None:
    (root / "empty.json").write_text(template({"Bucket": {"Type": "AWS::S3::Bucket"}}))
    items = [api_segment("Spring Sale", "a" * 32)]
    (root / "api.json").write_text(json.dumps({"SegmentsResponse": {"Item": items}}))
    result = run("import", "empty.json", "api.json")
    assert result.exit_code == 0, result.stderr
    assert ("warning SG705 no AWS::Pinpoint::Segment resources in empty.json (found: "
            "AWS::S3::Bucket)") in result.stderr
    assert "  spring-sale:\n" in (root / "specs/imported.yaml").read_text("utf-8")


def test_inputs_whose_segments_are_all_left_out_exit_3(root: Path) -> None:
    resource = {"Type": "AWS::Pinpoint::Segment",
                "Properties": {"Name": {"Fn::Sub": "x-${AWS::Region}"}, "ApplicationId": APP,
                               "Dimensions": RECENT}}
    (root / "t.json").write_text(template({"SubSegment": resource}))
    result = run("import", "t.json")
    assert result.exit_code == 3
    assert "error SG705 nothing to import: every segment found is left out" in result.stderr
    assert "warning SG705 segment 'sub' left out" in result.stderr
    assert not (root / "specs/imported.yaml").exists()
