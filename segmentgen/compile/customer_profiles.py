"""Customer Profiles target: segments to ``AWS::CustomerProfiles::SegmentDefinition``.

Input: the segments of one stack and a ``CompileContext``. Output: ``plan_definitions`` gives
one ``Definition`` per segment (troposphere ``SegmentGroup``, rotated name, the mapping of
every criterion, SG301 findings); ``compile_template`` turns the plans into a ``CompileResult``
whose template holds a segment definition for every segment without findings.

Mapping. How a segment's criteria become segment groups lives in ``customer_profiles_groups``
and ``customer_profiles_map``; what Customer Profiles accepts of names, descriptions and tags
in ``customer_profiles_checks``. Imported segments and base segments given by id have no
equivalent and yield SG301 at the criterion's CloudFormation-shaped data path.

Naming. DisplayName and SegmentGroups are create-only, so a change to either replaces the
definition, and a replacement needs a new name. ``SegmentDefinitionName`` is therefore
``<key>-<8 hex>``: the first 8 hex digits of the SHA-256 of the canonical JSON (sorted keys,
no spaces) of ``{"DisplayName", "Key", "SegmentGroups"}``. The key is cut to 55 characters so
that the name fits in 64; the hash covers the whole key, so cut keys stay distinct. A new
description or new tags keep the name (they update in place); new criteria or a new display
name rotate it. Base segments are referenced by their rotated name, so a dependent rotates
with its base. Exports (``context.exports``) are not emitted: a base segment in another stack
(``context.imports``) is named by its explicit ``definition_name`` (``context.definition_names``;
the plan deploys the stack after the base's), and one with a rotating name is SG301.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from troposphere import Parameter, Ref, Tags, Template
from troposphere import customerprofiles as cp

from segmentgen.compile import CompileContext, CompileResult, logical_id
from segmentgen.compile import merged_tags as shared_merged_tags
from segmentgen.compile.customer_profiles_checks import check_tags, check_texts
from segmentgen.compile.customer_profiles_groups import Known, segment_groups
from segmentgen.compile.customer_profiles_map import CarriedCriterion, Outcome
from segmentgen.compile.registry import target
from segmentgen.compile.target import Counts
from segmentgen.core.cfn_names import MAX_PROFILES_NAME, PROFILES_NAME_CHARACTERS
from segmentgen.core.diagnostics import Finding
from segmentgen.core.model import Segment

DOMAIN_PARAMETER = "CustomerProfilesDomainName"
MAX_NAME_LENGTH = MAX_PROFILES_NAME
HASH_LENGTH = 8
MAX_KEY_IN_NAME = MAX_NAME_LENGTH - HASH_LENGTH - 1
LOGICAL_ID_SUFFIX = target("customer-profiles").logical_id_suffix


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
    sql: str | None = None  # SegmentSqlQuery (a customer-profiles segment's own)
    sort: Any = None  # SegmentSort, as plain data
    warnings: tuple[Finding, ...] = ()  # caveats that do not block it (SG305, SG308)

    @property
    def blocked(self) -> bool:
        return bool(self.findings)

    @property
    def logical_id(self) -> str:
        return logical_id(self.segment.key, LOGICAL_ID_SUFFIX)


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


def _definition(segment: Segment, context: CompileContext, known: Known) -> Definition:
    if segment.target == "customer-profiles":
        from segmentgen.compile.customer_profiles_native import native_definition

        return native_definition(segment, context, known)  # type: ignore[no-any-return]
    out = Outcome()
    groups = segment_groups(out, segment, known)
    display_name = segment.name + context.environment.name_suffix
    check_texts(out, segment, display_name)
    tags = merged_tags(segment, context)
    check_tags(out, tags)
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
        warnings=tuple(out.warnings),
    )


def plan_definitions(segments: Sequence[Segment], context: CompileContext) -> list[Definition]:
    """One plan per segment, sorted by key; base segments are planned before dependents."""
    by_key = {segment.key: segment for segment in segments}
    planned: dict[str, Definition] = {}
    known = Known(
        planned, frozenset(by_key), context.imports, dict(context.settings.attribute_map),
        context.environment.country_format or context.settings.country_format,
        context.definition_names,
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


def template_counts(segments: Sequence[Segment],
                    context: CompileContext) -> tuple[Counts, list[Counts]]:
    """The domain Parameter when the settings name no domain; one resource per segment."""
    return (0, int(domain_name(context) is None), 0), [(1, 0, 0) for _ in segments]


def _domain(template: Template, context: CompileContext) -> str | Ref:
    domain = domain_name(context)
    if domain is not None:
        return domain
    parameter = Parameter(
        DOMAIN_PARAMETER,
        Type="String",
        Description="The Amazon Connect Customer Profiles domain that holds the segments",
        AllowedPattern=PROFILES_NAME_CHARACTERS,
        MinLength=1,
        MaxLength=MAX_NAME_LENGTH,
    )
    return Ref(template.add_parameter(parameter))


def _resource(definition: Definition, domain: str | Ref, by_key: Mapping[str, Definition],
              context: CompileContext) -> cp.SegmentDefinition:
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
    if definition.sql is not None:
        resource.SegmentSqlQuery = definition.sql
    if definition.sort is not None:
        resource.SegmentSort = cp.SegmentSort.from_dict(None, definition.sort)
    if definition.tags:
        resource.Tags = Tags(dict(definition.tags))
    if definition.base_keys:
        resource.DependsOn = sorted({by_key[key].logical_id for key in definition.base_keys})
    # The key as Pinpoint resources carry it: an explicit definition name need not hold it.
    resource.Metadata = {"segmentgen": {"key": segment.key, "source": context.spec}}
    if segment.retain:
        resource.DeletionPolicy = "Retain"
        resource.UpdateReplacePolicy = "Retain"
    return resource


def add_definitions(template: Template, segments: Sequence[Segment],
                    context: CompileContext) -> list[tuple[str, Finding]]:
    """The segment definitions of ``segments`` added to a template that holds other
    resources (Pinpoint segments); their findings."""
    definitions = plan_definitions(segments, context)
    _add(template, definitions, context)
    return [(d.segment.key, finding) for d in definitions for finding in d.findings]


def _add(template: Template, definitions: Sequence[Definition], context: CompileContext) -> None:
    """Each definition that is not blocked as a resource of ``template``."""
    emitted = [definition for definition in definitions if not definition.blocked]
    if emitted:
        domain = _domain(template, context)
        by_key = {definition.segment.key: definition for definition in definitions}
        for definition in emitted:
            template.add_resource(_resource(definition, domain, by_key, context))


def compile_template(segments: Sequence[Segment], context: CompileContext) -> CompileResult:
    definitions = plan_definitions(segments, context)
    template = Template()
    template.set_version("2010-09-09")
    if context.description:
        template.set_description(context.description)
    _add(template, definitions, context)
    findings = [(d.segment.key, finding) for d in definitions
                for finding in (*d.findings, *d.warnings)]
    return CompileResult(template, findings)
