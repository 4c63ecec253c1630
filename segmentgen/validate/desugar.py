"""The high-level form to CloudFormation's shape.

Input: a shape-checked segment mapping (``where:`` / ``groups:`` or the native
``dimensions:`` / ``segment_groups:``) and its source path. Output: a ``Native``: the
segment's criteria as CloudFormation ``Dimensions`` or ``SegmentGroups`` data, a table from
each native path to the source path it came from, and the paths of base segments written by
key. Values are copied as written; checking and normalising them is the rules' job.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from segmentgen import criteria
from segmentgen.core.diagnostics import Path
from segmentgen.criteria.kind import NativePath


@dataclass(slots=True)
class Native:
    criteria: dict[str, object] = field(default_factory=dict)
    origin: dict[Path, Path] = field(default_factory=dict)
    key_refs: set[Path] = field(default_factory=set)

    def source_path(self, path: Path) -> Path | None:
        """The source path behind a native path, through its longest mapped prefix."""
        for cut in range(len(path), -1, -1):
            base = self.origin.get(path[:cut])
            if base is not None:
                return (*base, *path[cut:])
        return None


def to_native(segment: Mapping[str, object], source: Path, keys: frozenset[str]) -> Native:
    native = Native()
    native.origin[()] = source
    native.origin[("Name",)] = (*source, "name")
    if "dimensions" in segment:
        native.criteria["Dimensions"] = segment["dimensions"]
        native.origin[("Dimensions",)] = (*source, "dimensions")
    elif "segment_groups" in segment:
        groups = segment["segment_groups"]
        native.criteria["SegmentGroups"] = groups
        native.origin[("SegmentGroups",)] = (*source, "segment_groups")
        _mark_native_keys(groups, keys, native)
    elif "where" in segment:
        native.criteria["Dimensions"] = _criteria(
            segment["where"], ("Dimensions",), (*source, "where"), native
        )
    elif "groups" in segment:
        native.criteria["SegmentGroups"] = _groups(segment["groups"], (*source, "groups"), native)
    return native


def _mark_native_keys(groups: object, keys: frozenset[str], native: Native) -> None:
    if not isinstance(groups, dict) or not isinstance(groups.get("Groups"), list):
        return
    for g, group in enumerate(groups["Groups"]):
        sources = group.get("SourceSegments") if isinstance(group, dict) else None
        for s, ref in enumerate(sources if isinstance(sources, list) else []):
            if isinstance(ref, dict) and ref.get("Id") in keys:
                native.key_refs.add(("SegmentGroups", "Groups", g, "SourceSegments", s))


def _criteria(where: object, path: Path, source: Path, native: Native) -> dict[str, object]:
    assert isinstance(where, dict)
    native.origin[path] = source
    out: dict[str, object] = {}
    placed: list[tuple[NativePath, object]] = []
    for kind in criteria.kinds():
        placed.extend(kind.desugar(where, path, source, native))
    _place(out, placed)
    return out


def _place(out: dict[str, object], placed: list[tuple[NativePath, object]]) -> None:
    """Native values at their paths under Dimensions; a two-key path lands in the object
    named by its first key (``Location``), created when first needed."""
    for native_path, value in placed:
        if len(native_path) == 1:
            out[native_path[0]] = value
        else:
            inner = out.setdefault(native_path[0], {})
            assert isinstance(inner, dict)
            inner[native_path[1]] = value


def _groups(groups: object, source: Path, native: Native) -> dict[str, object]:
    assert isinstance(groups, dict)
    path: Path = ("SegmentGroups",)
    native.origin[path] = source
    native.origin[(*path, "Include")] = (*source, "combine")
    native.origin[(*path, "Groups")] = (*source, "list")
    out_groups = []
    for index, group in enumerate(groups["list"]):
        out_groups.append(_group(group, (*path, "Groups", index), (*source, "list", index), native))
    return {"Include": str(groups.get("combine", "all")).upper(), "Groups": out_groups}


def _group(group: object, path: Path, source: Path, native: Native) -> dict[str, object]:
    assert isinstance(group, dict)
    native.origin[path] = source
    native.origin[(*path, "Type")] = (*source, "combine")
    native.origin[(*path, "SourceType")] = (*source, "base_combine")
    out: dict[str, object] = {
        "Type": str(group.get("combine", "all")).upper(),
        "SourceType": str(group.get("base_combine", "any")).upper(),
    }
    where = group.get("where")
    if where is not None:
        blocks = where if isinstance(where, list) else [where]
        native.origin[(*path, "Dimensions")] = (*source, "where")
        out["Dimensions"] = [
            _criteria(block, (*path, "Dimensions", i),
                      (*source, "where", i) if isinstance(where, list) else (*source, "where"),
                      native)
            for i, block in enumerate(blocks)
        ]
    if "base" in group:
        refs = []
        native.origin[(*path, "SourceSegments")] = (*source, "base")
        for i, base in enumerate(group["base"]):
            ref_path = (*path, "SourceSegments", i)
            native.origin[ref_path] = (*source, "base", i)
            if isinstance(base, str):
                native.key_refs.add(ref_path)
                refs.append({"Id": base})
            else:
                assert isinstance(base, dict)
                native.origin[(*ref_path, "Id")] = (*source, "base", i, "id")
                native.origin[(*ref_path, "Version")] = (*source, "base", i, "version")
                refs.append(dict(Id=base["id"], **({"Version": base["version"]}
                                                    if "version" in base else {})))
        out["SourceSegments"] = refs
    return out
