"""Walking a segment's criteria as CloudFormation holds them, whatever JSON they hold.

Input: a segment's ``{"Dimensions": ...}`` or ``{"SegmentGroups": ...}`` (shape-checked in the
validator, as decoded from any template in the cfn-lint plug-in). Output: its criteria blocks,
named criteria and set values with their data paths, skipping what is not of the right type
(an intrinsic function, a misspelt section), and the dimension count of a block.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeGuard

from segmentgen.core.diagnostics import Path
from segmentgen.criteria import layout

_PLAIN = frozenset({str, list, int, float, bool, type(None)})  # JSON's non-mapping types


def is_mapping(value: object) -> TypeGuard[Mapping[str, Any]]:
    """A mapping; what YAML and JSON give is told apart without the slower ABC check."""
    kind = type(value)
    return kind is dict or (kind not in _PLAIN and isinstance(value, Mapping))


def mapping(value: object) -> Mapping[str, Any]:
    return value if is_mapping(value) else {}


def listed(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def number(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


Block = tuple[Path, Mapping[str, Any]]
_WALKED: list[tuple[object, tuple[Block, ...]]] = []  # see ``walking``


@contextmanager
def walking(criteria: Mapping[str, Any]) -> Iterator[None]:
    """While the rules of ``validate.rules`` read ``criteria`` one after the other (none
    changes it), its dimension blocks are found once and shared."""
    _WALKED[:] = [(criteria, tuple(_blocks(criteria)))]
    try:
        yield
    finally:
        _WALKED.clear()


def dimension_blocks(criteria: Mapping[str, Any]) -> Iterator[Block]:
    """Every SegmentDimensions object of a segment with its path."""
    if _WALKED and _WALKED[0][0] is criteria:
        return iter(_WALKED[0][1])
    return _blocks(criteria)


def _blocks(criteria: Mapping[str, Any]) -> Iterator[Block]:
    dimensions = criteria.get("Dimensions")
    if is_mapping(dimensions):
        yield ("Dimensions",), dimensions
    listing = listed(mapping(criteria.get("SegmentGroups")).get("Groups"))
    for g, group in enumerate(listing):
        for d, block in enumerate(listed(mapping(group).get("Dimensions"))):
            if is_mapping(block):
                yield ("SegmentGroups", "Groups", g, "Dimensions", d), block


def named(criteria: Mapping[str, Any], *sections: str) -> Iterator[tuple[Path, Mapping[str, Any]]]:
    """Each named criterion of ``sections`` (attributes, metrics) with its path."""
    for path, block in dimension_blocks(criteria):
        for section in sections:
            for name, entry in mapping(block.get(section)).items():
                if is_mapping(entry):
                    yield (*path, section, name), entry


def strings(values: object) -> Iterator[tuple[int, str]]:
    for index, value in enumerate(listed(values)):
        if isinstance(value, str):
            yield index, value


def iter_values(block: Mapping[str, Any], path: Path) -> Iterator[tuple[Path, object]]:
    """Every value of a block's set-like criteria (the kinds that hold sets: attributes,
    demographics, country), in registry order."""
    for where, fields in layout.current().sets:
        part: Mapping[str, Any] = block
        for step in where:
            part = mapping(part.get(step))
        for field in tuple(part) if fields is None else fields:
            for i, value in enumerate(listed(mapping(part.get(field)).get("Values"))):
                yield (*path, *where, field, "Values", i), value


def count_dimensions(block: Mapping[str, Any]) -> int:
    """One per member of a section (a named attribute, a Location member), one per other
    native key that holds anything (Behavior)."""
    shape = layout.current()
    sections = shape.native_sections
    return (sum(len(mapping(block.get(s))) for s in sections)
            + sum(1 for key in shape.native_keys if key not in sections and block.get(key)))
