"""The plan of a Customer Profiles segment and the query that runs it.

Input: a ``ProfilesSegment``, the project's Customer Profiles segments by key and a
``ProfilesCompiler``. Output: ``Plan``: the segment and every base segment it reaches, each
once, base segments first (depth first in the order they are written, without recursion), each
step's groups with their base segments (positions of earlier steps) and criteria; ``query``:
one sqlglot query over the profiles table returning ``profiles``, ``matched``, ``group_<n>``
and ``check_<n>`` per data check. A base segment that cannot be evaluated (an unknown name, a
SQL segment, one closing a cycle) is left out of its group and reported (SG603), as for
Pinpoint segments (``estimate.plan``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from segmentgen.core import codes
from segmentgen.core.diagnostics import Path, Severity
from segmentgen.estimate import expressions as sql
from segmentgen.estimate.profiles_expressions import ROW
from segmentgen.estimate.profiles_sql import (
    Check,
    Criterion,
    ProfilesCompiler,
    ProfilesSegment,
    combine,
)

if TYPE_CHECKING:
    from sqlglot import exp

MODES = ("ALL", "ANY", "NONE")


@dataclass(frozen=True, slots=True)
class GroupStep:
    bases: tuple[int, ...]
    source_type: str
    type: str
    blocks: tuple[tuple[Criterion, ...], ...]  # per Dimension, its criteria (AND-ed)


@dataclass(frozen=True, slots=True)
class Step:
    key: str
    include: str
    groups: tuple[GroupStep, ...]


@dataclass(frozen=True, slots=True)
class Plan:
    steps: tuple[Step, ...]  # the estimated segment last

    @property
    def group_count(self) -> int:
        return len(self.steps[-1].groups)


def base_names(segment: ProfilesSegment) -> Iterator[str]:
    for group in _groups(segment):
        for source in _list(group.get("SourceSegments")):
            name = source.get("SegmentDefinitionName") if isinstance(source, Mapping) else None
            if isinstance(name, str):
                yield name


def _groups(segment: ProfilesSegment) -> list[Mapping[str, Any]]:
    groups = (segment.segment_groups or {}).get("Groups")
    return [g for g in _list(groups) if isinstance(g, Mapping)]


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


def bases_first(root: ProfilesSegment,
                segments: Mapping[str, ProfilesSegment]) -> list[ProfilesSegment]:
    """``root`` and the evaluable base segments it reaches, each after its bases."""
    order: list[ProfilesSegment] = []
    seen = {root.key}
    stack = [(root, base_names(root))]
    while stack:
        current, pending = stack[-1]
        following = next((segments[n] for n in pending if _local(segments.get(n))
                          and segments[n].key not in seen), None)
        if following is None:
            stack.pop()
            order.append(current)
            continue
        seen.add(following.key)
        stack.append((following, base_names(following)))
    return order


def _local(segment: ProfilesSegment | None) -> bool:
    return segment is not None and segment.sql is None


@dataclass
class _Builder:
    segments: Mapping[str, ProfilesSegment]
    compiler: ProfilesCompiler
    slots: dict[str, int] = field(default_factory=dict)

    def step(self, segment: ProfilesSegment) -> Step:
        self.compiler.segment = segment
        groups = tuple(self.group(group, ("SegmentGroups", "Groups", index))
                       for index, group in enumerate(_groups(segment)))
        include = self.mode(segment.segment_groups or {}, "Include", ("SegmentGroups",), "ANY")
        return Step(segment.key, include, groups)

    def mode(self, data: Mapping[str, Any], name: str, path: Path, default: str) -> str:
        value = data.get(name, default)
        if value in MODES:
            return str(value)
        self.compiler.warn((*path, name), codes.SG606, f"{name} {value!r} is not ALL, ANY or "
                           f"NONE; read as {default}", "write ALL, ANY or NONE")
        return default

    def group(self, group: Mapping[str, Any], path: Path) -> GroupStep:
        bases = [self.source(source, (*path, "SourceSegments", index))
                 for index, source in enumerate(_list(group.get("SourceSegments")))]
        blocks = tuple(tuple(self.compiler.criteria(dimension, (*path, "Dimensions", index)))
                       for index, dimension in enumerate(_list(group.get("Dimensions"))))
        return GroupStep(tuple(b for b in bases if b is not None),
                         self.mode(group, "SourceType", path, "ANY"),
                         self.mode(group, "Type", path, "ALL"), blocks)

    def source(self, source: object, path: Path) -> int | None:
        name = source.get("SegmentDefinitionName") if isinstance(source, Mapping) else None
        base = self.segments.get(name) if isinstance(name, str) else None
        if base is not None and base.key in self.slots:
            return self.slots[base.key]
        why = ("not a segment of this project" if base is None else "a SQL segment"
               if base.sql is not None else "cycle of base segments")
        self.compiler.warn((*path, "SegmentDefinitionName"), codes.SG603,
                           f"base segment {name} cannot be evaluated locally ({why}); left "
                           "out of the estimate",
                           "name a segment of this project defined by segment groups",
                           Severity.NOTICE if base is not None and base.sql else
                           Severity.WARNING)
        return None


def build(segment: ProfilesSegment, segments: Mapping[str, ProfilesSegment],
          compiler: ProfilesCompiler) -> Plan:
    builder = _Builder(segments, compiler)
    steps = []
    for position, each in enumerate(bases_first(segment, segments)):
        steps.append(builder.step(each))
        builder.slots[each.key] = position
    return Plan(tuple(steps))


def block(criteria: Sequence[Criterion]) -> exp.Expr:
    return combine("ALL", [c.condition for c in criteria])


def group_condition(group: GroupStep, column: Any = None) -> exp.Expr:
    column = column or step_column
    parts = []
    if group.bases:
        parts.append(combine(group.source_type, [column(i) for i in group.bases]))
    if group.blocks:
        parts.append(combine(group.type, [block(b) for b in group.blocks]))
    return combine("ALL", parts)


def step_column(position: int) -> exp.Expr:
    from sqlglot import exp

    return exp.column(f"step_{position}", table=ROW)


def step_condition(step: Step) -> exp.Expr:
    return combine(step.include, [group_condition(group) for group in step.groups])


def _count(condition: exp.Expr) -> exp.Expr:
    return sql.template("COUNT(CASE WHEN :hit THEN 1 END)", hit=condition)


def query(plan: Plan, table: str, checks: Sequence[Check] = ()) -> exp.Select:
    """One row: ``profiles``, ``matched``, ``group_<n>`` and ``check_<n>``."""
    from sqlglot import exp

    source: exp.Expr = exp.to_table(table)
    ctes = []
    last = len(plan.steps) - 1
    for position, step in enumerate(plan.steps):
        columns = [exp.alias_(group_condition(g), f"group_{n}")
                   for n, g in enumerate(step.groups, 1)] if position == last else \
            [exp.alias_(step_condition(step), f"step_{position}")]
        ctes.append((f"step_{position}", exp.select(exp.Star()).select(*columns).from_(
            exp.alias_(source, ROW, table=True))))
        source = exp.to_table(f"step_{position}")
    groups = [exp.column(f"group_{n}", table=ROW) for n in range(1, plan.group_count + 1)]
    counts = [exp.alias_(sql.template("COUNT(*)"), "profiles"),
              exp.alias_(_count(combine(plan.steps[-1].include, groups)), "matched")]
    counts += [exp.alias_(_count(g), f"group_{n}") for n, g in enumerate(groups, 1)]
    counts += [exp.alias_(_count(c.condition), f"check_{n}") for n, c in enumerate(checks, 1)]
    result = exp.select(*counts).from_(exp.alias_(source, ROW, table=True))
    for name, body in ctes:
        result = result.with_(name, as_=body)
    return result
