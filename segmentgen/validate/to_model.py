"""Native criteria to the frozen model.

Input: one segment's checked native criteria (no error findings) and the paths of base
segments written by key. Output: ``model.Dimensions`` from every registered criterion kind's
``to_model`` (defaults filled, dates normalised to one instant format, every mapping sorted by
name so that output never depends on input order) or ``model.Groups`` (ALL by default).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from segmentgen import criteria
from segmentgen.core import model
from segmentgen.core.diagnostics import Path

# The fields of model.Dimensions a kind's to_model may fill; any other name it returns is a
# kind without a field of its own, carried in Dimensions.kinds.
FIELDS = frozenset(f.name for f in dataclasses.fields(model.Dimensions)) - {"kinds"}


def dimensions(block: Mapping[str, Any]) -> model.Dimensions:
    values: dict[str, Any] = {}
    for kind in criteria.kinds():
        values.update(kind.to_model(block))
    own = {name: value for name, value in values.items() if name in FIELDS}
    carried = sorted((name, value) for name, value in values.items()
                     if name not in FIELDS and value is not None)
    return model.Dimensions(**own, kinds=tuple(carried))


def groups(data: Mapping[str, Any], key_refs: set[Path]) -> model.Groups:
    out = []
    for g, group in enumerate(data["Groups"]):
        sources = []
        for s, ref in enumerate(group.get("SourceSegments") or []):
            if ("SegmentGroups", "Groups", g, "SourceSegments", s) in key_refs:
                sources.append(model.SourceRef(key=ref["Id"], version=ref.get("Version")))
            else:
                sources.append(model.SourceRef(id=ref["Id"], version=ref.get("Version")))
        out.append(model.Group(
            type=group.get("Type", "ALL"),
            source_type=group.get("SourceType", "ALL"),
            dimensions=tuple(dimensions(block) for block in group.get("Dimensions") or []),
            sources=tuple(sources),
        ))
    return model.Groups(include=data.get("Include", "ALL"), groups=tuple(out))
