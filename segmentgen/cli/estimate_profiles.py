"""``segmentgen estimate`` for segments with ``target: customer-profiles``.

Input: the segment (or, for ``--all``, every Customer Profiles segment), the project's
segments, the profile export (``--profiles``: JSON lines, CSV or Parquet; a file, a directory
or a glob of parts), or ``--sql`` with a dialect and table name. Output: on stdout the counts
(human: segment, profiles read, matched, one line per group; json: the estimate with its
diagnostics and exit code), the ``--all`` table (one line per segment key), or the query;
diagnostics on stderr. DuckDB counts (``estimate.profiles_engine``); there is no Python
evaluator of Customer Profiles segments.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import click

from segmentgen.cli.counts import group_lines, print_counts, print_query
from segmentgen.core.diagnostics import Diagnostic

if TYPE_CHECKING:
    from segmentgen.core.model import Segment
    from segmentgen.estimate.profiles_engine import ProfilesEstimate


def check_usage(key: str, endpoints: Path | None, profiles: Path | None, engine: str,
                print_sql: bool) -> None:
    """A Customer Profiles segment is measured over --profiles, by DuckDB."""
    if endpoints is not None:
        raise click.UsageError(f"segment {key!r} has target: customer-profiles: measure it "
                               "over a profile export with --profiles, not --endpoints.")
    if profiles is None and not print_sql:
        raise click.UsageError(f"Missing option '--profiles': segment {key!r} has target: "
                               "customer-profiles (or pass --sql).")
    if engine != "duckdb":
        raise click.UsageError("Customer Profiles segments are counted by DuckDB: leave out "
                               "--engine python.")


def estimate_one(segment: Segment, segments: Mapping[str, Segment], profiles: Path | None,
                 print_sql: bool, dialect: str | None, table: str | None,
                 diagnostics: list[Diagnostic], output_format: str) -> int:
    """The counts of one Customer Profiles segment, or its query with --sql."""
    from segmentgen.estimate.profiles_project import profiles_segments, to_profiles

    found = profiles_segments(segments.values())
    if print_sql:
        return _print_sql(segment, found, dialect or "duckdb", table or "profiles", diagnostics)
    from segmentgen.estimate.profiles_engine import estimate_profiles

    assert profiles is not None
    result = estimate_profiles(to_profiles(segment), profiles, segments=found)
    return _print_estimate(result, diagnostics, output_format)


def _print_sql(segment: Segment, found: Mapping[str, object], dialect: str, table: str,
               diagnostics: list[Diagnostic]) -> int:
    from segmentgen.estimate.profiles_project import to_profiles
    from segmentgen.estimate.profiles_sql import ProfilesSegment, segment_query

    segments = {k: v for k, v in found.items() if isinstance(v, ProfilesSegment)}
    query = segment_query(to_profiles(segment), segments, dialect=dialect, table=table)
    return print_query(query.text, [*diagnostics, *query.diagnostics])


def _print_estimate(result: ProfilesEstimate, diagnostics: list[Diagnostic],
                    output_format: str) -> int:
    matched = "-" if result.matched is None else str(result.matched)
    human = (f"segment: {result.segment}\nprofiles read: {result.profiles}\n"
             f"matched: {matched}\n{group_lines(result.groups)}")
    return print_counts(result.as_dict(), result.complete, [*diagnostics, *result.diagnostics],
                        output_format, human)


def estimate_all_profiles(segments: Mapping[str, Segment],
                          profiles: Path) -> list[ProfilesEstimate]:
    """Every Customer Profiles segment's estimate, in key order, from one read of the export."""
    from segmentgen.estimate.profiles_engine import estimate_all_profiles as count_all
    from segmentgen.estimate.profiles_project import is_profiles, profiles_segments, to_profiles

    counted = [to_profiles(segments[key]) for key in sorted(segments)
               if is_profiles(segments[key])]
    if not counted:
        return []
    return count_all(counted, profiles, segments=profiles_segments(segments.values()))


def table(results: Sequence[ProfilesEstimate]) -> str:
    """The human table: profiles read, then ``key matched`` per segment."""
    rows = [("segment", "matched")]
    rows += [(r.segment, "-" if r.matched is None else str(r.matched)) for r in results]
    widths = [max(len(row[i]) for row in rows) for i in range(2)]
    read = max((r.profiles for r in results), default=0)
    return f"profiles read: {read}\n" + "".join(
        f"{key:<{widths[0]}}  {matched:>{widths[1]}}".rstrip() + "\n" for key, matched in rows)
