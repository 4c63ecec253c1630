"""The command line is a package of topic modules behind one entry point: the console script
``segmentgen.cli:main`` and ``python -m segmentgen`` reach every command, and the package is
listed for the wheel."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from importlib import import_module
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {"build", "delete", "diff", "docs", "estimate", "import", "lint-server", "migrate",
            "migrate-report", "new", "schema", "show", "test", "validate"}


def _pyproject() -> dict[str, object]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))


def test_the_console_script_is_the_group_of_every_command() -> None:
    scripts = _pyproject()["project"]["scripts"]  # type: ignore[index]
    module, _, name = scripts["segmentgen"].partition(":")
    main = getattr(import_module(module), name)
    assert isinstance(main, click.Group)
    assert set(main.commands) == COMMANDS


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
