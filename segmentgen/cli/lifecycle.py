"""The commands that edit spec files: ``new``, ``delete`` and ``import``.

Input: a segment key or exported templates, and the specs directory. Output: the edited or
new spec file (written whole, or not at all), diagnostics and one line on stderr.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from segmentgen.cli.options import SPECS, color, guarded
from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity, sort_diagnostics
from segmentgen.report import outcome as report
from segmentgen.report.outcome import Report


def _finish_edit(edit: Any, done: str) -> int:
    from segmentgen.lifecycle.scaffold import write_edit

    outcome = Report(tuple(sort_diagnostics(edit.diagnostics)))
    click.echo(report.human(outcome.diagnostics, color()), err=True, nl=False)
    if not edit.ok:
        click.echo("segmentgen: nothing written", err=True)
        return outcome.exit_code
    try:
        write_edit(edit)
    except OSError as error:  # not error's file name: it may be the temporary file
        failed = Diagnostic(edit.path.as_posix(), 1, 1, codes.SG704, "the edit cannot be written: "
                            f"{error.strerror or error}", Severity.ERROR,
                            "nothing was changed; free space or fix the folder's permissions")
        click.echo(report.human((failed,), color()), err=True, nl=False)
        return Report((failed,)).exit_code
    for note in edit.notes:
        click.echo(f"segmentgen: {note}", err=True)
    click.echo(f"segmentgen: {done} in {edit.path.as_posix()}; run segmentgen build", err=True)
    return outcome.exit_code


@click.command(name="new")
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


@click.command(name="delete")
@click.argument("key")
@SPECS
@guarded
def delete_command(key: str, specs_dir: Path) -> int:
    """Remove segment KEY from its spec file; the next build removes it from out/."""
    from segmentgen.lifecycle.scaffold import delete_segment

    return _finish_edit(delete_segment(specs_dir, key), f"removed {key!r}")


@click.command(name="import")
@click.argument("files", nargs=-1, required=True,
                type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option("--out-file", type=click.Path(path_type=Path, dir_okay=False),
              default=Path("specs/imported.yaml"), show_default=True,
              help="New spec file for the imported segments.")
@SPECS
@guarded
def import_command(files: tuple[Path, ...], out_file: Path, specs_dir: Path) -> int:
    """Turn deployed segments into a new spec file.

    FILES are any mix of: CloudFormation templates (JSON or YAML) with AWS::Pinpoint::Segment
    or AWS::CustomerProfiles::SegmentDefinition resources; the JSON that aws pinpoint
    get-segments or get-segment prints; the JSON that aws customer-profiles
    get-segment-definition prints (one definition, or a list of them). Pinpoint segments
    become Pinpoint-form specs, segment definitions target: customer-profiles specs.
    """
    from segmentgen.importer.edit import import_segments

    if os.path.lexists(out_file):  # a dangling symlink or a FIFO is not a new file either
        raise click.BadParameter(f"{out_file} exists; pass a new file", param_hint="--out-file")
    edit, count = import_segments(specs_dir, list(files), out_file)
    if edit.more:  # more segments than one stack holds: one spec file per stack
        count_files = f"{len(edit.more) + 1} files, the last {edit.more[-1][0].as_posix()}"
        return _finish_edit(edit, f"imported {count} segment(s) ({count_files}) starting")
    return _finish_edit(edit, f"imported {count} segment(s)")


