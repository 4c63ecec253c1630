"""The command line: click and nothing else; each command folds its flags into one call of
the library API and prints one report.

Input: argv. Output: data on stdout, prose on stderr, the report's exit code (``run``, the
console script, exits without tearing the interpreter down: see ``leave``). The commands
live by topic: ``build`` (build, validate, lint-server), ``review`` (diff, show,
migrate-report, schema), ``estimate``, ``examples`` (test), ``lifecycle`` (new, delete,
import), ``docs``
(the catalog site); ``options`` holds what they share.
"""

from __future__ import annotations

import os
import sys

import click

from segmentgen.cli import build, docs, estimate, examples, lifecycle, migrate, review

__all__ = ["leave", "main", "run"]


@click.group()
@click.version_option(package_name="segmentgen")
def main() -> None:
    """Amazon Pinpoint segments as YAML specs, compiled to CloudFormation."""


for command in (build.build, build.validate, build.lint_server_command, review.diff_command,
                review.schema_command, review.show_command, review.migrate_report,
                estimate.estimate, examples.test_command, lifecycle.new_command,
                lifecycle.delete_command, lifecycle.import_command, docs.docs_command,
                migrate.migrate_command):
    main.add_command(command)


def run() -> None:
    """The ``segmentgen`` console script and ``python -m segmentgen``: ``main``, then ``leave``."""
    try:
        main(prog_name="segmentgen")
    except SystemExit as stop:
        leave(stop.code)
    leave(0)


def leave(code: object) -> None:
    """Exit with ``code`` (as ``SystemExit`` reads it) once stdout and stderr are flushed,
    without the interpreter's teardown: every file a command writes is written and closed by
    then (writes are atomic), its lint workers are stopped, and freeing the loaded project
    object by object would take a tenth of an edited build."""
    if code is not None and not isinstance(code, int):
        click.echo(code, err=True)
        code = 1
    status = code or 0
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more can be said
            status = status or 1
    os._exit(status)
