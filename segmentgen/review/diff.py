"""Semantic diff: what a change to the specs does to each deployed segment.

Input: two sets of output files (path -> bytes): the committed ``out/`` (read from a git ref
or a directory) and what the specs build now. Output: a ``Summary`` with one
``SegmentChange`` per segment that was added, removed or changed, with the criteria before
and after in plain words and the reasons a change replaces the resource (a new segment id
that campaigns must be re-pointed to). Segments are read and paired across the two outputs
by ``stack_resources`` (environment, stack name and logical ID; then key), and whether a
change replaces one is decided by ``replacement.replacement_reasons``, the rule ``build``
warns with (SG303). Rendering lives in ``diff_render``.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from segmentgen.compile.plan.resources import (
    CRITERIA_PROPERTIES,
    StackResource,
    match,
    output_resources,
    parse_template,
)
from segmentgen.compile.registry import name_property
from segmentgen.review import calculated
from segmentgen.review.base import BaseError, read_base, read_directory, read_git
from segmentgen.review.create_only import create_only_properties
from segmentgen.review.criteria import describe_resource
from segmentgen.review.replacement import canonical_sql, replacement_reasons
from segmentgen.review.users import base_links

# Imported segments are import jobs, not CloudFormation resources: their request files
# (out/[<env>/]import-jobs/<key>.json) stand for them.
IMPORTED = "import job"
IMPORT_FIELDS = ("S3Url", "Format", "RoleArn", "RegisterEndpoints", "DefineSegment")
SQL, SORT = "SegmentSqlQuery", "SegmentSort"  # a Customer Profiles definition's query and sort
__all__ = ["BaseError", "Resource", "SegmentChange", "Summary", "compare", "read_base",
           "read_directory", "read_git", "resources", "summarize"]


@dataclass(frozen=True, slots=True)
class Resource(StackResource):
    """One segment resource of one output template, with its criteria in plain words."""

    criteria: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        prop = "SegmentName" if self.type == IMPORTED else name_property(self.type)
        if self.type == calculated.RESOURCE_TYPE:
            prop = "DisplayName" if "DisplayName" in self.properties else "CalculatedAttributeName"
        value = self.properties.get(prop, "")
        return value if isinstance(value, str) else json.dumps(value, sort_keys=True)

    def criteria_properties(self) -> dict[str, Any]:
        """What the criteria words say, as data: a SQL query in its canonical text (a change of
        whitespace, comments or keyword case is none), and the sort."""
        if self.type == IMPORTED:
            return {name: self.properties.get(name) for name in IMPORT_FIELDS}
        if self.type == calculated.RESOURCE_TYPE:
            return {name: self.properties.get(name) for name in calculated.DEFINITION_PROPERTIES}
        found = StackResource.criteria_properties(self)
        if found.get(SQL) is not None:
            found[SQL] = canonical_sql(found[SQL])
        found[SORT] = self.properties.get(SORT)
        return found

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
    # The build after the change: (environment, base key, user key) links and display names.
    links: list[tuple[str, str, str]] = field(default_factory=list)
    names: dict[tuple[str, str], str] = field(default_factory=dict)

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

def resources(files: Mapping[str, bytes]) -> list[Resource]:
    """Every segment resource of every stack template, every imported segment and every
    calculated attribute definition (``review.calculated``)."""
    found = [*output_resources(files), *_import_jobs(files)]
    keys = {r.logical_id: r.key for r in found}
    keys.update(definition_keys(found))
    return [Resource(**{f.name: getattr(r, f.name) for f in fields(StackResource)},
                     criteria=tuple(describe_resource(r.type, r.properties, keys)
                                    if r.type != calculated.RESOURCE_TYPE
                                    else calculated.describe_calculated(r.properties)))
            for r in [*found, *calculated.calculated_resources(files)]]


def definition_keys(found: list[StackResource]) -> dict[str, str]:
    """A Customer Profiles definition's ``SegmentDefinitionName`` -> its segment key, so that
    a base segment is named by key."""
    return {name: r.key for r in found
            if isinstance(name := r.properties.get("SegmentDefinitionName"), str)}


def _import_jobs(files: Mapping[str, bytes]) -> list[StackResource]:
    """Imported segments: their import-job requests (``[<env>/]import-jobs/<key>.json``)."""
    found = []
    for path in sorted(files):
        parts = path.split("/")
        if len(parts) < 2 or parts[-2] != "import-jobs" or not path.endswith(".json"):
            continue
        request = parse_template(files[path], path)
        if request is None:
            continue
        key = parts[-1].removesuffix(".json")
        environment = parts[0] if len(parts) == 3 else ""
        found.append(StackResource(environment, "", path, f"import:{key}", key, IMPORTED,
                                   request, {}))
    return found


def only_environment(files: Mapping[str, bytes], env: str) -> dict[str, bytes]:
    """The files of one environment (``out/<env>/...``) and the manifest."""
    return {path: body for path, body in files.items()
            if path.startswith(f"{env}/") or path == "manifest.json"}


def summarize(before: Mapping[str, bytes], after: Mapping[str, bytes], base: str = "base",
              head: str = "specs") -> Summary:
    now = resources(after)
    matches = match(resources(before), now)
    segments = [r for r in now if r.type != calculated.RESOURCE_TYPE]
    summary = Summary(base, head, links=base_links(segments),
                      names={(r.environment, r.key): r.name for r in now})
    for old, new in matches.pairs:
        change = compare(old, new)
        if change.aspects:
            summary.segments.append(change)
        else:
            summary.unchanged += 1
    summary.segments.extend(_added(r) for r in matches.added)
    summary.segments.extend(_removed(r) for r in matches.removed)
    summary.segments.sort(key=lambda c: (c.environment, c.key, c.status))
    return summary


def _added(resource: Resource) -> SegmentChange:
    return SegmentChange(resource.key, resource.environment, "added", resource.template,
                         name_after=resource.name, criteria_after=resource.criteria,
                         tags_added=resource.tags, aspects=["added"],
                         notes=[calculated.NOTES["added"] if resource.type == calculated
                                .RESOURCE_TYPE else "a new segment with a new SegmentId"])


def _removed(resource: Resource) -> SegmentChange:
    kept = resource.body.get("DeletionPolicy") == "Retain"
    note = ("the stack keeps the segment (DeletionPolicy Retain)" if kept
            else "the stack deletes the segment")
    if resource.type == IMPORTED:
        note = "no stack manages an imported segment: delete it in Pinpoint if it must go"
    if resource.type == calculated.RESOURCE_TYPE:
        return SegmentChange(resource.key, resource.environment, "removed", resource.template,
                             name_before=resource.name, criteria_before=resource.criteria,
                             tags_removed=resource.tags, aspects=["removed"],
                             notes=[calculated.NOTES["removed"]])
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
    if old.stack != new.stack:
        change.aspects.append("moved")
    if old.type != new.type:
        change.aspects.append("type")
    if old.name != new.name:
        change.aspects.append("renamed")
    if _criteria_changed(old, new):
        change.aspects.append("criteria")
    _compare_tags(old.tags, new.tags, change)
    if old.type == new.type and (old.properties.get("ApplicationId")
                                 != new.properties.get("ApplicationId")):
        change.aspects.append("application")
        change.notes.append(f"application {_application(old.properties)} becomes "
                            f"{_application(new.properties)}")
    change.replaces.extend(replacement_reasons(old, new))
    change.aspects.extend(_other_differences(old, new))
    if change.replaces:
        change.aspects.append("replaced")
        change.notes.append(calculated.NOTES["replaced"] if new.type == calculated.RESOURCE_TYPE
                            else "a new SegmentId: campaigns and journeys must be re-pointed")
    return change


def _criteria_changed(old: Resource, new: Resource) -> bool:
    """Whether the criteria differ; a SQL query that differs only in its text (whitespace,
    comments, keyword case) is the same query, so its words changing is no change."""
    if old.criteria_properties() != new.criteria_properties():
        return True
    has_sql = old.properties.get(SQL) is not None or new.properties.get(SQL) is not None
    return not has_sql and old.criteria != new.criteria


def _application(properties: Mapping[str, Any]) -> str:
    value = properties.get("ApplicationId")
    if isinstance(value, dict) and "Ref" in value:
        return f"parameter {value['Ref']}"
    if isinstance(value, dict) and "Fn::ImportValue" in value:
        return f"import {value['Fn::ImportValue']}"
    if isinstance(value, dict) and "Fn::GetAtt" in value:
        return f"app {json.dumps(value['Fn::GetAtt'])}"
    return str(value) if isinstance(value, str) else json.dumps(value, sort_keys=True)


def _compare_tags(old: dict[str, str], new: dict[str, str], change: SegmentChange) -> None:
    change.tags_added = {k: new[k] for k in sorted(set(new) - set(old))}
    change.tags_removed = {k: old[k] for k in sorted(set(old) - set(new))}
    change.tags_changed = {k: (old[k], new[k]) for k in sorted(set(old) & set(new))
                           if old[k] != new[k]}
    if change.tags_added or change.tags_removed or change.tags_changed:
        change.aspects.append("tags")


def _other_differences(old: Resource, new: Resource) -> list[str]:
    handled = {"Tags", "ApplicationId", *CRITERIA_PROPERTIES, *IMPORT_FIELDS, "SegmentName", SORT,
               *calculated.DEFINITION_PROPERTIES, "DisplayName",
               name_property(new.type),
               *(path[0] for path in create_only_properties(new.type))}
    props = sorted(str(p) for p in {*old.properties, *new.properties} - handled
                   if old.type == new.type and old.properties.get(p) != new.properties.get(p))
    found = [f"property {p}" for p in props]
    if old.metadata.get("description") != new.metadata.get("description") or (
            old.properties.get("Description") != new.properties.get("Description")):
        found = [f for f in found if f != "property Description"] + ["description"]
    if old.body.get("DeletionPolicy") != new.body.get("DeletionPolicy"):
        found.append("retain")
    return found
