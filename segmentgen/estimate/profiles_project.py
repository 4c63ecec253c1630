"""The Customer Profiles segments of a project, as the profiles estimate reads them.

Input: ``model.Segment`` values. Output: whether a segment is measured over a profile export
(``is_profiles``: it has its own ``target: customer-profiles``; every other segment is
measured over a Pinpoint endpoint export, whatever target it compiles to), and each such
segment as a ``ProfilesSegment`` (its native ``SegmentGroups`` or SQL, positioned through the
segment's locator), by key and, where set, by explicit definition name (a ``SourceSegments``
entry may name either).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from segmentgen.core.diagnostics import Path
from segmentgen.core.model import Segment
from segmentgen.estimate.profiles_sql import ProfilesSegment


def is_profiles(segment: Segment) -> bool:
    return segment.profiles is not None


def to_profiles(segment: Segment) -> ProfilesSegment:
    definition = segment.profiles
    assert definition is not None
    groups = definition.segment_groups.data if definition.segment_groups is not None else None
    locator = segment.locator

    def locate(path: Path) -> tuple[int, int]:
        assert locator is not None
        return locator.position(path)

    return ProfilesSegment(segment.key, groups, definition.sql, segment.file, segment.line,
                           locate if locator is not None else None)


def profiles_segments(segments: Iterable[Segment]) -> dict[str, ProfilesSegment]:
    """Every Customer Profiles segment by key, and by its explicit definition name when no
    key is spelt so."""
    segments = list(segments)
    found = {s.key: to_profiles(s) for s in segments if is_profiles(s)}
    named: Mapping[str, ProfilesSegment] = {
        s.profiles.definition_name: found[s.key] for s in segments
        if s.profiles is not None and s.profiles.definition_name}
    return {**{n: p for n, p in named.items() if n not in found}, **found}
