"""segmentgen build --check: writes nothing, exits 1 on each kind of staleness, --diff."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from spec_files import SpecWriter

from segmentgen.cli import main

FIRST = """segments:
  new-customers:
    name: New Customers
    where:
      attributes:
        customerType: [new]
"""
SECOND = """segments:
  winter-sale:
    name: Winter Sale Shoppers
    where:
      attributes:
        lastPurchaseDate: {after: 2023-11-01}
"""


def run(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["build", "--no-lint", "--specs", str(root / "specs"),
                                     "--out", str(root / "out"), *args])


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path: Path, write_specs: SpecWriter) -> Path:
    write_specs({"first.yaml": FIRST, "second.yaml": SECOND})
    assert run(tmp_path).exit_code == 0
    return tmp_path


def check_leaves_out_alone(root: Path, *args: str) -> Result:
    before = snapshot(root / "out")
    result = run(root, "--check", *args)
    assert snapshot(root / "out") == before
    return result


def test_current_output_passes(project: Path) -> None:
    result = check_leaves_out_alone(project)
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert "output is current" in result.stderr


def test_changed_file_fails(project: Path) -> None:
    (project / "specs" / "first.yaml").write_text(FIRST.replace("[new]", "[new, returning]"))
    result = check_leaves_out_alone(project)
    assert result.exit_code == 1
    assert f"changed: {(project / 'out').as_posix()}/first.json" in result.stderr
    assert "missing:" not in result.stderr and "leftover:" not in result.stderr


def test_missing_file_fails(project: Path) -> None:
    (project / "out" / "second.json").unlink()
    result = check_leaves_out_alone(project)
    assert result.exit_code == 1
    assert f"missing: {(project / 'out').as_posix()}/second.json" in result.stderr


def test_leftover_file_fails(project: Path) -> None:
    (project / "specs" / "second.yaml").unlink()
    result = check_leaves_out_alone(project)
    assert result.exit_code == 1
    assert f"leftover: {(project / 'out').as_posix()}/second.json" in result.stderr
    assert f"changed: {(project / 'out').as_posix()}/manifest.json" in result.stderr


def test_missing_output_directory_fails_and_is_not_created(tmp_path: Path) -> None:
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs" / "first.yaml").write_text(FIRST, "utf-8")
    result = run(tmp_path, "--check")
    assert result.exit_code == 1
    assert not (tmp_path / "out").exists()


def test_diff_prints_a_unified_diff_on_stdout(project: Path) -> None:
    (project / "specs" / "first.yaml").write_text(FIRST.replace("New Customers", "Newcomers"))
    result = check_leaves_out_alone(project, "--diff")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert "--- a/first.json" in lines and "+++ b/first.json" in lines
    assert any(line.startswith("@@ ") for line in lines)
    assert '-        "Name": "New Customers"' in lines
    assert '+        "Name": "Newcomers"' in lines
    assert "Newcomers" not in result.stderr


def test_diff_alone_implies_check(project: Path) -> None:
    (project / "out" / "second.json").unlink()
    before = snapshot(project / "out")
    result = run(project, "--diff")
    assert result.exit_code == 1
    assert snapshot(project / "out") == before
    assert "+++ b/second.json" in result.stdout


def test_json_format_lists_stale_files(project: Path) -> None:
    (project / "out" / "first.json").write_text("{}\n", "utf-8")
    result = check_leaves_out_alone(project, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["stale"] == ["first.json"] and data["exit_code"] == 1


def test_invalid_specs_exit_3_and_write_nothing(project: Path) -> None:
    (project / "specs" / "first.yaml").write_text(FIRST.replace("customerType: [new]",
                                                                "customerType: {afterr: x}"))
    result = check_leaves_out_alone(project)
    assert result.exit_code == 3


def test_check_is_quiet_in_ci_when_current(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    result = check_leaves_out_alone(project)
    assert result.exit_code == 0
    assert result.stderr == ""


def test_machine_formats_carry_stale_files_as_sg403(project: Path) -> None:
    (project / "out" / "leftover.json").write_text("{}\n")
    manifest = json.loads((project / "out" / "manifest.json").read_text())
    manifest["files"].append("leftover.json")
    (project / "out" / "manifest.json").write_text(json.dumps(manifest))
    result = run(project, "--check", "--format", "github")
    assert result.exit_code == 1
    assert "leftover.json,line=1,col=1,title=SG403::output is stale: leftover" in result.stdout
    assert result.stdout.startswith("::warning file=")


def test_a_directory_where_a_file_is_planned_is_sg401_not_a_crash(project: Path) -> None:
    (project / "out" / "first.json").unlink()
    (project / "out" / "first.json").mkdir()
    (project / "out" / "first.json" / "mine.txt").write_text("kept\n")
    for args in (["--check"], ["--diff"], []):
        before = snapshot(project / "out")
        result = run(project, *args)
        assert result.exit_code == 3, result.stderr
        assert "error SG401 output path 'first.json'" in result.stderr
        assert "is a directory segmentgen did not write" in result.stderr
        assert snapshot(project / "out") == before


def test_check_refuses_an_output_directory_inside_specs(project: Path) -> None:
    before = snapshot(project / "specs")
    result = CliRunner().invoke(main, ["build", "--no-lint", "--check", "--specs",
                                       str(project / "specs"), "--out",
                                       str(project / "specs" / "out")])
    assert result.exit_code == 3
    assert "SG401" in result.stderr and "is inside the specs directory" in result.stderr
    assert snapshot(project / "specs") == before and not (project / "specs" / "out").exists()
