"""Migration report: what each Pinpoint segment becomes on Amazon Connect Customer Profiles.

Input: the segments of one stack and a ``CompileContext`` (as for the customer-profiles
target). Output: a ``MigrationReport`` (plain frozen data: per segment its status, the
definition name, every carried criterion with its profile attribute, and the reasons it is
blocked, which are the SG301 findings of the compiler), plus ``render_text`` for a terminal and
``render_markdown`` (``templates/migrate-report.md.j2``) for a pull request or an issue.

Status: ``blocked`` when any criterion has no equivalent; ``carried with mapping`` when some
criterion relies on an ``attribute_map`` entry; ``carried over`` otherwise (default mappings
only: ``Attributes.<name>``, ``Address.Country``, base segments by definition name).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass

from segmentgen.compile import CompileContext
from segmentgen.compile.customer_profiles import Definition, plan_definitions
from segmentgen.core.diagnostics import Path
from segmentgen.core.model import Segment
from segmentgen.core.templating import environment

MARKDOWN_TEMPLATE = "migrate-report.md.j2"
MARKDOWN_SPECIAL = {
    "\\": "\\\\",
    "|": "\\|",
    "`": "\\`",
    "*": "\\*",
    "_": "\\_",
    "[": "\\[",
    "]": "\\]",
    "<": "&lt;",
    ">": "&gt;",
    "&": "&amp;",
    "\n": "<br>",
    "\r": "<br>",
}
TITLE = "Migration to Amazon Connect Customer Profiles"
SEGMENT_HEADER = ("Segment", "Name", "Status", "Definition name", "Spec")
CARRIED_HEADER = ("Criterion", "Spec path", "Profile attribute", "Mapping")
BLOCKED_HEADER = ("Spec path", "Code", "Why", "What to do")


class Status(enum.Enum):
    CARRIED = "carried over"
    MAPPED = "carried with mapping"
    BLOCKED = "blocked"


@dataclass(frozen=True, slots=True)
class CarriedRow:
    path: str
    criterion: str
    target: str
    origin: str  # "default" or "attribute_map"


@dataclass(frozen=True, slots=True)
class BlockedRow:
    path: str
    code: str
    message: str
    hint: str


@dataclass(frozen=True, slots=True)
class SegmentMigration:
    key: str
    name: str
    location: str
    status: Status
    definition_name: str
    carried: tuple[CarriedRow, ...]
    blocked: tuple[BlockedRow, ...]


@dataclass(frozen=True, slots=True)
class MigrationReport:
    segments: tuple[SegmentMigration, ...]

    def counts(self) -> tuple[tuple[str, int], ...]:
        """(status label, number of segments) for every status, in the order of ``Status``."""
        return tuple(
            (status.value, sum(item.status is status for item in self.segments))
            for status in Status
        )

    def summary(self) -> str:
        parts = ", ".join(f"{count} {label}" for label, count in self.counts())
        return f"{len(self.segments)} segments: {parts}"


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    tables: tuple[Table, ...]


def path_text(path: Path) -> str:
    """A data path as text: ``("Groups", 0, "Dimensions")`` -> ``Groups[0].Dimensions``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _migration(definition: Definition) -> SegmentMigration:
    segment = definition.segment
    carried = tuple(
        CarriedRow(
            path_text(item.path),
            item.label,
            item.target,
            "attribute_map" if item.explicit else "default",
        )
        for item in definition.mappings
    )
    blocked = tuple(
        BlockedRow(path_text(finding.path), finding.code, finding.message, finding.hint or "")
        for finding in definition.findings
    )
    if blocked:
        status = Status.BLOCKED
    elif any(item.explicit for item in definition.mappings):
        status = Status.MAPPED
    else:
        status = Status.CARRIED
    return SegmentMigration(
        key=segment.key,
        name=segment.name,
        location=f"{segment.file}:{segment.line}",
        status=status,
        definition_name=definition.name,
        carried=carried,
        blocked=blocked,
    )


def migration_report(segments: Sequence[Segment], context: CompileContext) -> MigrationReport:
    return MigrationReport(tuple(_migration(d) for d in plan_definitions(segments, context)))


def render_text(report: MigrationReport) -> str:
    lines: list[str] = []
    for item in report.segments:
        lines.append(f"{item.key} ({item.location}): {item.status.value}")
        if item.status is not Status.BLOCKED:
            lines.append(f"  definition name: {item.definition_name}")
        for row in item.carried:
            lines.append(f"  {row.criterion} -> {row.target} ({row.origin})")
        for blocked in item.blocked:
            lines.append(f"  {blocked.code} {blocked.path}: {blocked.message}")
            if blocked.hint:
                lines.append(f"    hint: {blocked.hint}")
    lines.append(report.summary())
    return "\n".join(lines) + "\n"


def markdown_cell(value: object) -> str:
    """Text safe inside one markdown table cell: no pipes, line breaks or inline markup."""
    text = str(value).replace("\r\n", "\n")
    return "".join(MARKDOWN_SPECIAL.get(character, character) for character in text)


def _table(title: str, header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[Table]:
    return [Table(title, header, tuple(rows))] if rows else []


def _shown_name(item: SegmentMigration) -> str:
    return "none" if item.status is Status.BLOCKED else item.definition_name


def _sections(report: MigrationReport) -> list[Section]:
    counts = [(label, str(count)) for label, count in report.counts()]
    overview = [
        (item.key, item.name, item.status.value, _shown_name(item), item.location)
        for item in report.segments
    ]
    sections = [
        Section(
            "Overview",
            (
                *_table("Segments by status", ("Status", "Segments"), counts),
                *_table("Segments", SEGMENT_HEADER, overview),
            ),
        )
    ]
    for item in report.segments:
        carried = [(row.criterion, row.path, row.target, row.origin) for row in item.carried]
        blocked = [(row.path, row.code, row.message, row.hint) for row in item.blocked]
        tables = (
            *_table("Carried criteria", CARRIED_HEADER, carried),
            *_table("Blocked criteria", BLOCKED_HEADER, blocked),
        )
        sections.append(Section(f"{item.key}: {item.status.value}", tables))
    return sections


def render_markdown(report: MigrationReport) -> str:
    template = environment(cell=markdown_cell).get_template(MARKDOWN_TEMPLATE)
    text = template.render(title=TITLE, summary=report.summary(), sections=_sections(report))
    return text.rstrip("\n") + "\n"
