"""A small reference evaluator of Customer Profiles segments, the oracle of the SQL engine.

Input: native ``SegmentGroups`` (plain CloudFormation data) by segment key, and one profile
object as an export line holds it. Output: whether the segment matches it and each group's
result, by the meaning README "Customer Profiles exports" writes down, in plain Python and
independent of the SQL compiler: the tests compare DuckDB's counts with this one's.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from segmentgen.core.dates import parse_clamped

Profile = Mapping[str, Any]
NUMBER = re.compile(r"-?[0-9]{1,30}([.][0-9]{1,30})?([eE][+-]?[0-9]{1,2})?")
STRING = ("INCLUSIVE", "EXCLUSIVE", "CONTAINS", "BEGINS_WITH", "ENDS_WITH")
DATES = ("BEFORE", "AFTER", "ON", "BETWEEN", "NOT_BETWEEN")
NUMERIC = {"GREATER_THAN": lambda a, b: a > b, "LESS_THAN": lambda a, b: a < b,
           "GREATER_THAN_OR_EQUAL": lambda a, b: a >= b,
           "LESS_THAN_OR_EQUAL": lambda a, b: a <= b, "EQUAL": lambda a, b: a == b}


def number(text: str | None) -> float | None:
    return float(text) if text is not None and NUMBER.fullmatch(text) else None


def day(text: str | None) -> date | None:
    moment = parse_clamped(text) if text is not None else None
    return moment.date() if moment is not None else None


def text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def scalar(value: object) -> str | None:
    """A map value: a string, or an integer as its decimal text."""
    if isinstance(value, bool):
        return None
    return str(value) if isinstance(value, int) else text(value)


def member(profile: Profile, name: str, part: str) -> str | None:
    inner = profile.get(name)
    if not isinstance(inner, dict):
        return None
    return scalar(inner.get(part)) if name.endswith("Attributes") else text(inner.get(part))


def string_test(value: str | None, kind: str, values: list[str]) -> bool:
    if kind == "EXCLUSIVE":
        return value is None or value not in values
    if value is None:
        return False
    tests: dict[str, Callable[[str], bool]] = {
        "INCLUSIVE": lambda v: value == v, "CONTAINS": lambda v: v in value,
        "BEGINS_WITH": value.startswith, "ENDS_WITH": value.endswith}
    return kind in tests and any(tests[kind](v) for v in values)


def between(read: Any, ends: list[Any], kind: str) -> bool:
    if read is None:
        return False
    inside = ends[0] <= read <= ends[1]
    return inside if kind == "BETWEEN" else not inside


def date_test(value: str | None, kind: str, values: list[str]) -> bool:
    ends = [day(v) for v in values]
    if None in ends or kind not in DATES or ("BETWEEN" in kind and len(ends) != 2):
        return False
    read = day(value)
    if "BETWEEN" in kind:
        return between(read, ends, kind)
    if read is None:
        return False
    compare = {"BEFORE": lambda d: read < d, "AFTER": lambda d: read > d,
               "ON": lambda d: read == d}[kind]
    return any(compare(d) for d in ends)


def attribute_test(value: str | None, kind: str, values: list[str]) -> bool:
    if kind in STRING:
        return string_test(value, kind, values)
    numbers = [number(v) for v in values]
    if kind in NUMERIC:
        read = number(value)
        return None not in numbers and read is not None and any(
            NUMERIC[kind](read, n) for n in numbers)
    if "BETWEEN" in kind and None not in numbers:
        return len(numbers) == 2 and between(number(value), numbers, kind)
    return date_test(value, kind, values)


def criterion(profile: Profile, container: str, name: str, value: Any) -> list[bool]:
    """The result of each criterion under one member of a dimension."""
    def run(field: str | None, spec: Any, test: Callable[..., bool]) -> bool:
        values = spec.get("Values") if isinstance(spec, dict) else None
        if not isinstance(values, list) or not values or \
                any(not isinstance(v, str) or "{{" in v for v in values):
            return False
        return test(field, spec.get("DimensionType"), values)

    if container == "CalculatedAttributes":
        if isinstance(value, dict) and value.get("ConditionOverrides") is not None:
            return [False]
        return [run(member(profile, container, name), value, attribute_test)]
    if name == "Attributes":
        return [run(member(profile, name, key), spec, attribute_test)
                for key, spec in value.items()]
    if name in ("Address", "BillingAddress", "MailingAddress", "ShippingAddress"):
        return [run(member(profile, name, part), spec, string_test)
                for part, spec in value.items()]
    if name == "BirthDate":
        return [run(text(profile.get(name)), value, date_test)]
    return [run(text(profile.get(name)), value, string_test)]


def combine(mode: str, results: list[bool]) -> bool:
    return all(results) if mode == "ALL" else any(results) if mode == "ANY" \
        else not any(results)


class Oracle:
    """Evaluates the segments of one project (base segments by key, no cycles)."""

    def __init__(self, segments: Mapping[str, Mapping[str, Any]]) -> None:
        self.segments = segments

    def evaluate(self, key: str, profile: Profile) -> tuple[bool, list[bool]]:
        groups = self.segments[key]
        hits = [self.group(group, profile) for group in groups.get("Groups", [])]
        return combine(groups.get("Include", "ANY"), hits), hits

    def group(self, group: Mapping[str, Any], profile: Profile) -> bool:
        names = [s["SegmentDefinitionName"] for s in group.get("SourceSegments", [])]
        bases = [self.evaluate(n, profile)[0] for n in names if n in self.segments]
        if bases and not combine(group.get("SourceType", "ANY"), bases):
            return False
        blocks = [all(result for container, members in dimension.items()
                      for name, value in members.items()
                      for result in criterion(profile, container, name, value))
                  for dimension in group.get("Dimensions", [])]
        return not blocks or combine(group.get("Type", "ALL"), blocks)
