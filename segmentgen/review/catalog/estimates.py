"""The catalog's counts: each segment's estimate over the export of its kind.

Input: the validated project, the endpoint export (or None) with its as-of instant, and the
profile export (or None). Output: per segment key what it matched, and the diagnostics of
the estimates. A Pinpoint-form segment is counted over the endpoint export by the DuckDB
engine (``estimate.engine``: matched, sendable and endpoints read, one pass for all of
them); a segment with its own ``target: customer-profiles`` over the profile export by the
engine of ``estimate --all --profiles`` (``estimate.profiles_engine``: matched, profiles
read and matched per group, one read of the export for all of them). ``cell`` turns either
into the index's count: the number matched, its unit, and sendable where there is one.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segmentgen.core.diagnostics import Diagnostic

if TYPE_CHECKING:
    from segmentgen.core.model import Project

Counts = tuple[dict[str, dict[str, Any]], list[Diagnostic]]


def endpoint_estimates(project: Project, endpoints: Path | None, as_of: datetime) -> Counts:
    """Every Pinpoint-form segment's estimate over the endpoint export, in one pass. A
    ``target: customer-profiles`` segment selects profiles, not endpoints: not counted."""
    if endpoints is None or not project.segments:
        return {}, []
    from segmentgen.estimate.engine import estimate_all_with_duckdb
    from segmentgen.estimate.profiles_project import is_profiles

    by_key = project.by_key()
    counted = [by_key[key] for key in sorted(by_key) if not is_profiles(by_key[key])]
    if not counted:
        return {}, []
    results = estimate_all_with_duckdb(counted, endpoints, as_of=as_of, segments=by_key)
    problems = list(dict.fromkeys(d for result in results for d in result.diagnostics))
    found = {}
    for segment, result in zip(counted, results, strict=False):
        if segment.imported is None and result.complete:
            found[segment.key] = {"matched": result.matched, "sendable": result.sendable,
                                  "endpoints": result.endpoints}
    return found, problems


def profile_estimates(project: Project, profiles: Path | None) -> Counts:
    """Every Customer Profiles segment's estimate over the profile export, from one read of
    it; ``matched`` None where a SQL segment cannot be answered from the export (SG612)."""
    if profiles is None:
        return {}, []
    from segmentgen.estimate.profiles_engine import estimate_all_profiles
    from segmentgen.estimate.profiles_project import is_profiles, profiles_segments, to_profiles

    by_key = project.by_key()
    counted = [to_profiles(by_key[key]) for key in sorted(by_key) if is_profiles(by_key[key])]
    if not counted:
        return {}, []
    results = estimate_all_profiles(counted, profiles,
                                    segments=profiles_segments(project.segments))
    problems = list(dict.fromkeys(d for result in results for d in result.diagnostics))
    if not all(result.complete for result in results):
        return {}, problems
    return {result.segment: {"matched": result.matched, "profiles": result.profiles,
                             "groups": list(result.groups)} for result in results}, problems


def cell(endpoints: dict[str, Any] | None, profiles: dict[str, Any] | None) -> dict[str, Any]:
    """The index's count of one segment: matched (None: '-'), its unit, and sendable
    (None: '-'; profiles have none)."""
    if endpoints is not None:
        return {"matched": endpoints["matched"], "unit": _unit(endpoints["matched"], "endpoint"),
                "sendable": endpoints["sendable"]}
    if profiles is not None and profiles["matched"] is not None:
        return {"matched": profiles["matched"], "unit": _unit(profiles["matched"], "profile"),
                "sendable": None}
    return {"matched": None, "unit": "", "sendable": None}


def _unit(count: int, noun: str) -> str:
    return noun if count == 1 else f"{noun}s"
