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

from segmentgen import criteria as kinds
from segmentgen.core import vocabulary
from segmentgen.core.diagnostics import Path as DataPath

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


def criteria(dims: Mapping[str, Any], path: DataPath) -> dict[str, Any]:
    """One SegmentDimensions object (of the checked shape) to a ``where:`` mapping; one
    without criteria (such as ``{}``) has no spec form."""
    out = _criteria(dims, path)
    if not out:
        raise Unexpressible(path, "Dimensions has no criteria; a spec needs at least one")
    return out


def _criteria(dims: Mapping[str, Any], path: DataPath) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind in kinds.kinds():
        out.update(kind.to_high_level(dims, path))
    return out


@dataclass(slots=True)
class Source:
    """What the input's base-segment references can resolve to."""

    logical_keys: dict[str, str] = field(default_factory=dict)  # logical ID -> key
    id_keys: dict[str, str] = field(default_factory=dict)  # API segment id -> key
    # Customer Profiles SegmentDefinitionName -> key, of every input
    definition_keys: dict[str, str] = field(default_factory=dict)


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
        if isinstance(parts, list) and parts[1:] == ["SegmentId"] and isinstance(parts[0], str):
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


def _combine(value: object, allowed: tuple[str, ...], path: DataPath) -> str:
    if value not in allowed:
        raise Unexpressible(path, f"{path[-1]} {value!r} is unknown")
    return str(value).lower()


def _group(group: Mapping[str, Any], here: DataPath, source: Source) -> dict[str, Any]:
    item: dict[str, Any] = {}
    if group.get("SourceSegments"):
        item["base"] = [_base(ref, (*here, "SourceSegments", i), source)
                        for i, ref in enumerate(group["SourceSegments"])]
    if group.get("SourceType", "ALL") != "ANY":
        item["base_combine"] = _combine(group.get("SourceType", "ALL"), vocabulary.SOURCE_TYPES,
                                        (*here, "SourceType"))
    if group.get("Type", "ALL") != "ALL":
        item["combine"] = _combine(group["Type"], vocabulary.GROUP_TYPES, (*here, "Type"))
    blocks = [criteria(block, (*here, "Dimensions", i))
              for i, block in enumerate(group.get("Dimensions") or [])]
    if blocks:
        item["where"] = blocks[0] if len(blocks) == 1 else blocks
    if "base" not in item and "where" not in item:
        raise Unexpressible(here, "the group has neither SourceSegments nor Dimensions")
    return item


def groups(data: Mapping[str, Any], path: DataPath, source: Source) -> dict[str, Any]:
    """SegmentGroups (of the checked shape) to a ``groups:`` mapping; combine defaults (all,
    any) left out."""
    out: dict[str, Any] = {}
    if data.get("Include", "ALL") != "ALL":
        out["combine"] = _combine(data["Include"], vocabulary.INCLUDE_TYPES, (*path, "Include"))
    out["list"] = [_group(group, (*path, "Groups", index), source)
                   for index, group in enumerate(data["Groups"])]
    if not out["list"]:
        raise Unexpressible((*path, "Groups"), "Groups is empty")
    return out
