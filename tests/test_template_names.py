"""Settings that become names in a template are checked where they are written.

An application ``{parameter: NAME}`` must be a logical ID no segment part of the template
already has, and a Customer Profiles ``domain:`` a domain name; before, such settings passed
validation and then crashed the build (an internal error) or failed cfn-lint at the
generated file (E3007, E3031, E3033). Now each is SG223 at the value in ``segmentgen.yaml``
and nothing is built.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spec_files import SpecWriter

from segmentgen.api import BuildOptions, build
from segmentgen.core.diagnostics import Severity

SPEC = """segments:
  crm-export:
    name: CRM export
    import: {s3: "s3://bucket/crm/", format: csv, role: create}
  from-crm:
    name: From CRM
    groups: {list: [{base: [crm-export]}]}
"""
LONG = "P" * 256


def errors(specs: Path, tmp_path: Path) -> list[tuple[str, int, int, str]]:
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    assert result.ok == (tmp_path / "out").exists()
    return [(d.code, d.line, d.col, d.message) for d in result.diagnostics
            if d.severity is Severity.ERROR]


@pytest.mark.parametrize("settings, line, col, words", [
    ("application: {parameter: my-param}\n", 1, 26, "no CloudFormation logical ID"),
    (f"application: {{parameter: {LONG}}}\n", 1, 26, "no CloudFormation logical ID"),
    ("application: {parameter: FromCrmSegment}\n", 1, 26, "segment 'from-crm'"),
    ("application: {parameter: CrmExportSegmentId}\n", 1, 26,
     "id Parameter of imported segment 'crm-export'"),
    ("application: {parameter: CrmExportImportRole}\n", 1, 26,
     "import role of imported segment 'crm-export'"),
    ("environments:\n  prod:\n    application: {parameter: FromCrmSegment}\n", 3, 30,
     "segment 'from-crm'"),
    ("environments:\n  prod:\n    application: {parameter: a.b}\n", 3, 30,
     "no CloudFormation logical ID"),
    ("target: customer-profiles\ndomain: my domain!\n", 2, 9, "no Customer Profiles domain"),
    ("target: customer-profiles\ndomain: ''\n", 2, 9, "no Customer Profiles domain"),
    (f"environments:\n  dev:\n    target: customer-profiles\n    domain: {'d' * 65}\n", 4, 13,
     "no Customer Profiles domain"),
])
def test_a_name_no_template_can_hold_is_sg223_at_the_setting(
        write_specs: SpecWriter, tmp_path: Path, settings: str, line: int, col: int,
        words: str) -> None:
    [(code, at_line, at_col, message)] = errors(write_specs(SPEC, settings), tmp_path)
    assert (code, at_line, at_col) == ("SG223", line, col)
    assert words in message


@pytest.mark.parametrize("settings", [
    "application: {parameter: MarketingProject}\n",
    f"application: {{parameter: {'P' * 255}}}\n",
    "application: {parameter: SegmentCrmExport}\n",
    "target: customer-profiles\ndomain: growth_profiles-1\n",
])
def test_names_a_template_can_hold_build(write_specs: SpecWriter, tmp_path: Path,
                                         settings: str) -> None:
    text = SPEC if "customer-profiles" not in settings else (
        "segments:\n  a:\n    name: A\n    where: {country: [US]}\n")
    assert errors(write_specs(text, settings), tmp_path) == []
    assert (tmp_path / "out" / "a.json").is_file()
