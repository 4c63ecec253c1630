"""``--specs`` that is a symlink loop: every command that reads specs/ reports SG101 at it
(exit 3), never a traceback (exit 70), and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from segmentgen.cli import main
from segmentgen.load.discover import display_path

COMMANDS = [
    ["build", "--no-cache", "--no-lint"],
    ["build", "--no-cache", "--check"],
    ["build", "--no-lint"],
    ["build", "--check"],
    ["validate"],
    ["new", "fresh"],
    ["delete", "fresh"],
    ["import", "api.json", "--out-file", "loop/imported.yaml"],
]


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "loop").symlink_to("loop")
    (tmp_path / "api.json").write_text('{"SegmentsResponse": {"Item": []}}', "utf-8")
    return tmp_path


@pytest.mark.parametrize("command", COMMANDS, ids=lambda command: " ".join(command[:2]))
def test_a_specs_directory_that_is_a_symlink_loop_is_sg101(root: Path,
                                                           command: list[str]) -> None:
    before = sorted(path.name for path in root.iterdir())
    result = CliRunner().invoke(main, [*command, "--specs", "loop"])
    assert result.exit_code == 3, result.stderr
    assert "loop:1:1: error SG101 specs directory 'loop'" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert sorted(path.name for path in root.iterdir()) == before


def test_display_path_of_a_loop_is_relative_to_the_working_directory(root: Path) -> None:
    assert display_path(Path("loop")) == "loop"
    assert display_path(root / "loop" / "inner.yaml") == "loop/inner.yaml"
    assert display_path(Path("/elsewhere/loop")) == "/elsewhere/loop"
