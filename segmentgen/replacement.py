"""Replacement notices: which edits make CloudFormation replace a segment instead of updating it.

Input: the planned output files of a build, the current output directory (the templates
its manifest lists) and the project.
Output: SG303 warnings, positioned at each affected segment's spec line. A segment is
replaced, and gets a new SegmentId that campaigns must be re-pointed to, when its
``ApplicationId`` changes (a create-only property), when its key is renamed (the logical ID
changes: CloudFormation deletes the old resource and creates a new one) or when it moves to
another stack (another spec file). A segment that is only added or only removed gets no
notice. Segments are matched through the ``segmentgen.key`` metadata of the templates.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from segmentgen.diagnostics import Diagnostic, Finding, Severity
from segmentgen.manifest import NAME as MANIFEST
from segmentgen.manifest import load_manifest, read_listed
from segmentgen.model import Project

SEGMENT_TYPE = "AWS::Pinpoint::Segment"
CONSEQUENCE = "replaces the segment: new SegmentId; campaigns must be re-pointed"
MAX_TEMPLATE_BYTES = 8 * 1024 * 1024  # CloudFormation takes 1 MB; larger is not a template


@dataclass(frozen=True, slots=True)
class Resource:
    """One segment resource of one template."""

    path: str  # the template, relative to the output directory
    logical_id: str
    key: str
    name: str
    application: str  # ApplicationId as canonical JSON


def parse_template(content: bytes, path: str) -> Mapping[str, Any] | None:
    """A template written by segmentgen (JSON or plain YAML), or None when unreadable."""
    try:
        is_yaml = path.endswith((".yaml", ".yml"))
        data = yaml.safe_load(content) if is_yaml else json.loads(content)
    except (ValueError, yaml.YAMLError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def segment_resources(template: Mapping[str, Any], path: str) -> Iterator[Resource]:
    resources = template.get("Resources")
    if not isinstance(resources, dict):
        return
    for logical, resource in sorted(resources.items()):
        if not isinstance(resource, dict) or resource.get("Type") != SEGMENT_TYPE:
            continue
        props = resource.get("Properties") or {}
        meta = (resource.get("Metadata") or {}).get("segmentgen") or {}
        yield Resource(path, logical, str(meta.get("key", logical)), str(props.get("Name", "")),
                       json.dumps(props.get("ApplicationId"), sort_keys=True))


def _templates(files: Mapping[str, bytes]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for path, content in sorted(files.items()):
        if path == MANIFEST or "/import-jobs/" in f"/{path}":
            continue
        if path.endswith((".json", ".yaml", ".yml")):
            data = parse_template(content, path)
            if data is not None and "Resources" in data:
                yield path, data


def current_files(out_dir: Path) -> dict[str, bytes]:
    """The templates the last build wrote to the output directory, by path relative to it:
    those its manifest lists (none when the manifest is absent or damaged)."""
    manifest = load_manifest(out_dir)
    found: dict[str, bytes] = {}
    for stack in manifest.stacks if manifest else ():
        content = read_listed(out_dir, stack["template"], MAX_TEMPLATE_BYTES)
        if content is not None:
            found[stack["template"]] = content
    return found


def _environment(path: str, environments: frozenset[str]) -> str:
    head, _, rest = path.partition("/")
    return head if rest and head in environments else ""


def compare(old: Mapping[str, bytes], new: Mapping[str, bytes],
            environments: frozenset[str] = frozenset()) -> Iterator[tuple[Resource, str]]:
    """(new resource, message) for every segment the new templates replace."""
    before = [r for path, data in _templates(old) for r in segment_resources(data, path)]
    after = [r for path, data in _templates(new) for r in segment_resources(data, path)]
    at = {(r.path, r.logical_id): r for r in before}
    kept = {(r.path, r.logical_id) for r in after}
    gone = [r for r in before if (r.path, r.logical_id) not in kept]
    for resource in after:
        previous = at.get((resource.path, resource.logical_id))
        if previous is not None:
            if previous.application != resource.application:
                yield resource, (f"ApplicationId changes from {previous.application} to "
                                 f"{resource.application}: this {CONSEQUENCE}")
            continue
        env = _environment(resource.path, environments)
        for old_resource in gone:
            if _environment(old_resource.path, environments) != env:
                continue
            if old_resource.key == resource.key:
                yield resource, (f"moves from {old_resource.path} to {resource.path}: this "
                                 f"{CONSEQUENCE}")
                break
            if old_resource.path == resource.path and old_resource.name == resource.name:
                yield resource, (f"key renamed from {old_resource.key!r} (logical ID "
                                 f"{old_resource.logical_id} to {resource.logical_id}): this "
                                 f"{CONSEQUENCE}")
                break


def replacement_notices(files: Mapping[str, bytes], out_dir: Path,
                        project: Project) -> list[Diagnostic]:
    """SG303 warnings for the segments that the planned files replace in ``out_dir``."""
    environments = frozenset(env.name for env in project.settings.environments)
    by_key = project.by_key()
    found: list[Diagnostic] = []
    for resource, message in compare(current_files(out_dir), files, environments):
        segment = by_key.get(resource.key)
        finding = Finding((), "SG303", f"segment {resource.key!r}: {message}",
                          "deploy knowingly: re-point campaigns and journeys to the new segment, "
                          "or undo the change to update in place", Severity.WARNING, at_key=True)
        if segment is not None and segment.locator is not None:
            found.append(segment.locator.diagnostic(finding))
        elif segment is not None:
            found.append(Diagnostic(segment.file, segment.line, 1, finding.code, finding.message,
                                    finding.severity, finding.hint))
    return found
