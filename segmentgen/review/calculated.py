"""Calculated attributes in review: their definitions in words, and where a build holds them.

Input: an ``AWS::CustomerProfiles::CalculatedAttributeDefinition``'s CloudFormation
Properties (plain data, untrusted), or a build's output files (path -> bytes, with their
manifest). Output: ``describe_calculated``, one line per part of the definition (statistic,
expression, attributes, each condition, historical data), as ``show`` and ``diff`` print it;
and ``calculated_resources``, one ``StackResource`` per definition of every stack template,
keyed ``calculated:<name>`` (a segment key never holds ``:``, so the two never pair in
``diff``), for ``diff`` (words, REPLACES from the type's create-only properties) and SG304.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from segmentgen.compile.calculated_attributes import RESOURCE_TYPE
from segmentgen.compile.plan.resources import StackResource, parse_template
from segmentgen.emit.manifest import NAME as MANIFEST
from segmentgen.emit.manifest import parse_manifest

__all__ = ["DEFINITION_PROPERTIES", "NOTES", "RESOURCE_TYPE", "calculated_resources",
           "describe_calculated", "used_names"]

KEY_PREFIX = "calculated:"
# What a definition's words say, as data: a change here is a change of its criteria.
DEFINITION_PROPERTIES = ("AttributeDetails", "Statistic", "Conditions", "UseHistoricalData")
STATISTICS = {"FIRST_OCCURRENCE": "the first value", "LAST_OCCURRENCE": "the last value",
              "COUNT": "the count", "SUM": "the sum", "MINIMUM": "the minimum",
              "MAXIMUM": "the maximum", "AVERAGE": "the average", "MAX_OCCURRENCE":
              "the most frequent value"}
# What diff notes of a calculated attribute added, removed or replaced.
NOTES = {"added": "a new calculated attribute in the domain",
         "removed": "the domain stack deletes the calculated attribute",
         "replaced": "the calculated attribute is created again and its values computed anew"}
OPERATORS = {"EQUAL_TO": "=", "GREATER_THAN": ">", "LESS_THAN": "<", "NOT_EQUAL_TO": "!="}


def describe_calculated(properties: Mapping[str, Any]) -> list[str]:
    """A calculated attribute's definition in words, one line per part."""
    details = _mapping(properties.get("AttributeDetails"))
    statistic = properties.get("Statistic")
    lines = [f"statistic: {STATISTICS.get(str(statistic), _text(statistic))} "
             f"({_text(statistic)}) of the expression",
             f"expression: {_text(details.get('Expression'))}",
             "attributes: " + (", ".join(_text(_mapping(a).get("Name"))
                                        for a in _listed(details.get("Attributes"))) or "(none)")]
    conditions = _mapping(properties.get("Conditions"))
    lines += _range(_mapping(conditions.get("Range")))
    if "ObjectCount" in conditions:
        lines.append(f"condition: over at most {_text(conditions['ObjectCount'])} objects")
    threshold = _mapping(conditions.get("Threshold"))
    if threshold:
        operator = str(threshold.get("Operator"))
        lines.append(f"condition: only when the value is {OPERATORS.get(operator, operator)} "
                     f"{_text(threshold.get('Value'))}")
    if "UseHistoricalData" in properties:
        use = properties["UseHistoricalData"]
        lines.append("historical data: " + ("included" if use is True else "not included"
                                            if use is False else _text(use)))
    return lines


def _range(span: Mapping[str, Any]) -> list[str]:
    if not span:
        return []
    unit = str(span.get("Unit", "DAYS")).lower()
    bounds = _mapping(span.get("ValueRange"))
    if "Value" in span:
        text = f"condition: over the last {_text(span['Value'])} {unit}"
    elif bounds:
        text = (f"condition: from {_text(bounds.get('Start'))} to {_text(bounds.get('End'))} "
                f"{unit} ago")
    else:
        text = f"condition: range {_text(dict(span))}"
    source, pattern = span.get("TimestampSource"), span.get("TimestampFormat")
    if source is not None:
        text += f", timed by {_text(source)}"
    if pattern is not None:
        text += f" ({_text(pattern)})"
    return [text]


def calculated_resources(files: Mapping[str, bytes]) -> list[StackResource]:
    """Every calculated attribute definition of the stack templates among ``files``."""
    manifest = parse_manifest(files.get(MANIFEST))
    found: list[StackResource] = []
    for entry in manifest.stacks if manifest is not None else ():
        content = files.get(entry["template"])
        template = parse_template(content, entry["template"]) if content is not None else None
        resources = _mapping(template.get("Resources") if template else None)
        for logical, body in sorted(resources.items(), key=lambda item: str(item[0])):
            if not isinstance(body, Mapping) or body.get("Type") != RESOURCE_TYPE:
                continue
            properties = _mapping(body.get("Properties"))
            name = properties.get("CalculatedAttributeName")
            key = f"{KEY_PREFIX}{name if isinstance(name, str) else logical}"
            found.append(StackResource(entry["environment"], entry["name"], entry["template"],
                                       str(logical), key, RESOURCE_TYPE, properties, body))
    return found


def used_names(properties: Mapping[str, Any]) -> set[str]:
    """The calculated attributes a deployed segment definition names (its dimensions'
    ``CalculatedAttributes`` keys and ``SegmentSort`` attributes of Type CALCULATED)."""
    from segmentgen.compile.calculated_attributes import calculated_names, sorted_names

    return ({name for _, name in calculated_names(properties.get("SegmentGroups"))}
            | {name for _, name in sorted_names(properties.get("SegmentSort"))})


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _listed(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True,
                                                           ensure_ascii=False, default=str)
