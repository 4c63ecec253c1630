"""artifacts: [terraform-awscc] writes native awscc resources next to Customer Profiles stacks."""

from __future__ import annotations

from pathlib import Path

import hcl2
import pytest

from segmentgen.api import BuildOptions, build

OPTIONS = hcl2.SerializationOptions(strip_string_quotes=True)
SPEC = "segments:\n  nordics:\n    name: 'Nordics \"${x}\"'\n    where: {country: [NO, SE]}\n"


@pytest.mark.parametrize(("target", "written"), [("customer-profiles", True),
                                                 ("pinpoint", False)])
def test_awscc_file_only_for_customer_profiles(tmp_path: Path, target: str,
                                               written: bool) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.yaml").write_text(SPEC, "utf-8")
    (specs / "segmentgen.yaml").write_text(
        f"target: {target}\ndomain: d\nartifacts: [terraform-awscc]\n", "utf-8")
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    assert result.ok, [d.render() for d in result.diagnostics]
    native = tmp_path / "out" / "a.awscc.tf"
    assert native.exists() is written
    if written:
        parsed = hcl2.loads(native.read_text("utf-8"), serialization_options=OPTIONS)
        resources = parsed["resource"][0]["awscc_customerprofiles_segment_definition"]
        assert [body["display_name"] for body in resources.values()] == ['Nordics "${x}"']
