"""The command line: click and nothing else; each command folds its flags into one call of
the library API and prints one report.

Input: argv. Output: data on stdout, prose on stderr, the report's exit code. The commands
live by topic: ``build`` (build, validate, lint-server), ``review`` (diff, show,
migrate-report, schema), ``estimate``, ``examples`` (test), ``lifecycle`` (new, delete,
import), ``docs``
(the catalog site); ``options`` holds what they share.
"""

from __future__ import annotations

import click

from segmentgen.cli import build, docs, estimate, examples, lifecycle, migrate, review

__all__ = ["main"]


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
