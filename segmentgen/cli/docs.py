"""``segmentgen docs``: the segment catalog written as a static site.

Input: the specs directory, the site directory (``--out``, default ``site``), the build's
output directory (``--build-out``, read only), an optional endpoint export with its as-of
instant, an optional profile export (``--profiles``), ``--no-lint``. Output: the site
written (one line on stderr saying where and how many files changed), or the diagnostics and
nothing written; the report's exit code.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from segmentgen.cli.options import SPECS, color, emit_report, guarded
from segmentgen.core.diagnostics import has_errors, sort_diagnostics
from segmentgen.report import outcome as report
from segmentgen.report.outcome import Report


@click.command(name="docs")
@SPECS
@click.option("--out", "site_dir", type=click.Path(path_type=Path), default=Path("site"),
              show_default=True, help="Directory of the site (not inside specs/ or out/).")
@click.option("--build-out", "out_dir", type=click.Path(path_type=Path), default=Path("out"),
              show_default=True, help="The build's output directory; read, never written.")
@click.option("--endpoints", type=click.Path(path_type=Path), default=None,
              help="Endpoint export: adds each segment's estimate (DuckDB, one pass).")
@click.option("--profiles", type=click.Path(path_type=Path), default=None,
              help="Customer Profiles profile export (JSON lines, CSV or Parquet; a file, a "
                   "directory or a glob): adds each target: customer-profiles segment's "
                   "profiles matched (DuckDB, one pass).")
@click.option("--as-of", "as_of", default=None,
              help="Judge recency for estimates and examples at this ISO date or instant "
                   "(default: now; give it for the same bytes on every run).")
@click.option("--no-lint", "no_lint", is_flag=True, help="Leave out cfn-lint's findings.")
@guarded
def docs_command(specs_dir: Path, site_dir: Path, out_dir: Path, endpoints: Path | None,
                 profiles: Path | None, as_of: str | None, no_lint: bool) -> int:
    """Write the segment catalog: an index, a page per segment and the base-segment picture."""
    from segmentgen.review.catalog import site

    instant = _instant(as_of)
    misplaced = site.check_place(specs_dir, out_dir, site_dir)
    if misplaced:
        return emit_report(Report(tuple(misplaced)), "human")
    from segmentgen.review.catalog.collect import SiteOptions, collect
    from segmentgen.review.catalog.render import render_site

    catalog, diagnostics = collect(SiteOptions(specs_dir, out_dir, site_dir, endpoints,
                                               instant, lint=not no_lint, profiles=profiles))
    if catalog is None or has_errors(diagnostics):
        return emit_report(Report(tuple(diagnostics)), "human")
    files = render_site(catalog)
    diagnostics = [*diagnostics, *site.foreign_files(files, site_dir)]
    changes = None
    if not has_errors(diagnostics):
        changes, notices = site.write_site(files, site_dir)
        diagnostics.extend(notices)
    outcome = Report(tuple(sort_diagnostics(diagnostics)))
    if outcome.exit_code or has_errors(diagnostics):
        return emit_report(outcome, "human")
    click.echo(report.human(outcome.diagnostics, color()), err=True, nl=False)
    changed = len(changes.added) + len(changes.changed) + len(changes.removed) if changes else 0
    click.echo(f"site {site_dir.as_posix()}: {len(files)} files, {changed} changed; "
               f"open {(site_dir / 'index.html').as_posix()}", err=True)
    return 0


def _instant(as_of: str | None) -> datetime | None:
    if as_of is None:
        return None
    from segmentgen.estimate.count import parse_instant

    instant = parse_instant(as_of)
    if instant is None:
        raise click.BadParameter(f"{as_of!r} is not an ISO date or instant", param_hint="--as-of")
    return instant
