"""Report stage: diagnostics and changes to text, and the exit code.

Input: a ``BuildResult``-like set of diagnostics and changes, and a format. Output: the
text for stdout (data: json, github, sarif), the text for stderr (prose: human), and the
exit code, owned here: 0 success, 1 stale output under --check, 2 usage error, 3 invalid
input (any error diagnostic, or a warning when warnings fail), 70 internal error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from segmentgen.core.diagnostics import Diagnostic, Severity
from segmentgen.core.jsonfile import canonical_text

EXIT_OK = 0
EXIT_STALE = 1
EXIT_USAGE = 2
EXIT_INVALID = 3
EXIT_INTERNAL = 70
FORMATS = ("human", "json", "github", "sarif")


@dataclass(frozen=True, slots=True)
class Report:
    diagnostics: tuple[Diagnostic, ...]
    stale: tuple[str, ...] = ()
    written: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    checked: bool = False
    specs_only: bool = False  # validate: the specs were checked, out/ was not compared

    @property
    def exit_code(self) -> int:
        if any(d.severity is Severity.ERROR for d in self.diagnostics):
            return EXIT_INVALID
        if self.checked and self.stale:
            return EXIT_STALE
        return EXIT_OK

    def counts(self) -> dict[str, int]:
        return {s.label: sum(1 for d in self.diagnostics if d.severity is s) for s in Severity}

    def summary(self) -> str:
        counts = self.counts()
        parts = [f"{counts[name]} {name}{'s' if counts[name] != 1 else ''}"
                 for name in ("error", "warning", "notice") if counts[name]]
        problems = ", ".join(parts) if parts else "no problems"
        if self.exit_code == EXIT_INVALID:
            return f"segmentgen: {problems}; nothing written"
        if self.specs_only:
            return f"segmentgen: specs are valid ({problems}); out/ was not compared"
        if self.checked:
            if self.stale:
                return f"segmentgen: {len(self.stale)} output file(s) stale; run segmentgen build"
            return f"segmentgen: output is current ({problems})"
        if self.written or self.removed:
            return (f"segmentgen: {len(self.written)} file(s) written, {len(self.removed)} "
                    f"removed ({problems})")
        return f"segmentgen: nothing changed ({problems})"


def human(diagnostics: Sequence[Diagnostic], color: bool = False) -> str:
    lines = []
    for d in diagnostics:
        text = d.render()
        if color:
            tint = {Severity.ERROR: "31", Severity.WARNING: "33", Severity.NOTICE: "36"}
            head, _, rest = text.partition(f" {d.severity.label} ")
            text = f"{head} \x1b[{tint[d.severity]}m{d.severity.label}\x1b[0m {rest}"
        lines.append(text)
    return "\n".join(lines) + ("\n" if lines else "")


def as_json(report: Report) -> str:
    data = {
        "diagnostics": [d.as_dict() for d in report.diagnostics],
        "stale": list(report.stale),
        "exit_code": report.exit_code,
    }
    return canonical_text(data)


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(diagnostics: Sequence[Diagnostic]) -> str:
    kinds = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "notice"}
    lines = []
    for d in diagnostics:
        message = d.message + (f" (hint: {d.hint})" if d.hint else "")
        lines.append(
            f"::{kinds[d.severity]} file={_escape_property(d.file)},line={d.line},col={d.col},"
            f"title={_escape_property(d.code)}::{_escape_data(message)}"
        )
    return "\n".join(lines) + ("\n" if lines else "")


def sarif(diagnostics: Sequence[Diagnostic]) -> str:
    from segmentgen.core.diagnostics import CODES

    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.NOTICE: "note"}
    codes = sorted({d.code for d in diagnostics})
    rules = [{"id": code, "shortDescription": {"text": CODES.get(code, code)}} for code in codes]
    results = [
        {
            "ruleId": d.code,
            "ruleIndex": codes.index(d.code),
            "level": levels[d.severity],
            "message": {"text": d.message + (f" Hint: {d.hint}" if d.hint else "")},
            "locations": [{"physicalLocation": {
                "artifactLocation": {"uri": d.file},
                "region": {"startLine": d.line, "startColumn": d.col},
            }}],
        }
        for d in diagnostics
    ]
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": {"name": "segmentgen", "rules": rules}},
                  "results": results}],
    }
    return canonical_text(log)
