"""The one diagnostic type every stage reports with, and the catalogue of codes.

Input: nothing. Output: ``Diagnostic`` (a positioned, frozen finding), ``Finding`` (a finding
addressed by data path, before a position is looked up), ``Severity`` and ``CODES``.
Codes are grouped by stage: SG1xx load, SG2xx validate, SG3xx compile, SG4xx emit,
``cfn-lint:<rule>`` for cfn-lint findings.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable
from dataclasses import dataclass

Path = tuple[str | int, ...]


class Severity(enum.IntEnum):
    """Ordered so that ``max()`` of a report gives its worst finding."""

    NOTICE = 1
    WARNING = 2
    ERROR = 3

    @property
    def label(self) -> str:
        return self.name.lower()


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


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def sort_diagnostics(diagnostics: Iterable[Diagnostic]) -> list[Diagnostic]:
    return sorted(set(diagnostics), key=lambda d: (d.file, d.line, d.col, d.code, d.message))


CODES: dict[str, str] = {
    # load
    "SG101": "file cannot be read or is not UTF-8 text",
    "SG102": "YAML syntax error",
    "SG103": "YAML tag, merge key or undefined alias in a spec",
    "SG104": "duplicate key in a mapping",
    "SG105": "document nesting, size or count beyond the limit",
    "SG106": "spec file is not a mapping with a 'segments' mapping",
    "SG107": "spec symlink leads outside the specs directory (skipped)",
    # validate: spec structure
    "SG201": "unknown key",
    "SG202": "required key missing",
    "SG203": "value has the wrong type",
    "SG204": "value not in the allowed set",
    "SG205": "invalid segment key",
    "SG206": "duplicate segment key or logical ID",
    "SG207": "duplicate segment name within one application",
    "SG208": "invalid date or time",
    "SG209": "BETWEEN needs exactly two values in order",
    "SG210": "unknown country code",
    "SG211": "coordinate or range out of bounds",
    "SG212": "number is not finite or too large",
    "SG213": "Dimensions and SegmentGroups are mutually exclusive",
    "SG214": "segment has no criteria",
    "SG215": "too many segment groups",
    "SG216": "imported base segment must stand alone",
    "SG217": "quota exceeded",
    "SG218": "invalid tag",
    "SG219": "base segment reference points at nothing",
    "SG220": "base segment references form a cycle",
    "SG221": "empty list or mapping",
    "SG222": "invalid value",
    "SG223": "invalid project settings",
    "SG224": "CloudFormation dynamic reference ('{{resolve:') in a spec value",
    "SG225": "base segment is in another application",
    # compile
    "SG301": "no equivalent in the target",
    "SG302": "template beyond a CloudFormation limit",
    "SG303": "change replaces the resource",
    "SG304": "change destroys a deployed resource that others use",
    # emit
    "SG401": "output path not allowed",
    "SG402": "output cannot be written",
    "SG403": "output is stale",
    "SG404": "another build holds the lock",
    "SG405": "damaged journal or manifest in the output ignored",
    # lint
    "SG501": "Amazon Pinpoint has reached end of support",
    # estimate
    "SG601": "endpoint export line is not a JSON object; skipped",
    "SG602": "criterion has no endpoint field in an export; never matches",
    "SG603": "base segment cannot be evaluated locally; left out",
    "SG604": "file cannot be read",
    "SG605": "imported segment has no criteria; count its records instead",
    "SG606": "criterion value cannot be evaluated; never matches",
    # edit (new, delete, import)
    "SG701": "segment key already exists",
    "SG702": "no segment with this key",
    "SG703": "segment is a base segment of other segments",
    "SG704": "spec file cannot be edited in place",
    "SG705": "template content has no spec equivalent",
}
