"""Criteria to predicates: whether one endpoint matches a segment's criteria.

Input: one criteria block (``model.Dimensions``) of a segment, an as-of time and
``EstimateOptions``. Output: a predicate that takes one endpoint object (a mapping, as
Pinpoint's export writes it, with any JSON value in any field) and returns whether it matches
the attributes, metrics, recency, demographics, country and GPS, never raising; and
diagnostics (SG602, SG606) for criteria that cannot be evaluated locally. Base segments and
segment groups are resolved by ``estimate_plan``.

Where the Pinpoint documentation is silent the evaluation makes a choice, and says which:
``EstimateOptions`` holds the switches; the rest is listed here. Attribute and demographic
values match case-sensitively. ON compares UTC calendar dates. Recency reads ``EffectiveDate``
(no export field records sessions): an endpoint is active when its ``EffectiveDate`` is at or
after ``as_of`` minus the duration; a missing or unreadable date counts as inactive. Channel
compares ``ChannelType``; DeviceType has no endpoint field and never matches. GPS distance is
the haversine great-circle distance, range inclusive.

Values no endpoint can hold are read as absent, not as errors. A number is a finite double:
NaN, Infinity, 1e999 and integers beyond a double's range (Pinpoint stores metrics and
coordinates as doubles) never satisfy a metric, and a coordinate outside -90..90 latitude or
-180..180 longitude never lies within range. A field of the wrong JSON type is absent (a
list's non-string items are ignored). Instants are compared in UTC; one whose UTC time falls
outside years 1..9999 is clamped to the calendar's first or last microsecond, and so is
``as_of`` minus a recency duration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from segmentgen import criteria
from segmentgen.core import codes
from segmentgen.core.dates import FIRST_INSTANT
from segmentgen.core.dates import parse_clamped as parse_instant
from segmentgen.core.diagnostics import Diagnostic, Path, Severity
from segmentgen.core.model import (
    AttributeCriterion,
    Dimensions,
    MetricCriterion,
    Segment,
)
from segmentgen.criteria.endpoint import mapping as _mapping
from segmentgen.criteria.endpoint import number as _number
from segmentgen.criteria.endpoint import strings as _strings
from segmentgen.criteria.gps import haversine_km as haversine_km
from segmentgen.criteria.sets import values_test as _set_test

Endpoint = Mapping[str, object]
Predicate = Callable[[Endpoint], bool]


@dataclass(frozen=True, slots=True)
class EstimateOptions:
    """Choices the documentation leaves open; each default is an inference."""

    exclusive_matches_missing: bool = True  # EXCLUSIVE holds for an endpoint without the field
    between_inclusive: bool = True  # BETWEEN includes its end points


def earlier(instant: datetime, span: timedelta) -> datetime:
    """``instant`` minus ``span``, or the calendar's first instant when that is before it."""
    try:
        return instant - span
    except OverflowError:
        return FIRST_INSTANT


def combine(mode: str, results: Iterable[bool]) -> bool:
    if mode == "ALL":
        return all(results)
    if mode == "ANY":
        return any(results)
    if mode == "NONE":
        return not any(results)
    raise ValueError(f"combination mode {mode!r} is not ALL, ANY or NONE")


ValuesTest = Callable[[tuple[str, ...] | None], bool]


def _date_test(kind: str, bounds: list[datetime], options: EstimateOptions) -> ValuesTest:
    def holds(instant: datetime) -> bool:
        if kind == "BEFORE":
            return instant < bounds[0]
        if kind == "AFTER":
            return instant > bounds[0]
        if kind == "ON":
            return instant.date() == bounds[0].date()
        if options.between_inclusive:
            return bounds[0] <= instant <= bounds[1]
        return bounds[0] < instant < bounds[1]

    def test(values: tuple[str, ...] | None) -> bool:
        instants = (parse_instant(v) for v in values or ())
        return any(instant is not None and holds(instant) for instant in instants)

    return test


def _never(endpoint: Endpoint) -> bool:
    return False


@dataclass
class Compiler:
    """Turns a segment's criteria into predicates, collecting diagnostics once per criterion."""

    as_of: datetime
    options: EstimateOptions
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def report(self, segment: Segment, path: Path, code: str, message: str, *,
               severity: Severity = Severity.WARNING, hint: str | None = None) -> None:
        line, col = segment.line, 1
        if segment.locator is not None:
            line, col = segment.locator.position(path)
        self.diagnostics.append(Diagnostic(segment.file, line, col, code, message, severity, hint))

    def dimensions(self, segment: Segment, dims: Dimensions, path: Path) -> Predicate:
        tests: list[Predicate] = []
        for criterion in dims.attributes:
            tests.append(self.attribute(segment, criterion, (*path, "Attributes"), "Attributes"))
        for criterion in dims.user_attributes:
            tests.append(self.attribute(segment, criterion, (*path, "UserAttributes"), "User"))
        tests.extend(self.metric(criterion) for criterion in dims.metrics)
        for kind in criteria.kinds():
            tests.extend(kind.predicates(self, segment, dims, path))
        return lambda ep: all(criterion(ep) for criterion in tests)

    def attribute(self, segment: Segment, criterion: AttributeCriterion, path: Path,
                  source: str) -> Predicate:
        name = criterion.name
        if source == "User":
            def values(ep: Endpoint) -> tuple[str, ...] | None:
                user = _mapping(ep.get("User"))
                return _strings(_mapping(user.get("UserAttributes")).get(name))
        else:
            def values(ep: Endpoint) -> tuple[str, ...] | None:
                return _strings(_mapping(ep.get("Attributes")).get(name))
        if criterion.type not in ("BEFORE", "AFTER", "ON", "BETWEEN"):
            test = _set_test(criterion.type, criterion.values, self.options)
            return lambda ep: test(values(ep))
        bounds = [parse_instant(value) for value in criterion.values]
        needed = 2 if criterion.type == "BETWEEN" else 1
        if len(bounds) != needed or any(bound is None for bound in bounds):
            self.report(segment, (*path, name, "Values"), codes.SG606,
                        f"{criterion.type} needs {needed} ISO-8601 value(s), got "
                        f"{list(criterion.values)!r}; the criterion never matches",
                        hint="write dates as 2024-01-01 or instants as 2024-01-01T12:00:00Z")
            return _never
        date_test = _date_test(criterion.type, [b for b in bounds if b is not None], self.options)
        return lambda ep: date_test(values(ep))

    def metric(self, criterion: MetricCriterion) -> Predicate:
        name, target, operator = criterion.name, criterion.value, criterion.operator
        compare: dict[str, Callable[[float], bool]] = {
            "GREATER_THAN": lambda v: v > target,
            "LESS_THAN": lambda v: v < target,
            "GREATER_THAN_OR_EQUAL": lambda v: v >= target,
            "LESS_THAN_OR_EQUAL": lambda v: v <= target,
            "EQUAL": lambda v: v == target,
        }
        if operator not in compare:
            raise ValueError(f"metric operator {operator!r} is not a Pinpoint operator")
        holds = compare[operator]

        def test(ep: Endpoint) -> bool:
            value = _number(_mapping(ep.get("Metrics")).get(name))
            return value is not None and holds(value)

        return test
