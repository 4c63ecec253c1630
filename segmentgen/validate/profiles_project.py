"""Project rules of Customer Profiles segments: what no single segment can show.

Input: the segments that passed their own checks and the project settings. Output:
(segment key, diagnostic) pairs: a base segment that compiles to another target in some
environment, and a ``target: pinpoint`` segment in an environment that builds Customer
Profiles (SG226, SG229, from ``compile.customer_profiles_targets`` for every environment
the settings define, or the project's target), and an explicit ``definition_name`` used by
two segments (SG228: every environment deploys both under that one name), and starting
audiences nested too deep (SG235, ``profiles_rules.check_depth``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from segmentgen.compile.customer_profiles_targets import target_findings
from segmentgen.core import codes, model
from segmentgen.core.diagnostics import Diagnostic, Finding
from segmentgen.validate.profiles_rules import check_depth


def check_profiles_project(segments: Sequence[model.Segment],
                           settings: model.Settings) -> Iterator[tuple[str, Diagnostic]]:
    by_key = {segment.key: segment for segment in segments}
    targets = ([(env.name, env.target) for env in settings.environments]
               or [("", settings.target)])
    for segment in sorted(segments, key=lambda s: s.key):
        if segment.locator is None:
            continue
        seen: set[tuple[str, tuple[object, ...]]] = set()
        for environment, target in targets:
            for finding in target_findings(segment, by_key, environment, target):
                if (finding.code, finding.path) not in seen:
                    seen.add((finding.code, finding.path))
                    yield segment.key, segment.locator.diagnostic(finding)
    yield from _definition_names(segments)
    bases = {segment.key: segment.base_keys() for segment in segments
             if segment.profiles is not None}
    for key, finding in check_depth(bases):
        locator = by_key[key].locator
        if locator is not None:
            yield key, locator.diagnostic(finding)


def _definition_names(segments: Sequence[model.Segment]) -> Iterator[tuple[str, Diagnostic]]:
    first: dict[str, model.Segment] = {}
    for segment in sorted(segments, key=lambda s: (s.file, s.line)):
        name = segment.profiles.definition_name if segment.profiles else None
        if name is None or segment.locator is None:
            continue
        other = first.setdefault(name, segment)
        if other is not segment:
            yield segment.key, segment.locator.diagnostic(Finding(
                ("SegmentDefinitionName",), codes.SG228, f"definition name {name!r} of segment "
                f"{segment.key!r} is also the definition name of {other.key!r} "
                f"({other.file}:{other.line})", "definition names are unique in a domain: "
                "rename one, or leave definition_name: out to have one generated"))
