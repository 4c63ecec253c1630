"""Which target each segment compiles to in an environment, and the rules across targets.

Input: segments, the segments of the project by key, and an environment's target. Output:
``effective_target`` (a segment's own ``target:`` or else the environment's), ``NATIVE``
(the target of segments written in Customer Profiles' terms), and ``target_findings``:
SG226 for a base segment that compiles to another target than the segment using it, SG229
for a ``target: pinpoint`` segment in an environment that builds Customer Profiles (it has
no Pinpoint application). Validation reports them for the targets the settings name, the
build again for a ``--target`` that changes them. Imports nothing heavy.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from segmentgen.core import codes
from segmentgen.core.diagnostics import Finding, Path
from segmentgen.core.model import Segment

NATIVE = "customer-profiles"


def effective_target(segment: Segment, environment_target: str) -> str:
    """The target a segment compiles to: a Customer Profiles segment's own, else the
    environment's (a Pinpoint-form segment is mapped as the environment says)."""
    return NATIVE if segment.target == NATIVE else environment_target


def _reference_paths(segment: Segment) -> Iterator[tuple[str, Path]]:
    if segment.profiles is not None:
        groups = segment.profiles.segment_groups.data if segment.profiles.segment_groups else {}
        for g, s in segment.profiles.key_refs:
            ref = groups["Groups"][g]["SourceSegments"][s]["SegmentDefinitionName"]
            yield ref, ("SegmentGroups", "Groups", g, "SourceSegments", s,
                        "SegmentDefinitionName")
        return
    for g, group in enumerate(segment.groups.groups if segment.groups else ()):
        for s, source in enumerate(group.sources):
            if source.key is not None:
                yield source.key, ("SegmentGroups", "Groups", g, "SourceSegments", s, "Id")


def target_findings(segment: Segment, by_key: Mapping[str, Segment], environment: str,
                    environment_target: str) -> Iterator[Finding]:
    """SG226 and SG229 of one segment in one environment (``environment`` names it)."""
    where = f" in environment {environment!r}" if environment else ""
    if segment.target == "pinpoint" and environment_target != "pinpoint":
        yield Finding(("target",), codes.SG229, f"segment {segment.key!r} says target: "
                      f"pinpoint, but it is built for {environment_target}{where}",
                      "remove target: to map the segment to that target, or write it as a "
                      "customer-profiles segment")
    mine = effective_target(segment, environment_target)
    for key, path in _reference_paths(segment):
        base = by_key.get(key)
        if base is None:
            continue
        theirs = effective_target(base, environment_target)
        if theirs != mine:
            yield Finding(path, codes.SG226, f"segment {segment.key!r} compiles to {mine}"
                          f"{where} but uses {key!r} as a base segment, which compiles to "
                          f"{theirs}", "a base segment must compile to the same target: write "
                          "both as customer-profiles segments, or neither")
