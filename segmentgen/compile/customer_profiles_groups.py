"""Customer Profiles segment groups: a segment's criteria and base segments as a troposphere
``SegmentGroup``.

Input: one segment and what its compilation may read (``Known``: the definitions planned so
far, the stack's keys, the imports and the attribute map). Output: the ``SegmentGroup`` (or
None), with every criterion that cannot be carried over blocked in the ``Outcome`` (SG301 at
its CloudFormation-shaped data path). How each criterion becomes a dimension lives in
``customer_profiles_map``; a group's ``Type`` combines a block's dimensions as Pinpoint's
would. Imported segments and base segments given by id have no equivalent.

Combinators: the Customer Profiles documentation describes OR-ed starting audiences, AND-ed
filters and an EXCLUDE between two audience groups; a copied ``Include``, ``Type`` or
``SourceType`` of ``NONE``, or ``SourceType: ALL`` over several base segments, is SG308 (a
warning naming the documented alternative). Criteria of one name from different Pinpoint
sections that would become one profile attribute are SG306 (``customer_profiles_collapse``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from troposphere import customerprofiles as cp

from segmentgen.compile.customer_profiles_collapse import collapsed
from segmentgen.compile.customer_profiles_map import (
    KEEP_ON_PINPOINT,
    CarriedCriterion,
    Outcome,
    criterion_count,
    map_criteria,
)
from segmentgen.core import codes
from segmentgen.core.diagnostics import Finding, Path
from segmentgen.core.model import Group, Segment
from segmentgen.core.severity import Severity

if TYPE_CHECKING:
    from segmentgen.compile.customer_profiles import Definition


@dataclass(frozen=True, slots=True)
class Known:
    """What a segment's compilation may read: the plans so far and the stack's keys."""

    planned: Mapping[str, Definition]
    stack: frozenset[str]
    imports: Mapping[str, str]
    attribute_map: Mapping[str, str]
    country_format: str | None = None  # how the domain writes Address.Country
    # Explicit definition names of base segments in other stacks (stable across builds).
    definition_names: Mapping[str, str] = field(default_factory=dict)


DOCUMENTED = ("the documentation describes OR-ed starting audiences (base_combine: any), "
              "AND-ed filters (combine: all) and an EXCLUDE between two audience groups")
COMBINATORS = {
    "Include": ("groups combine: none", "write the profiles to leave out as the second of two "
                "groups and combine them with EXCLUDE in the console's terms, or keep this "
                "segment on the pinpoint target"),
    "Type": ("combine: none", "write the filters with {not: [...]} (EXCLUSIVE) in a group "
             "that combines with all"),
    "SourceType": ("base_combine: {value}", "combine the base segments with any (OR), or put "
                   "the base segments to leave out in a second group"),
}


def _combinators(out: Outcome, include: str, groups: list[Group]) -> None:
    """SG308 for each copied combinator whose meaning the documentation does not give."""
    if include == "NONE" and groups:
        _combinator(out, ("SegmentGroups", "Include"), "Include", include)
    for index, group in enumerate(groups):
        prefix: Path = ("SegmentGroups", "Groups", index)
        if group.type == "NONE" and group.dimensions:
            _combinator(out, (*prefix, "Type"), "Type", group.type)
        if (group.source_type == "NONE" and group.sources) or (
                group.source_type == "ALL" and len(group.sources) > 1):
            _combinator(out, (*prefix, "SourceType"), "SourceType", group.source_type)


def _combinator(out: Outcome, path: Path, field: str, value: str) -> None:
    spelled, hint = COMBINATORS[field]
    out.warn(Finding(
        path, codes.SG308,
        f"{spelled.format(value=value.lower())} becomes {field} {value}, whose meaning "
        f"Customer Profiles does not document: {DOCUMENTED}", hint, Severity.WARNING))


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
        name = other_stack_name(out, ref_key, path, known)
        if name is not None:
            out.mappings.append(CarriedCriterion(path, f"base segment {ref_key!r}", name, False))
            return cp.SourceSegment(SegmentDefinitionName=name)
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


def other_stack_name(out: Outcome, key: str, path: Path, known: Known) -> str | None:
    """The definition name of base segment ``key`` of another stack: its explicit
    ``definition_name`` (the stack deploys after the base's), else SG301 (a generated name
    rotates with the base's criteria, which the other stack cannot follow)."""
    name = known.definition_names.get(key)
    if name is None:
        out.block(path, f"base segment {key!r} lives in another stack and its definition name "
                  "is generated: it rotates with the base's criteria, which another stack "
                  "cannot follow", f"give {key!r} an explicit definition_name:, or define both "
                  "segments in one spec file")
    return name


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
    out.country_format = known.country_format
    result = _segment_groups(out, segment, known)
    for _, finding in collapsed([(segment.key, item) for item in out.mappings],
                                known.attribute_map):
        out.fail(finding)
    return result


def _segment_groups(out: Outcome, segment: Segment, known: Known) -> cp.SegmentGroup | None:
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
        _combinators(out, segment.groups.include, list(segment.groups.groups))
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
