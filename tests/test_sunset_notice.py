"""The Pinpoint end-of-support notice SG501 points at a segment: a template with an
``AWS::Pinpoint::Segment``, at that resource, even when the first template of the build
holds only an import role."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from segmentgen.api import BuildOptions, build
from segmentgen.core.diagnostics import Diagnostic, Severity
from segmentgen.lint.runner import fold_sunset

IMPORT_ONLY = """\
segments:
  crm:
    name: CRM
    import: {s3: "s3://bucket/crm/", format: csv, role: create}
"""
DYNAMIC = """\
segments:
  engaged:
    name: Engaged
    where: {active: 30d}
"""


def test_notice_stands_at_a_segment_not_at_a_role_only_template(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("specs").mkdir()
    Path("specs/a.yaml").write_text(IMPORT_ONLY, "utf-8")
    Path("specs/b.yaml").write_text(DYNAMIC, "utf-8")
    result = build(BuildOptions(Path("specs"), Path("out")))
    notices = [d for d in result.diagnostics if d.code == "SG501"]
    assert len(notices) == 1, [d.render() for d in result.diagnostics]
    notice = notices[0]
    assert notice.file == "out/b.json"
    types = [r["Type"] for r in json.loads(Path("out/a.json").read_text())["Resources"].values()]
    assert types == ["AWS::IAM::Role"]
    before = Path(notice.file).read_text("utf-8").splitlines()[:notice.line]
    assert any('"EngagedSegment": {' in line for line in before), before  # inside the segment


def _sunset(file: str, line: int, kind: str) -> Diagnostic:
    return Diagnostic(file, line, 3, "cfn-lint:W3696", f"Resource type '{kind}' is from a "
                      "service that will be shut down on 2026-10-30", Severity.WARNING, "h")


def test_fold_prefers_the_first_segment_and_counts_segments() -> None:
    found = [_sunset("out/a.json", 4, "AWS::Pinpoint::App"),
             _sunset("out/c.json", 9, "AWS::Pinpoint::Segment"),
             _sunset("out/b.json", 7, "AWS::Pinpoint::Segment")]
    (notice,) = fold_sunset(found)
    assert (notice.code, notice.file, notice.line, notice.col) == ("SG501", "out/b.json", 7, 3)
    assert "on 2 segments" in notice.message
    assert notice.hint
