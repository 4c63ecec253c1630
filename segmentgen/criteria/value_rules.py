"""Value rules of the named criteria (endpoint attributes, user attributes, metrics).

Input: a native section name (``Attributes``, ``UserAttributes``, ``Metrics``). Output: the
rule over a segment's native criteria (``{"Dimensions": ...}`` or ``{"SegmentGroups": ...}``)
for that section, the same function object for the same section: SG217 names longer than
Pinpoint keeps and too many values, SG208/SG222 dates, SG209 BETWEEN. The kinds return them
from ``CriterionKind.value_rules`` with the cfn-lint plug-in rule that shares each; the
validator (``validate.rules``) and the plug-in run the same functions.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Any

from segmentgen.core import codes
from segmentgen.core import vocabulary as v
from segmentgen.core.dates import OUTSIDE_CALENDAR, parse_instant, read_instant
from segmentgen.core.diagnostics import Finding, Path
from segmentgen.criteria.kind import CriteriaRule
from segmentgen.criteria.native_walk import listed, named, strings

_NAME_HINT = (f"endpoint attribute and metric names are at most {v.MAX_ATTRIBUTE_NAME_LENGTH} "
              "characters; use the name your endpoints are registered with")


@functools.cache
def name_limits(section: str, kind: str) -> CriteriaRule:
    """SG217 for the ``kind`` (attribute, metric) names of ``section``: longer than Pinpoint
    keeps; too many values."""

    def rule(criteria: Mapping[str, Any]) -> Iterator[Finding]:
        for here, entry in named(criteria, section):
            name = str(here[-1])
            if len(name) > v.MAX_ATTRIBUTE_NAME_LENGTH:
                yield Finding(here, codes.SG217, f"{kind} name {name!r} is longer than "
                              f"{v.MAX_ATTRIBUTE_NAME_LENGTH} characters", _NAME_HINT,
                              at_key=True)
            values = listed(entry.get("Values"))
            if len(values) > v.MAX_ATTRIBUTE_VALUES:
                yield Finding((*here, "Values"), codes.SG217, f"{len(values)} values; an "
                              f"attribute takes at most {v.MAX_ATTRIBUTE_VALUES}",
                              "split the values over two criteria in two groups, or use fewer")

    return _named(rule, f"name_limits_{section}")


def _date_kind(entry: Mapping[str, Any]) -> str | None:
    kind = entry.get("AttributeType", "INCLUSIVE")
    return kind if kind in v.DATE_ATTRIBUTE_TYPES else None


@functools.cache
def dates(section: str) -> CriteriaRule:
    """SG208: date values of ``section`` that are not ISO-8601 instants; SG222: BEFORE, AFTER,
    ON with other than one date."""

    def rule(criteria: Mapping[str, Any]) -> Iterator[Finding]:
        for here, entry in named(criteria, section):
            kind = _date_kind(entry)
            if kind is not None:
                yield from _dates(here, entry, kind)

    return _named(rule, f"dates_{section}")


def _dates(here: Path, entry: Mapping[str, Any], kind: str) -> Iterator[Finding]:
    for i, value in strings(entry.get("Values")):
        moment, problem = read_instant(value)
        if moment is None:
            hint = f"{kind} compares dates: write 2024-01-31 or 2024-01-31T12:00:00Z"
            if problem == OUTSIDE_CALENDAR:
                hint = ("write it in UTC with Z: instants run from 0001-01-01T00:00:00Z to "
                        "9999-12-31T23:59:59Z")
            yield Finding((*here, "Values", i), codes.SG208, f"{value!r} {problem}", hint)
    values = entry.get("Values")
    if kind != "BETWEEN" and isinstance(values, list) and len(values) != 1:
        yield Finding((*here, "Values"), codes.SG222, f"{kind} takes exactly one date, "
                      f"found {len(values)}", "use BETWEEN for a range")


@functools.cache
def between(section: str) -> CriteriaRule:
    """SG209: BETWEEN in ``section`` with other than two values, or a start not before its
    end."""

    def rule(criteria: Mapping[str, Any]) -> Iterator[Finding]:
        for here, entry in named(criteria, section):
            values = entry.get("Values")
            if _date_kind(entry) == "BETWEEN" and isinstance(values, list):
                yield from _between(here, values)

    return _named(rule, f"between_{section}")


def _between(here: Path, values: list[Any]) -> Iterator[Finding]:
    if len(values) != 2:
        yield Finding((*here, "Values"), codes.SG209,
                      f"BETWEEN takes exactly two values, found {len(values)}",
                      "write [start, end], for example [2024-01-01, 2024-03-31]")
        return
    moments = [parse_instant(value) if isinstance(value, str) else None for value in values]
    if moments[0] is not None and moments[1] is not None and moments[0] >= moments[1]:
        yield Finding((*here, "Values"), codes.SG209, f"BETWEEN start {values[0]!r} is not "
                      f"before end {values[1]!r}", "put the earlier date first")


def _named(rule: CriteriaRule, name: str) -> CriteriaRule:
    rule.__name__ = rule.__qualname__ = name
    return rule
