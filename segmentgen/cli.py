"""The command line: click options folded into one call of the library API, and the report.

Input: argv. Output: data on stdout, prose on stderr, the report's exit code.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity, sort_diagnostics
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
        color = sys.stderr.isatty() and not os.environ.get("NO_COLOR")
        click.echo(report.human(diagnostics, color), err=True, nl=False)
    show_summary = output_format == "human" and (diagnostics or result_report.stale
                                                 or not os.environ.get("CI"))
    if show_summary:
        click.echo(result_report.summary(), err=True)
    return result_report.exit_code


@click.group()
@click.version_option(package_name="segmentgen")
def main() -> None:
    """Amazon Pinpoint segments as YAML specs, compiled to CloudFormation."""


@main.command()
@SPECS
@OUT
@click.option("--check", is_flag=True, help="Write nothing; exit 1 when out/ is stale.")
@click.option("--diff", "show_diff", is_flag=True, help="With --check: print a unified diff.")
@click.option("--env", default=None, help="Build one environment only.")
@click.option("--target", type=click.Choice(["pinpoint", "customer-profiles"]), default=None,
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


@main.command()
@SPECS
@FORMAT
@guarded
def validate(specs_dir: Path, output_format: str) -> int:
    """Check the specs; write nothing."""
    from segmentgen.api import BuildOptions
    from segmentgen.api import build as run_build

    result = run_build(BuildOptions(specs_dir, Path("out"), mode="validate"))
    return emit_report(Report(tuple(result.diagnostics), specs_only=True), output_format)


@main.command(name="diff")
@SPECS
@OUT
@click.option("--base", default=None, metavar="REF|DIR",
              help="Committed output: a git ref (out/ at that commit) or a directory. "
                   "Default: HEAD.")
@click.option("--format", "output_format", type=click.Choice(["human", "markdown", "json"]),
              default="human", show_default=True, help="How to print the summary.")
@click.option("--env", default=None, help="Compare one environment only.")
@guarded
def diff_command(specs_dir: Path, out_dir: Path, base: str | None, output_format: str,
                 env: str | None) -> int:
    """Per segment: what the specs change against the committed output."""
    from segmentgen.api import BuildOptions
    from segmentgen.api import build as run_build
    from segmentgen.emit.locations import check_directories
    from segmentgen.review import diff
    from segmentgen.review import render as diff_render

    misplaced = check_directories(specs_dir, out_dir)  # the same --out rules as build
    if misplaced:
        return emit_report(Report(tuple(misplaced)), "human")
    try:
        before, label = diff.read_base(base, out_dir)
    except diff.BaseError as error:
        raise click.BadParameter(str(error), param_hint="--base") from None
    # A review shows what a change destroys (SG304) beside the diff, as a warning.
    result = run_build(BuildOptions(specs_dir, out_dir, mode="check", lint=False, env=env,
                                    allow_destroy=True))
    if not result.ok:
        return emit_report(Report(tuple(result.diagnostics)), "human")
    after = result.files
    if env is not None:
        before, after = diff.only_environment(before, env), diff.only_environment(after, env)
    summary = diff.summarize(before, after, label, specs_dir.as_posix())
    render = {"json": diff_render.as_json, "markdown": diff_render.markdown}
    click.echo(render.get(output_format, diff_render.text)(summary), nl=False)
    click.echo(report.human(result.diagnostics, _color()), err=True, nl=False)
    return Report(tuple(result.diagnostics)).exit_code


@main.command(name="schema")
@click.option("--settings", "settings", is_flag=True,
              help="The schema of specs/segmentgen.yaml instead of a spec file.")
@guarded
def schema_command(settings: bool) -> int:
    """Print the JSON Schema (draft 2020-12) of spec files, for editors."""
    from segmentgen.api import render_json
    from segmentgen.validate.editor_schema import settings_schema, spec_schema

    document = settings_schema() if settings else spec_schema()
    click.echo(render_json(document).decode("utf-8"), nl=False)
    return 0


@main.command()
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
    click.echo(report.human(outcome.diagnostics, _color()), err=True, nl=False)
    groups = "".join(f"group {n}: {count}\n" for n, count in enumerate(result.groups, 1))
    click.echo(f"segment: {key}\nas of: {result.as_dict()['as_of']}\n"
               f"endpoints read: {result.endpoints}\nmatched: {result.matched}\n"
               f"sendable: {result.sendable}\n{groups}", nl=False)
    return outcome.exit_code


def _color() -> bool:
    return sys.stderr.isatty() and not os.environ.get("NO_COLOR")


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


@main.command(name="migrate-report")
@SPECS
@click.option("--env", default=None, help="Report for one environment (default: the first).")
@click.option("--format", "output_format", type=click.Choice(["human", "markdown"]),
              default="human", show_default=True)
@guarded
def migrate_report(specs_dir: Path, env: str | None, output_format: str) -> int:
    """Per segment: carried over to Customer Profiles, carried with a mapping, or blocked."""
    from segmentgen.api import environments, load_project
    from segmentgen.compile import CompileContext
    from segmentgen.migrate.report import migration_report, render_markdown, render_text

    project, diagnostics, _ = load_project(specs_dir)
    if project is None or any(d.severity.label == "error" for d in diagnostics):
        return emit_report(Report(tuple(diagnostics)), "human")
    envs = environments(project.settings, env, "customer-profiles")
    if not envs:
        raise click.UsageError(f"no environment named {env!r}")
    context = CompileContext(envs[0], project.settings)
    result = migration_report(project.segments, context)
    render = render_markdown if output_format == "markdown" else render_text
    click.echo(render(result), nl=False)
    return 0


@main.command(name="show")
@click.argument("key")
@SPECS
@click.option("--format", "output_format", type=click.Choice(["human", "json"]),
              default="human", show_default=True, help="How to print the details.")
@click.option("--endpoints", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Endpoint export: adds the approximate endpoint count.")
@click.option("--as-of", "as_of", default=None,
              help="With --endpoints: judge recency at this ISO date or instant (default: now).")
@click.option("--records", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Imported segment: the local import file, to count its records.")
@guarded
def show_command(key: str, specs_dir: Path, output_format: str, endpoints: Path | None,
                 as_of: str | None, records: Path | None) -> int:
    """Details of segment KEY: criteria in plain words, spec, history, import settings."""
    from segmentgen.api import display_path, load_project, render_json
    from segmentgen.estimate.count import missing_key, parse_instant
    from segmentgen.lifecycle.show import render_human, show_segment

    instant = parse_instant(as_of) if as_of else datetime.now(UTC).replace(microsecond=0)
    if instant is None:
        raise click.BadParameter(f"{as_of!r} is not an ISO date or instant", param_hint="--as-of")
    project, diagnostics, _ = load_project(specs_dir)
    if project is None or key not in project.by_key():
        if not any(d.severity is Severity.ERROR for d in diagnostics):
            keys = project.by_key() if project is not None else {}
            diagnostics = [*diagnostics, missing_key(key, keys, display_path(specs_dir))]
        return emit_report(Report(tuple(sort_diagnostics(diagnostics))), output_format)
    details = show_segment(project, key, endpoints=endpoints, as_of=instant, records=records)
    outcome = Report(tuple(sort_diagnostics([*diagnostics, *details.diagnostics])))
    if output_format == "json":
        data = {**details.data, "diagnostics": [d.as_dict() for d in outcome.diagnostics]}
        click.echo(render_json(data).decode("utf-8"), nl=False)
    else:
        click.echo(report.human(outcome.diagnostics, _color()), err=True, nl=False)
        click.echo(render_human(details), nl=False)
    return outcome.exit_code


def _finish_edit(edit: Any, done: str) -> int:
    from segmentgen.lifecycle.scaffold import write_edit

    outcome = Report(tuple(sort_diagnostics(edit.diagnostics)))
    click.echo(report.human(outcome.diagnostics, _color()), err=True, nl=False)
    if not edit.ok:
        click.echo("segmentgen: nothing written", err=True)
        return outcome.exit_code
    try:
        write_edit(edit)
    except OSError as error:  # not error's file name: it may be the temporary file
        failed = Diagnostic(edit.path.as_posix(), 1, 1, codes.SG704, "the edit cannot be written: "
                            f"{error.strerror or error}", Severity.ERROR,
                            "nothing was changed; free space or fix the folder's permissions")
        click.echo(report.human((failed,), _color()), err=True, nl=False)
        return Report((failed,)).exit_code
    for note in edit.notes:
        click.echo(f"segmentgen: {note}", err=True)
    click.echo(f"segmentgen: {done} in {edit.path.as_posix()}; run segmentgen build", err=True)
    return outcome.exit_code


@main.command(name="new")
@click.argument("key")
@click.option("--from", "source", default=None, help="Copy this segment under the new key.")
@click.option("--file", "file", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Spec file that gets the segment (default: the copied segment's file).")
@click.option("--name", default=None, help="Display name (default: '<name> (copy)').")
@SPECS
@guarded
def new_command(key: str, source: str | None, file: Path | None, name: str | None,
                specs_dir: Path) -> int:
    """Add segment KEY to a spec file: a scaffold, or a copy of another segment."""
    from segmentgen.lifecycle.scaffold import new_segment

    edit = new_segment(specs_dir, key, source=source, file=file, name=name)
    return _finish_edit(edit, f"added {key!r}")


@main.command(name="delete")
@click.argument("key")
@SPECS
@guarded
def delete_command(key: str, specs_dir: Path) -> int:
    """Remove segment KEY from its spec file; the next build removes it from out/."""
    from segmentgen.lifecycle.scaffold import delete_segment

    return _finish_edit(delete_segment(specs_dir, key), f"removed {key!r}")


@main.command(name="import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--out-file", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("specs/imported.yaml"), show_default=True,
              help="New spec file for the imported segments.")
@SPECS
@guarded
def import_command(files: tuple[Path, ...], out_file: Path, specs_dir: Path) -> int:
    """Turn CloudFormation templates or get-segments JSON into a spec file."""
    from segmentgen.importer.edit import import_segments

    if os.path.lexists(out_file):  # a dangling symlink or a FIFO is not a new file either
        raise click.BadParameter(f"{out_file} exists; pass a new file", param_hint="--out-file")
    edit, count = import_segments(specs_dir, list(files), out_file)
    if edit.more:  # more segments than one stack holds: one spec file per stack
        count_files = f"{len(edit.more) + 1} files, the last {edit.more[-1][0].as_posix()}"
        return _finish_edit(edit, f"imported {count} segment(s) ({count_files}) starting")
    return _finish_edit(edit, f"imported {count} segment(s)")


@main.command(name="lint-server")
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
