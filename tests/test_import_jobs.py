"""Imported segments: create-import-job request files in out/, and imported base segments."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from segmentgen.api import BuildOptions, build

SPEC = """\
segments:
  crm-export:
    name: CRM export
    import:
      s3: s3://example-bucket/segments/crm/
      format: csv
      role: create
  partner-list:
    name: Partner list
    import:
      s3: s3://example-bucket/partners/
      format: JSON
      role: arn:aws:iam::123456789012:role/PinpointImport
      register_endpoints: false
  vip-from-crm:
    name: VIP from CRM
    groups:
      list:
        - base: [crm-export]
          where: {metrics: {spend: {">": 1000}}}
"""

SETTINGS = """\
environments:
  prod: {}
  staging: {name_suffix: " (staging)"}
"""


def run(tmp_path: Path, spec: str, settings: str | None = None) -> tuple[object, Path]:
    specs, out = tmp_path / "specs", tmp_path / "out"
    specs.mkdir()
    (specs / "crm.yaml").write_text(spec)
    if settings is not None:
        (specs / "segmentgen.yaml").write_text(settings)
    return build(BuildOptions(specs, out, lint=False)), out


def test_one_request_per_imported_segment(tmp_path: Path) -> None:
    result, out = run(tmp_path, SPEC)
    assert result.ok  # type: ignore[attr-defined]
    assert sorted(p.name for p in (out / "import-jobs").iterdir()) == [
        "crm-export.json", "partner-list.json"]
    created = json.loads((out / "import-jobs/crm-export.json").read_text())
    assert created == {
        "DefineSegment": True,
        "Format": "CSV",
        "RegisterEndpoints": True,
        "RoleArn": "REPLACE-WITH-OUTPUT CrmExportImportRoleArn of the stack crm",
        "S3Url": "s3://example-bucket/segments/crm/",
        "SegmentName": "CRM export",
    }
    given = json.loads((out / "import-jobs/partner-list.json").read_text())
    assert given["RoleArn"] == "arn:aws:iam::123456789012:role/PinpointImport"
    assert given["RegisterEndpoints"] is False
    assert given["Format"] == "JSON"
    template = json.loads((out / "crm.json").read_text())
    assert "CrmExportImportRoleArn" in template["Outputs"]
    manifest = json.loads((out / "manifest.json").read_text())
    assert "import-jobs/crm-export.json" in manifest["files"]


def test_requests_match_the_botocore_shape(tmp_path: Path) -> None:
    botocore = pytest.importorskip("botocore.session")
    model = botocore.get_session().get_service_model("pinpoint")
    members = set(model.shape_for("ImportJobRequest").members)
    _, out = run(tmp_path, SPEC)
    for file in (out / "import-jobs").iterdir():
        assert set(json.loads(file.read_text())) <= members


def test_requests_per_environment(tmp_path: Path) -> None:
    result, out = run(tmp_path, SPEC, SETTINGS)
    assert result.ok  # type: ignore[attr-defined]
    staging = json.loads((out / "staging/import-jobs/crm-export.json").read_text())
    assert staging["SegmentName"] == "CRM export (staging)"
    assert staging["RoleArn"].endswith("of the stack staging-crm")
    assert (out / "prod/import-jobs/partner-list.json").is_file()


def test_removed_import_removes_its_request(tmp_path: Path) -> None:
    _, out = run(tmp_path, SPEC)
    spec = SPEC.split("  partner-list:")[0] + SPEC.split("register_endpoints: false\n")[1]
    (tmp_path / "specs/crm.yaml").write_text(spec)
    assert build(BuildOptions(tmp_path / "specs", out, lint=False)).ok
    assert not (out / "import-jobs/partner-list.json").exists()
    assert (out / "import-jobs/crm-export.json").exists()


def test_imported_base_segment_compiles_to_its_parameter(tmp_path: Path) -> None:
    _, out = run(tmp_path, SPEC)
    template = json.loads((out / "crm.json").read_text())
    group = template["Resources"]["VipFromCrmSegment"]["Properties"]["SegmentGroups"]["Groups"][0]
    assert group["SourceSegments"] == [{"Id": {"Ref": "CrmExportSegmentId"}}]
    assert template["Parameters"]["CrmExportSegmentId"]["Type"] == "String"


@pytest.mark.parametrize("groups", [
    "        - base: [crm-export]\n        - where: {country: [NO]}\n",
    "        - base: [crm-export, partner-list]\n",
    "        - base: [crm-export, {id: 8d1f0c2e4b7a4e6f9c3d2b1a0f9e8d7c}]\n",
])
def test_imported_base_segment_must_stand_alone(tmp_path: Path, groups: str) -> None:
    spec = SPEC.replace("        - base: [crm-export]\n          where: {metrics: {spend: "
                        "{\">\": 1000}}}\n", groups)
    result, _ = run(tmp_path, spec)
    codes = [(d.code, d.line) for d in result.diagnostics]  # type: ignore[attr-defined]
    assert any(code == "SG216" for code, _ in codes), codes
