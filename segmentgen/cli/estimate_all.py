"""``segmentgen estimate --all``: every segment of the project counted over one export.

Input: the project's segments by key, the project's diagnostics, the export, the as-of
instant, the engine (duckdb: one query, one pass over the export; python: the evaluator once
per segment) and the output format. Output: on stdout one line per segment key, in key order,
with its matched and sendable counts (human; an imported segment shows ``-`` and its SG605
notice) or a list of the per-segment estimates in key order (json); the diagnostics on
stderr, each once; a progress indication on stderr only when stderr is a terminal.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from segmentgen.cli.options import color, emit_report
from segmentgen.core.dates import to_utc
from segmentgen.core.diagnostics import Diagnostic, Severity, sort_diagnostics
from segmentgen.report import outcome as report
from segmentgen.report.outcome import Report

if TYPE_CHECKING:
    from segmentgen.core.model import Segment
    from segmentgen.estimate.count import Estimate
    from segmentgen.estimate.profiles_engine import ProfilesEstimate


def estimate_all(segments: Mapping[str, Segment], diagnostics: list[Diagnostic],
                 endpoints: Path | None, instant: datetime, engine: str, output_format: str,
                 profiles: Path | None = None) -> int:
    """Count every segment and print the table (or only the diagnostics when incomplete):
    the Pinpoint-form segments over ``endpoints``, the Customer Profiles ones over
    ``profiles``, each when given."""
    if not segments and any(d.severity is Severity.ERROR for d in diagnostics):
        return emit_report(Report(tuple(sort_diagnostics(diagnostics))), output_format)
    counted = [segments[key] for key in sorted(segments) if segments[key].profiles is None]
    results = _count_all(counted, segments, endpoints, instant, engine, output_format) \
        if endpoints is not None else []
    measured = _profiles(segments, profiles, engine)
    every: list[Estimate | ProfilesEstimate] = [*results, *measured]
    found = [d for result in every for d in result.diagnostics]
    outcome = Report(tuple(sort_diagnostics(list(dict.fromkeys([*diagnostics, *found])))))
    if not all(result.complete for result in every):
        return emit_report(outcome, output_format)
    click.echo(report.human(outcome.diagnostics, color()), err=True, nl=False)
    if output_format == "json":
        from segmentgen.api import render_json

        rows = sorted([r.as_dict() for r in every], key=lambda r: str(r["segment"]))
        click.echo(render_json(rows).decode("utf-8"), nl=False)
        return outcome.exit_code
    if endpoints is not None:
        click.echo(table(counted, results, instant), nl=False)
    if profiles is not None:
        from segmentgen.cli.estimate_profiles import table as profiles_table

        click.echo(profiles_table(measured), nl=False)
    return outcome.exit_code


def _profiles(segments: Mapping[str, Segment], profiles: Path | None,
              engine: str) -> list[ProfilesEstimate]:
    """The Customer Profiles segments' estimates over ``profiles`` (none without it)."""
    if profiles is None:
        return []
    if engine != "duckdb":
        raise click.UsageError("Customer Profiles segments are counted by DuckDB: leave out "
                               "--engine python with --profiles.")
    from segmentgen.cli.estimate_profiles import estimate_all_profiles

    return estimate_all_profiles(segments, profiles)


def table(counted: Sequence[Segment], results: Sequence[Estimate], instant: datetime) -> str:
    """The human table: as-of, endpoints read, then ``key matched sendable`` per segment."""
    from segmentgen.estimate.count import format_instant

    rows = [("segment", "matched", "sendable")]
    rows += [(r.segment, "-", "-") if s.imported is not None else
             (r.segment, str(r.matched), str(r.sendable)) for s, r in zip(counted, results,
                                                                         strict=True)]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [f"{key:<{widths[0]}}  {matched:>{widths[1]}}  {sendable:>{widths[2]}}"
             for key, matched, sendable in rows]
    read = max((r.endpoints for r in results), default=0)
    when = format_instant(to_utc(instant).replace(microsecond=0))
    return (f"as of: {when}\nendpoints read: {read}\n"
            + "".join(line.rstrip() + "\n" for line in lines))


def _terminal(output_format: str) -> bool:
    return output_format == "human" and sys.stderr.isatty()


def _count_all(counted: Sequence[Segment], segments: Mapping[str, Segment], endpoints: Path,
               instant: datetime, engine: str, output_format: str) -> list[Estimate]:
    """Every segment's estimate by ``engine``, up to the first incomplete one."""
    if engine == "duckdb":
        from segmentgen.cli.scan_progress import scan_progress
        from segmentgen.estimate.engine import estimate_all_with_duckdb

        label = f"counting {len(counted)} segments"
        with scan_progress(output_format, label) as progress:
            return estimate_all_with_duckdb(counted, endpoints, as_of=instant,
                                            segments=segments, progress=progress)
    if not _terminal(output_format):
        return _each(counted, segments, endpoints, instant)
    with click.progressbar(counted, label="estimating segments", file=sys.stderr) as bar:
        return _each(bar, segments, endpoints, instant)


def _each(counted: Iterable[Segment], segments: Mapping[str, Segment], endpoints: Path,
          instant: datetime) -> list[Estimate]:
    """The Python evaluator once per segment, stopping after an incomplete estimate."""
    from segmentgen.estimate.count import estimate_segment

    results = []
    for segment in counted:
        results.append(estimate_segment(segment, endpoints, as_of=instant, segments=segments))
        if not results[-1].complete:
            break
    return results
