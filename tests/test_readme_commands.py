"""The README documents every command, argument and option that ``--help`` shows, and nothing
that does not exist; its Python example for the cfn-lint plug-in runs as written.

Input: the click command tree and README.md. Output: failures naming the undocumented or stale
command or option.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest

from segmentgen.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text("utf-8")
HEADING = re.compile(r"^#### `segmentgen ([a-z-]+)[^`]*`$", re.MULTILINE)


def _reference() -> dict[str, str]:
    """Command name -> its text in the README's command reference."""
    start = README.index("### Command reference")
    end = README.index("\n### ", start + 1)
    section = README[start:end]
    marks = list(HEADING.finditer(section))
    return {m.group(1): section[m.end():(marks[i + 1].start() if i + 1 < len(marks) else None)]
            for i, m in enumerate(marks)}


def _options(command: click.Command) -> list[str]:
    return [name for param in command.params if isinstance(param, click.Option)
            for name in [*param.opts, *param.secondary_opts] if name.startswith("--")]


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_and_option_is_documented(name: str) -> None:
    reference = _reference()
    assert name in reference, f"README's command reference has no 'segmentgen {name}'"
    missing = [o for o in _options(main.commands[name]) if f"`{o}`" not in reference[name]]
    assert missing == [], f"segmentgen {name}: README does not document {missing}"


def test_the_reference_names_only_existing_commands_and_options() -> None:
    for name, text in _reference().items():
        assert name in main.commands, f"README documents unknown command 'segmentgen {name}'"
        known = set(_options(main.commands[name]))
        written = set(re.findall(r"^\| `(--[a-z-]+)`", text, re.MULTILINE))
        assert written <= known, f"segmentgen {name}: README documents {written - known}"


def test_every_command_is_in_the_command_table() -> None:
    table = README[README.index("## Commands"):README.index("### Command reference")]
    for name in main.commands:
        assert f"segmentgen {name}" in table or f"`{name} " in table, name


def test_the_cfnlint_python_example_runs_as_written(tmp_path: Path) -> None:
    start = README.index("```python\nfrom cfnlint.api")
    code = README[start + len("```python\n"):README.index("```", start + 10)]
    (tmp_path / "template.yaml").write_text(
        "Resources:\n  Seg:\n    Type: AWS::Pinpoint::Segment\n    Properties:\n"
        "      ApplicationId: abc\n      Name: x\n      Dimensions:\n        Location:\n"
        "          Country: {DimensionType: INCLUSIVE, Values: [USA]}\n")
    (tmp_path / "example.py").write_text(code)
    result = subprocess.run([sys.executable, "example.py"], cwd=tmp_path, capture_output=True,
                            text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert result.returncode == 0, result.stderr
    assert "E9005 9 'USA' is not an ISO 3166-1 alpha-2 country code" in result.stdout
