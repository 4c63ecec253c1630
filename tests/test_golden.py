"""Golden cases: tests/cases/build-*/specs build exactly tests/cases/build-*/expected.

Regenerate with: .venv/bin/python -m pytest tests/test_golden.py --update-golden
(or SEGMENTGEN_UPDATE_GOLDEN=1).
"""

from __future__ import annotations

import difflib
import os
import shutil
from pathlib import Path

import pytest

from segmentgen.api import BuildOptions, build

CASES = Path(__file__).parent / "cases"
BUILD_CASES = sorted(p for p in CASES.glob("build-*") if (p / "specs").is_dir())
REGENERATE = "python -m pytest tests/test_golden.py --update-golden"


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


@pytest.mark.parametrize("case", BUILD_CASES, ids=[p.name for p in BUILD_CASES])
def test_golden(case: Path, tmp_path: Path, request: pytest.FixtureRequest,
                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    result = build(BuildOptions(Path("specs"), tmp_path / "out", lint=False))
    assert [d.render() for d in result.diagnostics if d.severity.label == "error"] == []
    produced = _tree(tmp_path / "out")
    expected_dir = case / "expected"
    update = request.config.getoption("--update-golden") or os.environ.get(
        "SEGMENTGEN_UPDATE_GOLDEN")
    if update:
        shutil.rmtree(expected_dir, ignore_errors=True)
        for name, content in produced.items():
            (expected_dir / name).parent.mkdir(parents=True, exist_ok=True)
            (expected_dir / name).write_bytes(content)
    expected = _tree(expected_dir)
    assert sorted(produced) == sorted(expected), f"file lists differ; regenerate: {REGENERATE}"
    for name in expected:
        if produced[name] != expected[name]:
            diff = "".join(difflib.unified_diff(
                expected[name].decode().splitlines(keepends=True),
                produced[name].decode().splitlines(keepends=True),
                f"expected/{name}", f"produced/{name}"))
            pytest.fail(f"{case.name}/{name} differs:\n{diff}\nregenerate: {REGENERATE}")
