"""A carried-over Pinpoint segment as the high-level ``target: customer-profiles`` form.

Input: an ``Assessment`` without blocking findings. Output: a ``Form``: the criteria key it
writes (``where`` or ``groups``) and its lines below that key as ``Line`` objects (text
relative to the key's indentation, and the CloudFormation-shaped data paths of the Pinpoint
criteria it came from, which say where its comments go). Each criterion's Customer Profiles
``Dimension`` (the compiler's, ``CarriedCriterion.dimension``) is written back by the kind
that claims it (``criteria.profiles.kind_of(...).to_high_level``), so the mapping and the
high-level spelling each live in one place. A Pinpoint group becomes a group of ``groups:``
with its combinators in lower case and its base segments by key; a flat segment becomes one
``where:``. Values are YAML flow collections (``[NOR, SWE]``, ``{not: [free]}``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml

from segmentgen.compile.customer_profiles_map import CarriedCriterion
from segmentgen.core.diagnostics import Path
from segmentgen.criteria.profiles import kind_of
from segmentgen.migrate.assess import Assessment

SECTIONS = ("profile", "attributes", "calculated")
STEP = "  "


class Unwritable(Exception):
    """Two criteria that would be one key of a ``where:`` block (an explicit mapping)."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


@dataclass(slots=True)
class Line:
    text: str  # without the indentation of the criteria key
    origins: tuple[Path, ...] = ()


@dataclass(slots=True)
class Form:
    key: str  # where or groups
    lines: list[Line] = field(default_factory=list)


def flow(value: Any) -> str:
    """One YAML value on one line: scalars quoted where YAML would read them otherwise."""
    text = yaml.safe_dump(value, default_flow_style=True, sort_keys=False, width=1 << 20,
                          allow_unicode=True)
    return text.removesuffix("...\n").strip()


def build_form(assessment: Assessment) -> Form:
    """The high-level criteria of a carried-over segment; raises ``Unwritable``."""
    segment = assessment.segment
    if segment.groups is None:
        return Form("where", _where(_criteria(assessment.carried, ("Dimensions",)), 1))
    form = Form("groups", [Line(f"{STEP}combine: {segment.groups.include.lower()}"),
                           Line(f"{STEP}list:")])
    for index, group in enumerate(segment.groups.groups):
        prefix: Path = ("SegmentGroups", "Groups", index)
        lines: list[Line] = []
        keys = [ref.key for ref in group.sources if ref.key is not None]
        if keys:
            lines.append(Line(f"base: {flow(keys)}"))
            lines.append(Line(f"base_combine: {group.source_type.lower()}"))
        lines.append(Line(f"combine: {group.type.lower()}"))
        where = _where(_criteria(assessment.carried, prefix), 0)
        if where:
            lines.append(Line("where:"))
            lines.extend(Line(STEP + line.text, line.origins) for line in where)
        for position, line in enumerate(lines):
            lead = "- " if position == 0 else "  "
            form.lines.append(Line(f"{STEP * 2}{lead}{line.text}", line.origins))
    return form


Criteria = dict[str, dict[str, tuple[Any, tuple[Path, ...]]]]


def _criteria(carried: Sequence[CarriedCriterion], prefix: Path) -> Criteria:
    """Section -> key -> (high-level value, origins) of the carried criteria under
    ``prefix`` (one group, or the flat segment)."""
    found: Criteria = {}
    for item in carried:
        if item.dimension is None or item.path[:len(prefix)] != prefix:
            continue
        kind = kind_of(item.dimension)
        written = kind.to_high_level(item.dimension) if kind is not None else {}
        if not written:
            raise Unwritable(item.path, f"{item.label} ({item.target}) has no high-level form")
        for section, members in written.items():
            for key, value in members.items():
                _add(found.setdefault(section, {}), key, value, item)
    return found


def _add(section: dict[str, tuple[Any, tuple[Path, ...]]], key: str, value: Any,
         item: CarriedCriterion) -> None:
    if key not in section:
        section[key] = (value, (item.path,))
        return
    old, origins = section[key]
    if isinstance(old, dict) and isinstance(value, dict) and not old.keys() & value.keys() \
            and key[:1].isupper() and key.endswith("Address"):
        section[key] = ({**old, **value}, (*origins, item.path))
        return
    raise Unwritable(item.path, f"{item.label} and another criterion both become {key!r}: "
                                "one where: block holds each key once")


def _where(criteria: Criteria, depth: int) -> list[Line]:
    lines: list[Line] = []
    for section in SECTIONS:
        members = criteria.get(section)
        if not members:
            continue
        lines.append(Line(f"{STEP * depth}{section}:"))
        for key, (value, origins) in members.items():
            lines.append(Line(f"{STEP * (depth + 1)}{flow({key: value})[1:-1]}", origins))
    return lines
