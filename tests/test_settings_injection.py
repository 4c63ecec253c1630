"""Settings values reach templates, so dynamic references are refused there too."""

from __future__ import annotations

from pathlib import Path

from segmentgen.api import load_project


def test_dynamic_reference_in_settings_is_refused(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "segmentgen.yaml").write_text(
        "tags:\n  owner: '{{resolve:ssm:/secret}}'\n", "utf-8")
    _, diagnostics, _ = load_project(specs)
    found = [(d.code, d.line, d.col) for d in diagnostics]
    assert found == [("SG224", 2, 10)]
