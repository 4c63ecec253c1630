"""The shipped specs/ rebuild the committed out/ exactly, with cfn-lint finding no error."""

from __future__ import annotations

from pathlib import Path

import pytest

from segmentgen.api import BuildOptions, build

ROOT = Path(__file__).resolve().parent.parent


def test_shipped_specs_rebuild_committed_out(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = build(BuildOptions(Path("specs"), Path("out"), mode="check"))
    errors = [d.render() for d in result.diagnostics if d.severity.label == "error"]
    assert errors == []
    assert result.changes is not None
    stale = [*result.changes.added, *result.changes.changed, *result.changes.removed]
    assert stale == [], "out/ is stale: run make run and commit out/"
