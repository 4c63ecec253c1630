"""`build --env NAME` rebuilds one environment and leaves the others' files alone."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from segmentgen.api import BuildOptions, build

CASE = Path(__file__).parent / "cases" / "envs-three"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and not p.name.startswith(".")}


def test_one_environment_keeps_the_others(tmp_path: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(CASE / "specs", tmp_path / "specs")
    monkeypatch.chdir(tmp_path)
    assert build(BuildOptions(Path("specs"), Path("out"), lint=False)).written
    full = _tree(tmp_path / "out")
    environments = {path.split("/")[0] for path in full if "/" in path}
    assert {"dev", "prod"} <= environments
    check = build(BuildOptions(Path("specs"), Path("out"), mode="check", env="prod", lint=False))
    assert check.changes is not None and not check.changes.stale
    result = build(BuildOptions(Path("specs"), Path("out"), env="prod", lint=False))
    assert result.ok and result.changes is not None
    assert result.changes.removed == []
    assert _tree(tmp_path / "out") == full
