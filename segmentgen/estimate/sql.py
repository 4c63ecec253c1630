"""A segment as one SQL query over a table of endpoints.

Input: a ``model.Segment``, the project's segments by key, an as-of time, ``EstimateOptions``,
a dialect (duckdb, athena, trino, spark) and the table's name. Output: ``Query``: the text of
one query returning one row (``endpoints``, ``matched``, ``sendable`` and ``group_1`` ... per
segment group) and the diagnostics of criteria an export cannot answer (SG602, SG603, SG606:
they stay warnings, the query counts such a criterion as ``estimate.match`` does). The plan
(base segments first, groups, Include, Type, SourceType) is ``estimate.plan``'s; each block
of criteria is the conjunction of every kind's ``sql`` conditions. Each base segment is one
common table expression adding its result as a column, so a base used twice is computed once.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from segmentgen import criteria
from segmentgen.core.dates import to_utc
from segmentgen.core.diagnostics import Diagnostic, Path, sort_diagnostics
from segmentgen.core.model import Dimensions, Segment
from segmentgen.estimate import expressions as sql
from segmentgen.estimate.match import Compiler, Endpoint, EstimateOptions
from segmentgen.estimate.plan import GroupStep, Plan, SegmentStep, build_plan

if TYPE_CHECKING:
    from sqlglot import exp

TABLE = "endpoints"
Column = Callable[[int], "exp.Expr"]
Transform = Callable[["exp.Expr"], "exp.Expr"]  # given readings deferred (estimate.date_sql)
DEFAULT_OPTIONS = EstimateOptions()
SENDABLE = "COALESCE(e.\"OptOut\", '') <> 'ALL' AND " \
    "(e.\"EndpointStatus\" IS NULL OR e.\"EndpointStatus\" = 'ACTIVE')"


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    groups: int  # how many group_N columns the row has
    diagnostics: tuple[Diagnostic, ...]


@dataclass(frozen=True, slots=True)
class SqlBlock:
    """One block of criteria as a SQL condition; called as a predicate it is a bug."""

    condition: exp.Expr

    def __call__(self, endpoint: Endpoint) -> bool:
        raise TypeError("a SQL block of criteria is not evaluated in Python")


class SqlCompiler(Compiler):
    """``estimate.match.Compiler`` whose blocks of criteria are SQL conditions."""

    def dimensions(self, segment: Segment, dims: Dimensions, path: Path) -> SqlBlock:
        conditions: list[exp.Expr] = []
        for kind in criteria.kinds():
            conditions.extend(kind.sql(self, segment, dims, path))
        return SqlBlock(_combine("ALL", conditions))


def segment_query(segment: Segment, segments: Mapping[str, Segment], *, as_of: datetime,
                  options: EstimateOptions = DEFAULT_OPTIONS, dialect: str = "duckdb",
                  table: str = TABLE, transform: Transform | None = None) -> Query:
    """The query counting ``segment`` over ``table`` in ``dialect``; ``transform`` rewrites
    its tree for a particular engine (``estimate.session.for_engine``)."""
    with building(transform):
        compiler = SqlCompiler(to_utc(as_of), options)
        plan = build_plan(segment, segments, compiler)
        tree = sql.for_dialect(_query(plan, table), dialect)
        if transform is not None:
            tree = transform(tree)
        text = tree.sql(dialect=dialect, pretty=True) + "\n"
    return Query(text, plan.group_count, tuple(sort_diagnostics(compiler.diagnostics)))


@contextmanager
def building(transform: Transform | None) -> Iterator[None]:
    """``no_collection``; for a ``transform``, the readings of text deferred
    (``estimate.date_sql.deferred``): the transform reads each its own way or writes it out."""
    from segmentgen.estimate.date_sql import deferred

    with no_collection(), deferred() if transform is not None else nullcontext():
        yield


@contextmanager
def no_collection() -> Iterator[None]:
    """No garbage collection while a query is built, and the objects there were before it
    left out of the next ones: its trees are many small objects pointing at their parents
    (cycles), which trigger collections, and each would walk the loaded project and modules
    again. The trees it drops are collected once afterwards, if collection was on."""
    enabled = gc.isenabled()
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        gc.unfreeze()


def _combine(mode: str, conditions: Sequence[exp.Expr]) -> exp.Expr:
    """``estimate.match.combine`` over conditions: ALL, ANY or NONE (the conditions become
    part of the result: pass each tree once)."""
    from sqlglot import exp

    if mode == "ALL":
        return exp.and_(*conditions, copy=False) if conditions else sql.truth(True)
    either = exp.or_(*conditions, copy=False) if conditions else sql.truth(False)
    if mode == "ANY":
        return either
    if mode == "NONE":
        return exp.not_(exp.paren(either, copy=False), copy=False)
    raise ValueError(f"combination mode {mode!r} is not ALL, ANY or NONE")


def _block(predicate: object) -> exp.Expr:
    return predicate.condition if isinstance(predicate, SqlBlock) else sql.truth(True)


def _group(group: GroupStep, column: Column | None = None) -> exp.Expr:
    """A group's condition; ``column`` names the result of the plan step at a position."""
    from sqlglot import exp

    column = column or _step_column
    parts = []
    if group.bases:
        parts.append(_combine(group.source_type, [column(i) for i in group.bases]))
    if group.blocks:
        parts.append(_combine(group.type, [exp.paren(_block(b)) for b in group.blocks]))
    return _combine("ALL", [exp.paren(part, copy=False) for part in parts])


def _step_column(position: int) -> exp.Expr:
    from sqlglot import exp

    return exp.column(f"step_{position}", table=sql.ROW)


def _step(step: SegmentStep, column: Column | None = None) -> exp.Expr:
    from sqlglot import exp

    if step.whole is not None:
        return _block(step.whole)
    return _combine(step.include, [exp.paren(_group(group, column), copy=False)
                                   for group in step.groups])


def _count(condition: exp.Expr) -> exp.Expr:
    """How many rows satisfy ``condition`` (0 over no rows, in every dialect):
    ``COUNT(CASE WHEN condition THEN 1 END)``, built without a template (one per count)."""
    from sqlglot import exp

    return exp.Count(this=exp.Case(ifs=[exp.If(this=condition, true=exp.Literal.number(1))]),
                     big_int=True)


def _sendable(hit: exp.Expr) -> exp.Expr:
    """``hit AND <SENDABLE>``, ``hit`` the tree's own; built from ``SENDABLE`` parsed once."""
    from sqlglot import exp

    both = sql.template(SENDABLE)  # a fresh copy of the parsed text: A AND (B)
    return exp.And(this=exp.And(this=hit, expression=both.this), expression=both.expression)


def _last(plan: Plan) -> exp.Expr:
    """The estimated segment's result: its column, or its Include over its groups' columns."""
    from sqlglot import exp

    step = plan.steps[-1]
    if not step.groups:
        return _step_column(len(plan.steps) - 1)
    return exp.paren(_combine(step.include, [
        exp.column(f"group_{n}", table=sql.ROW) for n in range(1, len(step.groups) + 1)]))


def _query(plan: Plan, table: str) -> exp.Select:
    from sqlglot import exp

    source: exp.Expr = exp.to_table(table)
    ctes: list[tuple[str, exp.Select]] = []
    for position, step in enumerate(plan.steps):
        columns: list[exp.Expr] = [exp.alias_(_group(group), f"group_{n}")
                                         for n, group in enumerate(step.groups, 1)]
        if position < len(plan.steps) - 1 or not step.groups:
            columns = [exp.alias_(_step(step), f"step_{position}")]
        ctes.append((f"step_{position}", exp.select(exp.Star()).select(*columns).from_(
            exp.alias_(source, sql.ROW, table=True))))
        source = exp.to_table(f"step_{position}")
    last = _last(plan)
    counts = [exp.alias_(sql.template("COUNT(*)"), "endpoints"),
              exp.alias_(_count(last), "matched"),
              exp.alias_(_count(_sendable(last)), "sendable")]
    counts += [exp.alias_(_count(exp.column(f"group_{n}", table=sql.ROW)), f"group_{n}")
               for n in range(1, plan.group_count + 1)]
    query = exp.select(*counts).from_(exp.alias_(source, sql.ROW, table=True))
    for name, body in ctes:
        query = query.with_(name, as_=body)
    return query
