"""The rules of a calculated attribute definition, read from their primary sources.

Input: the CloudFormation ``Properties`` of one ``AWS::CustomerProfiles::
CalculatedAttributeDefinition`` as plain data. Output: ``schema_findings``: SG237 for each value
the resource schema refuses (enums, patterns, lengths, numeric ranges, list sizes), addressed by
its path in the settings entry (``FIELDS`` pairs each property with the settings key that
writes it). The schema is the one cfn-lint bundles, read by ``review.create_only`` without
importing cfn-lint. botocore's ``customer-profiles`` model (a development dependency: read
without importing botocore when it is installed) names values the API accepts and
CloudFormation does not (a ``Statistic`` of ``RECENT_OCCURRENCES``), so the hint can say which
source refuses it. No enum or limit is copied here: ``statistics()`` and the checks read the
schema.
"""

from __future__ import annotations

import functools
import gzip
import importlib.util
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from segmentgen.compile.calculated_attributes import RESOURCE_TYPE
from segmentgen.core import codes
from segmentgen.core.diagnostics import Finding
from segmentgen.core.diagnostics import Path as DataPath
from segmentgen.core.vocabulary import closest

API_OPERATION = "CreateCalculatedAttributeDefinition"
REGION = "us-east-1"

# CloudFormation property path ("*" for a list index) -> settings key path below the entry.
FIELDS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("CalculatedAttributeName",): (),
    ("DisplayName",): ("display_name",),
    ("Description",): ("description",),
    ("AttributeDetails", "Attributes"): ("attributes",),
    ("AttributeDetails", "Attributes", "*", "Name"): ("attributes", "*"),
    ("AttributeDetails", "Expression"): ("expression",),
    ("Statistic",): ("statistic",),
    ("Conditions", "Range", "Value"): ("conditions", "range", "value"),
    ("Conditions", "Range", "Unit"): ("conditions", "range", "unit"),
    ("Conditions", "Range", "ValueRange", "Start"): ("conditions", "range", "start"),
    ("Conditions", "Range", "ValueRange", "End"): ("conditions", "range", "end"),
    ("Conditions", "Range", "TimestampSource"): ("conditions", "range", "timestamp_source"),
    ("Conditions", "Range", "TimestampFormat"): ("conditions", "range", "timestamp_format"),
    ("Conditions", "ObjectCount"): ("conditions", "object_count"),
    ("Conditions", "Threshold", "Value"): ("conditions", "threshold", "value"),
    ("Conditions", "Threshold", "Operator"): ("conditions", "threshold", "operator"),
    ("UseHistoricalData",): ("use_historical_data",),
}
# How the schema's patterns read in a hint.
PATTERN_WORDS = {
    "^[a-zA-Z_][a-zA-Z_0-9-]*$": "letters, digits, '_' and '-', starting with a letter or '_'",
    "^[a-zA-Z_][a-zA-Z_0-9-\\s]*$": "letters, digits, '_', '-' and spaces, starting with a "
                                    "letter or '_'",
    "^[a-zA-Z0-9_.-]+$": "letters, digits, '_', '.' and '-'",
}


def resource_schema() -> dict[str, Any]:
    """The resource schema cfn-lint bundles for calculated attribute definitions."""
    from segmentgen.review.create_only import resource_schema as bundled

    schema = bundled(RESOURCE_TYPE)
    if schema is None:  # pragma: no cover - cfn-lint is a dependency
        raise RuntimeError(f"cfn-lint has no schema of {RESOURCE_TYPE}")
    return schema


@functools.cache
def api_model() -> dict[str, Any]:
    """botocore's ``customer-profiles`` service model (its newest version), or {}."""
    spec = importlib.util.find_spec("botocore")
    locations = list(spec.submodule_search_locations or ()) if spec else []
    if not locations:
        return {}
    versions = sorted((Path(locations[0]) / "data" / "customer-profiles").glob("*/"))
    for version in reversed(versions):
        for name in ("service-2.json.gz", "service-2.json"):
            path = version / name
            if path.is_file():
                data = path.read_bytes()
                model = json.loads(gzip.decompress(data) if name.endswith(".gz") else data)
                return model if isinstance(model, dict) else {}
    return {}


def statistics() -> tuple[str, ...]:
    """The statistics CloudFormation accepts, in the schema's order."""
    return tuple(resource_schema()["definitions"]["Statistic"]["enum"])


def api_enum(shape: str) -> tuple[str, ...]:
    """The enum of one shape of the API model (such as ``Statistic``), () when unknown."""
    found = api_model().get("shapes", {}).get(shape, {})
    return tuple(found.get("enum", ())) if isinstance(found, dict) else ()


def schema_findings(properties: Mapping[str, Any], where: DataPath) -> Iterator[Finding]:
    """SG237 for each property value the resource schema refuses; ``where`` is the settings
    path of the entry (``("calculated_attributes", name)``)."""
    schema = resource_schema()
    for name, value in properties.items():
        node = schema["properties"].get(name)
        if node is not None:
            yield from _walk(value, node, (name,), where)


def _resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
    while "$ref" in node:
        node = resource_schema()["definitions"][node["$ref"].rsplit("/", 1)[-1]]
    return node


def _walk(value: object, node: Mapping[str, Any], path: tuple[str | int, ...],
          where: DataPath) -> Iterator[Finding]:
    node = _resolve(node)
    yield from _check(value, node, path, where)
    if isinstance(value, dict):
        for key, member in value.items():
            child = node.get("properties", {}).get(key)
            if child is not None:
                yield from _walk(member, child, (*path, key), where)
    elif isinstance(value, list) and "items" in node:
        for index, item in enumerate(value):
            yield from _walk(item, node["items"], (*path, index), where)


def _settings_path(path: tuple[str | int, ...], where: DataPath) -> tuple[DataPath, str]:
    """The settings path of a property path, and how a message names it."""
    pattern = tuple("*" if isinstance(part, int) else part for part in path)
    keys = FIELDS.get(pattern, ())
    indexes = iter(part for part in path if isinstance(part, int))
    settings = tuple(next(indexes) if key == "*" else key for key in keys)
    label = ".".join(key for key in keys if key != "*") or "calculated attribute name"
    return (*where, *settings), label


def _check(value: object, node: Mapping[str, Any], path: tuple[str | int, ...],
           where: DataPath) -> Iterator[Finding]:
    at, label = _settings_path(path, where)
    at_key = at == tuple(where)
    shown = f"{label} {value!r}"
    if "enum" in node and value not in node["enum"]:
        yield Finding(at, codes.SG237, f"{shown} is not allowed", _enum_hint(value, path, node),
                      at_key=at_key)
    if isinstance(value, str):
        yield from _text(value, node, at, shown, at_key)
    elif isinstance(value, int) and not isinstance(value, bool):
        low, high = node.get("minimum"), node.get("maximum")
        if (low is not None and value < low) or (high is not None and value > high):
            yield Finding(at, codes.SG237, f"{shown} is out of range",
                          f"CloudFormation takes {label} from {low} to {high}")
    elif isinstance(value, list):
        low, high = node.get("minItems", 0), node.get("maxItems")
        if len(value) < low or (high is not None and len(value) > high):
            yield Finding(at, codes.SG237, f"{label} lists {len(value)} items",
                          f"CloudFormation takes {low} to {high} {label}" + _api_more(path))
        if node.get("uniqueItems") and len(set(map(repr, value))) < len(value):
            yield Finding(at, codes.SG237, f"{label} lists an item twice",
                          "CloudFormation takes each item once: remove the repeated one")


def _text(value: str, node: Mapping[str, Any], at: DataPath, shown: str,
          at_key: bool) -> Iterator[Finding]:
    low, high = node.get("minLength", 0), node.get("maxLength")
    if len(value) < low or (high is not None and len(value) > high):
        yield Finding(at, codes.SG237, f"{shown[:80]} has {len(value)} characters",
                      f"CloudFormation takes {low} to {high} characters", at_key=at_key)
    pattern = node.get("pattern")
    # JSON Schema's '$' ends the text; Python's would also match before a final line break.
    if isinstance(pattern, str) and value and not re.search(pattern.replace("$", r"\Z"), value):
        words = PATTERN_WORDS.get(pattern, f"text matching {pattern}")
        yield Finding(at, codes.SG237, f"{shown[:80]} has characters CloudFormation does not "
                      "allow", f"use {words}", at_key=at_key)


def _enum_hint(value: object, path: tuple[str | int, ...], node: Mapping[str, Any]) -> str:
    allowed = [str(option) for option in node["enum"]]
    listing = f"CloudFormation takes {', '.join(allowed)}"
    if path == ("Statistic",) and value in api_enum("Statistic"):
        return (f"{value!r} is accepted by the Customer Profiles API only, not deployable "
                f"through CloudFormation; {listing}")
    guess = closest(value, allowed)
    return f"did you mean {guess!r}? {listing}" if guess else listing


def _api_more(path: tuple[str | int, ...]) -> str:
    """What the API allows beyond CloudFormation, for a list of attributes."""
    if path != ("AttributeDetails", "Attributes"):
        return ""
    members = api_model().get("shapes", {}).get("AttributeList", {})
    high = members.get("max") if isinstance(members, dict) else None
    return f"; the API takes up to {high}, but a template cannot" if high else ""
