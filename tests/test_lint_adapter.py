"""segmentgen's own lint step uses the shipped cfn-lint plug-ins, so both paths agree."""

from __future__ import annotations

from segmentgen.lint import runner as lint
from segmentgen.lint.runner import lint_text

TEMPLATE = """\
Resources:
  Seg:
    Type: AWS::Pinpoint::Segment
    Properties:
      ApplicationId: app
      Name: Winter
      Dimensions:
        Attributes:
          lastPurchaseDate:
            AttributeType: GREATER_THAN
            Values: ["2023-11-01"]
        Location:
          Country: {Values: [USA]}
"""


def test_adapter_reports_plugin_findings_with_positions() -> None:
    lint._runner.cache_clear()  # other tests may have reset cfn-lint's process-wide schemas
    found = {(d.code, d.line) for d in lint_text(TEMPLATE, "t.yaml", ["us-east-1"], [])}
    codes = {code for code, _ in found}
    assert "cfn-lint:W3696" in codes
    assert any(code == "cfn-lint:E3030" and line == 10 for code, line in found), found
    assert "cfn-lint:E9005" in codes, found
