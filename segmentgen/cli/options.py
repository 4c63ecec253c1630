"""What every command shares: the --specs, --out and --format options, the guard that turns
an unexpected exception into exit code 70, and printing a report.

Input: a command's ``Report`` and the chosen format. Output: diagnostics on stdout (machine
formats) or stderr (human), the summary line on stderr, and the report's exit code.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from segmentgen.report import outcome as report
from segmentgen.report.outcome import EXIT_INTERNAL, FORMATS, Report

SPECS = click.option("--specs", "specs_dir", type=click.Path(path_type=Path), default=Path("specs"),
                     show_default=True, help="Directory of spec files.")
OUT = click.option("--out", "out_dir", type=click.Path(path_type=Path), default=Path("out"),
                   show_default=True, help="Output directory.")
FORMAT = click.option("--format", "output_format", type=click.Choice(FORMATS), default="human",
                      show_default=True, help="How to print diagnostics.")


def guarded(command: Callable[..., int]) -> Callable[..., None]:
    """Turn an unexpected exception into exit code 70 and one line, not a traceback."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> None:
        try:
            code = command(*args, **kwargs)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except KeyboardInterrupt:
            click.echo("segmentgen: interrupted", err=True)
            sys.exit(130)
        except Exception as error:
            if os.environ.get("SEGMENTGEN_DEBUG"):
                raise
            click.echo(f"segmentgen: internal error: {type(error).__name__}: {error}", err=True)
            click.echo("set SEGMENTGEN_DEBUG=1 to see the traceback, and report it", err=True)
            sys.exit(EXIT_INTERNAL)
        sys.exit(code)

    return run


def emit_report(result_report: Report, output_format: str) -> int:
    diagnostics = result_report.diagnostics
    if output_format == "json":
        click.echo(report.as_json(result_report), nl=False)
    elif output_format == "github":
        click.echo(report.github(diagnostics), nl=False)
    elif output_format == "sarif":
        click.echo(report.sarif(diagnostics), nl=False)
    else:
        click.echo(report.human(diagnostics, color()), err=True, nl=False)
    show_summary = output_format == "human" and (diagnostics or result_report.stale
                                                 or not os.environ.get("CI"))
    if show_summary:
        click.echo(result_report.summary(), err=True)
    return result_report.exit_code


def color() -> bool:
    """Colour on stderr only for a terminal, and never when NO_COLOR is set."""
    return sys.stderr.isatty() and not os.environ.get("NO_COLOR")
