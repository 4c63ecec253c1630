"""Customer Profiles target: segments to ``AWS::CustomerProfiles::SegmentDefinition``.

Input: the segments of one stack and a ``CompileContext``. Output: ``plan_definitions`` gives
one ``Definition`` per segment (troposphere ``SegmentGroup``, rotated name, the mapping of
every criterion, SG301 findings); ``compile_template`` turns the plans into a ``CompileResult``
whose template holds a segment definition for every segment without findings.

Mapping. How each criterion becomes a dimension lives in ``customer_profiles_map``; a group's
``Type`` combines a block's dimensions as Pinpoint's would. Imported segments and base segments
given by id have no equivalent and yield SG301 at the criterion's CloudFormation-shaped data
path.

Naming. DisplayName and SegmentGroups are create-only, so a change to either replaces the
definition, and a replacement needs a new name. ``SegmentDefinitionName`` is therefore
``<key>-<8 hex>``: the first 8 hex digits of the SHA-256 of the canonical JSON (sorted keys,
no spaces) of ``{"DisplayName", "Key", "SegmentGroups"}``. The key is cut to 55 characters so
that the name fits in 64; the hash covers the whole key, so cut keys stay distinct. A new
description or new tags keep the name (they update in place); new criteria or a new display
name rotate it. Base segments are referenced by their rotated name, so a dependent rotates
with its base. Exports (``context.exports``) are not emitted: a rotating name cannot be
imported, so base segments in other stacks (``context.imports``) are SG301 as well.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from troposphere import Parameter, Ref, Tags, Template
from troposphere import customerprofiles as cp

from segmentgen.compile import CompileContext, CompileResult, logical_id
from segmentgen.compile import merged_tags as shared_merged_tags
from segmentgen.compile.customer_profiles_map import (
    KEEP_ON_PINPOINT,
    CarriedCriterion,
    Outcome,
    criterion_count,
    map_criteria,
)
from segmentgen.core.diagnostics import Finding, Path
from segmentgen.core.model import Group, Segment

DOMAIN_PARAMETER = "CustomerProfilesDomainName"
NAME_PATTERN = re.compile(r"^[a-zA-Z0-9_-]+$")
TAG_KEY_PATTERN = re.compile(r"^(?!aws:)[a-zA-Z+-=._:/]+$")
MAX_NAME_LENGTH = 64
HASH_LENGTH = 8
MAX_KEY_IN_NAME = MAX_NAME_LENGTH - HASH_LENGTH - 1
MAX_DISPLAY_NAME_LENGTH = 255
MAX_DESCRIPTION_LENGTH = 4000
MAX_TAGS = 50


@dataclass(frozen=True, slots=True)
class Definition:
    segment: Segment
    name: str  # the rotated SegmentDefinitionName
    display_name: str
    tags: tuple[tuple[str, str], ...]
    segment_groups: cp.SegmentGroup | None
    base_keys: tuple[str, ...] = ()
    mappings: tuple[CarriedCriterion, ...] = ()
    findings: tuple[Finding, ...] = ()

    @property
    def blocked(self) -> bool:
        return bool(self.findings)

    @property
    def logical_id(self) -> str:
        return logical_id(self.segment.key, "SegmentDefinition")


def _source(
    out: Outcome,
    ref_key: str | None,
    ref_id: str | None,
    version: int | None,
    path: Path,
    known: _Known,
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


@dataclass(frozen=True, slots=True)
class _Known:
    """What a segment's compilation may read: the plans so far and the stack's keys."""

    planned: Mapping[str, Definition]
    stack: frozenset[str]
    imports: Mapping[str, str]
    attribute_map: Mapping[str, str]


def _group(out: Outcome, group: Group, index: int, known: _Known) -> cp.Group:
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


def _segment_groups(out: Outcome, segment: Segment, known: _Known) -> cp.SegmentGroup | None:
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


def definition_name(key: str, display_name: str, segment_groups: cp.SegmentGroup | None) -> str:
    """``<key>-<8 hex>``: a new name whenever a create-only property changes."""
    payload = {
        "DisplayName": display_name,
        "Key": key,
        "SegmentGroups": None if segment_groups is None else segment_groups.to_dict(),
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]
    return f"{key[:MAX_KEY_IN_NAME]}-{digest}"


def merged_tags(segment: Segment, context: CompileContext) -> tuple[tuple[str, str], ...]:
    """The targets' one tag precedence (``segmentgen.compile.merged_tags``), as pairs."""
    return tuple(shared_merged_tags(segment, context).items())


def _check_texts(out: Outcome, segment: Segment, display_name: str) -> None:
    if not NAME_PATTERN.match(segment.key):
        out.block(
            ("Key",),
            f"segment key {segment.key!r} is not a definition name",
            "use A-Z, 0-9, _ and -",
        )
    if not 1 <= len(display_name) <= MAX_DISPLAY_NAME_LENGTH:
        out.block(
            ("Name",),
            f"display name {display_name!r} has {len(display_name)} characters; Customer "
            f"Profiles takes 1 to {MAX_DISPLAY_NAME_LENGTH}",
            "shorten the name or the environment's name_suffix",
        )
    if segment.description and len(segment.description) > MAX_DESCRIPTION_LENGTH:
        out.block(
            ("Description",),
            f"description has {len(segment.description)} characters; Customer Profiles takes "
            f"at most {MAX_DESCRIPTION_LENGTH}",
            "shorten the description",
        )


def _check_tags(out: Outcome, tags: Sequence[tuple[str, str]]) -> None:
    if len(tags) > MAX_TAGS:
        out.block(("Tags",), f"{len(tags)} tags; Customer Profiles takes {MAX_TAGS}", "drop tags")
    for key, value in tags:
        if not TAG_KEY_PATTERN.match(key) or len(key) > 128 or len(value) > 256:
            out.block(
                ("Tags", key),
                f"tag {key!r}: {value!r} is not accepted by Customer Profiles (keys: letters, "
                "digits and + , - . / : ; < = _, at most 128, not aws:; values at most 256)",
                "rename the tag key, for example with - instead of spaces",
            )


def _definition(segment: Segment, context: CompileContext, known: _Known) -> Definition:
    out = Outcome()
    groups = _segment_groups(out, segment, known)
    display_name = segment.name + context.environment.name_suffix
    _check_texts(out, segment, display_name)
    tags = merged_tags(segment, context)
    _check_tags(out, tags)
    bases = tuple(key for key in segment.base_keys() if key in known.planned)
    return Definition(
        segment=segment,
        name=definition_name(segment.key, display_name, groups),
        display_name=display_name,
        tags=tags,
        segment_groups=groups,
        base_keys=tuple(sorted(set(bases))),
        mappings=tuple(out.mappings),
        findings=tuple(out.findings),
    )


def plan_definitions(segments: Sequence[Segment], context: CompileContext) -> list[Definition]:
    """One plan per segment, sorted by key; base segments are planned before dependents."""
    by_key = {segment.key: segment for segment in segments}
    planned: dict[str, Definition] = {}
    known = _Known(
        planned, frozenset(by_key), context.imports, dict(context.settings.attribute_map)
    )

    def visit(key: str, trail: frozenset[str]) -> None:
        if key in planned or key in trail:
            return
        for base in by_key[key].base_keys():
            if base in by_key:
                visit(base, trail | {key})
        planned[key] = _definition(by_key[key], context, known)

    for key in sorted(by_key):
        visit(key, frozenset())
    return [planned[key] for key in sorted(by_key)]


def domain_name(context: CompileContext) -> str | None:
    return context.environment.domain or context.settings.domain


def _domain(template: Template, context: CompileContext) -> str | Ref:
    domain = domain_name(context)
    if domain is not None:
        return domain
    parameter = Parameter(
        DOMAIN_PARAMETER,
        Type="String",
        Description="The Amazon Connect Customer Profiles domain that holds the segments",
        AllowedPattern="^[a-zA-Z0-9_-]+$",
        MinLength=1,
        MaxLength=MAX_NAME_LENGTH,
    )
    return Ref(template.add_parameter(parameter))


def _resource(
    definition: Definition, domain: str | Ref, by_key: Mapping[str, Definition]
) -> cp.SegmentDefinition:
    segment = definition.segment
    resource = cp.SegmentDefinition(
        definition.logical_id,
        DomainName=domain,
        SegmentDefinitionName=definition.name,
        DisplayName=definition.display_name,
    )
    if segment.description:
        resource.Description = segment.description
    if definition.segment_groups is not None:
        resource.SegmentGroups = definition.segment_groups
    if definition.tags:
        resource.Tags = Tags(dict(definition.tags))
    if definition.base_keys:
        resource.DependsOn = sorted({by_key[key].logical_id for key in definition.base_keys})
    if segment.retain:
        resource.DeletionPolicy = "Retain"
        resource.UpdateReplacePolicy = "Retain"
    return resource


def compile_template(segments: Sequence[Segment], context: CompileContext) -> CompileResult:
    definitions = plan_definitions(segments, context)
    template = Template()
    template.set_version("2010-09-09")
    if context.description:
        template.set_description(context.description)
    emitted = [definition for definition in definitions if not definition.blocked]
    if emitted:
        domain = _domain(template, context)
        by_key = {definition.segment.key: definition for definition in definitions}
        for definition in emitted:
            template.add_resource(_resource(definition, domain, by_key))
    findings = [(d.segment.key, finding) for d in definitions for finding in d.findings]
    return CompileResult(template, findings)
