"""Printing what ``estimate`` answers, for either target.

Input: the diagnostics of the project and of the answer, and either a query's text or an
estimate (its JSON form, whether it is complete, and its lines for people). Output: the exit
code; the query or the counts on stdout (JSON with the diagnostics and exit code for
``--format json``), the diagnostics on stderr, only the diagnostics when the estimate is
incomplete.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import click

from segmentgen.cli.options import color, emit_report
from segmentgen.core.diagnostics import Diagnostic, sort_diagnostics
from segmentgen.report import outcome as report
from segmentgen.report.outcome import Report


def print_query(text: str, diagnostics: Sequence[Diagnostic]) -> int:
    """The query on stdout, the diagnostics on stderr."""
    outcome = Report(tuple(sort_diagnostics(diagnostics)))
    click.echo(report.human(outcome.diagnostics, color()), err=True, nl=False)
    click.echo(text, nl=False)
    return outcome.exit_code


def print_counts(data: Mapping[str, Any], complete: bool, diagnostics: Sequence[Diagnostic],
                 output_format: str, human: str) -> int:
    """The counts (``data`` as JSON, or ``human``) and the diagnostics; only the diagnostics
    when the estimate is not complete."""
    from segmentgen.api import render_json

    outcome = Report(tuple(sort_diagnostics(diagnostics)))
    if not complete:
        return emit_report(outcome, output_format)
    if output_format == "json":
        shown = {**data, "diagnostics": [d.as_dict() for d in outcome.diagnostics],
                 "exit_code": outcome.exit_code}
        click.echo(render_json(shown).decode("utf-8"), nl=False)
        return outcome.exit_code
    click.echo(report.human(outcome.diagnostics, color()), err=True, nl=False)
    click.echo(human, nl=False)
    return outcome.exit_code


def group_lines(groups: Sequence[int]) -> str:
    """``group N: count`` for each group."""
    return "".join(f"group {n}: {count}\n" for n, count in enumerate(groups, 1))
