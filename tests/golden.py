"""The one harness for every golden case family (build-*, cp-*, diff-*, envs-*, show-*).

Input: a case directory ``tests/cases/<name>`` and what the code under test produced for it,
either a directory (a file tree such as ``out/``) or named texts (``stdout``, ``diff.md``).
Output: nothing when the produced files equal the case's ``expected/`` byte for byte; otherwise
a pytest failure holding a unified diff per differing file and the command that regenerates the
goldens. In update mode (``pytest --update-golden`` or ``SEGMENTGEN_UPDATE_GOLDEN=1``) the
produced files are written into ``expected/`` instead: changed files rewritten, stale ones
removed, identical ones left untouched.

Tests get a :class:`Golden` through the ``golden`` fixture (tests/conftest.py), which also
marks them ``golden``: ``make golden`` (``pytest -m golden --update-golden``) regenerates all.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

UPDATE_VARIABLE = "SEGMENTGEN_UPDATE_GOLDEN"
REGENERATE_ALL = "make golden  (or: .venv/bin/python -m pytest -m golden --update-golden)"


def update_requested(config: pytest.Config) -> bool:
    """True when ``--update-golden`` is given or SEGMENTGEN_UPDATE_GOLDEN is set (not to 0)."""
    flag = bool(config.getoption("--update-golden", default=False))
    return flag or os.environ.get(UPDATE_VARIABLE, "") not in ("", "0")


def read_tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` by its POSIX path relative to ``root`` (empty when absent)."""
    if not root.is_dir():
        return {}
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


def _lines(content: bytes | None) -> list[str]:
    if content is None:
        return []
    return content.decode("utf-8", errors="replace").splitlines(keepends=True)


def _presence(name: str, expected: bytes | None, produced: bytes | None) -> str:
    if expected is None:
        return f"{name}: produced, but not in expected/\n"
    if produced is None:
        return f"{name}: in expected/, but not produced\n"
    return ""


def file_diff(name: str, expected: bytes | None, produced: bytes | None) -> str:
    """A unified diff of one file; a missing side diffs as /dev/null and is named as missing."""
    before = f"expected/{name}" if expected is not None else "/dev/null"
    after = f"produced/{name}" if produced is not None else "/dev/null"
    lines = difflib.unified_diff(_lines(expected), _lines(produced), before, after)
    diff = "".join(line if line.endswith("\n") else f"{line}\n\\ No newline at end of file\n"
                   for line in lines)
    if not diff and expected is not None and produced is not None:
        diff = f"{name}: the bytes differ where the text does not (encoding)\n"
    return _presence(name, expected, produced) + diff


def tree_diff(expected: Mapping[str, bytes], produced: Mapping[str, bytes]) -> str:
    """Unified diffs of every file that differs, is missing or is extra; '' when equal."""
    names = sorted(set(expected) | set(produced))
    return "".join(file_diff(name, expected.get(name), produced.get(name)) for name in names
                   if expected.get(name) != produced.get(name))


def write_tree(root: Path, produced: Mapping[str, bytes]) -> None:
    """Make ``root`` hold exactly ``produced``, writing only the files whose bytes differ."""
    current = read_tree(root)
    for name in sorted(set(current) - set(produced)):
        (root / name).unlink()
    for name, content in sorted(produced.items()):
        if current.get(name) != content:
            (root / name).parent.mkdir(parents=True, exist_ok=True)
            (root / name).write_bytes(content)
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), reverse=True):
        if not any(folder.iterdir()):
            folder.rmdir()


@dataclass(frozen=True)
class Golden:
    """Compares produced output with a case's ``expected/``, or rewrites it in update mode.

    ``test_id`` names the running test, so a failure can say how to regenerate just that case.
    """

    update: bool
    test_id: str = ""

    def check_tree(self, case: Path, produced: Path) -> None:
        """The files under ``produced`` must be exactly ``case/expected``."""
        self.check(case, read_tree(produced))

    def check_text(self, case: Path, name: str, produced: str) -> None:
        """``case/expected`` must hold exactly one file, ``name``, with the text ``produced``."""
        self.check(case, {name: produced.encode("utf-8")})

    def check(self, case: Path, produced: Mapping[str, bytes]) -> None:
        """``case/expected`` must hold exactly ``produced`` (path → bytes)."""
        expected_dir = case / "expected"
        if self.update:
            write_tree(expected_dir, produced)
            return
        diff = tree_diff(read_tree(expected_dir), produced)
        if diff:
            pytest.fail(f"{case.name}: produced output differs from {expected_dir}\n{diff}\n"
                        f"{self.regenerate()}", pytrace=False)

    def regenerate(self) -> str:
        """The commands that rewrite the goldens: every case, and this test's cases alone."""
        text = f"regenerate every golden case: {REGENERATE_ALL}"
        if self.test_id:
            text += (f"\nregenerate this case only: .venv/bin/python -m pytest "
                     f"'{self.test_id}' --update-golden")
        return text
