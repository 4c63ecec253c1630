"""Golden cases: tests/cases/build-*/specs build exactly tests/cases/build-*/expected.

The comparison is tests/golden.py's; regenerate every golden case with ``make golden``
(``pytest -m golden --update-golden``, or SEGMENTGEN_UPDATE_GOLDEN=1).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from golden import Golden

from segmentgen.api import BuildOptions, build

CASES = Path(__file__).parent / "cases"
BUILD_CASES = sorted(p for p in CASES.glob("build-*") if (p / "specs").is_dir())


@pytest.mark.parametrize("case", BUILD_CASES, ids=[p.name for p in BUILD_CASES])
def test_golden(case: Path, tmp_path: Path, golden: Golden,
                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)
    result = build(BuildOptions(Path("specs"), tmp_path / "out", lint=False))
    assert [d.render() for d in result.diagnostics if d.severity.label == "error"] == []
    golden.check_tree(case, tmp_path / "out")
