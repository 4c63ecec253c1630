"""The profile count of a Customer Profiles segment for ``show KEY --profiles EXPORT``.

Input: a segment with its own ``target: customer-profiles``, its project and a profile export
(JSON lines, CSV or Parquet; a file, a directory or a glob of parts). Output: the ``profiles``
entry of ``show``'s details (profiles read, matched, matched per group, the export's path) and
the estimate's diagnostics (SG602, SG603, SG604, SG606, SG611, SG612), counted by DuckDB
(``estimate.profiles_engine``); and its line in the human rendering.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from segmentgen.core.diagnostics import Diagnostic
from segmentgen.core.model import Project, Segment


def profiles_estimate(segment: Segment, project: Project,
                      export: Path) -> tuple[dict[str, Any], list[Diagnostic]]:
    from segmentgen.estimate.profiles_engine import estimate_profiles
    from segmentgen.estimate.profiles_project import profiles_segments, to_profiles

    found = estimate_profiles(to_profiles(segment), export,
                              segments=profiles_segments(project.segments))
    data = found.as_dict()
    data.pop("diagnostics")
    data.pop("segment")
    data["file"] = export.as_posix()
    return data, list(found.diagnostics)


def profiles_line(data: dict[str, Any]) -> str:
    matched = "-" if data["matched"] is None else f"about {data['matched']}"
    return f"  profiles: {matched} of {data['profiles']} in {data['file']}"
