"""The ``estimate`` command: the approximate endpoint count of one segment (or, with
``--all``, of every segment: ``cli.estimate_all``) over a local endpoint export, or the SQL
query that counts it.

Input: a segment key, the export (a file; for the duckdb engine also a directory or a glob of
parts), the engine, the specs directory; with ``--sql`` a dialect and a table name instead of
an export. Output: the counts on stdout (text or JSON), or the query's text on stdout;
diagnostics on stderr, a progress bar for a long scan on a terminal (``cli.scan_progress``).
"""

from __future__ import annotations

import contextlib
import re
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from segmentgen.cli.counts import group_lines, print_counts, print_query
from segmentgen.cli.options import SPECS, emit_report, guarded
from segmentgen.core.diagnostics import Diagnostic, Severity, sort_diagnostics
from segmentgen.estimate import DIALECTS
from segmentgen.report.outcome import Report

if TYPE_CHECKING:
    from segmentgen.core.model import Segment
    from segmentgen.estimate.count import Estimate


ENGINES = ("duckdb", "python")
TABLE_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*){0,2}")


@click.command()
@click.argument("key", required=False)
@click.option("--all", "every", is_flag=True,
              help="Count every segment of the project in one pass over the export "
                   "(instead of KEY).")
@click.option("--endpoints", "endpoints", default=None, type=click.Path(path_type=Path),
              help="Endpoint export: one endpoint object per line, JSON, optionally gzipped; "
                   "with the duckdb engine also a directory or a glob of export parts.")
@click.option("--profiles", "profiles", default=None, type=click.Path(path_type=Path),
              help="Customer Profiles profile export (JSON lines, CSV or Parquet; a file, a "
                   "directory or a glob of parts) for segments with target: "
                   "customer-profiles.")
@click.option("--engine", type=click.Choice(ENGINES), default="duckdb", show_default=True,
              help="Count with DuckDB (one SQL query) or the Python evaluator.")
@click.option("--sql", "print_sql", is_flag=True,
              help="Print the SQL query that counts the segment; read no export.")
@click.option("--dialect", type=click.Choice(DIALECTS), default=None,
              help="With --sql: the SQL dialect. Default: duckdb.")
@click.option("--table", "table", default=None,
              help="With --sql: the table of endpoints the query reads. Default: endpoints.")
@click.option("--as-of", "as_of", default=None,
              help="Judge recency at this ISO date or instant (default: now, UTC).")
@SPECS
@click.option("--format", "output_format", type=click.Choice(["human", "json"]),
              default="human", show_default=True, help="How to print the estimate.")
@guarded
def estimate(key: str | None, every: bool, endpoints: Path | None, profiles: Path | None,
             engine: str, print_sql: bool, dialect: str | None, table: str | None,
             as_of: str | None, specs_dir: Path, output_format: str) -> int:
    """Approximate endpoint count of segment KEY (or of every segment, --all) over a local
    endpoint export."""
    from segmentgen.api import display_path, load_project

    instant = _instant(as_of)
    _check_target(key, every, print_sql)
    _check_usage(print_sql, endpoints if profiles is None else profiles, dialect, table)
    project, diagnostics, _ = load_project(specs_dir)
    segments = project.by_key() if project is not None else {}
    if every:
        from segmentgen.cli.estimate_all import estimate_all

        return estimate_all(segments, diagnostics, endpoints, instant, engine, output_format,
                            profiles)
    assert key is not None
    if key not in segments:
        from segmentgen.core.diagnostics import missing_key

        if not any(d.severity is Severity.ERROR for d in diagnostics):
            diagnostics.append(missing_key(key, segments, display_path(specs_dir)))
        return emit_report(Report(tuple(sort_diagnostics(diagnostics))), output_format)
    if segments[key].profiles is not None:
        from segmentgen.cli import estimate_profiles

        estimate_profiles.check_usage(key, endpoints, profiles, engine, print_sql)
        return estimate_profiles.estimate_one(segments[key], segments, profiles, print_sql,
                                              dialect, table, diagnostics, output_format)
    if endpoints is None and not print_sql:
        raise click.UsageError(f"segment {key!r} is measured over an endpoint export: pass "
                               "--endpoints (--profiles is for target: customer-profiles).")
    if print_sql:
        return _print_sql(segments[key], segments, instant, dialect or "duckdb",
                          table or "endpoints", diagnostics)
    assert endpoints is not None
    result = _count(segments[key], segments, endpoints, instant, engine, output_format)
    return _print_estimate(key, result, diagnostics, output_format)


def _instant(as_of: str | None) -> datetime:
    """``--as-of`` as a UTC instant (now when absent)."""
    from segmentgen.estimate.count import parse_instant

    instant = parse_instant(as_of) if as_of else datetime.now(UTC).replace(microsecond=0)
    if instant is None:
        raise click.BadParameter(f"{as_of!r} is not an ISO date or instant", param_hint="--as-of")
    return instant


def _check_target(key: str | None, every: bool, print_sql: bool) -> None:
    """Either KEY or --all, and --sql with KEY only."""
    if key is None and not every:
        raise click.UsageError("Missing argument 'KEY' (or pass --all).")
    if key is not None and every:
        raise click.UsageError("KEY and --all are mutually exclusive.")
    if every and print_sql:
        raise click.UsageError("--sql prints the query of one segment: pass KEY, not --all.")


def _check_usage(print_sql: bool, endpoints: Path | None, dialect: str | None,
                 table: str | None) -> None:
    """--endpoints unless --sql; --dialect and --table only with --sql, a table a dotted name."""
    if not print_sql and endpoints is None:
        raise click.UsageError("Missing option '--endpoints' or '--profiles' (or pass --sql).")
    if not print_sql and (dialect is not None or table is not None):
        raise click.UsageError("--dialect and --table go with --sql.")
    if table is not None and not TABLE_NAME.fullmatch(table):
        raise click.BadParameter(f"{table!r} is not a table name (name, schema.name or "
                                 "catalog.schema.name of letters, digits and _)",
                                 param_hint="--table")


def _count(segment: Segment, segments: dict[str, Segment], endpoints: Path,
           instant: datetime, engine: str, output_format: str) -> Estimate:
    """The segment's estimate over the export, counted by ``engine``."""
    if engine == "duckdb":
        from segmentgen.cli.scan_progress import scan_progress
        from segmentgen.estimate.engine import estimate_with_duckdb

        with scan_progress(output_format) as progress:
            return estimate_with_duckdb(segment, endpoints, as_of=instant, segments=segments,
                                        progress=progress)
    from segmentgen.estimate.count import estimate_segment

    with _progress(endpoints, output_format) as progress:
        return estimate_segment(segment, endpoints, as_of=instant, segments=segments,
                                progress=progress)


def _print_sql(segment: Segment, segments: dict[str, Segment], instant: datetime,
               dialect: str, table: str, diagnostics: list[Diagnostic]) -> int:
    """The query on stdout, the diagnostics (the project's and the query's) on stderr."""
    from segmentgen.estimate.sql import segment_query

    query = segment_query(segment, segments, as_of=instant, dialect=dialect, table=table)
    return print_query(query.text, [*diagnostics, *query.diagnostics])


def _print_estimate(key: str, result: Estimate, diagnostics: list[Diagnostic],
                    output_format: str) -> int:
    """The counts (human or JSON) and the diagnostics; only diagnostics when incomplete."""
    data = result.as_dict()
    human = (f"segment: {key}\nas of: {data['as_of']}\nendpoints read: {result.endpoints}\n"
             f"matched: {result.matched}\nsendable: {result.sendable}\n"
             f"{group_lines(result.groups)}")
    return print_counts(data, result.complete, [*diagnostics, *result.diagnostics],
                        output_format, human)


@contextlib.contextmanager
def _progress(path: Path, output_format: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for a terminal and a human reader; otherwise no callback."""
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if output_format != "human" or not sys.stderr.isatty() or size < 64 * 1024 * 1024:
        yield None
        return
    with click.progressbar(length=size, label="reading endpoints", file=sys.stderr) as bar:
        yield lambda done: bar.update(done - bar.pos)


