"""The profile audience a review changes: each changed Customer Profiles definition's count.

Input: the two outputs ``diff`` compares (path -> bytes), a Customer Profiles profile export
and the ``review.audience.Audiences`` being filled. Output: the same ``Audiences`` with, per
changed, added or removed ``AWS::CustomerProfiles::SegmentDefinition`` (environment and key,
as ``diff.Summary`` lists it), the profiles matched before and after (unit ``profiles``; None
where that side has no definition or a SQL definition the export cannot answer), the number
of profiles read, and SG604 when the export cannot be read.

Both sides are counted from the templates' native ``SegmentGroups`` or ``SegmentSqlQuery``,
the very text the diff compares; a base segment (``SourceSegments``) is found by its
``SegmentDefinitionName`` among the definitions of the same side and environment. Each side
and environment is one read of the export (``estimate.profiles_engine``).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from segmentgen.compile.plan.resources import match
from segmentgen.core import codes
from segmentgen.review.audience import Audience, Audiences
from segmentgen.review.diff import Resource, resources

if TYPE_CHECKING:
    from segmentgen.estimate.profiles_sql import ProfilesSegment

DEFINITION = "AWS::CustomerProfiles::SegmentDefinition"
Where = tuple[str, str, str]  # environment, key, status


def count_profile_audiences(before: Mapping[str, bytes], after: Mapping[str, bytes],
                            export: str | os.PathLike[str], audiences: Audiences) -> Audiences:
    """Fill ``audiences`` with the profile counts of every definition the diff lists."""
    old, new = resources(before), resources(after)
    pairs = match(old, new)
    wanted: list[tuple[Where, Resource | None, Resource | None]] = [
        ((a.environment, a.key, "changed"), b, a) for b, a in pairs.pairs]
    wanted += [((a.environment, a.key, "added"), None, a) for a in pairs.added]
    wanted += [((b.environment, b.key, "removed"), b, None) for b in pairs.removed]
    wanted = [w for w in wanted if any(r is not None and r.type == DEFINITION for r in w[1:])]
    audiences.profiles_export = str(export)
    if not wanted:
        return audiences
    found = {"before": _counts(old, export, audiences),
             "after": _counts(new, export, audiences)}
    if audiences.diagnostics:
        return audiences
    for where, b, a in wanted:
        sides = [found[side].get((r.environment, r.key)) if r is not None else None
                 for side, r in (("before", b), ("after", a))]
        audiences.counts[where] = Audience(sides[0], sides[1], "profiles")
    return audiences


def _counts(side: Sequence[Resource], export: str | os.PathLike[str],
            audiences: Audiences) -> dict[tuple[str, str], int | None]:
    """Matched profiles per (environment, key) of one output's definitions."""
    from segmentgen.estimate.profiles_engine import estimate_all_profiles

    counts: dict[tuple[str, str], int | None] = {}
    for environment, world in sorted(_worlds(side).items()):
        counted = [segment for key, segment in sorted(world.items()) if segment.key == key]
        estimates = estimate_all_profiles(counted, export, segments=world)
        problems = [d for e in estimates for d in e.diagnostics if d.code == codes.SG604]
        if problems:
            audiences.diagnostics.extend(problems[:1])
            return counts
        for segment, estimate in zip(counted, estimates, strict=True):
            counts[(environment, segment.key)] = estimate.matched
            audiences.profiles = max(audiences.profiles, estimate.profiles)
    return counts


def _worlds(side: Sequence[Resource]) -> dict[str, dict[str, ProfilesSegment]]:
    """Per environment, each definition by key and by its ``SegmentDefinitionName``."""
    from segmentgen.estimate.profiles_sql import ProfilesSegment

    worlds: dict[str, dict[str, ProfilesSegment]] = {}
    for resource in side:
        if resource.type != DEFINITION:
            continue
        properties = resource.properties
        groups = properties.get("SegmentGroups")
        sql = properties.get("SegmentSqlQuery")
        segment = ProfilesSegment(resource.key, groups if isinstance(groups, dict) else None,
                                  sql if isinstance(sql, str) else None, resource.template, 1)
        world = worlds.setdefault(resource.environment, {})
        world[resource.key] = segment
        name = properties.get("SegmentDefinitionName")
        if isinstance(name, str) and name not in world:
            world[name] = segment
    return worlds
