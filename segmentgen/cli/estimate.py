"""The ``estimate`` command: the approximate endpoint count of one segment over a local
endpoint export.

Input: a segment key, the export file and the specs directory. Output: the counts on stdout
(text or JSON), diagnostics on stderr, a progress bar for a large export on a terminal.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import click

from segmentgen.cli.options import SPECS, color, emit_report, guarded
from segmentgen.core.diagnostics import Severity, sort_diagnostics
from segmentgen.report import outcome as report
from segmentgen.report.outcome import Report


@click.command()
@click.argument("key")
@click.option("--endpoints", "endpoints", required=True,
              type=click.Path(path_type=Path, dir_okay=False),
              help="Endpoint export: one endpoint object per line, JSON, optionally gzipped.")
@click.option("--as-of", "as_of", default=None,
              help="Judge recency at this ISO date or instant (default: now, UTC).")
@SPECS
@click.option("--format", "output_format", type=click.Choice(["human", "json"]),
              default="human", show_default=True, help="How to print the estimate.")
@guarded
def estimate(key: str, endpoints: Path, as_of: str | None, specs_dir: Path,
             output_format: str) -> int:
    """Approximate endpoint count of segment KEY over a local endpoint export."""
    from segmentgen.api import display_path, load_project, render_json
    from segmentgen.estimate.count import estimate_segment, missing_key, parse_instant

    instant = parse_instant(as_of) if as_of else datetime.now(UTC).replace(microsecond=0)
    if instant is None:
        raise click.BadParameter(f"{as_of!r} is not an ISO date or instant", param_hint="--as-of")
    project, diagnostics, _ = load_project(specs_dir)
    segments = project.by_key() if project is not None else {}
    if key not in segments:
        if not any(d.severity is Severity.ERROR for d in diagnostics):
            diagnostics.append(missing_key(key, segments, display_path(specs_dir)))
        return emit_report(Report(tuple(sort_diagnostics(diagnostics))), output_format)
    with _progress(endpoints, output_format) as progress:
        result = estimate_segment(segments[key], endpoints, as_of=instant, segments=segments,
                                  progress=progress)
    outcome = Report(tuple(sort_diagnostics([*diagnostics, *result.diagnostics])))
    if not result.complete:
        return emit_report(outcome, output_format)
    if output_format == "json":
        data = {**result.as_dict(), "diagnostics": [d.as_dict() for d in outcome.diagnostics],
                "exit_code": outcome.exit_code}
        click.echo(render_json(data).decode("utf-8"), nl=False)
        return outcome.exit_code
    click.echo(report.human(outcome.diagnostics, color()), err=True, nl=False)
    groups = "".join(f"group {n}: {count}\n" for n, count in enumerate(result.groups, 1))
    click.echo(f"segment: {key}\nas of: {result.as_dict()['as_of']}\n"
               f"endpoints read: {result.endpoints}\nmatched: {result.matched}\n"
               f"sendable: {result.sendable}\n{groups}", nl=False)
    return outcome.exit_code


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


