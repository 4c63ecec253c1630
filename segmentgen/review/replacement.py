"""Replacement: which changes make CloudFormation replace a segment instead of updating it.

The one rule, for ``build`` (its SG303 notices, below) and ``diff`` (its REPLACES marker):
``replacement_reasons`` takes a resource before and after a change, each with its stack
identity (environment, CloudFormation stack name, logical ID; ``stack_resources``), and says
why deploying the change replaces it, if it does:

- it moves to another stack, or its logical ID changes (a renamed key): CloudFormation
  deletes the old resource and creates a new one;
- its resource type changes (a switch of target): the old resource, such as a Pinpoint
  segment, is deleted and one of the new type created;
- a create-only property changes, such as a Pinpoint segment's ``ApplicationId`` or a
  Customer Profiles definition's ``DisplayName``: the create-only properties of every type
  are read from cfn-lint's resource schemas (``create_only``). A ``SegmentSqlQuery`` that
  only changes whitespace, comments or keyword case is the same query (``same_value``,
  through ``validate.profiles_rules.normalize_sql``).

The template's file name or format is no part of it: ``a.json`` that became ``a.yaml`` is
the same stack. A replaced segment gets a new id that campaigns must be re-pointed to.

Input of ``replacement_notices``: the planned output files of a build, the current output
(``emit.output.Output``: the templates its manifest lists) and the project. Output: SG303
warnings, positioned at each replaced segment's key line. Resources are paired by
``stack_resources.match``; a segment that is only added or only removed gets no notice. A
stack whose template bytes, name and environment are the same before and after replaces
nothing and is not parsed (an edit of one spec file reads one template on each side).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from segmentgen.compile.plan.resources import (
    StackResource,
    match,
    output_resources,
    parse_template,
    read_resources,
)
from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic, Finding, Severity
from segmentgen.core.model import Project, Segment
from segmentgen.emit.manifest import NAME as MANIFEST
from segmentgen.emit.manifest import parse_manifest
from segmentgen.emit.output import Output
from segmentgen.review.create_only import create_only_properties

__all__ = ["CONSEQUENCE", "canonical_sql", "current_files", "parse_template",
           "replacement_notices", "replacement_reasons", "same_value"]
CONSEQUENCE = "replaces the segment: new SegmentId; campaigns must be re-pointed"
MAX_SHOWN = 80  # longer values are not quoted in a reason


def replacement_reasons(before: StackResource, after: StackResource) -> list[str]:
    """Why deploying ``after`` in place of ``before`` replaces the resource; [] when the
    resource is updated in place."""
    reasons = []
    if before.stack != after.stack:
        reasons.append(f"moves from stack {before.stack!r} to {after.stack!r} (another stack)")
    if before.type != after.type:
        reasons.append(f"deletes the {before.type} {before.name!r} ({before.logical_id}) "
                       f"and creates a new {after.type}")
    elif before.logical_id != after.logical_id:
        renamed = f" (key {before.key!r} renamed)" if before.key != after.key else ""
        reasons.append(f"logical ID {before.logical_id} becomes {after.logical_id}{renamed}")
    if reasons:
        return reasons
    return [_create_only_reason(path, before.properties, after.properties)
            for path in create_only_properties(after.type)
            if not same_value(path, before.properties, after.properties)]


def same_value(path: tuple[str, ...], before: Mapping[str, Any],
               after: Mapping[str, Any]) -> bool:
    """Whether a property holds the same value before and after: equal, or for a property
    written in a language (``SegmentSqlQuery``), the same text once whitespace, comments and
    keyword case are made canonical."""
    old, new = _value_at(before, path), _value_at(after, path)
    if old == new:
        return True
    canonical = CANONICAL.get(path)
    return canonical is not None and canonical(old) == canonical(new)


def canonical_sql(value: Any) -> Any:
    """A SegmentSqlQuery as ``validate.profiles_rules.normalize_sql`` writes it."""
    if not isinstance(value, str):
        return value
    from segmentgen.validate.profiles_rules import normalize_sql

    return normalize_sql(value)


# Properties whose text may change without changing what they say.
CANONICAL: dict[tuple[str, ...], Callable[[Any], Any]] = {("SegmentSqlQuery",): canonical_sql}


def _create_only_reason(path: tuple[str, ...], before: Mapping[str, Any],
                        after: Mapping[str, Any]) -> str:
    name = "/".join(path)
    old, new = _shown(_value_at(before, path)), _shown(_value_at(after, path))
    if len(old) > MAX_SHOWN or len(new) > MAX_SHOWN:
        return f"{name} changes (create-only)"
    return f"{name} changes from {old} to {new} (create-only)"


def _value_at(properties: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    """The value at a schema property path; at ``*`` (every item), the whole list."""
    value: Any = properties
    for part in path:
        if part == "*":
            return value
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _shown(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)


def current_files(output: Output) -> dict[str, bytes]:
    """The templates the last build wrote to the output, by path relative to it: those its
    manifest lists (none when the manifest is absent or damaged), read by the one reader."""
    return output.stack_templates()


def replacement_notices(files: Mapping[str, bytes], previous: Output,
                        project: Project) -> list[Diagnostic]:
    """SG303 warnings for the segments that the planned files replace in the output."""
    same = unchanged_stacks(previous, files)
    before = read_resources({path: body for path, body in current_files(previous).items()
                             if path not in same}, previous.manifest)
    if not before:
        return []
    after = output_resources({path: body for path, body in files.items() if path not in same})
    by_key = project.by_key()
    found: list[Diagnostic] = []
    for old, new in match(before, after).pairs:
        reasons = replacement_reasons(old, new)
        segment = by_key.get(new.key)
        if reasons and segment is not None:
            found.append(_notice(segment, f"segment {new.key!r}: {'; '.join(reasons)}: "
                                          f"this {CONSEQUENCE}"))
    return found


def unchanged_stacks(previous: Output, files: Mapping[str, bytes]) -> set[str]:
    """The template paths whose stack keeps its name, environment and template bytes."""
    old, new = previous.manifest, parse_manifest(files.get(MANIFEST))
    if old is None or new is None:
        return set()
    planned = {entry["template"]: (entry["name"], entry["environment"]) for entry in new.stacks}
    return {entry["template"] for entry in old.stacks
            if planned.get(entry["template"]) == (entry["name"], entry["environment"])
            and files.get(entry["template"]) is not None
            and previous.get(entry["template"]) == files[entry["template"]]}


def _notice(segment: Segment, message: str) -> Diagnostic:
    finding = Finding((), codes.SG303, message, "deploy knowingly: re-point campaigns and "
                      "journeys to the new segment, or undo the change to update in place",
                      Severity.WARNING, at_key=True)
    if segment.locator is not None:
        return segment.locator.diagnostic(finding)
    return Diagnostic(segment.file, segment.line, 1, finding.code, finding.message,
                      finding.severity, finding.hint)
