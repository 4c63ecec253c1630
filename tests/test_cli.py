"""The command line through click's CliRunner: one test per exit code, streams kept apart."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from spec_files import SpecWriter

from segmentgen.cli import main

VALID = """\
segments:
  new-customers:
    name: New Customers
    where:
      attributes:
        customerType: [new]
"""
INVALID = """\
segments:
  bad:
    name: Bad
    dimensions:
      Attributes:
        lastPurchaseDate: {AttributeType: GREATER_THAN, Values: ["2023-11-01"]}
"""


@pytest.fixture()
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, write_specs: SpecWriter) -> Path:
    write_specs(VALID)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_build_writes_and_exits_zero(project: Path) -> None:
    code, stdout, _ = run("build", "--no-lint")
    assert code == 0
    assert stdout == ""
    template = json.loads((project / "out" / "a.json").read_text())
    assert template["Resources"]["NewCustomersSegment"]["Type"] == "AWS::Pinpoint::Segment"


def test_invalid_input_exits_three_and_writes_nothing(project: Path) -> None:
    (project / "specs" / "a.yaml").write_text(INVALID)
    code, stdout, stderr = run("build")
    assert code == 3
    assert stdout == ""
    assert "specs/a.yaml:6:43: error SG204 AttributeType 'GREATER_THAN' is not allowed" in stderr
    assert "did you mean 'AFTER'?" in stderr
    assert not (project / "out").exists()


def test_check_exits_one_when_stale_and_zero_when_current(project: Path) -> None:
    code, _, stderr = run("build", "--check", "--no-lint")
    assert code == 1
    assert "missing: out/a.json" in stderr
    assert not (project / "out").exists()
    assert run("build", "--no-lint")[0] == 0
    assert run("build", "--check", "--no-lint")[0] == 0


def test_usage_error_exits_two(project: Path) -> None:
    code, _, stderr = run("build", "--format", "xml")
    assert code == 2
    assert "Invalid value for '--format'" in stderr


def test_internal_error_exits_seventy_without_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def explode(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("segmentgen.api.build", explode)
    monkeypatch.delenv("SEGMENTGEN_DEBUG", raising=False)
    code, _, stderr = run("build")
    assert code == 70
    assert "internal error: RuntimeError: boom" in stderr
    assert "Traceback" not in stderr


def test_json_format_goes_to_stdout(project: Path) -> None:
    (project / "specs" / "a.yaml").write_text(INVALID)
    code, stdout, stderr = run("validate", "--format", "json")
    assert code == 3
    data = json.loads(stdout)
    assert data["exit_code"] == 3
    assert [(d["code"], d["line"], d["col"]) for d in data["diagnostics"]] == [("SG204", 6, 43)]
    assert "SG204" not in stderr


def test_validate_writes_nothing(project: Path) -> None:
    assert run("validate")[0] == 0
    assert not (project / "out").exists()


def test_missing_specs_directory_is_invalid_input(project: Path) -> None:
    shutil.rmtree(project / "specs")
    code, _, stderr = run("build")
    assert code == 3
    assert "SG101" in stderr and "does not exist" in stderr


def test_deleted_segment_disappears_from_out(project: Path) -> None:
    (project / "specs" / "b.yaml").write_text(VALID.replace("new-customers", "other").replace(
        "New Customers", "Other"))
    assert run("build", "--no-lint")[0] == 0
    assert (project / "out" / "b.json").is_file()
    (project / "specs" / "b.yaml").unlink()
    assert run("build", "--no-lint")[0] == 0
    assert not (project / "out" / "b.json").exists()
    assert (project / "out" / "a.json").is_file()


def test_build_with_lint_reports_sunset_once(project: Path) -> None:
    (project / "specs" / "b.yaml").write_text(VALID.replace("new-customers", "other").replace(
        "New Customers", "Other"))
    code, _, stderr = run("build")
    assert code == 0
    assert stderr.count("SG501") == 1
    assert "W3696 on 2 segments" in stderr


def test_warnings_fail_turns_warnings_into_failure(project: Path) -> None:
    (project / "specs" / "empty.yaml").write_text("")
    code, _, stderr = run("build", "--no-lint")
    assert code == 0
    assert "warning SG106" in stderr
    code, _, stderr = run("build", "--no-lint", "--warnings-fail")
    assert code == 3
    assert "error SG106" in stderr


def test_ignoring_the_sunset_rule_silences_the_notice(project: Path) -> None:
    (project / "specs" / "segmentgen.yaml").write_text("lint: {ignore: [W3696]}\n")
    code, _, stderr = run("build")
    assert code == 0
    assert "SG501" not in stderr


def test_python_dash_m_runs(project: Path) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "segmentgen", "validate"], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_quiet_in_ci_when_all_is_well(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    code, stdout, stderr = run("build", "--no-lint")
    assert (code, stdout) == (0, "") and "file(s) written" in stderr
    assert run("build", "--no-lint") == (0, "", "")
    assert run("build", "--no-lint", "--check") == (0, "", "")
    (project / "specs" / "a.yaml").write_text(INVALID)
    code, _, stderr = run("build", "--no-lint")
    assert code == 3 and "SG204" in stderr and "nothing written" in stderr


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("out", ["specs", "specs/sub", "./specs/", "specs/..", ".", "linked"])
def test_output_directory_overlapping_specs_is_refused(project: Path, out: str) -> None:
    (project / "specs" / "segmentgen.yaml").write_text("output: yaml\n")
    (project / "specs" / "sub").mkdir()
    (project / "linked").symlink_to(project / "specs")
    before = files_under(project)
    code, stdout, stderr = run("build", "--no-lint", "--out", out)
    assert (code, stdout) == (3, "")
    assert "error SG401 output directory" in stderr and "specs directory" in stderr
    assert files_under(project) == before


@pytest.mark.parametrize("option", ["--cache-dir", "env"])
@pytest.mark.parametrize("cache", ["specs", "specs/.cache", "."])
def test_cache_directory_overlapping_specs_is_refused(
    project: Path, monkeypatch: pytest.MonkeyPatch, option: str, cache: str
) -> None:
    before = files_under(project / "specs")
    if option == "env":
        monkeypatch.setenv("SEGMENTGEN_CACHE_DIR", cache)
        code, _, stderr = run("build", "--no-lint")
    else:
        code, _, stderr = run("build", "--no-lint", "--cache-dir", cache)
    assert code == 3
    assert "error SG401 cache directory" in stderr and "specs directory" in stderr
    assert files_under(project / "specs") == before
    assert not (project / "out").exists()


def test_cache_and_output_directories_may_not_hold_each_other(project: Path) -> None:
    for args in (["--out", "shared", "--cache-dir", "shared"],
                 ["--out", "cache/out", "--cache-dir", "cache"]):
        code, _, stderr = run("build", "--no-lint", *args)
        assert code == 3 and "error SG401 cache directory" in stderr
        assert "output directory" in stderr
        assert not (project / "shared").exists() and not (project / "cache").exists()
    code, _, _ = run("build", "--no-lint", "--out", "build", "--cache-dir", "build/.cache")
    assert code == 0 and (project / "build" / "a.json").is_file()


def test_file_system_root_and_home_are_refused_as_output(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # --check: on a build that accepted these directories, nothing would be written either.
    code, _, stderr = run("build", "--no-lint", "--check", "--out", "/")
    assert code == 3 and "'/' is the root of the file system" in stderr
    home = project / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    for out in (str(home), str(project)):
        code, _, stderr = run("build", "--no-lint", "--check", "--out", out)
        assert code == 3 and "is the home directory or contains it" in stderr, stderr
    code, _, stderr = run("build", "--no-lint", "--cache-dir", str(home))
    assert code == 3 and "error SG401 cache directory" in stderr
    assert list(home.iterdir()) == []


def test_diff_refuses_an_output_directory_inside_specs(project: Path) -> None:
    code, stdout, stderr = run("diff", "--out", "specs", "--base", "specs")
    assert (code, stdout) == (3, "")
    assert "error SG401 output directory 'specs' is the specs directory" in stderr
