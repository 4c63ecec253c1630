"""Destructive changes: what deploying the planned stacks would destroy that others use.

Input: the plan of a build (its manifest, and the stack of every segment), the previous
output holding the previous build's ``manifest.json`` (an ``emit.output.Output``, the one
reader of the output; a stack entry of an older build without
``exports``/``imports``/``application`` is completed from its template by ``stack_links``),
the project and whether destruction is allowed. Output: SG304 diagnostics, errors unless
``allow_destroy`` makes them warnings:

- an export that another stack imports moves to another stack, or is deleted while a stack
  that imports it stays (its segment was renamed, removed or skipped): CloudFormation can
  neither delete an export in use nor create one that exists; shown at the segment that
  moved, else at the first line of the stack's spec file;
- a created application (``AWS::Pinpoint::App``) is deleted (its stack is gone, or the
  environment no longer creates it) or replaced (its ``Name`` changes, a create-only
  property): the Pinpoint project is deleted with its segments and endpoints; shown at the
  application in ``segmentgen.yaml`` (the settings file's first line when the environment
  is gone);
- a calculated attribute is deleted while a deployed segment uses it
  (``calculated_destroy``).

Nothing is compared when there is no valid previous manifest.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from segmentgen.compile.plan.links import links
from segmentgen.compile.plan.stacks import environments
from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Severity
from segmentgen.core.model import Project, Settings
from segmentgen.emit.manifest import Manifest, parse_manifest
from segmentgen.emit.output import Output

CODE = codes.SG304
ALLOW = "build with --allow-destroy when this is intended"


@dataclass(frozen=True, slots=True)
class Deployed:
    """What one stack shares: its exports, imports and the application it creates."""

    name: str
    environment: str
    exports: frozenset[str]
    imports: frozenset[str]
    application: str | None


def _deployed(entry: Mapping[str, Any], fields: Mapping[str, Any]) -> Deployed:
    return Deployed(entry["name"], entry["environment"], frozenset(fields.get("exports", ())),
                    frozenset(fields.get("imports", ())), fields.get("application"))


def previous_stacks(output: Output) -> list[Deployed]:
    """The stacks of the previous build; an entry without the fields reads its template."""
    manifest = output.manifest
    return [_deployed(entry, entry if "exports" in entry else _from_template(output, entry))
            for entry in (manifest.stacks if manifest else ())]


def _from_template(output: Output, entry: Mapping[str, Any]) -> dict[str, Any]:
    from segmentgen.compile.plan.resources import parse_template

    content = output.get(entry["template"])
    data = parse_template(content, entry["template"]) if content is not None else None
    return links(data) if data is not None else {}


def planned_stacks(files: Mapping[str, bytes]) -> list[Deployed]:
    manifest: Manifest | None = parse_manifest(files.get("manifest.json"))
    return [_deployed(entry, entry) for entry in (manifest.stacks if manifest else ())]


def destructive_changes(plan: Any, previous: Output, project: Project,
                        allow_destroy: bool = False) -> list[Diagnostic]:
    """SG304 for every deployed resource the planned files destroy while others use it."""
    before = previous_stacks(previous)
    if not before:
        return []
    after = planned_stacks(plan.files)
    severity = Severity.WARNING if allow_destroy else Severity.ERROR
    found, gone = _applications(before, after, project.settings, severity)
    found.extend(_exports(before, after, plan, project, gone, severity))
    from segmentgen.review.calculated_destroy import removed_in_use

    found.extend(removed_in_use(previous, plan.files, project, severity))
    return found


def _importers(stacks: list[Deployed], export: str, owner: str) -> list[str]:
    return sorted(stack.name for stack in stacks if export in stack.imports
                  and stack.name != owner)


def _applications(before: list[Deployed], after: list[Deployed], settings: Settings,
                  severity: Severity) -> tuple[list[Diagnostic], set[str]]:
    """SG304 for created applications deleted or replaced; the stacks that held them."""
    now = {stack.name: stack for stack in after}
    found, gone = [], set()
    for stack in before:
        if stack.application is None:
            continue
        kept = now.get(stack.name)
        if kept is not None and kept.application == stack.application:
            continue
        gone.add(stack.name)
        users = sorted({name for export in stack.exports
                        for name in _importers(before, export, stack.name)})
        found.append(_application_diagnostic(stack, kept, users, settings, severity))
    return found, gone


def _application_diagnostic(stack: Deployed, kept: Deployed | None, users: list[str],
                            settings: Settings, severity: Severity) -> Diagnostic:
    what = f"the Pinpoint application {stack.application!r} created by stack {stack.name!r}"
    if kept is not None and kept.application is not None:
        change = f"renames {what} to {kept.application!r}, which replaces it"
    else:
        change = f"deletes {what}"
    used = f"; stacks {', '.join(users)} use it" if users else ""
    file, line, col = _application_position(stack.environment, settings)
    return Diagnostic(file, line, col, CODE, f"this change {change}: the project, its "
                      f"segments and endpoints are lost{used}", severity,
                      f"keep the application as it was, or {ALLOW}")


def _application_position(environment: str, settings: Settings) -> tuple[str, int, int]:
    """The application of ``environment`` in the settings file; its first line when the
    environment is not there any more."""
    file = settings.file or "segmentgen.yaml"
    for env in environments(settings):
        if env.name == environment:
            return file, env.application.line, env.application.col
    return file, 1, 1


def _exports(before: list[Deployed], after: list[Deployed], plan: Any, project: Project,
             gone: set[str], severity: Severity) -> Iterator[Diagnostic]:
    """SG304 for imported exports that move or go while an importing stack stays."""
    owner_now = {export: stack.name for stack in after for export in stack.exports}
    holders = _export_holders(plan, project.settings)
    staying = {stack.name for stack in after}
    for stack in before:
        if stack.name in gone:
            continue  # reported with its application
        for export in sorted(stack.exports):
            users = _importers(before, export, stack.name)
            if not users:
                continue
            key, home = holders.get((stack.environment, export), (None, None))
            moved_to = owner_now.get(export) or home
            if moved_to == stack.name or (moved_to is None and not set(users) & staying):
                continue
            yield _export_diagnostic(stack, export, moved_to, key, users, plan, project,
                                     severity)


def _export_holders(plan: Any, settings: Settings) -> dict[tuple[str, str], tuple[str, str]]:
    """(environment, export name a segment would have) -> (its key, its stack now)."""
    from segmentgen.compile.plan.files import export_name

    return {(env, export_name(settings.prefix, env, key)): (key, stack)
            for (env, key), stack in plan.homes.items()}


def _export_diagnostic(stack: Deployed, export: str, moved_to: str | None, key: str | None,
                       users: list[str], plan: Any, project: Project,
                       severity: Severity) -> Diagnostic:
    importers = f"while stacks {', '.join(users)} import it"
    settings_file = project.settings.file or "segmentgen.yaml"
    if moved_to is None:
        return Diagnostic(plan.sources.get(stack.name, settings_file), 1, 1, CODE,
                          f"this change deletes the export {export} of stack {stack.name!r} "
                          f"and the segment behind it, {importers}", severity,
                          f"keep the segment and its key, or {ALLOW}")
    segment = project.by_key().get(key) if key is not None else None
    hint = f"keep the segment in the spec file of {stack.name!r}, or {ALLOW}"
    if segment is None:
        return Diagnostic(plan.sources.get(moved_to, settings_file), 1, 1, CODE,
                          f"this change moves the export {export} from stack {stack.name!r} "
                          f"to {moved_to!r}, {importers}", severity, hint)
    line, col = segment.locator.position((), True) if segment.locator else (segment.line, 1)
    return Diagnostic(segment.file, line, col, CODE, f"this change moves segment {key!r} from "
                      f"stack {stack.name!r} to {moved_to!r}: its export {export} is deleted "
                      f"and the segment replaced, {importers}", severity, hint)
