"""Semantic diff: what a change to the specs does to each deployed segment.

Input: two sets of output files (path -> bytes): the committed ``out/`` (read from a git ref
or a directory) and what the specs build now. Output: a ``Summary`` with one
``SegmentChange`` per segment that was added, removed or changed, matched across templates
by environment and logical ID, with the criteria before and after in plain words and the
reasons a change replaces the resource (a new segment id that campaigns must be re-pointed
to). Rendering lives in ``diff_render``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from segmentgen.diff_base import BaseError, read_base, read_directory, read_git
from segmentgen.diff_criteria import describe_resource
from segmentgen.manifest import NAME as MANIFEST
from segmentgen.manifest import parse_manifest

PINPOINT = "AWS::Pinpoint::Segment"
PROFILES = "AWS::CustomerProfiles::SegmentDefinition"
# Imported segments are import jobs, not CloudFormation resources: their request files
# (out/[<env>/]import-jobs/<key>.json) stand for them.
IMPORTED = "import job"
IMPORT_FIELDS = ("S3Url", "Format", "RoleArn", "RegisterEndpoints", "DefineSegment")
SUFFIXES = {PINPOINT: "Segment", PROFILES: "SegmentDefinition"}
NAME_PROPERTY = {PINPOINT: "Name", PROFILES: "DisplayName", IMPORTED: "SegmentName"}
CRITERIA_PROPERTIES = ("Dimensions", "SegmentGroups", "SegmentSqlQuery")
CREATE_ONLY = {
    PINPOINT: ("ApplicationId",),
    PROFILES: ("DomainName", "SegmentDefinitionName", "DisplayName", "SegmentGroups",
               "SegmentSqlQuery"),
}
__all__ = ["BaseError", "Resource", "SegmentChange", "Summary", "compare", "read_base",
           "read_directory", "read_git", "resources", "summarize"]
ROTATION = re.compile(r"-[0-9a-f]{8}$")  # the hash a Customer Profiles definition name ends in


@dataclass(frozen=True, slots=True)
class Resource:
    """One segment resource of one output template."""

    environment: str
    template: str
    logical_id: str
    key: str
    type: str
    properties: Mapping[str, Any]
    body: Mapping[str, Any]
    criteria: tuple[str, ...]

    @property
    def identity(self) -> tuple[str, str]:
        stem = self.logical_id.removesuffix(SUFFIXES.get(self.type, ""))
        return self.environment, stem

    @property
    def name(self) -> str:
        value = self.properties.get(NAME_PROPERTY.get(self.type, "Name"), "")
        return value if isinstance(value, str) else json.dumps(value, sort_keys=True)

    @property
    def tags(self) -> dict[str, str]:
        tags = self.properties.get("Tags") or {}
        if isinstance(tags, list):
            return {str(t.get("Key")): str(t.get("Value")) for t in tags if isinstance(t, dict)}
        return {str(k): str(v) for k, v in tags.items()} if isinstance(tags, dict) else {}


@dataclass(slots=True)
class SegmentChange:
    key: str
    environment: str
    status: str  # added, removed, changed
    template: str
    name_before: str | None = None
    name_after: str | None = None
    criteria_before: tuple[str, ...] = ()
    criteria_after: tuple[str, ...] = ()
    tags_added: dict[str, str] = field(default_factory=dict)
    tags_removed: dict[str, str] = field(default_factory=dict)
    tags_changed: dict[str, tuple[str, str]] = field(default_factory=dict)
    aspects: list[str] = field(default_factory=list)  # renamed, criteria, tags, ...
    replaces: list[str] = field(default_factory=list)  # why the resource is replaced
    notes: list[str] = field(default_factory=list)

    @property
    def replacement(self) -> bool:
        return bool(self.replaces)

    def as_dict(self) -> dict[str, Any]:
        return {
            "key": self.key, "environment": self.environment, "status": self.status,
            "template": self.template, "name_before": self.name_before,
            "name_after": self.name_after, "criteria_before": list(self.criteria_before),
            "criteria_after": list(self.criteria_after),
            "tags": {"added": self.tags_added, "removed": self.tags_removed,
                     "changed": {k: list(v) for k, v in self.tags_changed.items()}},
            "changes": self.aspects, "replacement": self.replacement,
            "replaces": self.replaces, "notes": self.notes,
        }


@dataclass(slots=True)
class Summary:
    base: str
    head: str
    segments: list[SegmentChange] = field(default_factory=list)
    unchanged: int = 0

    def counts(self) -> dict[str, int]:
        counts = {s: sum(1 for c in self.segments if c.status == s)
                  for s in ("added", "removed", "changed")}
        counts["replaced"] = sum(1 for c in self.segments if c.replacement)
        counts["unchanged"] = self.unchanged
        return counts

    def as_dict(self) -> dict[str, Any]:
        return {"base": self.base, "head": self.head, "counts": self.counts(),
                "segments": [c.as_dict() for c in self.segments]}


# ---- indexing and comparing ----

def resources(files: Mapping[str, bytes]) -> dict[tuple[str, str], Resource]:
    """Every segment resource of every template, by (environment, logical ID stem)."""
    environments = _environments(files)
    found: dict[tuple[str, str], Resource] = {}
    for path in sorted(files):
        if path == MANIFEST:
            continue
        template = _parse(path, files[path])
        if not isinstance(template, dict) or not isinstance(template.get("Resources"), dict):
            continue
        environment = environments.get(path, path.split("/")[0] if "/" in path else "")
        for logical, body in sorted(template["Resources"].items()):
            if not isinstance(body, dict) or body.get("Type") not in SUFFIXES:
                continue
            properties = body.get("Properties") or {}
            meta = (body.get("Metadata") or {}).get("segmentgen") or {}
            key = meta.get("key") if isinstance(meta, dict) else None
            if key is None and isinstance(properties.get("SegmentDefinitionName"), str):
                key = ROTATION.sub("", properties["SegmentDefinitionName"])
            resource = Resource(environment, path, logical, str(key or logical), body["Type"],
                                properties, body, ())
            found[resource.identity] = resource
    found.update(_import_jobs(files))
    keys = {r.logical_id: r.key for r in found.values()}
    return {
        identity: Resource(r.environment, r.template, r.logical_id, r.key, r.type, r.properties,
                           r.body, tuple(describe_resource(r.type, r.properties, keys)))
        for identity, r in found.items()
    }


def _import_jobs(files: Mapping[str, bytes]) -> dict[tuple[str, str], Resource]:
    found = {}
    for path in sorted(files):
        parts = path.split("/")
        if len(parts) < 2 or parts[-2] != "import-jobs" or not path.endswith(".json"):
            continue
        request = _parse(path, files[path])
        if not isinstance(request, dict):
            continue
        key = parts[-1].removesuffix(".json")
        environment = parts[0] if len(parts) == 3 else ""
        found[(environment, f"import:{key}")] = Resource(
            environment, path, f"import:{key}", key, IMPORTED, request, {}, ())
    return found


def _environments(files: Mapping[str, bytes]) -> dict[str, str]:
    """Template path -> environment, from the manifest (none when absent or damaged)."""
    manifest = parse_manifest(files.get(MANIFEST))
    return manifest.environments() if manifest else {}


def _parse(path: str, raw: bytes) -> Any:
    try:
        if path.endswith(".json"):
            return json.loads(raw)
        return yaml.safe_load(raw)
    except (ValueError, yaml.YAMLError):
        return None


def only_environment(files: Mapping[str, bytes], env: str) -> dict[str, bytes]:
    """The files of one environment (``out/<env>/...``) and the manifest."""
    return {path: body for path, body in files.items()
            if path.startswith(f"{env}/") or path == "manifest.json"}


def summarize(before: Mapping[str, bytes], after: Mapping[str, bytes], base: str = "base",
              head: str = "specs") -> Summary:
    old, new = resources(before), resources(after)
    summary = Summary(base, head)
    added = [new[i] for i in sorted(set(new) - set(old))]
    removed = [old[i] for i in sorted(set(old) - set(new))]
    for identity in sorted(set(old) & set(new)):
        change = compare(old[identity], new[identity])
        if change.aspects:
            summary.segments.append(change)
        else:
            summary.unchanged += 1
    for resource in list(added):
        twin = next((r for r in removed if _same_segment(r, resource)), None)
        if twin is not None:
            added.remove(resource)
            removed.remove(twin)
            summary.segments.append(compare(twin, resource))
    summary.segments.extend(_added(r) for r in added)
    summary.segments.extend(_removed(r) for r in removed)
    summary.segments.sort(key=lambda c: (c.environment, c.key, c.status))
    return summary


def _same_segment(old: Resource, new: Resource) -> bool:
    """A key renamed without other change: same environment, type, name and criteria."""
    return (old.environment, old.type, old.name, old.criteria) == (
        new.environment, new.type, new.name, new.criteria)


def _added(resource: Resource) -> SegmentChange:
    return SegmentChange(resource.key, resource.environment, "added", resource.template,
                         name_after=resource.name, criteria_after=resource.criteria,
                         tags_added=resource.tags, aspects=["added"],
                         notes=["a new segment with a new SegmentId"])


def _removed(resource: Resource) -> SegmentChange:
    kept = resource.body.get("DeletionPolicy") == "Retain"
    note = ("the stack keeps the segment (DeletionPolicy Retain)" if kept
            else "the stack deletes the segment")
    if resource.type == IMPORTED:
        note = "no stack manages an imported segment: delete it in Pinpoint if it must go"
    return SegmentChange(resource.key, resource.environment, "removed", resource.template,
                         name_before=resource.name, criteria_before=resource.criteria,
                         tags_removed=resource.tags, aspects=["removed"],
                         notes=[note, "campaigns already using it keep working"])


def compare(old: Resource, new: Resource) -> SegmentChange:
    change = SegmentChange(new.key, new.environment, "changed", new.template,
                           name_before=old.name, name_after=new.name,
                           criteria_before=old.criteria, criteria_after=new.criteria)
    if old.key != new.key:
        change.aspects.append("key")
        change.notes.append(f"key {old.key!r} is now {new.key!r}")
    if old.logical_id != new.logical_id:
        change.replaces.append(f"logical ID {old.logical_id} becomes {new.logical_id}")
    if old.template != new.template:
        change.aspects.append("moved")
        change.replaces.append(f"moves from {old.template} to {new.template} (another stack)")
    if old.type != new.type:
        change.aspects.append("type")
        change.replaces.append(f"resource type {old.type} becomes {new.type}")
    if old.name != new.name:
        change.aspects.append("renamed")
    if old.criteria != new.criteria or _criteria(old) != _criteria(new):
        change.aspects.append("criteria")
    _compare_tags(old.tags, new.tags, change)
    if old.type == new.type:
        for prop in CREATE_ONLY.get(new.type, ()):
            if old.properties.get(prop) != new.properties.get(prop):
                change.replaces.append(f"{prop} changes (create-only)")
                if prop == "ApplicationId":
                    change.aspects.append("application")
                    change.notes.append(f"application {_application(old.properties)} becomes "
                                        f"{_application(new.properties)}")
    rest = _other_differences(old, new)
    change.aspects.extend(rest)
    if change.replaces and "replaced" not in change.aspects:
        change.aspects.append("replaced")
        change.notes.append("a new SegmentId: campaigns and journeys must be re-pointed")
    return change


def _application(properties: Mapping[str, Any]) -> str:
    value = properties.get("ApplicationId")
    if isinstance(value, dict) and "Ref" in value:
        return f"parameter {value['Ref']}"
    if isinstance(value, dict) and "Fn::ImportValue" in value:
        return f"import {value['Fn::ImportValue']}"
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        return f"app {json.dumps(value['Fn::GetAtt'])}"
    return str(value) if isinstance(value, str) else json.dumps(value, sort_keys=True)


def _criteria(resource: Resource) -> dict[str, Any]:
    return {p: resource.properties.get(p) for p in CRITERIA_PROPERTIES}


def _compare_tags(old: dict[str, str], new: dict[str, str], change: SegmentChange) -> None:
    change.tags_added = {k: new[k] for k in sorted(set(new) - set(old))}
    change.tags_removed = {k: old[k] for k in sorted(set(old) - set(new))}
    change.tags_changed = {k: (old[k], new[k]) for k in sorted(set(old) & set(new))
                           if old[k] != new[k]}
    if change.tags_added or change.tags_removed or change.tags_changed:
        change.aspects.append("tags")


def _other_differences(old: Resource, new: Resource) -> list[str]:
    handled = {"Tags", "ApplicationId", *CRITERIA_PROPERTIES, *IMPORT_FIELDS,
               NAME_PROPERTY.get(new.type, "Name")}
    props = sorted(p for p in {*old.properties, *new.properties} - handled
                   if old.properties.get(p) != new.properties.get(p))
    found = [f"property {p}" for p in props if p not in CREATE_ONLY.get(new.type, ())]
    old_meta = (old.body.get("Metadata") or {}).get("segmentgen") or {}
    new_meta = (new.body.get("Metadata") or {}).get("segmentgen") or {}
    if old_meta.get("description") != new_meta.get("description") or (
            old.properties.get("Description") != new.properties.get("Description")):
        found = [f for f in found if f != "property Description"] + ["description"]
    if old.body.get("DeletionPolicy") != new.body.get("DeletionPolicy"):
        found.append("retain")
    return found
