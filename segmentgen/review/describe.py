"""Plain-language description of a segment's criteria, as the console lists them.

Input: a ``model.Segment`` (and optionally the project's segments by key, to name base
segments). Output: a list of lines, deterministic, indented by two spaces per level:
``attribute plan is one of pro, team``, ``metric engagementScore > 75``, ``active in the last
30 days``, ``Group 1 (all of):`` and so on. ``diff`` and ``show`` print these lines.
"""

from __future__ import annotations

from collections.abc import Mapping

from segmentgen import criteria
from segmentgen.core.model import (
    Dimensions,
    Group,
    Groups,
    ImportSource,
    ProfilesDefinition,
    Segment,
    SourceRef,
)
from segmentgen.criteria import words

_quote = words.quote
INDENT = "  "
COMBINE_WORDS = {"ALL": "all of", "ANY": "any of", "NONE": "none of"}


def describe_segment(segment: Segment, segments: Mapping[str, Segment] | None = None) -> list[str]:
    """The criteria of ``segment``, one line per criterion, group or base segment list."""
    if segment.imported is not None:
        return describe_import(segment.imported)
    if segment.profiles is not None:
        return describe_profiles(segment.profiles, segments)
    if segment.groups is not None:
        return describe_groups(segment.groups, segments)
    if segment.dimensions is not None and not segment.dimensions.is_empty():
        return describe_dimensions(segment.dimensions)
    return ["all endpoints"]


def describe_profiles(definition: ProfilesDefinition,
                      segments: Mapping[str, Segment] | None = None) -> list[str]:
    """A ``target: customer-profiles`` segment, from the CloudFormation shape it carries; a
    base segment of the project is named by its key and display name."""
    from segmentgen.review.profiles_words import describe_definition

    groups = definition.segment_groups.data if definition.segment_groups else None
    sort = definition.sort.data if definition.sort else None
    names = {key: describe_source(SourceRef(key=key), segments)
             for key in definition.base_keys()}
    return describe_definition(groups, definition.sql, sort, names)


def describe_import(source: ImportSource) -> list[str]:
    role = source.role_arn or "a role the build creates"
    registers = "registers" if source.register_endpoints else "does not register"
    return [
        f"imported from {source.s3_url} ({source.format})",
        f"read with {role}; the import {registers} its endpoints",
    ]


def describe_groups(groups: Groups, segments: Mapping[str, Segment] | None = None) -> list[str]:
    lines = [f"endpoints in {COMBINE_WORDS[groups.include]} the groups:"]
    for number, group in enumerate(groups.groups, 1):
        lines.extend(describe_group(number, group, segments))
    return lines


def describe_group(number: int, group: Group,
                   segments: Mapping[str, Segment] | None = None) -> list[str]:
    """A group's heading, its base segments, then its criteria blocks combined by ``Type``."""
    criteria = _blocks(group)
    combine = COMBINE_WORDS[group.type]
    if not group.sources:
        lines = criteria or ["all endpoints"]
        return [f"Group {number} ({combine}):", *(INDENT + line for line in lines)]
    base = describe_sources(group.source_type, group.sources, segments)
    if group.type == "ALL" or not criteria:
        return [f"Group {number} (all of):", INDENT + base, *(INDENT + line for line in criteria)]
    return [f"Group {number}:", INDENT + base, f"{INDENT}and {combine}:",
            *(INDENT * 2 + line for line in criteria)]


def _blocks(group: Group) -> list[str]:
    return combine([describe_dimensions(block) for block in group.dimensions],
                   every=group.type == "ALL")


def combine(blocks: list[list[str]], every: bool) -> list[str]:
    """The lines of a group's criteria blocks: one list when all must match (``every``), else
    each block of several lines under ``all of:`` (a block of one line stands alone)."""
    if every:
        return [line for block in blocks for line in block]
    lines: list[str] = []
    for block in blocks:
        if len(block) == 1:
            lines.extend(block)
        else:
            lines.append("all of:")
            lines.extend(INDENT + line for line in block)
    return lines


def describe_sources(source_type: str, sources: tuple[SourceRef, ...],
                     segments: Mapping[str, Segment] | None = None) -> str:
    names = ", ".join(describe_source(ref, segments) for ref in sources)
    if len(sources) == 1:
        prefix = "not in base segment" if source_type == "NONE" else "in base segment"
        return f"{prefix} {names}"
    return f"in {COMBINE_WORDS[source_type]} the base segments {names}"


def describe_source(ref: SourceRef, segments: Mapping[str, Segment] | None = None) -> str:
    if ref.key is not None:
        found = (segments or {}).get(ref.key)
        return f"{ref.key} ({_quote(found.name)})" if found is not None else ref.key
    version = f" version {ref.version}" if ref.version is not None else ""
    return f"id {ref.id}{version}"


def describe_dimensions(dims: Dimensions) -> list[str]:
    """One line per criterion of one SegmentDimensions object (each registered kind's words,
    in registry order); all of them must hold."""
    lines: list[str] = []
    for kind in criteria.kinds():
        lines += kind.describe(dims)
    return lines or ["all endpoints"]

