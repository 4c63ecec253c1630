"""Commands say only what they checked: validate does not claim out/ is current."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from spec_files import SpecWriter

from segmentgen.cli import main

VIP = "segments:\n  vip: {name: VIP, where: {attributes: {plan: [gold]}}}\n"


def test_validate_says_it_checked_the_specs_only(tmp_path: Path, write_specs: SpecWriter,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    write_specs(VIP)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "stale.json").write_text("{}\n")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0, result.stderr
    assert "output is current" not in result.stderr
    assert "specs are valid (no problems); out/ was not compared" in result.stderr


def test_validate_of_invalid_specs_reports_the_errors(tmp_path: Path, write_specs: SpecWriter,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    write_specs({"a.yaml": VIP, "b.yaml": "segments:\n  bad: {name: B}\n"})
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 3
    assert "SG214" in result.stderr
    assert "specs are valid" not in result.stderr


def test_lint_server_stop_without_a_server_says_so(tmp_path: Path, write_specs: SpecWriter,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    write_specs(VIP)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["lint-server", "--stop"])
    assert result.exit_code == 0
    assert "no lint server was running" in result.stderr
    assert "stopped" not in result.stderr.replace("no lint server was running", "")


def test_validate_checks_the_settings_overrides_as_build_does(
        tmp_path: Path, write_specs: SpecWriter, monkeypatch: pytest.MonkeyPatch) -> None:
    write_specs(VIP, "environments:\n  dev:\n    segments:\n      ghost: {name: G}\n")
    monkeypatch.chdir(tmp_path)
    validated = CliRunner().invoke(main, ["validate"])
    built = CliRunner().invoke(main, ["build", "--no-lint", "--no-cache"])
    assert validated.exit_code == built.exit_code == 3
    line = "specs/segmentgen.yaml:4:7: error SG223 environment 'dev' overrides segment 'ghost'"
    assert line in validated.stderr and line in built.stderr


@pytest.mark.parametrize("command", [["delete", "vpi"], ["new", "copy", "--from", "vpi"],
                                     ["show", "vpi"], ["estimate", "vpi", "--sql"]])
def test_every_command_names_the_closest_key(tmp_path: Path, write_specs: SpecWriter,
                                             monkeypatch: pytest.MonkeyPatch,
                                             command: list[str]) -> None:
    write_specs(VIP)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, command)
    assert result.exit_code == 3, result.stderr
    assert "SG702 no segment 'vpi'" in result.stderr
    assert "hint: did you mean 'vip'?" in result.stderr
