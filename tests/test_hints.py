"""Every diagnostic says how to fix it: it carries a hint.

Two sides of one rule. The code side reads every module of segmentgen and finds each place
that makes a diagnostic (``Diagnostic``, ``Finding``, the loader's ``LoadError`` and its
``_error`` shorthand): each must pass a hint. The run side checks diagnostics that no spec
row of tests/invalid/cases.yaml makes (that table's test asserts a hint on each of its rows):
a specs directory that is missing or a file, and a spec file that cannot be read.
"""

from __future__ import annotations

import ast
import os
from pathlib import Path

import pytest

from segmentgen.api import load_project

PACKAGE = Path(__file__).parent.parent / "segmentgen"
# Constructor name -> the position of ``hint`` among its positional arguments (``report``,
# the estimator's, takes it by keyword only).
HINT_POSITION = {"Diagnostic": 6, "Finding": 3, "LoadError": 4, "_error": 3, "report": 99}
# Names that make diagnostics only in one module (lint_serve's ``_error`` answers a client).
ONLY_IN = {"_error": "load_events.py", "report": "estimate"}


def _called(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    return node.func.attr if isinstance(node.func, ast.Attribute) else None


def _without_hint(node: ast.Call, position: int) -> bool:
    if any(isinstance(arg, ast.Starred) for arg in node.args):
        return False  # rebuilt from stored fields, hint included
    keywords = {keyword.arg: keyword.value for keyword in node.keywords}
    if None in keywords:
        return False  # **fields
    given = node.args[position] if len(node.args) > position else keywords.get("hint")
    return given is None or (isinstance(given, ast.Constant) and not given.value)


def _places_without_hint() -> list[str]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            name = _called(node) if isinstance(node, ast.Call) else None
            if name not in HINT_POSITION or not path.name.startswith(ONLY_IN.get(name, "")):
                continue
            if _without_hint(node, HINT_POSITION[name]):  # type: ignore[arg-type]
                found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}: {name}(...)")
    return found


def test_every_diagnostic_made_in_the_code_has_a_hint() -> None:
    assert _places_without_hint() == []


def test_the_scan_finds_a_diagnostic_without_a_hint() -> None:
    call = ast.parse('Diagnostic(f, 1, 1, "SG101", "message")').body[0].value  # type: ignore[attr-defined]
    assert _without_hint(call, HINT_POSITION["Diagnostic"])
    given = ast.parse('Finding(p, "SG201", "m", hint="h")').body[0].value  # type: ignore[attr-defined]
    assert not _without_hint(given, HINT_POSITION["Finding"])


@pytest.mark.parametrize("make", ["missing", "file"])
def test_specs_directory_that_is_not_one_has_a_hint(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make: str) -> None:
    monkeypatch.chdir(tmp_path)
    if make == "file":
        Path("specs").write_text("segments: {}\n", "utf-8")
    project, diagnostics, _ = load_project(Path("specs"))
    assert project is None
    assert [(d.code, d.file) for d in diagnostics] == [("SG101", "specs")]
    assert diagnostics[0].hint and "--specs" in diagnostics[0].hint


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_spec_file_has_a_hint(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("specs").mkdir()
    Path("specs/a.yaml").write_text("segments: {}\n", "utf-8")
    Path("specs/a.yaml").chmod(0)
    _, diagnostics, _ = load_project(Path("specs"))
    assert [d.code for d in diagnostics] == ["SG101"]
    assert diagnostics[0].hint
