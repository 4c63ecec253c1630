"""SG304: a build that deletes a deployed calculated attribute (removed, or made external)
while a deployed segment still names it is an error at the attribute, a warning with
--allow-destroy; deleting one no deployed segment uses is no finding."""

from __future__ import annotations

from pathlib import Path

from spec_files import SpecWriter

from segmentgen.api import BuildOptions, build

DEFINED = """domain: crm
calculated_attributes:
  keep: {attributes: [Order.id], expression: "{Order.id}", statistic: COUNT}
  orders:
    attributes: [Order.id]
    expression: "{Order.id}"
    statistic: COUNT
  spare: {attributes: [Order.total], expression: "{Order.total}", statistic: SUM}
"""
EXTERNAL = """domain: crm
calculated_attributes:
  keep: {attributes: [Order.id], expression: "{Order.id}", statistic: COUNT}
  orders: {external: true}
"""
SPECS = """segments:
  frequent:
    target: customer-profiles
    name: Frequent
    where:
      calculated:
        orders: {">=": 2}
"""


def _codes(specs: Path, out: Path, allow: bool = False) -> list[tuple[str, str, int, str]]:
    result = build(BuildOptions(specs, out, lint=False, allow_destroy=allow))
    return [(d.code, d.severity.name.lower(), d.line, d.message) for d in result.diagnostics
            if d.code == "SG304"]


def test_an_attribute_a_deployed_segment_uses_is_not_deleted(write_specs: SpecWriter,
                                                             tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _codes(write_specs(SPECS, DEFINED), out) == []
    found = _codes(write_specs(SPECS, EXTERNAL), out)
    assert [(code, severity, line) for code, severity, line, _ in found] == [
        ("SG304", "error", 4)]
    assert "deletes the calculated attribute 'orders'" in found[0][3]
    assert "deployed segments frequent use it" in found[0][3]
    allowed = _codes(write_specs(SPECS, EXTERNAL), out, allow=True)
    assert [(code, severity) for code, severity, _, _ in allowed] == [("SG304", "warning")]


def test_an_unused_attribute_may_go(write_specs: SpecWriter, tmp_path: Path) -> None:
    out = tmp_path / "out"
    assert _codes(write_specs(SPECS, DEFINED), out) == []
    unused_gone = DEFINED.replace(
        '  spare: {attributes: [Order.total], expression: "{Order.total}", statistic: SUM}\n',
        "")
    assert _codes(write_specs(SPECS, unused_gone), out) == []
