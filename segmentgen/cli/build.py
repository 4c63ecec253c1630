"""The build commands: ``build`` (write or check out/), ``validate`` (the specs only) and
``lint-server`` (the opt-in lint server's state).

Input: the command's flags, folded into one ``BuildOptions`` before anything runs. Output:
stale files and the report (see ``cli.options.emit_report``); a unified diff on stdout.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click

from segmentgen.cli.options import FORMAT, OUT, SPECS, emit_report, guarded
from segmentgen.compile.registry import target_names
from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity
from segmentgen.report.outcome import Report


@click.command()
@SPECS
@OUT
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when out/ is stale.")
@click.option("--diff", "show_diff", is_flag=True, help="With --check: print a unified diff.")
@click.option("--env", default=None, help="Build one environment only.")
@click.option("--target", type=click.Choice(target_names()), default=None,
              help="Compile target (default: from segmentgen.yaml, else pinpoint).")
@click.option("--no-lint", is_flag=True, help="Skip cfn-lint.")
@click.option("--warnings-fail", is_flag=True, default=None, help="Treat warnings as errors.")
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
              envvar="SEGMENTGEN_CACHE_DIR",
              help="Build cache directory (default: .segmentgen-cache beside the specs directory).")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the build cache.")
@click.option("--allow-destroy", is_flag=True,
              help="Report changes that destroy deployed resources others use (SG304) as "
                   "warnings, not errors.")
@FORMAT
@guarded
def build(specs_dir: Path, out_dir: Path, check: bool, show_diff: bool, env: str | None,
          target: str | None, no_lint: bool, warnings_fail: bool | None,
          cache_dir: Path | None, no_cache: bool, allow_destroy: bool,
          output_format: str) -> int:
    """Validate, compile, lint and write specs/ to out/."""
    from segmentgen.api import BuildOptions
    from segmentgen.api import build as run_build
    from segmentgen.emit.cache import default_dir

    checking = check or show_diff
    options = BuildOptions(
        specs_dir, out_dir, mode="check" if checking else "write", env=env, target=target,
        lint=not no_lint, diff=show_diff, warnings_fail=warnings_fail,
        cache_dir=None if no_cache else cache_dir or default_dir(specs_dir),
        allow_destroy=allow_destroy)
    with _build_progress(output_format) as progress:
        result = run_build(options, progress=progress)
    changes = result.changes
    stale = tuple([*changes.added, *changes.changed, *changes.removed]) if changes else ()
    found = list(result.diagnostics)
    for path in stale if checking else ():
        kind = ("missing" if path in changes.added else "changed"  # type: ignore[union-attr]
                if path in changes.changed else "leftover")  # type: ignore[union-attr]
        if output_format == "human":
            click.echo(f"{kind}: {display(out_dir, path)}", err=True)
        else:  # machine formats carry the stale files as findings on them
            found.append(Diagnostic(display(out_dir, path), 1, 1, codes.SG403,
                                    f"output is stale: {kind}", Severity.WARNING,
                                    "run segmentgen build and commit out/"))
    if result.diff:
        click.echo(result.diff, nl=False)
    outcome = Report(
        tuple(found), stale,
        tuple([*changes.added, *changes.changed]) if changes and result.written else (),
        tuple(changes.removed) if changes and result.written else (), checking)
    return emit_report(outcome, output_format)


@contextlib.contextmanager
def _build_progress(output_format: str) -> Iterator[Callable[[int, int], None] | None]:
    """A lint progress bar on a terminal, once a build has run for a second; else nothing."""
    if output_format != "human" or not sys.stderr.isatty() or os.environ.get("CI"):
        yield None
        return
    start = time.monotonic()
    bars: list[Any] = []

    def update(done: int, total: int) -> None:
        if not bars:
            if done >= total or time.monotonic() - start < 1.0:
                return
            bars.append(click.progressbar(length=total, label="linting", file=sys.stderr))
            bars[0].__enter__()
        bars[0].update(done - bars[0].pos)

    try:
        yield update
    finally:
        if bars:
            bars[0].__exit__(None, None, None)


def display(out_dir: Path, path: str) -> str:
    return f"{out_dir.as_posix().rstrip('/')}/{path}"


@click.command()
@SPECS
@FORMAT
@guarded
def validate(specs_dir: Path, output_format: str) -> int:
    """Check the specs; write nothing."""
    from segmentgen.api import BuildOptions
    from segmentgen.api import build as run_build

    result = run_build(BuildOptions(specs_dir, Path("out"), mode="validate"))
    return emit_report(Report(tuple(result.diagnostics), specs_only=True), output_format)


@click.command(name="lint-server")
@SPECS
@click.option("--cache-dir", type=click.Path(path_type=Path), default=None,
              help="The cache directory the server belongs to.")
@click.option("--stop", is_flag=True, help="Stop the server.")
@guarded
def lint_server_command(specs_dir: Path, cache_dir: Path | None, stop: bool) -> int:
    """Show whether the opt-in lint server of this project runs, or stop it."""
    from segmentgen.emit.cache import default_dir
    from segmentgen.lint import client as lint_server

    root = cache_dir or default_dir(specs_dir)
    if stop:
        stopped = lint_server.stop(root)
        click.echo("segmentgen: lint server stopped" if stopped
                   else "segmentgen: no lint server was running", err=True)
        return 0
    running = lint_server.reachable(root)
    click.echo("running" if running else "stopped")
    return 0
