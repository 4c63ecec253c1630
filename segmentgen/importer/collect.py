"""The segments of one import input, with the shape of each checked.

Input: an ``Input`` (a CloudFormation template, or ``get-segments`` / ``get-segment`` output,
or a list of segment objects; Customer Profiles segment definitions of a template or of
``get-segment-definition`` output, checked by ``importer.profiles``' shapes). Output:
``Candidate``s (one per segment, still in CloudFormation's shape, each with the SG705
issues that leave it out) and error diagnostics (SG202, SG203) for every part of the input
that has the wrong type, positioned in the file. A candidate's key is the one its source
gives: ``Metadata.segmentgen.key``, else the logical ID (a trailing ``Segment`` stripped,
kebab-case), else the name.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from segmentgen.core import codes
from segmentgen.core.diagnostics import Diagnostic
from segmentgen.core.diagnostics import Path as DataPath
from segmentgen.importer import profiles, shapes
from segmentgen.importer.criteria import key_of_logical_id, key_of_name
from segmentgen.importer.read import Input

SEGMENT_TYPE = "AWS::Pinpoint::Segment"
APP_TYPE = "AWS::Pinpoint::App"
# How segmentgen describes the Parameter that carries the settings' application.
DEFAULT_PARAMETER = "The Pinpoint project (application) id"
NOT_AN_INPUT = ("the file is neither a CloudFormation template ('Resources') nor the output of "
                "get-segments ('SegmentsResponse'), get-segment ('SegmentResponse') or "
                "get-segment-definition ('SegmentDefinitionName')")


@dataclass(slots=True)
class Candidate:
    """One segment found in an input, still in CloudFormation's shape."""

    input: Input
    path: DataPath  # where the segment's properties are in the input
    key: str
    key_path: DataPath  # where the key comes from, for diagnostics about it
    data: Mapping[str, Any]  # Name, ApplicationId, Dimensions, SegmentGroups, Tags
    extra: dict[str, Any] = field(default_factory=dict)  # description, retain, import
    ident: str | None = None  # the logical ID (templates) or the segment id (API)
    problems: list[shapes.Issue] = field(default_factory=list)  # SG705: left out

    @property
    def file(self) -> str:
        return self.input.file

    @property
    def template(self) -> bool:
        return self.path[:1] == ("Resources",)


def diagnostic(source: Input, issue: shapes.Issue) -> Diagnostic:
    line, col = source.position(issue.path)
    hint = issue.hint or ("the input must have the types of CloudFormation's "
                          "AWS::Pinpoint::Segment or of Pinpoint's SegmentResponse")
    return Diagnostic(source.file, line, col, issue.code, issue.message, hint=hint)


def collect(source: Input) -> tuple[list[Candidate], list[Diagnostic]]:
    """The segments of one input and the errors (wrong types) found on the way; a segment
    with an error is not a candidate."""
    issues: list[shapes.Issue] = []
    found = list(_candidates(source, issues))
    errors = [diagnostic(source, issue) for issue in issues]
    kept = []
    for candidate in found:
        wrong = [issue for issue in candidate.problems if issue.code != codes.SG705]
        errors.extend(diagnostic(source, issue) for issue in wrong)
        if not wrong:
            kept.append(candidate)
    return kept, errors


def _candidates(source: Input, issues: list[shapes.Issue]) -> Iterator[Candidate]:
    document = source.data
    if isinstance(document, dict) and "Resources" in document:
        issues.extend(_template_issues(document))
        if not issues:
            yield from _from_template(source, document)
        return
    for item, path in _api_items(document, issues):
        if isinstance(item, dict) and "SegmentDefinitionName" in item:
            yield _from_definition(source, item, path)
            continue
        problems = list(shapes.check(item, shapes.API_SEGMENT, path))
        if isinstance(item, dict):
            yield _from_api(source, item, path, problems)
        else:
            issues.extend(problems)


def _api_items(document: object, issues: list[shapes.Issue]) -> list[tuple[object, DataPath]]:
    """The segment objects of get-segments or get-segment output, or of a list of them."""
    if isinstance(document, dict) and "SegmentsResponse" in document:
        issues.extend(shapes.check(document, shapes.SEGMENTS_RESPONSE, ()))
        listed = [] if issues else document["SegmentsResponse"]["Item"]
        return [(item, ("SegmentsResponse", "Item", index)) for index, item in enumerate(listed)]
    if isinstance(document, dict) and "SegmentResponse" in document:
        return [(document["SegmentResponse"], ("SegmentResponse",))]
    if isinstance(document, dict) and ("Name" in document
                                       or "SegmentDefinitionName" in document):
        return [(document, ())]
    if isinstance(document, list):
        return [(item, (index,)) for index, item in enumerate(document)]
    issues.append(shapes.Issue((), codes.SG203, NOT_AN_INPUT, "pass a template, or the JSON that "
                               "aws pinpoint get-segments or get-segment prints"))
    return []


def _template_issues(document: Mapping[str, Any]) -> list[shapes.Issue]:
    """Wrong types in the template's outline and in its application resources."""
    issues = list(shapes.check(document, shapes.TEMPLATE, ()))
    if issues:
        return issues
    for logical, resource in document["Resources"].items():
        if resource["Type"] == APP_TYPE:
            issues.extend(issue for issue in shapes.check(
                resource, shapes.APP_RESOURCE, ("Resources", logical), template=True)
                if issue.code != codes.SG705)
    return issues


def _apps(resources: Mapping[str, Any]) -> dict[str, str | None]:
    """Logical ID -> name of every ``AWS::Pinpoint::App`` (None when not a literal)."""
    apps: dict[str, str | None] = {}
    for logical, resource in resources.items():
        if resource["Type"] == APP_TYPE:
            name = resource.get("Properties", {}).get("Name")
            apps[logical] = name if isinstance(name, str) else None
    return apps


def _default(document: Mapping[str, Any]) -> dict[str, str] | None:
    """The settings application segmentgen wrote as a Parameter, if the template has it."""
    return next(({"parameter": name} for name, parameter in
                 document.get("Parameters", {}).items()
                 if parameter.get("Description") == DEFAULT_PARAMETER), None)


def _from_template(source: Input, document: Mapping[str, Any]) -> Iterator[Candidate]:
    resources = document["Resources"]
    apps, default = _apps(resources), _default(document)
    for logical, resource in resources.items():
        here: DataPath = ("Resources", logical)
        if resource["Type"] == profiles.DEFINITION_TYPE:
            yield _from_definition_resource(source, logical, resource, here)
        if resource["Type"] != SEGMENT_TYPE:
            continue
        problems = list(shapes.check(resource, shapes.SEGMENT_RESOURCE, here, template=True))
        if any(issue.code != codes.SG705 for issue in problems):
            yield Candidate(source, here, "", here, {}, {}, None, problems)
            continue
        meta = resource.get("Metadata", {}).get("segmentgen", {})
        extra: dict[str, Any] = {"description": meta.get("description"),
                                 "retain": resource.get("DeletionPolicy") == "Retain",
                                 "condition": resource.get("Condition"), "apps": apps,
                                 "default": default}
        key, key_path = ((meta["key"], (*here, "Metadata", "segmentgen", "key"))
                         if meta.get("key") else (key_of_logical_id(logical), here))
        yield Candidate(source, (*here, "Properties"), key, key_path,
                        resource["Properties"], extra, logical, problems)


def _from_api(source: Input, item: Mapping[str, Any], path: DataPath,
              problems: list[shapes.Issue]) -> Candidate:
    name = item.get("Name")
    candidate = Candidate(source, path, key_of_name(name if isinstance(name, str) else ""),
                          (*path, "Name"), {}, {"apps": {}}, item.get("Id"), problems)
    if item.get("SegmentType") == "IMPORT" and "ImportDefinition" not in item:
        problems.append(shapes.Issue(path, codes.SG202, f"{shapes.dotted(path)} is an IMPORT "
                                     "segment without 'ImportDefinition'"))
    if any(issue.code != codes.SG705 for issue in problems):
        return candidate
    candidate.data = {"Name": name, "ApplicationId": item["ApplicationId"],
                      "Tags": item.get("tags")}
    if item.get("SegmentGroups"):
        candidate.data["SegmentGroups"] = item["SegmentGroups"]
    elif item.get("Dimensions"):
        candidate.data["Dimensions"] = item["Dimensions"]
    if item.get("SegmentType") == "IMPORT":
        definition = item["ImportDefinition"]
        candidate.extra["import"] = {"s3": definition["S3Url"], "role": definition["RoleArn"],
                                     "format": definition["Format"].lower()}
    return candidate


def _from_definition_resource(source: Input, logical: str, resource: Mapping[str, Any],
                              here: DataPath) -> Candidate:
    """A Customer Profiles definition of a template; its key as for a Pinpoint segment."""
    problems = list(shapes.check(resource, profiles.shapes()["RESOURCE"], here, template=True))
    if any(issue.code != codes.SG705 for issue in problems):
        return Candidate(source, here, "", here, {}, {"profiles": True}, None, problems)
    meta = resource.get("Metadata", {}).get("segmentgen", {})
    extra: dict[str, Any] = {"profiles": True, "description": meta.get("description"),
                             "retain": resource.get("DeletionPolicy") == "Retain",
                             "condition": resource.get("Condition")}
    key, key_path = ((meta["key"], (*here, "Metadata", "segmentgen", "key"))
                     if meta.get("key") else (key_of_logical_id(logical.removesuffix(
                         "Definition")), here))
    properties = resource["Properties"]
    return Candidate(source, (*here, "Properties"), key, key_path, properties, extra,
                     properties["SegmentDefinitionName"], problems)


def _from_definition(source: Input, item: Mapping[str, Any], path: DataPath) -> Candidate:
    """What get-segment-definition prints; the key comes from the definition name."""
    problems = list(shapes.check(item, profiles.shapes()["API"], path))
    name = item.get("SegmentDefinitionName")
    return Candidate(source, path, key_of_name(name if isinstance(name, str) else ""),
                     (*path, "SegmentDefinitionName"), item, {"profiles": True},
                     name if isinstance(name, str) else None, problems)
