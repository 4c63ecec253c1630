"""The command line is a package of topic modules behind one entry point: the console script
``segmentgen.cli:run`` (the group ``main``, then an exit that skips the interpreter's teardown)
and ``python -m segmentgen`` reach every command, and the package is listed for the wheel."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import import_module
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from segmentgen import cli

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {"build", "delete", "diff", "docs", "estimate", "import", "lint-server", "migrate",
            "migrate-report", "new", "schema", "show", "test", "validate"}


def _pyproject() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def test_the_console_script_runs_the_group_of_every_command() -> None:
    scripts = _pyproject()["project"]["scripts"]  # type: ignore[index]
    module, _, name = scripts["segmentgen"].partition(":")
    assert getattr(import_module(module), name) is cli.run
    assert isinstance(cli.main, click.Group)
    assert set(cli.main.commands) == COMMANDS


def _script(*args: str, stdout: int | None = subprocess.PIPE) -> subprocess.CompletedProcess[str]:
    """``segmentgen ARGS`` as the console script runs it (``cli.run``)."""
    code = "import sys; from segmentgen.cli import run; sys.argv[0] = 'segmentgen'; run()"
    return subprocess.run([sys.executable, "-c", code, *args], stdout=stdout,
                          stderr=subprocess.PIPE, text=True, check=False, cwd=ROOT)


def test_the_script_flushes_its_output_and_keeps_each_exit_code(tmp_path: Path) -> None:
    shown = _script("--version")
    assert (shown.returncode, shown.stdout.split()[:2]) == (0, ["segmentgen,", "version"])
    listed = _script("--help")  # the whole text reaches the pipe, to its last command
    assert listed.returncode == 0
    assert {line.split()[0] for line in listed.stdout.split("Commands:")[1].splitlines()
            if line.strip()} == COMMANDS
    missing = _script("validate", "--specs", str(tmp_path / "none"))
    expected = CliRunner().invoke(cli.main, ["validate", "--specs", str(tmp_path / "none")])
    assert missing.returncode == expected.exit_code != 0 and "SG101" in missing.stderr
    usage = _script("build", "--no-such-option")
    assert usage.returncode == 2 and "No such option" in usage.stderr


def test_a_message_as_exit_code_is_printed_and_fails(capsys: pytest.CaptureFixture[str]) -> None:
    exits: list[int] = []
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("segmentgen.cli.os._exit", exits.append)
        cli.leave("segmentgen: stopped")
        cli.leave(None)
        cli.leave(3)
    assert exits == [1, 0, 3]
    assert capsys.readouterr().err == "segmentgen: stopped\n"


def test_every_cli_module_is_a_listed_package() -> None:
    packages = _pyproject()["tool"]["setuptools"]["packages"]  # type: ignore[index]
    assert "segmentgen.cli" in packages
    modules = sorted((ROOT / "segmentgen" / "cli").glob("*.py"))
    assert [m.name for m in modules if m.name == "__init__.py"] == ["__init__.py"]
    assert all(len(m.read_text("utf-8").splitlines()) < 300 for m in modules)


def test_python_dash_m_runs_the_same_command_line() -> None:
    done = subprocess.run([sys.executable, "-m", "segmentgen", "--help"], capture_output=True,
                          text=True, check=True)
    listed = {line.split()[0] for line in done.stdout.split("Commands:")[1].splitlines()
              if line.strip()}
    assert listed == COMMANDS
