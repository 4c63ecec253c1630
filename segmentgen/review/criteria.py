"""Criteria of a compiled segment resource, back in plain words.

Input: a resource type, its CloudFormation ``Properties`` and a table from logical ID to
segment key (to name base segments). Output: lines of plain language, as
``segmentgen.review.describe`` writes them for the model: Pinpoint ``Dimensions`` and
``SegmentGroups`` are read back into ``model`` objects and described there; Customer Profiles
segment definitions by ``profiles_words``, from CloudFormation's own shape.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from typing import Any

from segmentgen.compile.registry import of_resource_type
from segmentgen.core import model
from segmentgen.review import describe
from segmentgen.review.profiles_words import describe_definition
from segmentgen.validate import to_model


def describe_resource(kind: str, properties: Mapping[str, Any],
                      keys: Mapping[str, str]) -> list[str]:
    """The criteria of a resource in words, as its target describes them; the criteria
    properties as JSON when it has no target or they are not of the shape it writes."""
    with contextlib.suppress(KeyError, TypeError, ValueError, AttributeError):
        if kind == "import job":
            return describe_import(properties)
        target = of_resource_type(kind)
        if target is not None:
            return target.describe(properties, keys)
    found = ("Dimensions", "SegmentGroups")
    return [_json(properties.get(p)) for p in found if p in properties]


def describe_import(request: Mapping[str, Any]) -> list[str]:
    """An imported segment as the console shows it: S3 location, format and IAM role."""
    registers = "yes" if request.get("RegisterEndpoints", True) else "no"
    return [f"imported from {request.get('S3Url')} ({request.get('Format')})",
            f"IAM role: {request.get('RoleArn')}", f"registers endpoints: {registers}"]


def describe_pinpoint(properties: Mapping[str, Any], keys: Mapping[str, str]) -> list[str]:
    if "SegmentGroups" in properties:
        data = properties["SegmentGroups"]
        groups = model.Groups(
            include=data.get("Include", "ALL"),
            groups=tuple(_group(group, keys) for group in data["Groups"]),
        )
        return describe.describe_groups(groups)
    if "Dimensions" in properties:
        return describe.describe_dimensions(to_model.dimensions(properties["Dimensions"]))
    return ["all endpoints"]


def _group(group: Mapping[str, Any], keys: Mapping[str, str]) -> model.Group:
    return model.Group(
        type=group.get("Type", "ALL"),
        source_type=group.get("SourceType", "ALL"),
        dimensions=tuple(to_model.dimensions(block) for block in group.get("Dimensions") or []),
        sources=tuple(_source(ref, keys) for ref in group.get("SourceSegments") or []),
    )


def _source(ref: Mapping[str, Any], keys: Mapping[str, str]) -> model.SourceRef:
    ident, version = ref["Id"], ref.get("Version")
    if isinstance(ident, str):
        return model.SourceRef(id=ident, version=version)
    if isinstance(ident, dict) and "Fn::GetAtt" in ident:
        target = ident["Fn::GetAtt"]
        logical = target[0] if isinstance(target, list) else str(target).split(".")[0]
        return model.SourceRef(key=keys.get(logical, logical), version=version)
    if isinstance(ident, dict) and "Fn::ImportValue" in ident:
        export = str(ident["Fn::ImportValue"]).rsplit("-", 1)[-1].removesuffix("Id")
        return model.SourceRef(key=keys.get(export, export), version=version)
    return model.SourceRef(id=_json(ident), version=version)


def describe_profiles(properties: Mapping[str, Any], keys: Mapping[str, str]) -> list[str]:
    """A segment definition's groups or SQL query, and its sort (``profiles_words``); a base
    segment is named by its key when ``keys`` maps its definition name to one."""
    return describe_definition(properties.get("SegmentGroups"),
                               properties.get("SegmentSqlQuery"),
                               properties.get("SegmentSort"), keys)


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
