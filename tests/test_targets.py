"""Both targets on the shipped specs: each segment compiles, or fails with SG301 and a reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from segmentgen.api import BuildOptions, build
from segmentgen.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("target", ["pinpoint", "customer-profiles"])
def test_shipped_specs_compile_or_fail_with_the_documented_reason(
    target: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(ROOT)
    result = build(BuildOptions(Path("specs"), tmp_path / "out", target=target, lint=False))
    errors = [d for d in result.diagnostics if d.severity.label == "error"]
    assert all(d.code == "SG301" and d.hint for d in errors), [d.render() for d in errors]
    if target == "pinpoint":
        assert errors == []
        assert result.written


def test_customer_profiles_output_lints_clean(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "seed.yaml").write_bytes((ROOT / "specs" / "seed.yaml").read_bytes())
    result = build(BuildOptions(specs, tmp_path / "out", target="customer-profiles"))
    assert [d.render() for d in result.diagnostics] == []
    template = json.loads((tmp_path / "out" / "seed.json").read_text())
    types = {r["Type"] for r in template["Resources"].values()}
    assert types == {"AWS::CustomerProfiles::SegmentDefinition"}


def test_migrate_report_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(main, ["migrate-report", "--format", "markdown"])
    assert result.exit_code == 0, result.stderr
    assert "| winter-sale | Winter Sale Shoppers | carried over |" in result.stdout
    assert "blocked" in result.stdout
