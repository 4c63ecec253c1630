"""Criteria of a compiled segment resource, back in plain words.

Input: a resource type, its CloudFormation ``Properties`` and a table from logical ID to
segment key (to name base segments). Output: lines of plain language, as
``segmentgen.review.describe`` writes them for the model: Pinpoint ``Dimensions`` and
``SegmentGroups`` are read back into ``model`` objects and described there; Customer Profiles
segment groups are described here, one line per profile or calculated attribute.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator, Mapping
from typing import Any

from segmentgen.compile.registry import of_resource_type
from segmentgen.core import model
from segmentgen.review import describe
from segmentgen.validate import to_model

DIMENSION_WORDS = {
    "INCLUSIVE": "is one of", "EXCLUSIVE": "is none of", "CONTAINS": "contains",
    "BEGINS_WITH": "begins with", "ENDS_WITH": "ends with", "BEFORE": "is before",
    "AFTER": "is after", "ON": "is on", "BETWEEN": "is between", "NOT_BETWEEN": "is not between",
    "GREATER_THAN": ">", "LESS_THAN": "<", "GREATER_THAN_OR_EQUAL": ">=",
    "LESS_THAN_OR_EQUAL": "<=", "EQUAL": "=",
}


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
    """A segment definition's groups; base segments are named by definition name (``keys``
    go unused)."""
    if "SegmentSqlQuery" in properties:
        return [f"SQL: {' '.join(str(properties['SegmentSqlQuery']).split())}"]
    data = properties.get("SegmentGroups")
    if not data:
        return ["all profiles"]
    lines = [f"profiles in {describe.COMBINE_WORDS.get(data.get('Include', 'ALL'), 'all of')} "
             "the groups:"]
    for number, group in enumerate(data.get("Groups") or [], 1):
        combine = describe.COMBINE_WORDS.get(group.get("Type", "ALL"), "all of")
        lines.append(f"Group {number} ({combine}):")
        sources = [str(s.get("SegmentDefinitionName")) for s in group.get("SourceSegments") or []]
        if sources:
            lines.append(f"{describe.INDENT}in base segment definitions {', '.join(sources)}")
        for block in group.get("Dimensions") or []:
            lines.extend(describe.INDENT + line for line in _profile_lines(block, ()))
    return lines


def _profile_lines(node: Any, path: tuple[str, ...]) -> Iterator[str]:
    if isinstance(node, dict) and "DimensionType" in node:
        words = DIMENSION_WORDS.get(node["DimensionType"], node["DimensionType"].lower())
        values = ", ".join(describe._quote(str(v)) for v in node.get("Values") or [])
        label = ".".join(path[1:]) if len(path) > 1 else ".".join(path)
        kind = "calculated" if path and path[0] == "CalculatedAttributes" else "profile"
        yield f"{kind} {label} {words} {values}".rstrip()
    elif isinstance(node, dict):
        for name in sorted(node):
            yield from _profile_lines(node[name], (*path, name))
    else:
        yield f"{'.'.join(path)} = {_json(node)}"


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)
