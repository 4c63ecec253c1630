"""DuckDB counts Customer Profiles segments over a profile export.

Input: ``ProfilesSegment`` values (one, or every one for ``--all``), the project's Customer
Profiles segments by key, the export (a file, a directory of parts or a glob: JSON lines,
CSV or Parquet, see ``profiles_export``) and ``EstimateOptions``. Output: a
``ProfilesEstimate`` per segment: profiles read, matched (None when a SQL segment cannot be
answered), matched per group and diagnostics: the query's (SG602, SG603, SG606, SG612), the
data checks' (SG602 for a calculated attribute no profile holds, SG611 for values that cannot
be read as a criterion needs) and the export's (SG604 when it cannot be read, SG611 for what
was left out). The export is read once into a temporary table; each segment is one query.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity, sort_diagnostics
from segmentgen.estimate.match import EstimateOptions
from segmentgen.estimate.profiles_sql import (
    DEFAULT_OPTIONS,
    ProfilesQuery,
    ProfilesSegment,
    segment_query,
)

if TYPE_CHECKING:
    import duckdb


@dataclass(frozen=True, slots=True)
class ProfilesEstimate:
    segment: str
    profiles: int  # profile objects read
    matched: int | None  # None: a SQL segment the export cannot answer
    groups: tuple[int, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = field(default=())

    @property
    def complete(self) -> bool:
        """Whether the export was read (no SG604), so the counts describe it."""
        return not any(d.code == codes.SG604 for d in self.diagnostics)

    def as_dict(self) -> dict[str, object]:
        return {"segment": self.segment, "profiles": self.profiles, "matched": self.matched,
                "groups": list(self.groups),
                "diagnostics": [d.as_dict() for d in self.diagnostics]}


def estimate_profiles(segment: ProfilesSegment, export: str | os.PathLike[str], *,
                      segments: Mapping[str, ProfilesSegment] | None = None,
                      options: EstimateOptions = DEFAULT_OPTIONS) -> ProfilesEstimate:
    """The counts of ``segment`` over the export."""
    return estimate_all_profiles([segment], export, segments=segments or {},
                                 options=options)[0]


def estimate_all_profiles(counted: Sequence[ProfilesSegment], export: str | os.PathLike[str],
                          *, segments: Mapping[str, ProfilesSegment],
                          options: EstimateOptions = DEFAULT_OPTIONS) -> list[ProfilesEstimate]:
    """The counts of every segment of ``counted``, in order, from one read of the export."""
    import duckdb

    from segmentgen.estimate.engine import export_files
    from segmentgen.estimate.profiles_export import load

    files = export_files(export)
    if not files:
        return [_unreadable(counted, str(export), "no file matches")]
    connection = duckdb.connect(":memory:")
    try:
        connection.execute("SET TimeZone = 'UTC'")
        connection.execute("SET enable_progress_bar = false")
        loaded = load(connection, files)
        if loaded.problem is not None:
            return [_unreadable(counted, str(export), loaded.problem)]
        notes = tuple(Diagnostic(str(export), 1, 1, codes.SG611, f"profile export: {what} "
                                 "left out", Severity.WARNING, "each profile is one Profile "
                                 "object (README: Customer Profiles exports)")
                      for what in loaded.skipped)
        return [_count(connection, segment, segments, options, notes) for segment in counted]
    except (duckdb.Error, OSError) as error:
        return [_unreadable(counted, str(export), str(error).splitlines()[0])]
    finally:
        connection.close()


def _count(connection: duckdb.DuckDBPyConnection, segment: ProfilesSegment,
           segments: Mapping[str, ProfilesSegment], options: EstimateOptions,
           notes: tuple[Diagnostic, ...]) -> ProfilesEstimate:
    import duckdb

    query = segment_query(segment, segments, options=options, checks=True)
    total = connection.execute("SELECT count(*) FROM profiles").fetchone()
    profiles = int(total[0]) if total else 0
    if not query.answerable:
        return ProfilesEstimate(segment.key, profiles, None, (), (*query.diagnostics, *notes))
    try:
        row = connection.execute(query.text).fetchone()
    except duckdb.Error as error:
        return ProfilesEstimate(segment.key, profiles, None, (), tuple(sort_diagnostics([
            *query.diagnostics, *notes, _failed(segment, query, error)])))
    values = [int(v) for v in row or ()]
    groups = tuple(values[2:2 + query.groups])
    found = [check.finding(count) for check, count in zip(
        query.checks, values[2 + query.groups:], strict=True)]
    return ProfilesEstimate(segment.key, values[0], values[1], groups, tuple(sort_diagnostics(
        [*query.diagnostics, *notes, *(d for d in found if d is not None)])))


def _failed(segment: ProfilesSegment, query: ProfilesQuery, error: Exception) -> Diagnostic:
    line, col = segment.position(("SegmentSqlQuery",))
    return Diagnostic(segment.file, line, col, codes.SG612, f"segment {segment.key}: its SQL "
                      "query cannot be answered from the profile export: "
                      f"{str(error).splitlines()[0]}", Severity.WARNING,
                      "the query reads the profile's fields as README: Customer Profiles "
                      "exports names them")


def _unreadable(counted: Sequence[ProfilesSegment], export: str,
                why: str) -> ProfilesEstimate:
    key = counted[0].key if counted else ""
    return ProfilesEstimate(key, 0, 0, (), (Diagnostic(
        export, 1, 1, codes.SG604, f"profile export cannot be read: {why}", Severity.ERROR,
        "pass a Customer Profiles profile export: JSON lines (optionally gzipped), CSV or "
        "Parquet, a file, a directory or a glob of parts"),))
