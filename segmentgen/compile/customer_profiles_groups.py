"""Customer Profiles segment groups: a segment's criteria and base segments as a troposphere
``SegmentGroup``.

Input: one segment and what its compilation may read (``Known``: the definitions planned so
far, the stack's keys, the imports and the attribute map). Output: the ``SegmentGroup`` (or
None), with every criterion that cannot be carried over blocked in the ``Outcome`` (SG301 at
its CloudFormation-shaped data path). How each criterion becomes a dimension lives in
``customer_profiles_map``; a group's ``Type`` combines a block's dimensions as Pinpoint's
would. Imported segments and base segments given by id have no equivalent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from troposphere import customerprofiles as cp

from segmentgen.compile.customer_profiles_map import (
    KEEP_ON_PINPOINT,
    CarriedCriterion,
    Outcome,
    criterion_count,
    map_criteria,
)
from segmentgen.core.diagnostics import Path
from segmentgen.core.model import Group, Segment

if TYPE_CHECKING:
    from segmentgen.compile.customer_profiles import Definition


@dataclass(frozen=True, slots=True)
class Known:
    """What a segment's compilation may read: the plans so far and the stack's keys."""

    planned: Mapping[str, Definition]
    stack: frozenset[str]
    imports: Mapping[str, str]
    attribute_map: Mapping[str, str]


def _source(
    out: Outcome,
    ref_key: str | None,
    ref_id: str | None,
    version: int | None,
    path: Path,
    known: Known,
) -> cp.SourceSegment | None:
    if ref_key is None:
        what = f"id {ref_id!r}" + ("" if version is None else f" version {version}")
        out.block(
            path,
            f"base segment {what} is a deployed Pinpoint segment: Customer Profiles refers to "
            "base segments by definition name and keeps no versions",
            "define the base segment in this project and refer to it by its key",
        )
        return None
    base = known.planned.get(ref_key)
    if ref_key in known.imports:
        out.block(
            path,
            f"base segment {ref_key!r} lives in another stack: its definition name rotates with "
            "its criteria, which a cross-stack export cannot follow",
            "compile both segments into one stack for the customer-profiles target",
        )
    elif base is None:
        reason = "forms a cycle" if ref_key in known.stack else "is not part of this stack"
        out.block(path, f"base segment {ref_key!r} {reason}", "refer to a segment of this stack")
    elif base.blocked:
        out.block(
            path,
            f"base segment {ref_key!r} cannot be carried over to Customer Profiles",
            f"resolve the findings of {ref_key!r} first",
        )
    else:
        out.mappings.append(CarriedCriterion(path, f"base segment {ref_key!r}", base.name, False))
        return cp.SourceSegment(SegmentDefinitionName=base.name)
    return None


def _group(out: Outcome, group: Group, index: int, known: Known) -> cp.Group:
    prefix: Path = ("SegmentGroups", "Groups", index)
    dimensions: list[cp.Dimension] = []
    for position, dims in enumerate(group.dimensions):
        dims_prefix: Path = (*prefix, "Dimensions", position)
        count = criterion_count(dims)
        if group.type != "ALL" and count > 1:
            out.block(
                dims_prefix,
                f"criteria block {position} holds {count} criteria that must all hold, inside a "
                f"group that combines its blocks with {group.type}: Customer Profiles combines "
                "every dimension of a group one way only",
                "give each criterion its own block, or move the block to a group that combines "
                "with all",
            )
        built = map_criteria(out, dims, dims_prefix, known.attribute_map)
        dimensions.extend(dimension for dimension in built if dimension is not None)
    sources: list[cp.SourceSegment] = []
    for position, ref in enumerate(group.sources):
        path: Path = (*prefix, "SourceSegments", position)
        source = _source(out, ref.key, ref.id, ref.version, path, known)
        if source is not None:
            sources.append(source)
    result = cp.Group(Type=group.type, SourceType=group.source_type)
    if dimensions:
        result.Dimensions = dimensions
    if sources:
        result.SourceSegments = sources
    return result


def segment_groups(out: Outcome, segment: Segment, known: Known) -> cp.SegmentGroup | None:
    if segment.imported is not None:
        out.block(
            ("ImportDefinition",),
            f"imported segment ({segment.imported.s3_url}) has no equivalent: a Customer "
            "Profiles segment definition is always computed from the domain's profiles",
            "ingest the export into the domain (an integration or an object type mapping) and "
            f"select those profiles by an attribute, {KEEP_ON_PINPOINT}",
        )
        return None
    if segment.groups is not None:
        groups = [_group(out, group, i, known) for i, group in enumerate(segment.groups.groups)]
        return cp.SegmentGroup(Include=segment.groups.include, Groups=groups)
    if segment.dimensions is not None:
        built = map_criteria(out, segment.dimensions, ("Dimensions",), known.attribute_map)
        dimensions = [dimension for dimension in built if dimension is not None]
        group = cp.Group(Type="ALL", SourceType="ALL")
        if dimensions:
            group.Dimensions = dimensions
        return cp.SegmentGroup(Include="ALL", Groups=[group])
    return None
