"""What each Pinpoint-form segment becomes on Customer Profiles, judged for a migration.

Input: the project's segments and a ``CompileContext`` (one environment's settings: the
``attribute_map`` and ``country_format`` the mapping reads). Output: one ``Assessment`` per
Pinpoint-form segment (a segment without its own ``target:`` or with ``target: pinpoint``):
its carried criteria (the compiler's ``CarriedCriterion`` rows, each with its caveats), the
caveats of its combinators and the findings that keep it in Pinpoint form.

The mapping is the compiler's (``customer_profiles.plan_definitions``); a migration judges
more strictly than a build, because it rewrites the spec for good:

- a country without ``country_format`` is an error (SG305), not a warning;
- a metric the ``attribute_map`` does not send anywhere has no equivalent (SG301, with a
  calculated attribute to define, ``proposals``); recency's SG301 gets one as well;
- criteria of one name from different sections collapse across the whole project (SG306);
- a number compared with a custom attribute (SG307) and an undocumented combinator (SG308)
  are caveats: the criterion is carried over, with the caveat.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from segmentgen.compile import CompileContext
from segmentgen.compile.customer_profiles import Definition, plan_definitions
from segmentgen.compile.customer_profiles_collapse import collapsed
from segmentgen.compile.customer_profiles_map import CarriedCriterion
from segmentgen.core import codes
from segmentgen.core.diagnostics import Finding
from segmentgen.core.model import Segment
from segmentgen.core.severity import Severity
from segmentgen.migrate.proposals import metric_proposal, recency_hint

PINPOINT_TARGETS = (None, "pinpoint")


@dataclass(frozen=True, slots=True)
class Assessment:
    segment: Segment
    definition: Definition
    carried: tuple[CarriedCriterion, ...]
    caveats: tuple[Finding, ...]  # of criteria and combinators; the segment is carried over
    blocking: tuple[Finding, ...]  # what keeps the segment in Pinpoint form

    @property
    def blocked(self) -> bool:
        return bool(self.blocking)


def is_pinpoint_form(segment: Segment) -> bool:
    return getattr(segment, "target", None) in PINPOINT_TARGETS


def assess(segments: Sequence[Segment], context: CompileContext) -> list[Assessment]:
    """One assessment per Pinpoint-form segment of ``segments``, sorted by key."""
    definitions = [d for d in plan_definitions(segments, context)
                   if is_pinpoint_form(d.segment)]
    amap = dict(context.settings.attribute_map)
    pairs = [(d.segment.key, item) for d in definitions for item in d.mappings]
    collapses: dict[str, list[Finding]] = {}
    for key, finding in collapsed(pairs, amap):
        collapses.setdefault(key, []).append(finding)
    return [_assessment(d, amap, collapses.get(d.segment.key, [])) for d in definitions]


def _assessment(definition: Definition, amap: dict[str, str],
                collapses: list[Finding]) -> Assessment:
    blocking = [_with_proposal(finding) for finding in definition.findings]
    seen = {(finding.code, finding.path) for finding in blocking}
    blocking.extend(f for f in collapses if (f.code, f.path) not in seen)
    carried: list[CarriedCriterion] = []
    caveats = [f for f in definition.warnings if f.code != codes.SG305]
    for item in definition.mappings:
        stop = _blocking(item, amap)
        if stop is not None:
            blocking.append(stop)
            continue
        carried.append(item)
        caveats.extend(item.caveats)
    stopped = {finding.path for finding in blocking}
    kept = tuple(item for item in carried if item.path not in stopped)
    return Assessment(definition.segment, definition, kept, tuple(caveats), tuple(blocking))


def _blocking(item: CarriedCriterion, amap: dict[str, str]) -> Finding | None:
    """Why a carried criterion cannot be rewritten for good, or None."""
    country = next((f for f in item.caveats if f.code == codes.SG305), None)
    if country is not None:
        return replace(country, severity=Severity.ERROR, message=country.message.replace(
            "so the codes match", "so migrate does not guess; the codes would match"))
    is_metric = len(item.path) >= 2 and item.path[-2] == "Metrics"
    if is_metric and not item.explicit:
        return metric_proposal(item)
    return None


def _with_proposal(finding: Finding) -> Finding:
    """The compiler's SG301 for recency, with a calculated attribute to define instead."""
    if finding.code == codes.SG301 and finding.path[-2:] == ("Behavior", "Recency"):
        return replace(finding, hint=recency_hint(finding.message))
    return finding
