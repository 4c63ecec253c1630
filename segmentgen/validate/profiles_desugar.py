"""The high-level form of a ``target: customer-profiles`` segment to CloudFormation's shape.

Input: a shape-checked customer-profiles segment mapping, its source path and the segment
keys of the project. Output: a ``desugar.Native`` whose criteria hold the
``AWS::CustomerProfiles::SegmentDefinition`` properties the spec gives (``SegmentGroups``
from ``where:``, ``groups:`` or ``segment_groups:`` as written, ``SegmentSqlQuery``,
``SegmentSort``), the source path of every native path, and the ``SourceSegments`` entries
that name a segment of the project by key. Criteria are placed one ``Dimension`` each, the
profile fields in the order of the kinds and their keys, custom and calculated attributes
by name, so that reordering a spec does not change the create-only ``SegmentGroups``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from segmentgen.core.diagnostics import Path
from segmentgen.criteria.profiles import profile_kinds
from segmentgen.validate.desugar import Native

SECTIONS = ("profile", "attributes", "calculated")


def to_profiles_native(segment: Mapping[str, Any], source: Path,
                       keys: frozenset[str]) -> Native:
    native = Native()
    native.origin[()] = source
    for prop, key in (("DisplayName", "name"), ("Description", "description"),
                      ("SegmentDefinitionName", "definition_name"), ("Tags", "tags"),
                      ("target", "target")):
        native.origin[(prop,)] = (*source, key)
    if "segment_groups" in segment:
        native.criteria["SegmentGroups"] = copy.deepcopy(segment["segment_groups"])
        native.origin[("SegmentGroups",)] = (*source, "segment_groups")
        _mark_keys(native, keys)
    elif "where" in segment:
        native.criteria["SegmentGroups"] = _where_only(segment["where"], (*source, "where"),
                                                       native)
    elif "groups" in segment:
        native.criteria["SegmentGroups"] = _groups(segment["groups"], (*source, "groups"),
                                                   native)
    if "sql" in segment:
        native.criteria["SegmentSqlQuery"] = segment["sql"]
        native.origin[("SegmentSqlQuery",)] = (*source, "sql")
    if "sort" in segment:
        native.criteria["SegmentSort"] = copy.deepcopy(segment["sort"])
        native.origin[("SegmentSort",)] = (*source, "sort")
    return native


def _mark_keys(native: Native, keys: frozenset[str]) -> None:
    groups = native.criteria["SegmentGroups"]
    listed = groups.get("Groups") if isinstance(groups, dict) else None
    for g, group in enumerate(listed if isinstance(listed, list) else []):
        sources = group.get("SourceSegments") if isinstance(group, dict) else None
        for s, ref in enumerate(sources if isinstance(sources, list) else []):
            if isinstance(ref, dict) and ref.get("SegmentDefinitionName") in keys:
                native.key_refs.add(("SegmentGroups", "Groups", g, "SourceSegments", s))


def dimensions(where: Mapping[str, Any], path: Path, source: Path,
               native: Native) -> list[Any]:
    """One dimension per criterion of a ``where:`` block, placed under ``path``."""
    native.origin[path] = source
    out: list[Any] = []
    for section, key, value in _criteria(where):
        kind = next((k for k in profile_kinds() if k.claims_key(section, key)), None)
        if kind is None:
            continue
        out.extend(kind.desugar(key, value, (*path, len(out)), (*source, section, key),
                                native))
    return out


def _criteria(where: Mapping[str, Any]) -> list[tuple[str, str, Any]]:
    """(section, key, value) of a block in output order."""
    found: list[tuple[str, str, Any]] = []
    profile = where.get("profile")
    if isinstance(profile, Mapping):
        order = [key for kind in profile_kinds() if kind.section == "profile"
                 for key in kind.keys]
        found.extend(("profile", key, profile[key]) for key in order if key in profile)
    for section in SECTIONS[1:]:
        block = where.get(section)
        if isinstance(block, Mapping):
            found.extend((section, key, block[key]) for key in sorted(block))
    return found


def _where_only(where: Mapping[str, Any], source: Path, native: Native) -> dict[str, Any]:
    path: Path = ("SegmentGroups", "Groups", 0)
    native.origin[("SegmentGroups",)] = source
    native.origin[path] = source
    group = {"Dimensions": dimensions(where, (*path, "Dimensions"), source, native),
             "Type": "ALL"}
    return {"Groups": [group], "Include": "ALL"}


def _groups(groups: Mapping[str, Any], source: Path, native: Native) -> dict[str, Any]:
    native.origin[("SegmentGroups",)] = source
    native.origin[("SegmentGroups", "Include")] = (*source, "combine")
    native.origin[("SegmentGroups", "Groups")] = (*source, "list")
    out = [_group(group, ("SegmentGroups", "Groups", g), (*source, "list", g), native)
           for g, group in enumerate(groups["list"])]
    return {"Groups": out, "Include": str(groups.get("combine", "all")).upper()}


def _group(group: Mapping[str, Any], path: Path, source: Path,
           native: Native) -> dict[str, Any]:
    native.origin[path] = source
    native.origin[(*path, "Type")] = (*source, "combine")
    out: dict[str, Any] = {"Type": str(group.get("combine", "all")).upper()}
    if isinstance(group.get("where"), Mapping):
        out["Dimensions"] = dimensions(group["where"], (*path, "Dimensions"),
                                       (*source, "where"), native)
    if "base" in group:
        native.origin[(*path, "SourceType")] = (*source, "base_combine")
        native.origin[(*path, "SourceSegments")] = (*source, "base")
        out["SourceType"] = str(group.get("base_combine", "any")).upper()
        out["SourceSegments"] = []
        for s, base in enumerate(group["base"]):
            ref: Path = (*path, "SourceSegments", s)
            native.origin[ref] = (*source, "base", s)
            native.origin[(*ref, "SegmentDefinitionName")] = (*source, "base", s)
            native.key_refs.add(ref)
            out["SourceSegments"].append({"SegmentDefinitionName": base})
    return out
