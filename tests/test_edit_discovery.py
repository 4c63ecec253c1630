"""`new`, `delete` and `import` read the specs directory exactly as `build` does: FIFOs are
never opened (they would block), symlink loops are skipped and symlinked directories are not
descended into. Commands run as subprocesses with a timeout, so a blocking read fails the
test instead of hanging it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from segmentgen.api import BuildOptions, build

BASE = "segments:\n  base:\n    name: Base\n    where: {active: 7d}\n"
TEAM = "segments:\n  team-a:\n    name: Team A\n    where: {inactive: 30d}\n"
API = {"SegmentResponse": {"Id": "i1", "ApplicationId": "app1", "Name": "From API",
                           "Dimensions": {"Behavior": {"Recency": {
                               "Duration": "DAY_7", "RecencyType": "ACTIVE"}}}}}


def run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "segmentgen", *args], cwd=root, text=True,
                          capture_output=True, timeout=120, check=False,
                          env={**os.environ, "SEGMENTGEN_DEBUG": ""})


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """specs/ with a FIFO, a symlink loop, a symlinked directory (back to specs/, a loop of
    directories) and one to a directory of specs that build never reads twice."""
    specs = tmp_path / "specs"
    (specs / "team").mkdir(parents=True)
    (specs / "base.yaml").write_text(BASE)
    (specs / "team/a.yaml").write_text(TEAM)
    os.mkfifo(specs / "pipe.yaml")
    (specs / "loop.yaml").symlink_to("loop.yaml")
    (specs / "again").symlink_to(".", target_is_directory=True)
    (specs / "team-link").symlink_to("team", target_is_directory=True)
    (tmp_path / "api.json").write_text(json.dumps(API))
    return tmp_path


def test_build_reads_the_tree_as_the_edits_must(root: Path) -> None:
    result = build(BuildOptions(root / "specs", root / "out", lint=False, mode="validate"))
    assert result.ok, result.diagnostics
    assert result.project is not None
    assert sorted(s.key for s in result.project.segments) == ["base", "team-a"]


def test_new_beside_fifos_loops_and_linked_directories(root: Path) -> None:
    done = run(root, "new", "fresh", "--file", "specs/base.yaml")
    assert done.returncode == 0, done.stderr
    assert "fresh:" in (root / "specs/base.yaml").read_text()
    assert (root / "specs/pipe.yaml").is_fifo()


def test_delete_beside_fifos_loops_and_linked_directories(root: Path) -> None:
    done = run(root, "delete", "team-a")
    assert done.returncode == 0, done.stderr
    assert "team-a" not in (root / "specs/team/a.yaml").read_text()
    assert (root / "specs/team-link").is_symlink()


def test_import_beside_fifos_loops_and_linked_directories(root: Path) -> None:
    done = run(root, "import", "api.json")
    assert done.returncode == 0, done.stderr
    assert "from-api:" in (root / "specs/imported.yaml").read_text()


def test_import_of_a_fifo_is_refused_without_blocking(root: Path) -> None:
    os.mkfifo(root / "input.json")
    done = run(root, "import", "input.json")
    assert done.returncode == 3, done.stderr
    assert "input.json:1:1: error SG101 cannot read the file" in done.stderr
    assert "not a regular file" in done.stderr
    assert not (root / "specs/imported.yaml").exists()


@pytest.mark.parametrize("name", ["pipe.yaml", "loop.yaml"])
def test_new_into_a_fifo_or_a_loop_is_refused(root: Path, name: str) -> None:
    done = run(root, "new", "fresh", "--file", f"specs/{name}")
    assert done.returncode == 3, done.stderr
    assert f"specs/{name}:1:1: error SG704" in done.stderr
    assert (root / "specs/pipe.yaml").is_fifo() and (root / "specs/loop.yaml").is_symlink()


@pytest.mark.parametrize("name", ["pipe.yaml", "loop.yaml", "dangling.yaml"])
def test_import_into_a_fifo_or_a_link_is_refused(root: Path, name: str) -> None:
    (root / "specs/dangling.yaml").symlink_to("nowhere.yaml")
    done = run(root, "import", "api.json", "--out-file", f"specs/{name}")
    assert done.returncode == 2, done.stderr
    assert "exists; pass a new file" in done.stderr


@pytest.fixture
def linked(tmp_path: Path) -> Path:
    """specs/link.yaml names specs/.real.yaml, which build reads only through the link."""
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs/.real.yaml").write_text(BASE)
    (tmp_path / "specs/link.yaml").symlink_to(".real.yaml")
    return tmp_path


def test_new_through_a_symlinked_spec_writes_its_file_and_keeps_the_link(linked: Path) -> None:
    done = run(linked, "new", "fresh", "--file", "specs/link.yaml")
    assert done.returncode == 0, done.stderr
    assert (linked / "specs/link.yaml").is_symlink()
    assert "fresh:" in (linked / "specs/.real.yaml").read_text()
    result = build(BuildOptions(linked / "specs", linked / "out", lint=False, mode="validate"))
    assert result.project is not None
    assert sorted(s.key for s in result.project.segments) == ["base", "fresh"]


def test_an_edit_through_a_symlinked_spec_is_validated_as_build_reads_it(linked: Path) -> None:
    done = run(linked, "new", "copy", "--from", "base", "--name", "Base")
    assert done.returncode == 3, done.stderr
    assert "error SG207 segment name 'Base' is also used by" in done.stderr
    assert (linked / "specs/.real.yaml").read_text() == BASE


@pytest.mark.parametrize("command", [["new", "fresh"], ["delete", "base"],
                                     ["import", "api.json", "--out-file", "loop/x.yaml"]])
def test_a_specs_directory_that_is_a_symlink_loop(root: Path, command: list[str]) -> None:
    (root / "loop").symlink_to("loop")
    done = run(root, *command, "--specs", "loop")
    assert done.returncode == 3, done.stderr
    assert "loop:1:1: error SG101 specs directory 'loop' is not a directory" in done.stderr
