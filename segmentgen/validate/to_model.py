"""Native criteria to the frozen model.

Input: one segment's checked native criteria (no error findings) and the paths of base
segments written by key. Output: ``model.Dimensions`` or ``model.Groups``, with defaults
filled (INCLUSIVE types, ALL combinations), dates normalised to one instant format and
every mapping sorted by name so that output never depends on input order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from segmentgen import criteria
from segmentgen.core import model
from segmentgen.core.dates import format_instant, parse_instant
from segmentgen.core.diagnostics import Path
from segmentgen.core.vocabulary import DATE_ATTRIBUTE_TYPES


def dimensions(block: Mapping[str, Any]) -> model.Dimensions:
    kinds: dict[str, Any] = {}
    for kind in criteria.kinds():
        kinds.update(kind.to_model(block))
    return model.Dimensions(
        attributes=_attributes(block.get("Attributes") or {}),
        user_attributes=_attributes(block.get("UserAttributes") or {}),
        metrics=tuple(
            model.MetricCriterion(name, m["ComparisonOperator"], float(m["Value"]))
            for name, m in sorted((block.get("Metrics") or {}).items())
        ),
        **kinds,
    )


def _attributes(section: Mapping[str, Any]) -> tuple[model.AttributeCriterion, ...]:
    out = []
    for name, dimension in sorted(section.items()):
        kind = dimension.get("AttributeType", "INCLUSIVE")
        values = tuple(dimension["Values"])
        if kind in DATE_ATTRIBUTE_TYPES:
            values = tuple(format_instant(parse_instant(value)) for value in values)  # type: ignore[arg-type]
        out.append(model.AttributeCriterion(name, kind, values))
    return tuple(out)


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
