"""The one diagnostic type every stage reports with, and the catalogue of codes.

Input: nothing. Output: ``Diagnostic`` (a positioned, frozen finding), ``Finding`` (a finding
addressed by data path, before a position is looked up), ``Severity`` and ``CODES``.
Codes are grouped by stage: SG1xx load, SG2xx validate, SG3xx compile, SG4xx emit,
``cfn-lint:<rule>`` for cfn-lint findings.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from segmentgen.core.codes import ALL, SG702
from segmentgen.core.severity import Severity

__all__ = ["CODES", "Diagnostic", "Finding", "Path", "Severity", "has_errors", "missing_key",
           "sort_diagnostics"]

Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True, order=True)
class Diagnostic:
    file: str
    line: int
    col: int
    code: str
    message: str
    severity: Severity = Severity.ERROR
    hint: str | None = None

    def render(self) -> str:
        where = f"{self.file}:{self.line}:{self.col}"
        text = f"{where}: {self.severity.label} {self.code} {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "code": self.code,
            "severity": self.severity.label,
            "message": self.message,
            "hint": self.hint,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """A rule's result, addressed by a data path; positions are looked up once, later."""

    path: Path
    code: str
    message: str
    hint: str | None = None
    severity: Severity = Severity.ERROR
    at_key: bool = False  # point at the mapping key rather than its value
    # (line, column), 1-based, inside the string value at ``path`` (a SQL query's syntax
    # error): the loader turns it into the file position of that character
    within: tuple[int, int] | None = None


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=lambda d: (d.file, d.line, d.col, d.code, d.message))


# Code id -> title, for the README table and SARIF's rule descriptions.
CODES: dict[str, str] = {code: code.summary for code in ALL}


def missing_key(key: str, keys: Iterable[str], where: str) -> Diagnostic:
    """SG702 for ``key``, naming the closest existing key when one is near."""
    near = difflib.get_close_matches(key, sorted(keys), n=1, cutoff=0.6)
    hint = f"did you mean {near[0]!r}?" if near else "check the key: segment keys are the " \
        "names under 'segments:' in the spec files"
    return Diagnostic(where, 1, 1, SG702, f"no segment {key!r}", Severity.ERROR, hint)
