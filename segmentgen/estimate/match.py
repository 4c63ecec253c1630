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
list's non-string items are ignored); an object that names a key twice keeps the first value
(``count.first_of_each``: DuckDB's JSON reader does so, Python's json module would keep the
last). Instants are compared in UTC; one whose UTC time falls
outside years 1..9999 is clamped to the calendar's first or last microsecond, and so is
``as_of`` minus a recency duration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from segmentgen import criteria
from segmentgen.core.dates import FIRST_INSTANT, parse_clamped
from segmentgen.core.diagnostics import Diagnostic, Path, Severity
from segmentgen.core.model import Dimensions, Segment
from segmentgen.criteria.gps import haversine_km as haversine_km

Endpoint = Mapping[str, object]
Predicate = Callable[[Endpoint], bool]
parse_instant = parse_clamped  # the instant reading every criterion's test uses


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
        for kind in criteria.kinds():
            tests.extend(kind.predicates(self, segment, dims, path))
        return lambda ep: all(criterion(ep) for criterion in tests)

