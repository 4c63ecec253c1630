"""CloudFormation limits found at build time: 500 resources, 200 parameters, 200 outputs and
the template body size, reported as SG302 at the segment that crosses the limit."""

from __future__ import annotations

from pathlib import Path

import pytest
from spec_files import SpecWriter

from segmentgen.api import BuildOptions, build
from segmentgen.core.diagnostics import Severity


def write_specs(tmp_path: Path, text: str, settings: str = "") -> Path:
    return SpecWriter(tmp_path)({"many.yaml": text}, settings or None)


def segments(count: int, extra: str = "") -> str:
    return "segments:\n" + "".join(
        f"  s{n:04d}:\n    name: Segment {n}{extra}\n    where:\n      country: [US]\n"
        for n in range(count))


def test_500_segments_fit(tmp_path: Path) -> None:
    result = build(BuildOptions(write_specs(tmp_path, segments(500)), tmp_path / "out", lint=False))
    assert not [d for d in result.diagnostics if d.code == "SG302" and d.severity is Severity.ERROR]


def test_501_segments_is_sg302_at_the_501st(tmp_path: Path) -> None:
    result = build(BuildOptions(write_specs(tmp_path, segments(501)), tmp_path / "out", lint=False))
    assert not result.ok
    [found] = [d for d in result.diagnostics if d.code == "SG302"]
    assert "more than 500 resources" in found.message and "'s0500'" in found.message
    assert found.line == 2 + 500 * 4
    assert found.hint and "split" in found.hint
    assert not (tmp_path / "out").exists()


def test_a_stack_past_a_limit_is_never_cached(tmp_path: Path) -> None:
    """The stack cache skips the count check only for a stack it holds, and it holds only
    stacks compiled without problems: SG302 comes back on every build."""
    specs, cache = write_specs(tmp_path, segments(501)), tmp_path / "cache"
    for _ in range(2):
        result = build(BuildOptions(specs, tmp_path / "out", lint=False, cache_dir=cache))
        assert [d.code for d in result.diagnostics if d.code == "SG302"] == ["SG302"]
    (specs / "many.yaml").write_text(segments(500), "utf-8")
    assert build(BuildOptions(specs, tmp_path / "out", lint=False, cache_dir=cache)).ok
    (specs / "many.yaml").write_text(segments(501), "utf-8")
    result = build(BuildOptions(specs, tmp_path / "out", lint=False, cache_dir=cache))
    assert [d.code for d in result.diagnostics if d.code == "SG302"] == ["SG302"]


def test_created_application_lives_outside_the_segment_stack(tmp_path: Path) -> None:
    # The App is in the application stack: 500 segments still fit one spec file's stack.
    specs = write_specs(tmp_path, segments(500), "application: {create: app}\n")
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    assert [d.code for d in result.diagnostics if d.severity is Severity.ERROR] == []
    assert (tmp_path / "out" / "segmentgen-application.json").is_file()


def test_201_imported_segments_is_over_the_parameter_limit(tmp_path: Path) -> None:
    text = "segments:\n" + "".join(
        f"  i{n:03d}:\n    name: Imported {n}\n    import:\n      s3: s3://bucket/p/\n"
        f"      format: csv\n      role: arn:aws:iam::123456789012:role/import\n"
        f"  u{n:03d}:\n    name: User {n}\n    groups: {{list: [{{base: [i{n:03d}]}}]}}\n"
        for n in range(200))
    result = build(BuildOptions(write_specs(tmp_path, text), tmp_path / "out", lint=False))
    [found] = [d for d in result.diagnostics if d.code == "SG302"]
    assert "more than 200 parameters" in found.message and "'i199'" in found.message


def test_201_exports_is_over_the_output_limit(tmp_path: Path) -> None:
    specs = write_specs(tmp_path, segments(201))
    (specs / "users.yaml").write_text("segments:\n" + "".join(
        f"  u{n:04d}:\n    name: User {n}\n    groups:\n      list:\n"
        f"        - base: [s{n:04d}]\n" for n in range(201)))
    result = build(BuildOptions(specs, tmp_path / "out", lint=False))
    found = [d for d in result.diagnostics if d.code == "SG302"]
    assert found and "more than 200 outputs" in found[0].message


def big_segments(count: int) -> str:
    values = "[" + ", ".join(f"v{n:02d}-" + "x" * 96 for n in range(50)) + "]"
    return "segments:\n" + "".join(
        f"  big{n:03d}:\n    name: Big {n}\n    where:\n      attributes:\n"
        f"        a: {values}\n        b: {values}\n" for n in range(count))


@pytest.mark.parametrize("count, severity", [(6, Severity.WARNING), (100, Severity.ERROR)])
def test_template_body_size(tmp_path: Path, count: int, severity: Severity) -> None:
    result = build(BuildOptions(write_specs(tmp_path, big_segments(count)), tmp_path / "out",
                                lint=False))
    found = [d for d in result.diagnostics if d.code == "SG302"]
    assert [d.severity for d in found] == [severity], [d.render() for d in result.diagnostics]
    assert ("51,200" if severity is Severity.WARNING else "1,000,000") in found[0].message
    assert result.ok is (severity is Severity.WARNING)


def test_size_warning_fails_under_warnings_fail(tmp_path: Path) -> None:
    result = build(BuildOptions(write_specs(tmp_path, big_segments(6)), tmp_path / "out",
                                lint=False, warnings_fail=True))
    assert not result.ok
