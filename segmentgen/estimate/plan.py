"""Base segments without recursion: a segment's evaluation plan, and its evaluation.

Input: the estimated ``model.Segment``, the project's segments by key and a criteria
``Compiler`` (``estimate_match``). Output: a ``Plan``: that segment and every base segment it
reaches, each compiled once, ordered so that every base segment comes before the segments
that use it; ``Plan.evaluate`` takes one endpoint and returns whether the segment matches and
the result of each of its segment groups, in one loop over that order. Neither building nor
evaluating a plan recurses, so a chain of base segments of any depth evaluates.

A group without base segments starts from all endpoints; NONE is the complement within the
base. A base segment that cannot be evaluated locally is left out of its group and reported
once per reference (SG603): given by id only, imported, unknown, or closing a cycle, that is a
base segment still being resolved on the depth-first path from the estimated segment (the
path follows base segments in the order they are written).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from segmentgen.core import codes
from segmentgen.core.diagnostics import Path, Severity
from segmentgen.core.model import Group, Segment, SourceRef
from segmentgen.estimate.match import Compiler, Endpoint, Predicate, combine


def _always(endpoint: Endpoint) -> bool:
    return True


@dataclass(frozen=True, slots=True)
class GroupStep:
    bases: tuple[int, ...]  # positions of its base segments' results in the plan
    source_type: str
    type: str
    blocks: tuple[Predicate, ...]

    def matches(self, results: Sequence[bool], endpoint: Endpoint) -> bool:
        if self.bases and not combine(self.source_type, (results[i] for i in self.bases)):
            return False
        return not self.blocks or combine(self.type, (block(endpoint) for block in self.blocks))


@dataclass(frozen=True, slots=True)
class SegmentStep:
    include: str
    groups: tuple[GroupStep, ...]
    whole: Predicate | None  # a segment without groups: its Dimensions (or everything)


@dataclass(frozen=True, slots=True)
class Plan:
    steps: tuple[SegmentStep, ...]  # the estimated segment last

    @property
    def group_count(self) -> int:
        return len(self.steps[-1].groups)

    def evaluate(self, endpoint: Endpoint) -> tuple[bool, tuple[bool, ...]]:
        """Whether the estimated segment matches, and each of its groups (() without groups)."""
        results: list[bool] = []
        hits: tuple[bool, ...] = ()
        for step in self.steps:
            if step.whole is not None:
                hits = ()
                results.append(step.whole(endpoint))
            else:
                hits = tuple(group.matches(results, endpoint) for group in step.groups)
                results.append(combine(step.include, hits))
        return results[-1], hits


def build_plan(segment: Segment, segments: Mapping[str, Segment], compiler: Compiler) -> Plan:
    """The plan of ``segment``; unresolvable base segments are reported to ``compiler``."""
    resolver = _Resolver(segments, compiler)
    steps = []
    for position, each in enumerate(bases_first(segment, segments)):
        steps.append(resolver.step(each))
        resolver.slots[each.key] = position
    return Plan(tuple(steps))


def _local(segment: Segment | None) -> bool:
    return segment is not None and segment.imported is None


def bases_first(root: Segment, segments: Mapping[str, Segment]) -> list[Segment]:
    """``root`` and the local base segments it reaches, depth first, each after its bases."""
    order: list[Segment] = []
    seen = {root.key}
    stack: list[tuple[Segment, Iterator[str]]] = [(root, iter(root.base_keys()))]
    while stack:
        current, pending = stack[-1]
        following = next(
            (key for key in pending if key not in seen and _local(segments.get(key))), None)
        if following is None:
            stack.pop()
            order.append(current)
            continue
        seen.add(following)
        base = segments[following]
        stack.append((base, iter(base.base_keys())))
    return order


@dataclass
class _Resolver:
    segments: Mapping[str, Segment]
    compiler: Compiler
    slots: dict[str, int] = field(default_factory=dict)  # key -> position of a compiled step

    def step(self, segment: Segment) -> SegmentStep:
        if segment.groups is None:
            whole = _always if segment.dimensions is None else self.compiler.dimensions(
                segment, segment.dimensions, ("Dimensions",))
            return SegmentStep("ALL", (), whole)
        groups = tuple(self.group(segment, group, ("SegmentGroups", "Groups", index))
                       for index, group in enumerate(segment.groups.groups))
        return SegmentStep(segment.groups.include, groups, None)

    def group(self, segment: Segment, group: Group, path: Path) -> GroupStep:
        bases = (self.source(segment, ref, (*path, "SourceSegments", index))
                 for index, ref in enumerate(group.sources))
        blocks = tuple(self.compiler.dimensions(segment, dims, (*path, "Dimensions", index))
                       for index, dims in enumerate(group.dimensions))
        return GroupStep(tuple(slot for slot in bases if slot is not None), group.source_type,
                         group.type, blocks)

    def source(self, segment: Segment, ref: SourceRef, path: Path) -> int | None:
        """The plan position of a base segment's result; None (reported) when left out."""
        base = self.segments.get(ref.key) if ref.key is not None else None
        if base is None:
            why = "unknown segment key" if ref.key is not None else "deployed segment given by id"
            severity = Severity.WARNING if ref.key is not None else Severity.NOTICE
        elif base.imported is not None:
            why, severity = "imported segment", Severity.NOTICE
        elif base.key in self.slots:
            return self.slots[base.key]
        else:
            why, severity = "cycle of base segments", Severity.WARNING
        name = ref.key if ref.key is not None else f"id {ref.id}"
        self.compiler.report(segment, (*path, "Id"), codes.SG603,
                             f"base segment {name} cannot be evaluated locally ({why}); left "
                             "out of the estimate", severity=severity,
                             hint="give base segments by key to a segment of this project")
        return None
