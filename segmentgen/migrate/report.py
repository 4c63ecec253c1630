"""Migration report: what each Pinpoint-form segment becomes on Amazon Connect Customer Profiles.

Input: the project's segments and a ``CompileContext`` (one environment's settings). Output: a
``MigrationReport`` (plain frozen data, from ``assess``, the judgement ``segmentgen migrate``
acts on): per segment its status, definition name and one row per criterion (and base
segment): ``carried over``, ``carried over with a caveat`` (the caveat's text) or ``no
equivalent`` (why, and what to do), the segment's notes (undocumented combinators), and
coverage (criteria carried over / criteria); ``render_text`` for a terminal, ``as_data`` for
JSON and ``render_markdown`` (``templates/migrate-report.md.j2``) for a pull request.

Segment status: ``blocked`` when any criterion has no equivalent (the segment stays in
Pinpoint form), ``carried over with a caveat`` when a criterion or combinator has a caveat,
``carried over`` otherwise.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from segmentgen.compile import CompileContext
from segmentgen.core.diagnostics import Finding, Path
from segmentgen.core.model import Segment
from segmentgen.core.templating import environment
from segmentgen.migrate.assess import Assessment, assess

MARKDOWN_TEMPLATE = "migrate-report.md.j2"
MARKDOWN_SPECIAL = {
    "\\": "\\\\", "|": "\\|", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
    "<": "&lt;", ">": "&gt;", "&": "&amp;", "\n": "<br>", "\r": "<br>",
}
TITLE = "Migration to Amazon Connect Customer Profiles"
SEGMENT_HEADER = ("Segment", "Name", "Status", "Coverage", "Definition name", "Spec")
CRITERIA_HEADER = ("Criterion", "Spec path", "Status", "Profile attribute", "Mapping", "Note")
NOTES_HEADER = ("Spec path", "Code", "Note", "What to do")


class Status(enum.Enum):
    CARRIED = "carried over"
    CAVEAT = "carried over with a caveat"
    BLOCKED = "blocked"


class Carried(enum.Enum):
    CARRIED = "carried over"
    CAVEAT = "carried over with a caveat"
    NONE = "no equivalent"


@dataclass(frozen=True, slots=True)
class CriterionRow:
    path: str
    criterion: str
    status: Carried
    target: str  # the profile attribute and comparison; "" without an equivalent
    origin: str  # "default", "attribute_map" or ""
    code: str  # the caveat's or the reason's code; "" when carried over plainly
    note: str  # the caveat, or why there is no equivalent
    hint: str


@dataclass(frozen=True, slots=True)
class SegmentMigration:
    key: str
    name: str
    location: str
    status: Status
    definition_name: str
    rows: tuple[CriterionRow, ...]
    notes: tuple[CriterionRow, ...]  # caveats of the segment's combinators

    @property
    def coverage(self) -> tuple[int, int]:
        return sum(row.status is not Carried.NONE for row in self.rows), len(self.rows)


@dataclass(frozen=True, slots=True)
class MigrationReport:
    segments: tuple[SegmentMigration, ...]

    def counts(self) -> tuple[tuple[str, int], ...]:
        """(status label, number of segments) for every status, in the order of ``Status``."""
        return tuple((status.value, sum(item.status is status for item in self.segments))
                     for status in Status)

    def coverage(self) -> tuple[int, int]:
        carried = sum(item.coverage[0] for item in self.segments)
        return carried, sum(item.coverage[1] for item in self.segments)

    def summary(self) -> str:
        parts = ", ".join(f"{count} {label}" for label, count in self.counts())
        return (f"{len(self.segments)} segments: {parts}; "
                f"coverage {coverage_text(self.coverage())}")


def coverage_text(pair: tuple[int, int]) -> str:
    carried, total = pair
    share = f" ({100 * carried // total}%)" if total else ""
    return f"{carried}/{total} criteria carried over{share}"


def path_text(path: Path) -> str:
    """A data path as text: ``("Groups", 0, "Dimensions")`` -> ``Groups[0].Dimensions``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _finding_row(finding: Finding, status: Carried) -> CriterionRow:
    return CriterionRow(path_text(finding.path), path_text(finding.path[-2:]), status, "", "",
                        finding.code, finding.message, finding.hint or "")


def _migration(item: Assessment) -> SegmentMigration:
    segment = item.segment
    rows = []
    for carried in item.carried:
        caveats = carried.caveats
        rows.append(CriterionRow(
            path_text(carried.path), carried.label,
            Carried.CAVEAT if caveats else Carried.CARRIED, carried.target,
            "attribute_map" if carried.explicit else "default",
            " ".join(c.code for c in caveats), " ".join(c.message for c in caveats),
            " ".join(c.hint or "" for c in caveats)))
    rows.extend(_finding_row(finding, Carried.NONE) for finding in item.blocking)
    notes = tuple(_finding_row(f, Carried.CAVEAT) for f in item.caveats
                  if all(f is not c for row in item.carried for c in row.caveats))
    if item.blocked:
        status = Status.BLOCKED
    elif notes or any(row.status is Carried.CAVEAT for row in rows):
        status = Status.CAVEAT
    else:
        status = Status.CARRIED
    return SegmentMigration(segment.key, segment.name, f"{segment.file}:{segment.line}",
                            status, item.definition.name, tuple(rows), notes)


def migration_report(segments: Sequence[Segment], context: CompileContext) -> MigrationReport:
    return MigrationReport(tuple(_migration(item) for item in assess(segments, context)))


def render_text(report: MigrationReport) -> str:
    lines: list[str] = []
    for item in report.segments:
        lines.append(f"{item.key} ({item.location}): {item.status.value}, "
                     f"{coverage_text(item.coverage)}")
        if item.status is not Status.BLOCKED:
            lines.append(f"  definition name: {item.definition_name}")
        for row in (*item.rows, *item.notes):
            target = f" -> {row.target} ({row.origin})" if row.target else ""
            lines.append(f"  {row.criterion}{target}: {row.status.value}")
            if row.note:
                lines.append(f"    {row.code} {row.path}: {row.note}")
            if row.hint:
                lines.append(f"    hint: {row.hint}")
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


def as_data(report: MigrationReport) -> dict[str, Any]:
    """The report as plain data for JSON."""
    def row(value: CriterionRow) -> dict[str, Any]:
        return {"path": value.path, "criterion": value.criterion, "status": value.status.value,
                "target": value.target, "mapping": value.origin, "code": value.code,
                "note": value.note, "hint": value.hint}

    carried, total = report.coverage()
    return {"segments": [{
        "key": item.key, "name": item.name, "spec": item.location, "status": item.status.value,
        "definition_name": None if item.status is Status.BLOCKED else item.definition_name,
        "coverage": {"carried": item.coverage[0], "criteria": item.coverage[1]},
        "criteria": [row(r) for r in item.rows], "notes": [row(r) for r in item.notes],
    } for item in report.segments], "counts": dict(report.counts()),
        "coverage": {"carried": carried, "criteria": total}}


def markdown_cell(value: object) -> str:
    """Text safe inside one markdown table cell: no pipes, line breaks or inline markup."""
    text = str(value).replace("\r\n", "\n")
    return "".join(MARKDOWN_SPECIAL.get(character, character) for character in text)


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    tables: tuple[Table, ...]


def _table(title: str, header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[Table]:
    return [Table(title, header, tuple(rows))] if rows else []


def _sections(report: MigrationReport) -> list[Section]:
    counts = [(label, str(count)) for label, count in report.counts()]
    overview = [(item.key, item.name, item.status.value, coverage_text(item.coverage),
                 "none" if item.status is Status.BLOCKED else item.definition_name,
                 item.location) for item in report.segments]
    sections = [Section("Overview", (*_table("Segments by status", ("Status", "Segments"), counts),
                                     *_table("Segments", SEGMENT_HEADER, overview)))]
    for item in report.segments:
        rows = [(r.criterion, r.path, r.status.value, r.target, r.origin,
                 " ".join(part for part in (r.code, r.note, r.hint) if part)) for r in item.rows]
        notes = [(r.path, r.code, r.note, r.hint) for r in item.notes]
        sections.append(Section(f"{item.key}: {item.status.value}", (
            *_table("Criteria", CRITERIA_HEADER, rows), *_table("Notes", NOTES_HEADER, notes))))
    return sections


def render_markdown(report: MigrationReport) -> str:
    template = environment(cell=markdown_cell).get_template(MARKDOWN_TEMPLATE)
    text = template.render(title=TITLE, summary=report.summary(), sections=_sections(report))
    return text.rstrip("\n") + "\n"
