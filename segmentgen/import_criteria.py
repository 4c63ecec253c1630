"""Criteria of an imported segment: CloudFormation's shape to the spec's high-level form.

Input: the ``Dimensions`` or ``SegmentGroups`` data of one segment, its data path in the
input and what base-segment references can resolve to (``Source``). Output: the ``where:``
or ``groups:`` mapping, the inverse of ``validate.desugar``; combine defaults (all, any) are
left out. A part with no spec form raises ``Unexpressible`` with its data path.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from segmentgen import vocabulary
from segmentgen.diagnostics import Path as DataPath

ATTRIBUTE_WORDS = {"EXCLUSIVE": "not", "CONTAINS": "contains", "BEFORE": "before",
                   "AFTER": "after", "ON": "on", "BETWEEN": "between"}


def _inverse(words: dict[str, str]) -> dict[str, str]:
    """Pinpoint value -> its spec spelling; where several spellings exist, the first listed."""
    return {value: word for word, value in reversed(list(words.items()))}


OPERATOR_WORDS = _inverse(vocabulary.OPERATOR_WORDS)
DURATION_WORDS = _inverse(vocabulary.DURATION_WORDS)
DEMOGRAPHIC_KEYS = _inverse(vocabulary.DEMOGRAPHIC_WORDS)
EXPORT = re.compile(r"^segmentgen(?:-[A-Za-z0-9_-]+)?-([A-Za-z0-9]+)SegmentId$")


class Unexpressible(Exception):
    """A part of a segment with no spec form, at a data path of the input."""

    def __init__(self, path: DataPath, message: str) -> None:
        super().__init__(message)
        self.path = path



def key_of_logical_id(logical: str) -> str:
    """``WinterSaleSegment`` -> ``winter-sale``."""
    stem = logical[: -len("Segment")] if logical.endswith("Segment") and logical != "Segment" \
        else logical
    words = re.findall(r"[A-Z]+(?=[A-Z][a-z]|[0-9]|$)|[A-Z]?[a-z]+|[A-Z]+|[0-9]+", stem)
    return "-".join(word.lower() for word in words) or stem.lower()


def key_of_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:64] or "segment"


def _strings(value: object, path: DataPath) -> list[str]:
    if not isinstance(value, list):
        raise Unexpressible(path, "Values is not a list")
    for index, item in enumerate(value):
        if not isinstance(item, str):
            raise Unexpressible((*path, index), f"value {item!r} is not a string (a YAML "
                                "template reads unquoted NO, yes or on as booleans; quote it)")
    return list(value)


def _set(value: Mapping[str, Any], path: DataPath) -> object:
    values = _strings(value.get("Values"), (*path, "Values"))
    kind = value.get("DimensionType", "INCLUSIVE")
    if kind == "EXCLUSIVE":
        return {"not": values}
    if kind != "INCLUSIVE":
        raise Unexpressible((*path, "DimensionType"), f"DimensionType {kind!r} is unknown")
    return values


def _attribute(value: Mapping[str, Any], path: DataPath) -> object:
    values = _strings(value.get("Values"), (*path, "Values"))
    kind = value.get("AttributeType", "INCLUSIVE")
    if kind == "INCLUSIVE":
        return values
    if kind not in ATTRIBUTE_WORDS:
        raise Unexpressible((*path, "AttributeType"), f"AttributeType {kind!r} is unknown")
    if kind in ("BEFORE", "AFTER", "ON") and len(values) == 1:
        return {ATTRIBUTE_WORDS[kind]: values[0]}
    return {ATTRIBUTE_WORDS[kind]: values}


def _check_keys(data: Mapping[str, Any], allowed: set[str], path: DataPath) -> None:
    for key in data:
        if key not in allowed:
            raise Unexpressible((*path, key), f"{key!r} has no spec form")


def criteria(dims: object, path: DataPath) -> dict[str, Any]:
    """One SegmentDimensions object to a ``where:`` mapping."""
    if not isinstance(dims, dict):
        raise Unexpressible(path, "Dimensions is not a mapping")
    _check_keys(dims, {"Attributes", "UserAttributes", "Metrics", "Behavior", "Demographic",
                       "Location"}, path)
    out: dict[str, Any] = {}
    for native, word in (("Attributes", "attributes"), ("UserAttributes", "user_attributes")):
        for name, value in sorted((dims.get(native) or {}).items()):
            out.setdefault(word, {})[name] = _attribute(value, (*path, native, name))
    for name, value in sorted((dims.get("Metrics") or {}).items()):
        operator = value.get("ComparisonOperator")
        number = value.get("Value")
        if operator not in OPERATOR_WORDS or not isinstance(number, int | float):
            raise Unexpressible((*path, "Metrics", name), "metric is not {ComparisonOperator, "
                                "Value} with a known operator and a number")
        out.setdefault("metrics", {})[name] = {OPERATOR_WORDS[operator]: number}
    recency = (dims.get("Behavior") or {}).get("Recency")
    if recency is not None:
        duration, kind = recency.get("Duration"), recency.get("RecencyType")
        if duration not in DURATION_WORDS or kind not in ("ACTIVE", "INACTIVE"):
            raise Unexpressible((*path, "Behavior", "Recency"), "Recency is not a known "
                                "Duration and RecencyType")
        out[kind.lower()] = DURATION_WORDS[duration]
    for native, value in sorted((dims.get("Demographic") or {}).items()):
        if native not in DEMOGRAPHIC_KEYS:
            raise Unexpressible((*path, "Demographic", native), f"{native!r} has no spec form")
        out[DEMOGRAPHIC_KEYS[native]] = _set(value, (*path, "Demographic", native))
    location = dims.get("Location") or {}
    _check_keys(location, {"Country", "GPSPoint"}, (*path, "Location"))
    if "Country" in location:
        out["country"] = _set(location["Country"], (*path, "Location", "Country"))
    if "GPSPoint" in location:
        gps = location["GPSPoint"]
        coordinates = gps.get("Coordinates") or {}
        out["near"] = {"latitude": coordinates.get("Latitude"),
                       "longitude": coordinates.get("Longitude"),
                       "within_km": gps.get("RangeInKilometers")}
    return out


@dataclass(slots=True)
class Source:
    """What the input's base-segment references can resolve to."""

    logical_keys: dict[str, str] = field(default_factory=dict)  # logical ID -> key
    id_keys: dict[str, str] = field(default_factory=dict)  # API segment id -> key


def _base(ref: Mapping[str, Any], path: DataPath, source: Source) -> object:
    ident, version = ref.get("Id"), ref.get("Version")
    if isinstance(ident, str):
        if ident in source.id_keys and version is None:
            return source.id_keys[ident]
        return {"id": ident, **({"version": version} if version is not None else {})}
    key = None
    if isinstance(ident, dict) and list(ident) == ["Fn::GetAtt"]:
        target = ident["Fn::GetAtt"]
        parts = target.split(".", 1) if isinstance(target, str) else target
        if isinstance(parts, list) and parts[1:] == ["SegmentId"]:
            key = source.logical_keys.get(parts[0])
    elif isinstance(ident, dict) and list(ident) == ["Fn::ImportValue"]:
        found = EXPORT.match(str(ident["Fn::ImportValue"]))
        key = key_of_logical_id(found.group(1) + "Segment") if found else None
    if key is None:
        raise Unexpressible((*path, "Id"), f"base segment {ident!r} is not a segment of this "
                            "input nor a segmentgen export; write it as a base by key or id")
    if version is not None:
        raise Unexpressible((*path, "Version"), "a base segment by key has no version")
    return key


def groups(data: object, path: DataPath, source: Source) -> dict[str, Any]:
    """SegmentGroups to a ``groups:`` mapping; combine defaults (all, any) left out."""
    if not isinstance(data, dict) or not isinstance(data.get("Groups"), list):
        raise Unexpressible(path, "SegmentGroups has no Groups list")
    _check_keys(data, {"Include", "Groups"}, path)
    out_list = []
    for index, group in enumerate(data["Groups"]):
        here = (*path, "Groups", index)
        _check_keys(group, {"Type", "SourceType", "Dimensions", "SourceSegments"}, here)
        item: dict[str, Any] = {}
        if group.get("SourceSegments"):
            item["base"] = [_base(ref, (*here, "SourceSegments", i), source)
                            for i, ref in enumerate(group["SourceSegments"])]
        if group.get("SourceType", "ALL") != "ANY":
            item["base_combine"] = str(group.get("SourceType", "ALL")).lower()
        if group.get("Type", "ALL") != "ALL":
            item["combine"] = str(group["Type"]).lower()
        blocks = [criteria(block, (*here, "Dimensions", i))
                  for i, block in enumerate(group.get("Dimensions") or [])]
        if blocks:
            item["where"] = blocks[0] if len(blocks) == 1 else blocks
        out_list.append(item)
    out: dict[str, Any] = {}
    if data.get("Include", "ALL") != "ALL":
        out["combine"] = str(data["Include"]).lower()
    out["list"] = out_list
    return out
