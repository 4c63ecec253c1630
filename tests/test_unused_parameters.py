"""An imported segment's id Parameter exists only where a template uses it.

The id an import job returns reaches a template as the Parameter ``<Key>SegmentId``. It is
declared when a segment of the same stack uses the imported segment as its base segment, or
when a segment of another stack does (the owning stack then exports it); otherwise cfn-lint
reports it unused (W2001) and ``--warnings-fail`` fails the build.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from segmentgen.api import BuildOptions, build
from segmentgen.core.diagnostics import Diagnostic

IMPORTED = """  crm-export:
    name: CRM export
    import:
      s3: s3://my-bucket/segments/crm/
      format: csv
      role: {role}
"""
DYNAMIC = """  active:
    name: Active
    where: {active: 30d}
"""
USER = """  from-crm:
    name: From CRM
    groups: {list: [{base: [crm-export], where: {country: [US]}}]}
"""
ROLE_ARN = "arn:aws:iam::123456789012:role/PinpointImport"


def build_specs(tmp_path: Path, *, lint: bool = True, **specs: str) -> tuple[Any, Path]:
    specs_dir = tmp_path / "specs"
    specs_dir.mkdir()
    for name, text in specs.items():
        (specs_dir / f"{name}.yaml").write_text("segments:\n" + text, encoding="utf-8")
    out = tmp_path / "out"
    return build(BuildOptions(specs_dir, out, lint=lint, warnings_fail=True)), out


def template(out: Path, name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((out / f"{name}.json").read_text(encoding="utf-8"))
    return data


def problems(diagnostics: list[Diagnostic]) -> list[str]:
    return [d.render() for d in diagnostics if d.code != "SG501"]


def test_an_imported_segment_no_segment_uses_lints_clean_with_warnings_fail(
        tmp_path: Path) -> None:
    result, out = build_specs(tmp_path, a=IMPORTED.format(role=ROLE_ARN) + DYNAMIC)
    assert problems(result.diagnostics) == []
    assert "CrmExportSegmentId" not in template(out, "a")["Parameters"]


def test_an_imported_segment_alone_in_its_stack_declares_no_parameter(tmp_path: Path) -> None:
    result, out = build_specs(tmp_path, a=IMPORTED.format(role="create"))
    assert problems(result.diagnostics) == []
    data = template(out, "a")
    assert "Parameters" not in data
    assert list(data["Outputs"]) == ["CrmExportImportRoleArn"]


def test_an_imported_segment_used_in_its_stack_keeps_its_parameter(tmp_path: Path) -> None:
    result, out = build_specs(tmp_path, a=IMPORTED.format(role=ROLE_ARN) + USER)
    assert problems(result.diagnostics) == []
    data = template(out, "a")
    assert "CrmExportSegmentId" in data["Parameters"]
    [group] = data["Resources"]["FromCrmSegment"]["Properties"]["SegmentGroups"]["Groups"]
    assert group["SourceSegments"] == [{"Id": {"Ref": "CrmExportSegmentId"}}]


def test_an_imported_segment_used_from_another_file_is_exported_by_its_stack(
        tmp_path: Path) -> None:
    result, out = build_specs(tmp_path, a=IMPORTED.format(role=ROLE_ARN), b=USER)
    assert problems(result.diagnostics) == []
    owner, user = template(out, "a"), template(out, "b")
    output = owner["Outputs"]["CrmExportSegmentId"]
    assert output["Value"] == {"Ref": "CrmExportSegmentId"}
    assert "CrmExportSegmentId" in owner["Parameters"]
    [group] = user["Resources"]["FromCrmSegment"]["Properties"]["SegmentGroups"]["Groups"]
    assert group["SourceSegments"] == [{"Id": {"Fn::ImportValue": output["Export"]["Name"]}}]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert [stack["name"] for stack in manifest["stacks"]] == ["a", "b"]


def test_unused_imported_segments_do_not_count_towards_the_parameter_limit(
        tmp_path: Path) -> None:
    text = "".join(IMPORTED.replace("crm-export", f"i{n:03d}").replace("CRM", f"CRM {n}")
                   .format(role=ROLE_ARN) for n in range(250))
    result, out = build_specs(tmp_path, lint=False, a=text)
    assert [d.code for d in result.diagnostics] == []
    assert "Parameters" not in template(out, "a")
