"""The audience a review changes: each changed segment's endpoint count before and after.

Input: the two outputs ``diff`` compares (the committed ``out/`` and what the specs build now,
path -> bytes), an endpoint export and an as-of instant. Output: ``Audiences``: per changed,
added or removed segment (environment and key, as ``diff.Summary`` lists it) the matched
count before and after, each None where that side has no such segment or the segment cannot be
counted (a Customer Profiles definition, an imported segment, criteria no spec can hold); and
the diagnostics of an export that cannot be read (SG604). Customer Profiles definitions are
counted over a profile export by ``review.profiles_audience`` into the same ``Audiences``.

Both sides are counted from the templates' native criteria (``Dimensions`` or
``SegmentGroups``), the very text the diff compares: the committed side is what is deployed
(or will be), whatever the specs at that commit said. Each template segment goes back to the
model through the spec language's native form (``dimensions:`` / ``segment_groups:``), so it
is validated as a spec would be; a base segment referenced as ``Fn::GetAtt``,
``Fn::ImportValue`` or an imported segment's ``Ref`` becomes a reference by key within the
same side and environment. Every segment of both sides is counted by one DuckDB query, one
pass over the export (``estimate.engine``, with ``estimate.batch.Worlds``: a key names
another segment on each side).
"""

from __future__ import annotations

import copy
import os
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from segmentgen.compile.plan.resources import match
from segmentgen.core import codes, model
from segmentgen.core.diagnostics import Diagnostic
from segmentgen.review.diff import IMPORTED, Resource, resources
from segmentgen.review.users import _key_tables, _token

PINPOINT = "AWS::Pinpoint::Segment"
MINUS = "\u2212"
Place = tuple[str, str]  # environment, segment key


@dataclass(frozen=True, slots=True)
class Audience:
    before: int | None
    after: int | None
    unit: str = "endpoints"  # or "profiles": a Customer Profiles definition (``--profiles``)

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    def as_dict(self) -> dict[str, int | str | None]:
        return {"before": self.before, "after": self.after, "change": self.change,
                "unit": self.unit}


@dataclass(slots=True)
class Audiences:
    export: str
    as_of: datetime
    endpoints: int = 0
    counts: dict[tuple[str, str, str], Audience] = field(default_factory=dict)
    profiles_export: str | None = None  # with --profiles (``review.profiles_audience``)
    profiles: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def of(self, environment: str, key: str, status: str) -> Audience | None:
        return self.counts.get((environment, key, status))


def amount(value: int) -> str:
    return f"{value:,}"


def change_text(audience: Audience) -> str:
    """``12,480 → 9,311 (−3,169, −25%)``; one side alone for a new or removed segment."""
    before, after = audience.before, audience.after
    if before is None and after is None:
        return "not counted"
    if before is None or after is None:
        side = "after" if before is None else "before"
        return f"{side}: {amount(after if before is None else before)}"  # type: ignore[arg-type]
    difference = after - before
    if difference == 0:
        return f"{amount(before)} → {amount(after)} (no change)"
    sign = "+" if difference > 0 else MINUS
    parts = [f"{sign}{amount(abs(difference))}"]
    if before:
        percent = abs(difference) * 100 / before
        shown = f"{percent:.1f}" if percent < 1 else f"{int(percent + 0.5)}"
        parts.append(f"{sign}{shown}%")
    return f"{amount(before)} → {amount(after)} ({', '.join(parts)})"


def count_audiences(before: Mapping[str, bytes], after: Mapping[str, bytes],
                    export: str | os.PathLike[str], as_of: datetime,
                    progress: Any = None) -> Audiences:
    """The audience of every segment the diff of ``before`` and ``after`` lists."""
    from segmentgen.estimate.batch import Worlds
    from segmentgen.estimate.engine import estimate_all_with_duckdb

    old, new = resources(before), resources(after)
    sides = {"before": _world(old), "after": _world(new)}
    pairs = match(old, new)
    wanted: list[tuple[tuple[str, str, str], Resource | None, Resource | None]] = [
        ((a.environment, a.key, "changed"), b, a) for b, a in pairs.pairs]
    wanted += [((a.environment, a.key, "added"), None, a) for a in pairs.added]
    wanted += [((b.environment, b.key, "removed"), b, None) for b in pairs.removed]
    counted: list[model.Segment] = []
    worlds = Worlds()
    slots: dict[tuple[str, Place], int] = {}
    for _, b, a in wanted:
        for side, resource in (("before", b), ("after", a)):
            place = (resource.environment, resource.key) if resource is not None else None
            segment = sides[side].get(place[0], {}).get(place[1]) if place else None
            if place and segment is not None and segment.imported is None:
                slots[(side, place)] = len(counted)
                counted.append(segment)
                worlds.append(sides[side][place[0]])
    audiences = Audiences(str(export), as_of)
    estimates = estimate_all_with_duckdb(counted, export, as_of=as_of, segments=worlds,
                                         progress=progress) if counted else []
    problems = [d for e in estimates for d in e.diagnostics if d.code == codes.SG604]
    if problems or len(estimates) < len(counted):
        audiences.diagnostics.extend(problems)
        return audiences
    audiences.endpoints = max((e.endpoints for e in estimates), default=0)
    for where, b, a in wanted:
        found = [estimates[slots[(side, (r.environment, r.key))]].matched
                 if r is not None and (side, (r.environment, r.key)) in slots else None
                 for side, r in (("before", b), ("after", a))]
        audiences.counts[where] = Audience(found[0], found[1])
    return audiences


def _world(found: Sequence[Resource]) -> dict[str, dict[str, model.Segment]]:
    """Per environment, the countable segments of one output by key."""
    tables = _key_tables(found)
    worlds: dict[str, dict[str, model.Segment]] = {}
    keys: dict[str, frozenset[str]] = {}
    for resource in found:
        keys[resource.environment] = keys.get(resource.environment, frozenset()) | {resource.key}
    for resource in found:
        segment = _segment(resource, tables.get(resource.environment, {}),
                           keys[resource.environment])
        if segment is not None:
            worlds.setdefault(resource.environment, {})[resource.key] = segment
    return worlds


def _segment(resource: Resource, table: Mapping[str, str],
             keys: frozenset[str]) -> model.Segment | None:
    """The model of one template segment, or None when it has no spec form."""
    if resource.type == IMPORTED:
        return model.Segment(key=resource.key, name=resource.name, file=resource.template,
                             line=1, imported=model.ImportSource("s3://import", "CSV", None))
    if resource.type != PINPOINT:
        return None
    spec: dict[str, Any] = {"name": resource.name or resource.key}
    properties = resource.properties
    if isinstance(properties.get("SegmentGroups"), dict):
        spec["segment_groups"] = _by_key(properties["SegmentGroups"], table)
    elif isinstance(properties.get("Dimensions"), dict):
        spec["dimensions"] = copy.deepcopy(dict(properties["Dimensions"]))
    return _validated(resource, spec, keys)


def _by_key(groups: Mapping[str, Any], table: Mapping[str, str]) -> dict[str, Any]:
    """``SegmentGroups`` with each base segment of this output named by its key."""
    data = copy.deepcopy(dict(groups))
    for source in _sources(data):
        token = _token(source)
        key = table.get(token) if token else None
        if key is not None:
            source["Id"] = key
            source.pop("SegmentDefinitionName", None)
    return data


def _sources(data: Mapping[str, Any]) -> Iterator[dict[str, Any]]:
    for group in data.get("Groups") or []:
        for source in (group.get("SourceSegments") or []) if isinstance(group, dict) else []:
            if isinstance(source, dict):
                yield source


def _validated(resource: Resource, spec: dict[str, Any],
               keys: frozenset[str]) -> model.Segment | None:
    from segmentgen.load.document import Loaded
    from segmentgen.validate import RawSegment, validate_segment

    loaded = Loaded(resource.template, {"segments": {resource.key: spec}})
    segment, _ = validate_segment(RawSegment(resource.key, loaded, spec), keys)
    return segment
