"""The invalid-input corpus: every entry of tests/invalid/cases.yaml must yield exactly its
expected diagnostics, as (code, line, column[, file]), through the library API; a few go
through the command line too. Add a row to the table to add a case.

Spec text may hold macros that keep long inputs on one line: ``${tab}``, ``${str:N}`` (N
characters), ``${list:N}`` (a flow list of N strings), ``${metrics:N}`` (N metric criteria),
``${tags:N}`` (N tags), ``${nest:N}`` (N nested flow lists).
Optional keys: ``files`` (more spec files), ``settings`` (segmentgen.yaml), ``outside`` (files
beside specs/) with ``links`` (symlinks in specs/ to them), ``env`` (build that environment),
``encoding`` (of the main file).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from segmentgen.api import BuildOptions, build, load_project
from segmentgen.cli import main
from segmentgen.core.diagnostics import CODES

CASES_FILE = Path(__file__).parent / "invalid" / "cases.yaml"
CASES: list[dict[str, Any]] = yaml.safe_load(CASES_FILE.read_text(encoding="utf-8"))
MAIN = "specs/a.yaml"
CLI_CASES = (
    "seed-metric-as-set-dimension",
    "seed-attribute-greater-than",
    "seed-group-dimensions-object",
    "yaml-tab-indentation",
    "cross-file-duplicate-key",
)


def _macro(match: re.Match[str]) -> str:
    kind, _, count = match.group(1).partition(":")
    n = int(count or 0)
    if kind == "tab":
        return "\t"
    if kind == "str":
        return "x" * n
    if kind == "list":
        return "[" + ", ".join(f"v{i}" for i in range(n)) + "]"
    if kind == "metrics":
        return "{" + ", ".join(f'm{i}: {{">": 1}}' for i in range(n)) + "}"
    if kind == "tags":
        return "{" + ", ".join(f"t{i}: v" for i in range(n)) + "}"
    if kind == "nest":
        return "[" * n + "]" * n
    raise ValueError(f"unknown macro {kind!r}")


def expand(text: str) -> str:
    return re.sub(r"\$\{([a-z]+(?::\d+)?)\}", _macro, text)


def write_specs(root: Path, case: dict[str, Any]) -> Path:
    specs = root / "specs"
    specs.mkdir()
    encoding = case.get("encoding", "utf-8")
    if "spec" in case:
        (specs / "a.yaml").write_bytes(expand(case["spec"]).encode(encoding))
    for name, text in (case.get("files") or {}).items():
        (specs / name).write_bytes(expand(text).encode("utf-8"))
    for name, text in (case.get("outside") or {}).items():
        (root / name).write_text(expand(text), encoding="utf-8")
    for name, target in (case.get("links") or {}).items():
        (specs / name).symlink_to(root / target if "/" not in target else Path(target))
    if "settings" in case:
        (specs / "segmentgen.yaml").write_text(expand(case["settings"]), encoding="utf-8")
    return specs


def expected(case: dict[str, Any]) -> list[tuple[str, int, int, str]]:
    rows = []
    for row in case["expect"]:
        code, line, col, *rest = row
        rows.append((code, line, col, f"specs/{rest[0]}" if rest else MAIN))
    return sorted(rows)


def diagnose(root: Path, case: dict[str, Any]) -> list[Any]:
    specs = write_specs(root, case)
    if "env" in case:
        return build(BuildOptions(specs, root / "out", mode="check", lint=False,
                                  env=case["env"])).diagnostics
    _, diagnostics, _ = load_project(specs)
    return diagnostics


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_invalid_case(case: dict[str, Any], tmp_path: Path,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    found = diagnose(tmp_path, case)
    got = sorted((d.code, d.line, d.col, d.file) for d in found)
    shown = "\n".join(d.render() for d in found)
    assert got == expected(case), f"diagnostics were:\n{shown}"
    for diagnostic in found:
        assert diagnostic.code in CODES
        assert diagnostic.message
        assert diagnostic.hint and diagnostic.hint.strip(), (
            f"{diagnostic.code} without a hint: {diagnostic.render()}")
    for needle in case.get("messages", []):
        assert needle in shown, f"{needle!r} not in:\n{shown}"


@pytest.mark.parametrize("name", CLI_CASES)
def test_invalid_case_through_cli(name: str, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    case = next(case for case in CASES if case["name"] == name)
    monkeypatch.chdir(tmp_path)
    write_specs(tmp_path, case)
    result = CliRunner().invoke(main, ["validate", "--specs", "specs"])
    assert result.exit_code == 3, result.output
    assert result.stdout == ""
    for code, line, col, file in expected(case):
        assert f"{file}:{line}:{col}: error {code} " in result.stderr, result.stderr


def test_corpus_is_large_and_names_are_unique() -> None:
    names = [case["name"] for case in CASES]
    assert len(names) >= 80
    assert len(set(names)) == len(names)


def test_corpus_covers_every_load_and_validate_code() -> None:
    covered = {row[0] for case in CASES for row in case["expect"]}
    wanted = {code for code in CODES if code.startswith(("SG1", "SG2"))}
    assert wanted <= covered, f"no case for {sorted(wanted - covered)}"


def test_readme_lists_every_code() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Diagnostic codes", 1)[1].split("\n## ", 1)[0]
    missing = [code for code in CODES if f"| {code} |" not in section]
    assert missing == [], f"README '## Diagnostic codes' lacks {missing}"
