"""The migration commands: ``migrate`` (rewrite Pinpoint-form specs for Customer Profiles,
in place) and ``migrate-report`` (what each segment's criteria become).

Input: the specs directory, segment keys, ``--env`` and the command's flags. Output:
``migrate``: the rewritten spec files (all or none; ``--diff``/``--dry-run`` prints a
unified diff on stdout instead), diagnostics and one summary line on stderr;
``migrate-report``: the report on stdout.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import click

from segmentgen.cli.options import SPECS, color, guarded
from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity, sort_diagnostics
from segmentgen.report import outcome as report
from segmentgen.report.outcome import Report


@click.command(name="migrate")
@click.argument("keys", nargs=-1)
@SPECS
@click.option("--env", default=None,
              help="Whose settings decide (attribute_map, country_format; default: the first "
                   "environment).")
@click.option("--diff", "--dry-run", "dry_run", is_flag=True,
              help="Write nothing; print the change as a unified diff.")
@guarded
def migrate_command(keys: tuple[str, ...], specs_dir: Path, env: str | None,
                    dry_run: bool) -> int:
    """Rewrite Pinpoint-form segments KEY... (default: all) as target: customer-profiles."""
    from segmentgen.api import display_path
    from segmentgen.lifecycle.spec_edit import write_edit
    from segmentgen.migrate.edit import migrate_segments

    migration = migrate_segments(specs_dir, list(keys), env)
    edit = migration.edit
    found = [*migration.diagnostics, *(edit.diagnostics if edit is not None else [])]
    outcome = Report(tuple(sort_diagnostics(found)))
    click.echo(report.human(outcome.diagnostics, color()), err=True, nl=False)
    if edit is not None and not edit.ok:
        click.echo("segmentgen: nothing written", err=True)
        return outcome.exit_code
    files = [] if edit is None else [(edit.path, edit.text or ""), *edit.more]
    if dry_run:
        for path, text in files:
            shown = display_path(path).lstrip("/")
            click.echo("".join(difflib.unified_diff(
                migration.before[path].splitlines(keepends=True),
                text.splitlines(keepends=True), f"a/{shown}", f"b/{shown}")), nl=False)
    elif edit is not None:
        try:
            write_edit(edit)
        except OSError as error:
            failed = Diagnostic(edit.path.as_posix(), 1, 1, codes.SG704, "the edit cannot be "
                                f"written: {error.strerror or error}", Severity.ERROR,
                                "nothing was changed; free space or fix the permissions")
            click.echo(report.human((failed,), color()), err=True, nl=False)
            return Report((failed,)).exit_code
    click.echo(_summary(migration.migrated, migration.kept, len(files), dry_run), err=True)
    return outcome.exit_code


def _summary(migrated: list[str], kept: list[str], files: int, dry_run: bool) -> str:
    verb = "would rewrite" if dry_run else "rewrote"
    text = f"segmentgen: {verb} {len(migrated)} segment(s) in {files} file(s)"
    if kept:
        text += f"; {len(kept)} stay in Pinpoint form ({', '.join(kept)})"
    return text + ("" if dry_run or not migrated else "; run segmentgen build")
