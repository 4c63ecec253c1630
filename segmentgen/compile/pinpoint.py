"""Pinpoint target: segments to ``AWS::Pinpoint::Segment`` resources.

Input: the segments of one stack and a ``CompileContext``. Output: a troposphere
``Template`` built from ``troposphere.pinpoint`` objects: the application as a Parameter,
literal id, ``Fn::ImportValue`` or an ``AWS::Pinpoint::App``; base segments by
``Fn::GetAtt <LogicalId>.SegmentId`` (or ``Fn::ImportValue`` across stacks); imported
segments as a Parameter holding the id their import job gave them (only when a segment of
the stack uses it as a base segment or another stack imports it), and optionally the IAM role
the import job assumes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from troposphere import Export, GetAtt, ImportValue, Output, Parameter, Ref, Template
from troposphere import pinpoint as pp

from segmentgen import criteria
from segmentgen.compile import (
    CompileContext,
    CompileResult,
    display_name,
    logical_id,
    merged_tags,
)
from segmentgen.compile.imports import add_imported, imported_segment_id, referenced_imports
from segmentgen.compile.registry import target
from segmentgen.compile.target import Counts
from segmentgen.core import model


def compile_template(segments: Sequence[model.Segment], context: CompileContext) -> CompileResult:
    template = Template()
    template.set_version("2010-09-09")
    if context.description:
        template.set_description(context.description)
    local = {segment.key: segment for segment in segments}
    # A stack of imported segments only has no use for the application: no unused Parameter.
    uses = uses_application(segments, context.environment)
    application = _application(template, context) if uses else None
    referenced = referenced_imports(segments, context)
    for segment in segments:
        if segment.imported is not None:
            add_imported(template, segment, segment.key in referenced)
        else:
            template.add_resource(_segment(segment, application, local, context))
    for key, export in sorted(context.exports.items()):
        imported = key in local and local[key].imported is not None
        template.add_output(Output(
            logical_id(key, "SegmentId"),
            Value=imported_segment_id(key) if imported else GetAtt(logical_id(key), "SegmentId"),
            Export=Export(export),
        ))
    return CompileResult(template)


def uses_application(segments: Sequence[model.Segment], environment: model.Environment) -> bool:
    """Whether a stack's template names the environment's application: on the Pinpoint
    target (any target with applications), a dynamic segment without an application of its
    own does."""
    return target(environment.target).application and any(
        segment.imported is None and segment.application is None for segment in segments)


def template_counts(segments: Sequence[model.Segment],
                    context: CompileContext) -> tuple[Counts, list[Counts]]:
    """(resources, parameters, outputs) of the template without its segments (a created
    App, an application Parameter), and what each segment adds: a dynamic segment its
    resource, an imported one its id Parameter when the template uses it and a role with its
    Output unless it names one; an exported segment its Output."""
    app = context.environment.application.kind
    uses = uses_application(segments, context.environment)
    fixed = (int(uses and app == "create"), int(uses and app == "parameter"), 0)
    referenced = referenced_imports(segments, context)
    added = []
    for segment in segments:
        exported = int(segment.key in context.exports)
        if segment.imported is None:
            added.append((1, 0, exported))
            continue
        creates_role = int(segment.imported.role_arn is None)
        added.append((creates_role, int(segment.key in referenced), creates_role + exported))
    return fixed, added


def _segment(segment: model.Segment, application: Any, local: dict[str, model.Segment],
             context: CompileContext) -> pp.Segment:
    """One dynamic segment as an ``AWS::Pinpoint::Segment`` with its metadata and policies."""
    props: dict[str, Any] = {
        "ApplicationId": segment.application or application,
        "Name": display_name(segment, context),
    }
    if segment.dimensions is not None:
        props["Dimensions"] = dimensions(segment.dimensions)
    if segment.groups is not None:
        props["SegmentGroups"] = _groups(segment.groups, local, context)
    tags = merged_tags(segment, context)
    if tags:
        props["Tags"] = tags
    resource = pp.Segment(logical_id(segment.key), **props)
    metadata: dict[str, Any] = {"segmentgen": {"key": segment.key, "source": context.spec}}
    if segment.description:
        metadata["segmentgen"]["description"] = segment.description
    resource.Metadata = metadata
    if segment.retain:
        resource.DeletionPolicy = "Retain"
        resource.UpdateReplacePolicy = "Retain"
    return resource


def _application(template: Template, context: CompileContext) -> Any:
    app = context.environment.application
    if app.kind == "id":
        return app.value
    if app.kind == "import":
        return ImportValue(app.value)
    if app.kind == "create":
        resource = template.add_resource(pp.App("PinpointApp", Name=app.value))
        return Ref(resource)
    template.add_parameter(Parameter(
        app.value, Type="String", Description="The Pinpoint project (application) id"))
    return Ref(app.value)


def dimensions(dims: model.Dimensions) -> pp.SegmentDimensions:
    props: dict[str, Any] = {}
    placed: list[tuple[tuple[str, ...], Any]] = []
    for kind in criteria.kinds():
        placed.extend(kind.pinpoint(dims))
    _place(props, placed)
    return pp.SegmentDimensions(**props)


def _place(props: dict[str, Any], placed: list[tuple[tuple[str, ...], Any]]) -> None:
    """Properties at their paths under Dimensions; a two-key path lands in the troposphere
    object named by its first key (``Location``)."""
    inner: dict[str, dict[str, Any]] = {}
    for path, value in placed:
        if len(path) == 1:
            props[path[0]] = value
        else:
            inner.setdefault(path[0], {})[path[1]] = value
    for container, members in inner.items():
        props[container] = getattr(pp, container)(**members)


def _groups(groups: model.Groups, local: dict[str, model.Segment],
            context: CompileContext) -> pp.SegmentGroups:
    return pp.SegmentGroups(
        Include=groups.include,
        Groups=[
            pp.Groups(
                Type=group.type,
                SourceType=group.source_type,
                **({"Dimensions": [dimensions(d) for d in group.dimensions]}
                   if group.dimensions else {}),
                **({"SourceSegments": [_source(ref, local, context) for ref in group.sources]}
                   if group.sources else {}),
            )
            for group in groups.groups
        ],
    )


def _source(ref: model.SourceRef, local: dict[str, model.Segment],
            context: CompileContext) -> pp.SourceSegments:
    props: dict[str, Any] = {}
    if ref.key is None:
        props["Id"] = ref.id
    elif ref.key in context.imports:
        props["Id"] = ImportValue(context.imports[ref.key])
    elif ref.key in local and local[ref.key].imported is not None:
        props["Id"] = imported_segment_id(ref.key)
    else:
        props["Id"] = GetAtt(logical_id(ref.key), "SegmentId")
    if ref.version is not None:
        props["Version"] = ref.version
    return pp.SourceSegments(**props)
