"""The review commands: ``diff`` (per segment, the specs against the committed output),
``show`` (one segment in plain words), ``migrate-report`` and ``schema``.

Input: the specs directory and the command's flags. Output: the rendering on stdout, the
diagnostics on stderr, the report's exit code.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

from segmentgen.cli.options import OUT, SPECS, color, emit_report, guarded
from segmentgen.core.diagnostics import Severity, sort_diagnostics
from segmentgen.report import outcome as report
from segmentgen.report.outcome import Report

if TYPE_CHECKING:
    from segmentgen.review.audience import Audiences


@click.command(name="diff")
@SPECS
@OUT
@click.option("--base", default=None, metavar="REF|DIR",
              help="Committed output: a git ref (out/ at that commit) or a directory. "
                   "Default: HEAD.")
@click.option("--format", "output_format", type=click.Choice(["human", "markdown", "json"]),
              default="human", show_default=True, help="How to print the summary.")
@click.option("--env", default=None, help="Compare one environment only.")
@click.option("--endpoints", type=click.Path(path_type=Path), default=None,
              help="Endpoint export (a file, a directory or a glob of parts): adds each "
                   "listed segment's audience before and after.")
@click.option("--profiles", type=click.Path(path_type=Path), default=None,
              help="Customer Profiles profile export (JSON lines, CSV or Parquet): adds each "
                   "listed Customer Profiles definition's profiles matched before and after.")
@click.option("--as-of", "as_of", default=None,
              help="With --endpoints: judge recency at this ISO date or instant "
                   "(default: now).")
@guarded
def diff_command(specs_dir: Path, out_dir: Path, base: str | None, output_format: str,
                 env: str | None, endpoints: Path | None, profiles: Path | None,
                 as_of: str | None) -> int:
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
    audiences = _audiences(before, after, endpoints, as_of, output_format)
    if profiles is not None:
        from segmentgen.review.profiles_audience import count_profile_audiences

        audiences = count_profile_audiences(before, after, profiles, audiences or _no_endpoints())
    if audiences is not None and audiences.diagnostics:
        return emit_report(Report(tuple(audiences.diagnostics)), "human")
    render = {"json": diff_render.as_json, "markdown": diff_render.markdown}
    click.echo(render.get(output_format, diff_render.text)(summary, audiences), nl=False)
    click.echo(report.human(result.diagnostics, color()), err=True, nl=False)
    return Report(tuple(result.diagnostics)).exit_code


def _audiences(before: dict[str, bytes], after: dict[str, bytes], endpoints: Path | None,
               as_of: str | None, output_format: str) -> Audiences | None:
    """Each listed segment's audience over ``endpoints`` (None without an export)."""
    if endpoints is None:
        if as_of is not None:
            raise click.UsageError("--as-of goes with --endpoints.")
        return None
    from segmentgen.cli.scan_progress import scan_progress
    from segmentgen.estimate.count import parse_instant
    from segmentgen.review.audience import count_audiences

    instant = parse_instant(as_of) if as_of else datetime.now(UTC).replace(microsecond=0)
    if instant is None:
        raise click.BadParameter(f"{as_of!r} is not an ISO date or instant", param_hint="--as-of")
    with scan_progress(output_format, "counting audiences") as progress:
        return count_audiences(before, after, endpoints, instant, progress)


def _no_endpoints() -> Audiences:
    from segmentgen.review.audience import Audiences

    return Audiences("", datetime.now(UTC).replace(microsecond=0))


@click.command(name="schema")
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


@click.command(name="migrate-report")
@SPECS
@click.option("--env", default=None, help="Report for one environment (default: the first).")
@click.option("--format", "output_format", type=click.Choice(["human", "json", "markdown"]),
              default="human", show_default=True)
@guarded
def migrate_report(specs_dir: Path, env: str | None, output_format: str) -> int:
    """Per criterion: carried over to Customer Profiles, with a caveat, or no equivalent."""
    from segmentgen.api import load_project, render_json
    from segmentgen.compile import CompileContext
    from segmentgen.compile.plan.stacks import environments
    from segmentgen.migrate.report import as_data, migration_report, render_markdown, render_text

    project, diagnostics, _ = load_project(specs_dir)
    if project is None or any(d.severity.label == "error" for d in diagnostics):
        return emit_report(Report(tuple(diagnostics)), "human")
    envs = environments(project.settings, env, "customer-profiles")
    if not envs:
        raise click.UsageError(f"no environment named {env!r}")
    context = CompileContext(envs[0], project.settings)
    result = migration_report(project.segments, context)
    if output_format == "json":
        click.echo(render_json(as_data(result)).decode("utf-8"), nl=False)
    else:
        render = render_markdown if output_format == "markdown" else render_text
        click.echo(render(result), nl=False)
    return 0


@click.command(name="show")
@click.argument("key")
@SPECS
@click.option("--format", "output_format", type=click.Choice(["human", "json"]),
              default="human", show_default=True, help="How to print the details.")
@click.option("--endpoints", type=click.Path(path_type=Path), default=None,
              help="Endpoint export (a file, a directory or a glob of parts): adds the "
                   "approximate endpoint count, counted by DuckDB.")
@click.option("--as-of", "as_of", default=None,
              help="With --endpoints: judge recency at this ISO date or instant (default: now).")
@click.option("--records", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Imported segment: the local import file, to count its records.")
@click.option("--profiles", type=click.Path(path_type=Path), default=None,
              help="Customer Profiles profile export (JSON lines, CSV or Parquet): adds the "
                   "profiles a target: customer-profiles segment matches, counted by DuckDB.")
@guarded
def show_command(key: str, specs_dir: Path, output_format: str, endpoints: Path | None,
                 as_of: str | None, records: Path | None, profiles: Path | None) -> int:
    """Details of segment KEY: criteria in plain words, spec, history, import settings."""
    from segmentgen.api import display_path, load_project, render_json
    from segmentgen.core.diagnostics import missing_key
    from segmentgen.estimate.count import parse_instant
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
    measured = project.by_key()[key].profiles is not None
    if (profiles is not None and not measured) or (endpoints is not None and measured):
        raise click.UsageError(f"segment {key!r} is measured over "
                               f"{'--profiles' if measured else '--endpoints'}.")
    details = show_segment(project, key, endpoints=endpoints, as_of=instant, records=records,
                           profiles=profiles)
    outcome = Report(tuple(sort_diagnostics([*diagnostics, *details.diagnostics])))
    if output_format == "json":
        data = {**details.data, "diagnostics": [d.as_dict() for d in outcome.diagnostics]}
        click.echo(render_json(data).decode("utf-8"), nl=False)
    else:
        click.echo(report.human(outcome.diagnostics, color()), err=True, nl=False)
        click.echo(render_human(details), nl=False)
    return outcome.exit_code


