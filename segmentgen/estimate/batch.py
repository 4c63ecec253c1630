"""Every segment of a project counted by one SQL query over a table of endpoints.

Input: the segments to count (local ones: an imported segment has no criteria), the project's
segments by key, an as-of time and ``EstimateOptions``. Output: ``Batch``: the text of one
DuckDB query returning one row (``endpoints``, then for the i-th segment ``s<i>_matched``,
``s<i>_sendable`` and ``s<i>_group_<n>`` per segment group), each segment's group count and
each segment's diagnostics, as ``estimate.sql.segment_query`` gives them for that segment
alone. Each segment's plan is ``estimate.plan``'s; a plan step whose condition is the same in
several plans (a base segment shared by its users, a counted segment that is also a base) is
one column, computed once in a common table expression after the columns it reads; so is
each segment group, which both its step's Include and its own count read.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from segmentgen.core.dates import to_utc
from segmentgen.core.diagnostics import Diagnostic, sort_diagnostics
from segmentgen.core.model import Segment
from segmentgen.estimate import expressions as sql
from segmentgen.estimate.match import EstimateOptions
from segmentgen.estimate.plan import Plan, build_plan
from segmentgen.estimate.sql import (
    DEFAULT_OPTIONS,
    TABLE,
    SqlCompiler,
    Transform,
    _combine,
    _count,
    _group,
    _sendable,
    _step,
    building,
)

if TYPE_CHECKING:
    from sqlglot import exp


@dataclass(frozen=True, slots=True)
class Batch:
    text: str
    groups: tuple[int, ...]  # per segment, how many s<i>_group_<n> columns the row has
    diagnostics: tuple[tuple[Diagnostic, ...], ...]  # per segment


class Worlds(list[Mapping[str, Segment]]):
    """Per counted segment, the segments by key its base segments resolve in."""


@dataclass
class _Columns:
    """Distinct step conditions, each a column at the level after the columns it reads."""

    names: dict[tuple[object, ...], str] = field(default_factory=dict)  # condition -> column
    depth: dict[str, int] = field(default_factory=dict)  # column -> level
    levels: list[list[exp.Expr]] = field(default_factory=list)  # aliased conditions

    def add(self, condition: exp.Expr, reads: Iterable[str]) -> str:
        from sqlglot import exp

        key = sql.shape(condition)
        if key in self.names:
            return self.names[key]
        name = self.names[key] = f"step_{len(self.names)}"
        level = self.depth[name] = max((self.depth[r] + 1 for r in reads), default=0)
        if level == len(self.levels):
            self.levels.append([])
        self.levels[level].append(exp.alias_(condition, name, copy=False))
        return name


def _reference(name: str) -> exp.Expr:
    from sqlglot import exp

    return exp.column(name, table=sql.ROW)


def _add_plan(columns: _Columns, plan: Plan) -> tuple[list[str], list[str]]:
    """The column of each step of ``plan``, in order, and of each group of its last step,
    added to ``columns``: each group is a column of its own, which the step's Include and
    the group's count both read (the group is computed once)."""
    names: list[str] = []
    groups: list[str] = []

    def column(position: int) -> exp.Expr:
        return _reference(names[position])

    for step in plan.steps:
        if not step.groups:
            groups = []
            names.append(columns.add(_step(step, column), ()))
            continue
        groups = [columns.add(_group(group, column), {names[i] for i in group.bases})
                  for group in step.groups]
        names.append(_include(columns, step.include, groups))
    return names, groups


def _include(columns: _Columns, include: str, groups: list[str]) -> str:
    """The column of a step's Include over its groups' columns (the group's own column when
    one group is all there is, and Include is ANY or ALL)."""
    if len(groups) == 1 and include in ("ANY", "ALL"):
        return groups[0]
    return columns.add(_combine(include, [_reference(name) for name in groups]), groups)


def _segment_counts(index: int, names: Sequence[str], groups: Sequence[str]
                    ) -> list[exp.Expr]:
    """The i-th segment's matched, sendable and per-group counts."""
    from sqlglot import exp

    last = _reference(names[-1])
    counts = [exp.alias_(_count(last), f"s{index}_matched", copy=False),
              exp.alias_(_count(_sendable(last)), f"s{index}_sendable", copy=False)]
    counts += [exp.alias_(_count(_reference(group)), f"s{index}_group_{n}", copy=False)
               for n, group in enumerate(groups, 1)]
    return counts


def _select(columns: _Columns, counts: list[exp.Expr]) -> exp.Select:
    from sqlglot import exp

    source: exp.Expr = exp.to_table(TABLE)
    ctes = []
    for level, conditions in enumerate(columns.levels):
        ctes.append((f"level_{level}", exp.select(exp.Star()).select(
            *conditions, copy=False).from_(exp.alias_(source, sql.ROW, table=True),
                                           copy=False)))
        source = exp.to_table(f"level_{level}")
    query = exp.select(exp.alias_(sql.template("COUNT(*)"), "endpoints")).select(
        *counts, copy=False).from_(exp.alias_(source, sql.ROW, table=True), copy=False)
    for name, body in ctes:
        query = query.with_(name, as_=body, copy=False)
    return query


def batch_query(counted: Sequence[Segment], segments: Mapping[str, Segment] | Worlds, *,
                as_of: datetime, options: EstimateOptions = DEFAULT_OPTIONS,
                transform: Transform | None = None) -> Batch:
    """The query counting every segment of ``counted`` (none imported) over ``endpoints``;
    base segments resolve in ``segments``, or in the i-th mapping of ``segments`` for the
    i-th segment (``Worlds``: the same key may name another segment in each, as the two
    sides of a review do); ``transform`` rewrites its tree for a particular engine."""
    worlds = segments if isinstance(segments, Worlds) else Worlds([segments] * len(counted))
    with building(transform):
        columns = _Columns()
        counts: list[exp.Expr] = []
        groups, diagnostics = [], []
        for index, (segment, world) in enumerate(zip(counted, worlds, strict=True)):
            compiler = SqlCompiler(to_utc(as_of), options)
            plan = build_plan(segment, world, compiler)
            counts += _segment_counts(index, *_add_plan(columns, plan))
            groups.append(plan.group_count)
            diagnostics.append(tuple(sort_diagnostics(compiler.diagnostics)))
        tree: exp.Expr = _select(columns, counts)
        if transform is not None:
            tree = transform(tree)
        # the text an engine runs is read by no one: written on one line, in less time
        text = tree.sql(dialect="duckdb", pretty=transform is None, copy=False) + "\n"
    return Batch(text, tuple(groups), tuple(diagnostics))
