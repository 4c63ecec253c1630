"""The ``test`` command: every segment's ``examples:`` checked with the Python evaluator.

Input: segment keys (default: every segment), the specs directory and the format. Output:
the diagnostics (an SG607 error at each example that does not match as declared) in the
chosen format, a summary line on stderr; exit 3 when an example fails or the specs are
invalid, 0 when every example holds.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from segmentgen.cli.options import FORMAT, SPECS, color, guarded
from segmentgen.core.diagnostics import Diagnostic, Severity, sort_diagnostics
from segmentgen.report import outcome as report
from segmentgen.report.outcome import Report

if TYPE_CHECKING:
    from segmentgen.core.model import Segment
    from segmentgen.estimate.examples import ExampleCheck


@click.command(name="test")
@click.argument("keys", nargs=-1)
@SPECS
@FORMAT
@guarded
def test_command(keys: tuple[str, ...], specs_dir: Path, output_format: str) -> int:
    """Check each segment's examples (all segments, or the segments KEY...)."""
    from segmentgen.api import display_path, load_project
    from segmentgen.core.diagnostics import missing_key
    project, diagnostics, _ = load_project(specs_dir)
    segments = project.by_key() if project is not None else {}
    invalid = any(d.severity is Severity.ERROR for d in diagnostics)
    if not invalid:
        diagnostics.extend(missing_key(key, segments, display_path(specs_dir))
                           for key in keys if key not in segments)
    now = datetime.now(UTC).replace(microsecond=0)
    checked = failed = 0
    for key in keys or tuple(segments):
        if key in segments:
            result = _check(segments[key], segments, now)
            checked, failed = checked + result.checked, failed + result.failed
            diagnostics.extend(result.diagnostics)
    outcome = Report(tuple(sort_diagnostics(diagnostics)))
    _print(outcome, output_format)
    click.echo(_summary(checked, failed, outcome.diagnostics), err=True)
    return outcome.exit_code


def _check(segment: Segment, segments: dict[str, Segment], now: datetime) -> ExampleCheck:
    """Endpoint examples by the Python evaluator; profile examples (target:
    customer-profiles) by the query that counts the segment."""
    if segment.profiles is None:
        from segmentgen.estimate.examples import check_examples

        return check_examples(segment, segments, now)
    from segmentgen.estimate.profiles_examples import check_profile_examples
    from segmentgen.estimate.profiles_project import profiles_segments, to_profiles

    return check_profile_examples(segment, to_profiles(segment),
                                  profiles_segments(segments.values()))


def _print(outcome: Report, output_format: str) -> None:
    if output_format == "json":
        click.echo(report.as_json(outcome), nl=False)
    elif output_format == "github":
        click.echo(report.github(outcome.diagnostics), nl=False)
    elif output_format == "sarif":
        click.echo(report.sarif(outcome.diagnostics), nl=False)
    else:
        click.echo(report.human(outcome.diagnostics, color()), err=True, nl=False)


def _summary(checked: int, failed: int, diagnostics: tuple[Diagnostic, ...]) -> str:
    other = sum(1 for d in diagnostics if d.severity is Severity.ERROR) - failed
    plural = "" if checked == 1 else "s"
    text = f"segmentgen: {checked} example{plural} checked, {failed} failed"
    return f"{text}; {other} other error{'' if other == 1 else 's'}" if other else text
