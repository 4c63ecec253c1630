"""Base segment references: one check for the high-level and the native form, and base
segments in the same application as the segment using them.

The failing cases are rows of tests/invalid/cases.yaml (SG219, SG225); here are the valid
neighbours that must stay valid, and the proof that both forms run the same function.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from segmentgen import validate
from segmentgen.api import load_project
from segmentgen.core.diagnostics import Diagnostic, Finding

SEGMENT_ID = "8d1f0c2e4b7a4e6f9c3d2b1a0f9e8d7c"
APP = "0123456789abcdef0123456789abcdef"


def _diagnose(tmp_path: Path, spec: str, settings: str | None = None) -> list[Diagnostic]:
    specs = tmp_path / "specs"
    specs.mkdir(parents=True)
    (specs / "a.yaml").write_text(spec, "utf-8")
    if settings is not None:
        (specs / "segmentgen.yaml").write_text(settings, "utf-8")
    _, diagnostics, _ = load_project(specs)
    return diagnostics


def _using(base: str, own: str = "", base_app: str = "") -> str:
    return (f"segments:\n  winter-sale:\n    name: Winter Sale\n{base_app}"
            f"    where: {{country: [NO]}}\n  lapsed:\n    name: Lapsed\n{own}"
            f"    groups:\n      list:\n        - base: [{base}]\n")


HIGH_LEVEL = _using("winter-sael")
NATIVE = ("segments:\n  winter-sale:\n    name: Winter Sale\n    where: {country: [NO]}\n"
          "  lapsed:\n    name: Lapsed\n    segment_groups:\n      Groups:\n"
          "        - SourceSegments: [{Id: winter-sael}]\n")


@pytest.mark.parametrize("spec", [HIGH_LEVEL, NATIVE], ids=["high-level", "native"])
def test_both_forms_report_the_typo_through_one_function(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spec: str) -> None:
    calls: list[str] = []

    def silent(native: Any, key: str, keys: Any) -> Iterator[Finding]:
        calls.append(key)
        return iter(())

    found = _diagnose(tmp_path / "one", spec)
    assert [(d.code, d.line) for d in found] == [("SG219", 9)]
    assert "did you mean" in (found[0].hint or "") and "winter-sale" in (found[0].hint or "")
    monkeypatch.setattr(validate, "check_references", silent)
    assert _diagnose(tmp_path / "two", spec) == []
    assert "lapsed" in calls


@pytest.mark.parametrize("base", ["winter-sale", f"{{id: {SEGMENT_ID}, version: 2}}"])
def test_keys_and_well_formed_ids_are_references(tmp_path: Path, base: str) -> None:
    assert _diagnose(tmp_path, _using(base)) == []


VALID_APPLICATIONS = [
    ("same literal", f"    application: {APP}\n", f"    application: {APP}\n", None),
    ("literal equal to the settings' id", f"    application: {APP}\n", "",
     f"application: {{id: {APP}}}\n"),
    ("parameter without a value", f"    application: {APP}\n", "",
     "application: {parameter: App}\n"),
    ("an export", f"    application: {APP}\n", "", "application: {import: shared-app}\n"),
    ("customer profiles has no applications", f"    application: {APP}\n", "",
     "target: customer-profiles\napplication: {create: segmentgen}\n"),
    ("skipped where it differs", f"    application: {APP}\n", "",
     f"shared_application: true\nenvironments:\n  prod: {{application: {APP}}}\n"
     "  dev:\n    application: {create: x}\n    segments: {lapsed: {skip: true}}\n"),
]


@pytest.mark.parametrize(("own", "base_app", "settings"), [v[1:] for v in VALID_APPLICATIONS],
                         ids=[v[0] for v in VALID_APPLICATIONS])
def test_base_in_the_same_or_an_unknown_application_is_valid(
        tmp_path: Path, own: str, base_app: str, settings: str | None) -> None:
    found = _diagnose(tmp_path, _using("winter-sale", own, base_app), settings)
    assert [d.render() for d in found] == []


def test_base_in_another_application_is_left_out_of_the_project(tmp_path: Path) -> None:
    specs = tmp_path / "specs"
    specs.mkdir()
    (specs / "a.yaml").write_text(_using("winter-sale", f"    application: {APP}\n"), "utf-8")
    (specs / "segmentgen.yaml").write_text("application: {create: segmentgen}\n", "utf-8")
    project, diagnostics, _ = load_project(specs)
    assert [d.code for d in diagnostics] == ["SG225"]
    assert "'segmentgen' (created by the build)" in diagnostics[0].message
    assert project is not None and "lapsed" not in project.by_key()
