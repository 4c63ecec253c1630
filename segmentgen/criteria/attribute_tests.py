"""How an endpoint or user attribute criterion is tested: against one endpoint, and in SQL.

Input: an ``AttributeCriterion``, the compiler (options, where to report) and how to read the
attribute's strings from an endpoint (or the attribute's array expression). Output: a predicate
over an endpoint, or a sqlglot condition. Set types compare as ``criteria.sets`` says; dates
are compared in UTC, and a date that cannot be read is SG606 and never matches.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import TYPE_CHECKING

from segmentgen.core import codes, vocabulary
from segmentgen.core.dates import parse_clamped
from segmentgen.core.diagnostics import Path
from segmentgen.core.model import AttributeCriterion, Segment
from segmentgen.criteria import sets
from segmentgen.criteria.kind import Predicate

if TYPE_CHECKING:
    from sqlglot import exp

    from segmentgen.estimate.match import Compiler, EstimateOptions
    from segmentgen.estimate.sql import SqlCompiler

Reader = Callable[[Mapping[str, object], str], "tuple[str, ...] | None"]


def _never(ep: Mapping[str, object]) -> bool:
    return False


def endpoint_test(compiler: Compiler, segment: Segment, criterion: AttributeCriterion, path: Path,
          read: Reader) -> Predicate:
    name = criterion.name
    if criterion.type not in vocabulary.DATE_ATTRIBUTE_TYPES:
        test = sets.values_test(criterion.type, criterion.values, compiler.options)
        return lambda ep: test(read(ep, name))
    bounds = _bounds(compiler, segment, criterion, path)
    if bounds is None:
        return _never
    date_test = _date_test(criterion.type, bounds, compiler.options)
    return lambda ep: date_test(read(ep, name))


def _bounds(compiler: Compiler, segment: Segment, criterion: AttributeCriterion,
            path: Path) -> list[datetime] | None:
    """A date criterion's instants, or None (SG606 reported) when they cannot be read."""
    bounds = [parse_clamped(value) for value in criterion.values]
    needed = 2 if criterion.type == "BETWEEN" else 1
    if len(bounds) != needed or any(bound is None for bound in bounds):
        compiler.report(segment, (*path, criterion.name, "Values"), codes.SG606,
                        f"{criterion.type} needs {needed} ISO-8601 value(s), got "
                        f"{list(criterion.values)!r}; the criterion never matches",
                        hint="write dates as 2024-01-01 or instants as 2024-01-01T12:00:00Z")
        return None
    return [bound for bound in bounds if bound is not None]


def sql_test(compiler: SqlCompiler, segment: Segment, criterion: AttributeCriterion, path: Path,
         values: exp.Expr) -> exp.Expr:
    """``endpoint_test`` in SQL over the attribute's array of strings."""
    from segmentgen.estimate import expressions as sql

    if criterion.type not in vocabulary.DATE_ATTRIBUTE_TYPES:
        return sql.set_test(values, criterion.type, criterion.values, compiler.options)
    bounds = _bounds(compiler, segment, criterion, path)
    if bounds is None:
        return sql.truth(False)
    low, high = (sql.moment(bound) for bound in (bounds[0], bounds[-1]))
    conditions = {
        "BEFORE": "TIME < :low", "AFTER": "TIME > :low",
        "ON": "CAST(TIME AS DATE) = CAST(:low AS DATE)",
        "BETWEEN": "TIME BETWEEN :low AND :high" if compiler.options.between_inclusive
        else "TIME > :low AND TIME < :high"}
    return sql.any_item(values, conditions[criterion.type].replace("TIME", ":instant"),
                        instant=sql.instant(sql.template("item")), low=low, high=high)


def _date_test(kind: str, bounds: list[datetime], options: EstimateOptions) -> sets.ValuesTest:
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
        instants = (parse_clamped(v) for v in values or ())
        return any(instant is not None and holds(instant) for instant in instants)

    return test
